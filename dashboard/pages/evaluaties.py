"""Evaluaties: the clients' evaluation forms — response, marks per aspect, breakdowns, and lists to follow up."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.auth.callbacks import small_number_threshold, stuurgroep_threshold
from dashboard import formatting, ids
from dashboard.components.chart_card import chart_card, download_buttons
from dashboard.components.restricted import reserved_section
from dashboard.figures.evaluations import small_groups_rule

dash.register_page(__name__, path="/evaluaties", name="Evaluaties", title="Evaluaties – AVI 130 monitor", order=3)


def _long_list(children, component_id: str, label: str, **attributes) -> html.Div:
    """A list that scrolls within a box of its own on screen (printed in full), reachable by keyboard."""
    return html.Div(children, id=component_id, className="long-list", tabIndex="0", role="region",
                    **{"aria-label": label}, **attributes)


def _projectleiding(threshold: int) -> html.Section:
    """The lists of single forms and trajectories, for the project leaders only (other roles are not shown them)."""
    return html.Section([
        html.H2("Voor projectleiding", className="h4 mt-4"),
        html.P("Deze lijsten tonen losse formulieren en trajecten, zodat de projectleiding kan opvolgen: "
               "doorvragen bij lage cijfers en ontbrekende formulieren opvragen. De regel voor kleine aantallen "
               f"(minder dan {formatting.number(threshold)} formulieren) geldt hier niet.", className="text-muted"),
        html.Section([
            html.H3("Lage cijfers: formulieren met een aspect onder de 6", className="h5"),
            _long_list(html.P("Formulieren laden…", className="text-muted"), ids.EVALUATIES_LOW_MARKS,
                       "Lijst van formulieren met lage cijfers"),
            download_buttons("evaluatie-lage-cijfers"),
        ], className="mb-4", **{"aria-label": "Lage cijfers"}),
        html.Section([
            html.H3("Nog te ontvangen formulieren", className="h5"),
            _long_list(html.P("Trajecten laden…", className="text-muted"), ids.EVALUATIES_OWED,
                       "Lijst van trajecten zonder formulier"),
            download_buttons("evaluatie-nog-te-ontvangen"),
        ], className="mb-4", **{"aria-label": "Nog te ontvangen formulieren"}),
        html.Section([
            html.H3("Opmerkingen op de formulieren", className="h5"),
            dbc.Row([
                dbc.Col([
                    dbc.Label("Zoeken in opmerkingen en gemeenten", html_for=ids.EVALUATIES_REMARKS_SEARCH),
                    dbc.Input(id=ids.EVALUATIES_REMARKS_SEARCH, type="search", debounce=300,
                              placeholder="bijvoorbeeld ‘waardering’ of een gemeente"),
                ], md=6),
                dbc.Col(html.P(id=ids.EVALUATIES_REMARKS_COUNT, className="mt-md-4 mb-0", role="status"), md=6),
            ], className="mb-2"),
            _long_list(None, ids.EVALUATIES_REMARKS, "Lijst van opmerkingen", **{"aria-live": "polite"}),
        ], **{"aria-label": "Opmerkingen"}),
    ], id=ids.EVALUATIES_PROJECTLEIDING, className="projectleiding")


def layout(**_query: str) -> html.Div:
    """The Evaluaties page; the figures and lists are filled in by ``callbacks.evaluaties``."""
    threshold = small_number_threshold()
    return html.Div([
        html.H1("Evaluaties", className="page-title"),
        html.P("Na elk traject vulde de gemeente of het steunpunt een evaluatieformulier in: een cijfer van 1 tot 10 "
               "voor vijf aspecten, en opmerkingen (eindrapport §3.3).", className="mb-3"),
        html.Div([
            html.Section([
                dbc.Row(dbc.Col(html.P("Cijfers laden…", className="text-muted")), id=ids.EVALUATIES_KPIS,
                        className="g-3 mb-3"),
                html.P(id=ids.EVALUATIES_SUMMARY, className="summary-sentence"),
            ], className="kpi-block", **{"aria-label": "Kerncijfers van de evaluaties"}),
            dbc.Row([
                dbc.Col(chart_card(ids.EVALUATIES_ASPECTS, "evaluatie-aspecten",
                                   "Per aspect het gemiddelde cijfer (punt) met het 95%-betrouwbaarheidsinterval "
                                   "(streep, t-verdeling); de stippellijn en de lichte band zijn het gemiddelde over "
                                   "alle aspecten met zijn interval. Zo gaf het eindrapport het in figuur 5, zonder "
                                   "de onzekerheid.", height=400), lg=6),
                dbc.Col(chart_card(ids.EVALUATIES_DISTRIBUTION, "evaluatie-verdeling",
                                   "Hoe vaak elk cijfer per aspect gegeven is; het getal in de stip is het aantal "
                                   "formulieren. Oranje vierkanten zijn onvoldoendes (lager dan 6).",
                                   height=400), lg=6),
            ], className="g-3"),
            html.Section([
                html.H2("Uitsplitsingen", className="h4 mt-3 breakdown-intro"),
                html.P("Het gemiddelde cijfer per formulier (het gemiddelde van de vijf aspecten) per groep, met "
                       f"het aantal formulieren erachter. {small_groups_rule(threshold, stuurgroep_threshold())}",
                       className="text-muted breakdown-intro"),
                dbc.Row([
                    dbc.Col(chart_card(ids.EVALUATIES_BY_ORGANISATION, "evaluatie-organisaties",
                                       "Per organisatie die het traject uitvoerde.", height=600), lg=6),
                    dbc.Col(chart_card(ids.EVALUATIES_BY_PROVINCE, "evaluatie-provincies",
                                       "Per provincie waar de gemeenten van het traject liggen.", height=600), lg=6),
                    dbc.Col(chart_card(ids.EVALUATIES_BY_APPLICANT, "evaluatie-aanvragers",
                                       "Naar wie de aanvraag deed: de gemeente of het steunpunt.", height=300), lg=6),
                    dbc.Col(chart_card(ids.EVALUATIES_BY_THEME, "evaluatie-themas",
                                       "Naar thema van het traject; een traject kan meer thema's hebben, dan telt "
                                       "het formulier bij elk thema.", height=300), lg=6),
                    dbc.Col(chart_card(ids.EVALUATIES_BY_MONTH, "evaluatie-maanden",
                                       "Per maand waarin het formulier binnenkwam: boven het gemiddelde cijfer met "
                                       "interval, onder het aantal formulieren.", height=480), lg=12),
                ], className="g-3"),
            ]),
        ], className="slides"),
        reserved_section(ids.EVALUATIES_PROJECTLEIDING, lambda: _projectleiding(stuurgroep_threshold()),
                         ids.EVALUATIES_LOW_MARKS, ids.EVALUATIES_OWED),
    ], className="evaluaties-page")
