"""The view state of a callback with the programme it shows (``programme_window.shown_slug``): the one in its
URL (``programma=``), else the default (``DASHBOARD_DEFAULT_PROGRAMME``, else the first); a slug the database
does not hold shows the default too. ``scoped`` is called before a callback queries, so that the filters hold
the programme when the database has several and leave it out when it has one (``queries.programmes.scope``).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from dashboard.programme_window import shown_slug
from dashboard.view_state import ViewState


def scoped(session: Session, state: ViewState) -> ViewState:
    """``state`` with its programme made the one it shows."""
    return replace(state, programme=shown_slug(session, state.programme))
