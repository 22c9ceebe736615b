"""Which programmes the signed-in user of a request may see (``user add --programme``): read from the user that
``auth.web`` loads, kept free of the rest of the web layer so that anything choosing a programme can ask."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user


def allowed_programmes() -> frozenset[str] | None:
    """The slugs of the programmes the signed-in user of this request may see; None: every programme (also
    outside a request, for the command line)."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return None
    return current_user.programmes
