"""Trajecten: a searchable, sortable table of every trajectory, with a detail view."""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.restricted import restricted
from dashboard.components.grid_locale import GRID_LOCALE_NL
from dashboard.components.trajectory_grid import COLUMN_DEFS

dash.register_page(__name__, path="/trajecten", name="Trajecten", title="Trajecten – AVI 130 monitor", order=5)


@restricted("/trajecten")
def layout(**_query: str) -> html.Div:
    """The Trajecten page: search box, grid and the selected trajectory's details."""
    return html.Div([
        html.H1("Trajecten", className="page-title"),
        dbc.Row([
            dbc.Col([
                dbc.Label("Zoeken in alle kolommen", html_for=ids.TRAJECTEN_SEARCH),
                dbc.Input(id=ids.TRAJECTEN_SEARCH, type="search", debounce=300,
                          placeholder="bijvoorbeeld een gemeente, organisatie of woord uit het resultaat"),
            ], md=6),
            dbc.Col(html.P(id=ids.TRAJECTEN_COUNT, className="mt-4 mb-0", role="status"), md=6),
        ], className="mb-2"),
        html.Div(id=ids.TRAJECTEN_CHIPS, className="mb-2"),
        dag.AgGrid(
            id=ids.TRAJECTEN_GRID,
            columnDefs=COLUMN_DEFS,
            rowData=[],
            defaultColDef={"sortable": True, "filter": True, "resizable": True},
            dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                             "pagination": True, "paginationPageSize": 20, "animateRows": False,
                             "localeText": GRID_LOCALE_NL, "tooltipShowDelay": 300,
                             # Tab leaves the grid instead of visiting every cell: arrow keys move inside it,
                             # Space chooses a row (one tab stop for the headers, one for the rows).
                             "tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}},
            getRowId="'' + params.data.nr",
            style={"height": "560px"},
            className="ag-theme-alpine",
        ),
        dcc.Markdown("Klik op een traject voor alle gegevens.", className="text-muted mt-2"),
        html.Section(id=ids.TRAJECTEN_DETAIL, **{"aria-live": "polite"}),
    ])
