"""Role checks inside callbacks: outputs reserved for projectleiding are replaced for other roles.

Every callback is registered through ``guarded_callback``: for a role that may
not see an output, the output is replaced by a notice (or emptied) on the
server, and a callback whose outputs are all reserved does not run at all, so
no reserved data is even computed for that role.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import dash
from dash import Output, html
from flask import current_app

from dashboard import callback_cache
from dashboard.auth import access
from dashboard.auth.web import shown_role
from dashboard.data.schema.models import Role

RESERVED_NOTICE = "Alleen zichtbaar voor de projectleiding."


def _component(output: Output) -> str:
    """The component id of an output, as text."""
    component = output.component_id
    return component if isinstance(component, str) else str(component.get("type", ""))


def guarded_callback(*args, cached: bool = False, **kwargs) -> Callable:
    """Like ``dash.callback``, but reserved outputs reach only the roles allowed to see them.

    ``cached=True`` marks a data callback whose answers the callback cache keeps (``callback_cache``).
    """
    outputs = [a for a in args if isinstance(a, Output)]
    reserved = {i: access.output_role(_component(o)) for i, o in enumerate(outputs)}
    reserved = {i: role for i, role in reserved.items() if role is not None}

    def decorator(function: Callable) -> Callable:
        if cached:
            function = callback_cache.cached(function)
        if not reserved:
            return dash.callback(*args, **kwargs)(function)

        @functools.wraps(function)
        def checked(*values):
            role = shown_role()
            blocked = [i for i, needed in reserved.items() if not access.allows(role, needed)]
            if not blocked:
                return function(*values)
            single = len(outputs) == 1
            result = [None] * len(outputs) if len(blocked) == len(outputs) else function(*values)
            result = [result] if single and len(blocked) != len(outputs) else list(result)
            for i in blocked:
                result[i] = _notice(outputs[i])
            return result[0] if single else tuple(result)

        return dash.callback(*args, **kwargs)(checked)

    return decorator


def _notice(output: Output):
    """What a role sees instead of a reserved output: a notice in text, nothing elsewhere."""
    if output.component_property == "children":
        return html.P(RESERVED_NOTICE, className="text-muted reserved-notice")
    return None


def small_number_threshold() -> int:
    """Groups smaller than this are hidden: the configured number for the stuurgroep, none for projectleiding."""
    if shown_role() is Role.PROJECTLEIDING:
        return 0
    return stuurgroep_threshold()


def stuurgroep_threshold() -> int:
    """The configured small-number rule: the stuurgroep sees no group with fewer forms than this."""
    return current_app.config["DASHBOARD_SETTINGS"].small_number_threshold
