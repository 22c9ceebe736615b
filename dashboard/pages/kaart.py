"""Kaart: where AVI 130 reached, per province and gemeente, and where the blank spots are."""

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.chart_card import GRAPH_CONFIG, download_buttons
from dashboard.components.grid_locale import GRID_LOCALE_NL
from dashboard.components.restricted import TRAJECTEN, may_open
from dashboard.figures.coverage_map import METRICS
from dashboard.geo import ATTRIBUTION

dash.register_page(__name__, path="/kaart", name="Kaart", title="Kaart – AVI 130 monitor", order=2)

WHOLE_NUMBER = {"function": "params.value == null ? '–' : params.value.toLocaleString('nl-NL')"}
PROVINCE_COLUMNS = [
    {"field": "province", "headerName": "Provincie", "flex": 2, "minWidth": 125},
    {"field": "gemeenten", "headerName": "Gemeenten (1-1-2008)", "flex": 2, "minWidth": 100, "type": "numericColumn",
     "valueFormatter": WHOLE_NUMBER},
    {"field": "involved", "headerName": "Betrokken", "flex": 2, "minWidth": 95, "type": "numericColumn",
     "valueFormatter": WHOLE_NUMBER},
    {"field": "share", "headerName": "%", "flex": 1, "minWidth": 80, "type": "numericColumn",
     "valueFormatter": {"function": "params.value == null ? '–' : Math.round(params.value) + '%'"}},
    {"field": "trajectories", "headerName": "Trajecten", "flex": 2, "minWidth": 95, "type": "numericColumn",
     "valueFormatter": WHOLE_NUMBER},
]


def layout(metriek: str = "share", **_query: str) -> html.Div:
    """The Kaart page: metric choice, map with play control, the report's province table, blank spots."""
    return html.Div([
        html.H1("Kaart", className="page-title"),
        dbc.RadioItems(
            id=ids.KAART_METRIC, inline=True, value=metriek if metriek in METRICS else "share",
            options=[{"label": metric.name, "value": key} for key, metric in METRICS.items()],
            className="mb-2 screen-only", inputClassName="me-1",
        ),
        dbc.Row([
            dbc.Col(html.Figure(dbc.Card(dbc.CardBody([
                dcc.Graph(id=ids.KAART_MAP, style={"height": "680px"},
                          config={**GRAPH_CONFIG, "topojsonURL": dash.get_asset_url("topojson/"),
                                  "scrollZoom": False}),
                html.Figcaption([
                    "Elke betrokken gemeente is één punt, groter naarmate haar trajecten meer dagdelen hadden, met "
                    "de status van haar laatste traject. Klik op een provincie om op die provincie te filteren "
                    "(alle pagina's volgen)",
                    "; klik op een gemeente om haar laatste traject te openen" if may_open(TRAJECTEN) else "",
                    ". Met ‘Afspelen’ groeit de dekking maand voor maand. ",
                    html.Small(ATTRIBUTION, className="d-block mt-1"),
                ], className="chart-caption"),
                download_buttons("provincies"),
            ])), className="chart-card slide"), lg=7),
            dbc.Col([
                html.H2("Betrokken gemeenten per provincie", className="h5"),
                html.P("De tabel van het eindrapport, per de gekozen stand; ook de tekstversie van de kaart.",
                       className="text-muted small mb-1"),
                dag.AgGrid(id=ids.KAART_TABLE, columnDefs=PROVINCE_COLUMNS, rowData=[],
                           defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                                          "autoHeaderHeight": True},
                           dashGridOptions={"localeText": GRID_LOCALE_NL, "domLayout": "autoHeight"},
                           className="ag-theme-alpine"),
            ], lg=5),
        ], className="g-3"),
        html.Section([
            html.H2("Witte vlekken", className="h4 mt-4"),
            html.P("Provincies onder het landelijke aandeel, en de aanvragen die nog niet gestart zijn (de langst "
                   "wachtende eerst, met provincie en CMO), zodat de spreiding bijgestuurd kan worden "
                   "(eindrapport §3.1)."),
            dbc.Row([
                dbc.Col(html.Div(id=ids.KAART_BLANK_PROVINCES), lg=5),
                dbc.Col([html.Div(id=ids.KAART_WAITING), download_buttons("nog-te-starten")], lg=7),
            ]),
        ], className="slide"),
    ])
