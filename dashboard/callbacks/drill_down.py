"""Clicks on the charts: open the trajectories a bar counted on the Trajecten page (for who may open it), or
else filter the pages on what the bar stands for (the stuurgroep)."""

from __future__ import annotations

import datetime as dt

from dash import Input, Output, State, no_update

from dashboard import ids
from dashboard.auth.callbacks import guarded_callback
from dashboard.components.restricted import TRAJECTEN, may_open
from dashboard.formatting import parse_date
from dashboard.view_state import parse, to_search, with_changes

# The funnel's stages that count trajectories -> the Trajecten page's ``fase``; the others count requests only.
FUNNEL_STAGES = {"running": "gestart", "work_finished": "werk-klaar", "completed": "afgerond"}


def drill_href(search: str | None, pathname: str | None, shared: dict, stage: str | None = None):
    """Where a click goes: the Trajecten page with the ``shared`` filters and ``stage`` (for who may open it),
    else this page with the ``shared`` filters; nowhere when that changes nothing."""
    state, pathname = parse(search), pathname or "/"
    if may_open(TRAJECTEN):
        chosen = with_changes(state, **shared, stage=stage, trajectory=None)
        return f"{pathname[:pathname.rfind('/') + 1]}trajecten{to_search(chosen)}"
    if not shared:
        return no_update
    return f"{pathname}{to_search(with_changes(state, **shared))}"


def _clicked(click: dict | None) -> list | None:
    """The customdata of the clicked point, or None."""
    points = (click or {}).get("points") or []
    return points[0].get("customdata") if points else None


def funnel_click(click: dict | None, search: str | None, pathname: str | None):
    """A funnel bar of trajectories (started, work finished, completed) opens those trajectories."""
    data = _clicked(click)
    if not data or data[-1] not in FUNNEL_STAGES or not may_open(TRAJECTEN):
        return no_update
    return drill_href(search, pathname, {}, FUNNEL_STAGES[data[-1]])


def share_click(field: str):
    """A click on a bar of themes or applicant types: its trajectories, or the pages filtered on its value."""
    def follow(click: dict | None, search: str | None, pathname: str | None):
        data = _clicked(click)
        return drill_href(search, pathname, {field: data[-1]}) if data else no_update
    return follow


def timeline_click(click: dict | None, search: str | None, pathname: str | None):
    """A bar of the Tijdlijn: the trajectories in that state at the end of its period (or of the as-of date);
    for the stuurgroep, every page as of that day."""
    data = _clicked(click)
    end = parse_date(data[1]) if data and len(data) == 3 else None
    if end is None:
        return no_update
    day = min(end, parse(search).date(dt.date.today()))
    return drill_href(search, pathname, {"as_of": day}, data[2])


def heatmap_click(click: dict | None, search: str | None, pathname: str | None):
    """A cell of the CMO's heatmap: the organisation's trajectories whose work ran on the cell's day (the work its
    allocated dagdelen count); for the stuurgroep, every page on that organisation as of that day."""
    points = (click or {}).get("points") or []
    day = parse_date(points[0]["customdata"][-1]) if points and points[0].get("customdata") else None
    if day is None:
        return no_update
    return drill_href(search, pathname, {"organisation": points[0]["y"], "as_of": day}, "werk-bezig")


def register() -> None:
    """Register the charts' click callbacks with Dash (the factory calls this once per app)."""
    for graph, follow in ((ids.OVERZICHT_FUNNEL, funnel_click), (ids.OVERZICHT_THEMES, share_click("theme")),
                          (ids.OVERZICHT_APPLICANTS, share_click("applicant_type")),
                          (ids.TIJDLIJN_FIGURE, timeline_click), (ids.CMOS_HEATMAP, heatmap_click)):
        guarded_callback(
            Output(ids.URL, "href", allow_duplicate=True),
            Input(graph, "clickData"),
            State(ids.URL, "search"),
            State(ids.URL, "pathname"),
            prevent_initial_call=True,
        )(follow)
