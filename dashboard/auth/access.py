"""Who may reach what: public routes, pages and callback outputs per role (pure rules, no Flask).

public: the thermometer routes only; stuurgroep: every aggregate page and API;
projectleiding: everything, including trajectory details, advisor-level detail,
evaluation remarks, imports and the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard import ids
from dashboard.data.schema.models import Role

RANK = {Role.STUURGROEP: 1, Role.PROJECTLEIDING: 2}

# Paths (below the URL prefix) that anyone may open.
PUBLIC_PATHS = re.compile(r"^/(embed/.*|api/v1/thermometer|inloggen|uitloggen|login|assets/.*|vendor/.*|favicon\.ico)$")

# Pages only projectleiding may open.
PAGE_ROLES: dict[str, Role] = {
    "/trajecten": Role.PROJECTLEIDING,
    "/import": Role.PROJECTLEIDING,
    "/beheer": Role.PROJECTLEIDING,
}

# Callback outputs (component ids, by prefix) only projectleiding may receive.
OUTPUT_ROLES: dict[str, Role] = {
    "trajecten-": Role.PROJECTLEIDING,
    "import-": Role.PROJECTLEIDING,
    "beheer-": Role.PROJECTLEIDING,
    "evaluaties-projectleiding": Role.PROJECTLEIDING,
    "evaluaties-low": Role.PROJECTLEIDING,
    "evaluaties-owed": Role.PROJECTLEIDING,
    "evaluaties-remarks": Role.PROJECTLEIDING,
    "cmos-advisor": Role.PROJECTLEIDING,
    "cmos-projectleiding": Role.PROJECTLEIDING,
    "notities-": Role.PROJECTLEIDING,
}

# Pages, and callback outputs by prefix, only for users who see every programme (not limited to some).
EVERY_PROGRAMME_PAGES = ("/beheer",)
EVERY_PROGRAMME_OUTPUTS = ("beheer-",)

# Outputs of the callbacks that change something (users on Beheer, notes on the Tijdlijn): a request for them from a role that may not
# receive them is refused outright, and every such request must carry the session's CSRF token.
CHANGING_OUTPUTS = ("beheer-action-", "notities-action-")
# the URL bars whose query string a callback request may carry: the app's and the one Dash pages render layouts by
LOCATIONS = (ids.URL, "_pages_location")


def allows(role: Role | None, needed: Role | None) -> bool:
    """Tell whether ``role`` is at least ``needed`` (None needs nothing; no role gets nothing)."""
    if needed is None:
        return True
    return role is not None and RANK[role] >= RANK[needed]


def is_public(path: str) -> bool:
    """Tell whether ``path`` (without the URL prefix) is open to anyone."""
    return bool(PUBLIC_PATHS.match(path))


def _within(path: str, page: str) -> bool:
    """Whether ``path`` (without the URL prefix) is the page ``page`` or below it, such as its downloads."""
    path = path.rstrip("/") or "/"
    return path == page or path.startswith(page + "/")


def page_role(path: str) -> Role | None:
    """The role a page at ``path`` (or anything below it, such as downloads) needs beyond signing in."""
    return next((role for page, role in PAGE_ROLES.items() if _within(path, page)), None)


def output_role(component_id: str) -> Role | None:
    """The role needed to receive a callback output of ``component_id``."""
    return next((role for prefix, role in OUTPUT_ROLES.items() if component_id.startswith(prefix)), None)


def callback_ids(body: dict) -> Iterable[str]:
    """The component ids a Dash callback request asks to update."""
    outputs = body.get("outputs")
    for output in outputs if isinstance(outputs, list) else [outputs]:
        if isinstance(output, dict):
            component = output.get("id")
            yield component if isinstance(component, str) else str(component.get("type", "")) \
                if isinstance(component, dict) else ""


def searches(body: dict) -> Iterable[str]:
    """The page query strings (``?stand=...``) a Dash callback request carries in its inputs and state: those of
    the app's ``dcc.Location`` and of Dash pages' own one, which renders the page layouts."""
    for group in ("inputs", "state"):
        items = body.get(group)
        for item in items if isinstance(items, list) else []:
            for entry in item if isinstance(item, list) else [item]:
                if (isinstance(entry, dict) and entry.get("id") in LOCATIONS and entry.get("property") == "search"
                        and isinstance(entry.get("value"), str)):
                    yield entry["value"]


def changes_something(body: dict) -> bool:
    """Tell whether this Dash callback request asks a callback that changes something (``CHANGING_OUTPUTS``)."""
    return any(component.startswith(CHANGING_OUTPUTS) for component in callback_ids(body))


def _page(value: str, prefix: str) -> str:
    """A page path of the URL bar without the app's URL prefix and a trailing slash."""
    path = "/" + value[len(prefix):] if value.startswith(prefix) else value
    return path.rstrip("/") or "/"


def needs_every_programme(path: str) -> bool:
    """Tell whether the page at ``path`` (without the URL prefix) is only for users who see every programme."""
    return any(_within(path, page) for page in EVERY_PROGRAMME_PAGES)


def _pathnames(body: dict) -> Iterable[str]:
    """The page paths a Dash callback request carries in its inputs."""
    for item in body.get("inputs", []) or []:
        if isinstance(item, dict) and item.get("property") == "pathname" and isinstance(item.get("value"), str):
            yield item["value"]


def callback_needs_every_programme(body: dict, prefix: str) -> bool:
    """Tell whether this Dash callback request routes to, or asks outputs of, a page only for users who see every
    programme."""
    return (any(component.startswith(EVERY_PROGRAMME_OUTPUTS) for component in callback_ids(body))
            or any(needs_every_programme(_page(value, prefix)) for value in _pathnames(body)))


def callback_allowed(body: dict, prefix: str, role: Role | None) -> bool:
    """Tell whether ``role`` may make this Dash callback request at all.

    Refused: a request that routes to a page the role may not open, and one
    for a changing callback whose outputs the role may not receive. Reserved
    outputs of the other callbacks are replaced for the role in
    ``auth.callbacks.guarded_callback`` before anything leaves the server.
    """
    if changes_something(body) and not all(allows(role, output_role(c)) for c in callback_ids(body)):
        return False
    return all(allows(role, page_role(_page(value, prefix))) for value in _pathnames(body))
