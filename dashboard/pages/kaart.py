"""Kaart: where AVI 130 reached, per province and gemeente, and where the blank spots are."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.chart_card import GRAPH_CONFIG, MAP_BUTTONS, download_buttons
from dashboard.components.restricted import TRAJECTEN, may_open
from dashboard.figures.coverage_map import METRICS
from dashboard.geo import ATTRIBUTION

dash.register_page(__name__, path="/kaart", name="Kaart", title="Kaart – AVI 130 monitor", order=2)


def _play_controls() -> html.Div:
    """Play and pause buttons and a month slider for the map's months (``assets/kaart_play.js`` drives them)."""
    return html.Div([
        dbc.Button("▶ Afspelen", id=ids.KAART_PLAY, size="sm", color="primary", className="me-2"),
        dbc.Button("❚❚ Pauze", id=ids.KAART_PAUSE, size="sm", color="secondary", outline=True, className="me-3"),
        dbc.Label("Maand", html_for=ids.KAART_MONTH, className="me-2 mb-0"),
        dcc.Input(id=ids.KAART_MONTH, type="range", min=0, max=0, step=1, value=0, className="form-range kaart-month"),
        html.Output(id=ids.KAART_MONTH_LABEL, htmlFor=ids.KAART_MONTH, className="ms-2 small", role="status"),
        dcc.Interval(id=ids.KAART_PLAY_TIMER, interval=700, disabled=True),
    ], id=ids.KAART_PLAY_CONTROLS, hidden=True, className="d-flex align-items-center flex-wrap mt-1 screen-only")


def _gemeenten_by_keyboard(province: str | None) -> html.Section:
    """Everything a click on the map does, by keyboard: choose a province, then its trajectories or gemeenten."""
    return html.Section([
        html.H2("Provincies en gemeenten", className="h5 mt-3"),
        dbc.Label("Provincie op de kaart", html_for=ids.KAART_PROVINCE_PICK, className="small mb-1"),
        dbc.Select(id=ids.KAART_PROVINCE_PICK, value=province, options=[], placeholder="Kies een provincie",
                   size="sm"),
        html.Div(id=ids.KAART_GEMEENTEN, className="mt-2"),
    ], className="screen-only", **{"aria-label": "Provincies en gemeenten"})


def layout(metriek: str = "share", provincie: str | None = None, **_query: str) -> html.Div:
    """The Kaart page: metric choice, map with play control, the report's province table, blank spots."""
    return html.Div([
        html.H1("Kaart", className="page-title"),
        dbc.RadioItems(
            id=ids.KAART_METRIC, name=ids.KAART_METRIC, inline=True, value=metriek if metriek in METRICS else "share",
            options=[{"label": metric.name, "value": key} for key, metric in METRICS.items()],
            className="mb-2 screen-only", inputClassName="me-1",
        ),
        dbc.Row([
            dbc.Col(html.Figure(dbc.Card(dbc.CardBody([
                dcc.Graph(id=ids.KAART_MAP, style={"height": "680px"},
                          config={**GRAPH_CONFIG, "modeBarButtons": MAP_BUTTONS,
                                  "topojsonURL": dash.get_asset_url("topojson/"), "scrollZoom": False}),
                _play_controls(),
                html.Figcaption([
                    "Elke betrokken gemeente is één punt, groter naarmate haar trajecten meer dagdelen hadden, met "
                    "de status van haar laatste traject. ",
                    ("Klik op een provincie om haar trajecten te zien; klik op een gemeente om haar laatste "
                     "traject te openen, of kies ze met het toetsenbord onder ‘Provincies en gemeenten’. "
                     if may_open(TRAJECTEN) else
                     "Klik op een provincie, of kies ze onder ‘Provincies en gemeenten’, om op die provincie te "
                     "filteren (alle pagina's volgen). "),
                    "Met ‘Afspelen’ of de maandschuif groeit de dekking maand voor maand; in- en uitzoomen kan met "
                    "de knoppen boven de kaart. ",
                    html.Small(ATTRIBUTION, className="d-block mt-1"),
                ], className="chart-caption"),
                download_buttons("provincies"),
            ])), className="chart-card slide"), lg=7),
            dbc.Col([
                html.H2("Betrokken gemeenten per provincie", className="h5"),
                html.P("De tabel van het eindrapport, per de gekozen stand; ook de tekstversie van de kaart.",
                       className="text-muted small mb-1"),
                html.Div(html.P("Tabel laden…", className="text-muted"), id=ids.KAART_TABLE, role="region",
                         tabIndex="0", className="scroll-table",
                         **{"aria-label": "Tabel betrokken gemeenten per provincie"}),
                _gemeenten_by_keyboard(provincie),
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
