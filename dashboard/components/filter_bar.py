"""The shared controls: the programme (with several in the database), 'Stand per' date and the four filters,
shown on every page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.data.queries.progress import APPLICANT_LABELS, THEME_LABELS

ALL_VALUES = "alle"  # the select option that means "no filter"
NO_COMPARISON = "Niet vergelijken"
# The value of that choice: not "", which the select would show as an empty box instead of its label.
NO_COMPARISON_VALUE = "niet"


def _select(component_id: str, label: str, everything: str, choices: dict[str, str] | None = None) -> dbc.Col:
    """A labelled native select whose first option means 'no filter'."""
    options = [{"label": everything, "value": ALL_VALUES}]
    options += [{"label": text, "value": value} for value, text in (choices or {}).items()]
    return dbc.Col([
        dbc.Label(label, html_for=component_id, className="mb-0"),
        dbc.Select(id=component_id, options=options, value=ALL_VALUES),
    ], xs=6, md=True)  # the selects share the row's width, so that the bar stays one row on a 1366 px laptop


def filter_bar() -> html.Section:
    """The filter bar; province and organisation choices are filled from the database by a callback."""
    return html.Section([
        # the programme is what everything below is about: a line of its own, shown with several programmes
        dbc.Row([
            dbc.Col([
                dbc.Label("Programma", html_for=ids.FILTER_PROGRAMME, className="mb-0"),
                dbc.Select(id=ids.FILTER_PROGRAMME, options=[]),
            ], xs=12, md=5),
            dbc.Col(dcc.Link("Alle programma's naast elkaar", id=ids.PORTFOLIO_LINK, href=""),
                    xs=12, md="auto"),
        ], id=ids.FILTER_PROGRAMME_BLOCK, className="d-none align-items-end"),
        dbc.Row([
            dbc.Col([
                dbc.Label("Stand per", html_for=ids.FILTER_AS_OF, className="mb-0"),
                # A text field, not type="date": the browser's date picker shows its own language's format
                # (mm/dd/yyyy in an English browser); this one shows and reads Dutch dates, whatever the browser.
                dbc.InputGroup([
                    dbc.Input(id=ids.FILTER_AS_OF, type="text", value="", debounce=True, autocomplete="off",
                              placeholder="bijv. 30 nov 2007", inputmode="numeric", maxlength=30),
                    dbc.Button("Vandaag", id=ids.FILTER_TODAY, color="secondary", outline=True,
                               title="Toon de actuele stand, die zich vanzelf bijwerkt"),
                    dbc.FormFeedback(html.Span(id=ids.FILTER_AS_OF_FEEDBACK, role="alert"), type="invalid"),
                ], className="has-validation"),
            ], xs=12, md=3),
            _select(ids.FILTER_PROVINCE, "Provincie", "Alle provincies"),
            _select(ids.FILTER_ORGANISATION, "Organisatie", "Alle organisaties"),
            _select(ids.FILTER_THEME, "Thema", "Alle thema's", THEME_LABELS),
            _select(ids.FILTER_APPLICANT, "Aanvrager", "Alle aanvragers", APPLICANT_LABELS),
            dbc.Col([
                dbc.Label("Vergelijk met", html_for=ids.FILTER_COMPARE, className="mb-0"),
                dbc.Select(id=ids.FILTER_COMPARE, options=[{"label": NO_COMPARISON, "value": NO_COMPARISON_VALUE}],
                           value=NO_COMPARISON_VALUE),
            ], xs=6, md=True),
            dbc.Col(dbc.Button("Wis filters", id=ids.FILTER_RESET, color="secondary", outline=True), xs=6, md="auto"),
        ], className="g-2 align-items-end"),
        html.P(id=ids.LAST_UPDATED, className="live-status mb-0 mt-1", role="status"),
    ], className="filter-bar mb-3", **{"aria-label": "Stand en filters"})
