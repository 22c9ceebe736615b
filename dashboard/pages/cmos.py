"""CMO's: per organisation its advisors, trajectories and workload against capacity; signals where it cannot cope."""

import datetime as dt
from urllib.parse import urlencode

import dash
from dash import dcc, html

from dashboard import formatting, ids
from dashboard.auth.programme_access import allowed_programmes
from dashboard.components.chart_card import chart_card, download_buttons
from dashboard.components.drill_links import drill_links
from dashboard.components.restricted import reserved_section
from dashboard.data.queries.capacity import HORIZON_WEEKS
from dashboard.data.queries.signals import OVERDUE_WEEKS
from dashboard.view_state import parse, to_search, with_changes

dash.register_page(__name__, path="/cmos", name="CMO's", title="CMO's – AVI 130 monitor", order=4)

REPORT_DATE = dt.date(2008, 3, 4)
REPORT_PROGRAMME = "avi-130"
"""The slug of the programme of the final report (migration 0017 gives the reconstruction's data this one)."""


def _report_link(query: dict[str, str]) -> dcc.Link:
    """A link to this page as of the final report's date, keeping the other choices; when the URL names a
    programme, AVI 130's (an unknown slug shows the default programme)."""
    state = parse(urlencode(query))
    state = with_changes(state, as_of=REPORT_DATE, programme=REPORT_PROGRAMME if state.programme else None)
    return dcc.Link(f"stand van het eindrapport ({formatting.date(REPORT_DATE)})",
                    href=dash.get_relative_path("/cmos") + to_search(state))


def _projectleiding() -> html.Section:
    """Advisor-level detail, for the project leaders only (other roles are not shown this section)."""
    return html.Section([
        html.H2("Voor projectleiding", className="h4 mt-4"),
        html.P("Deze tabellen noemen adviseurs bij naam (pseudoniemen in de reconstructie), met hun beschikbaarheid "
               "en werklast, zodat de projectleiding trajecten kan verdelen en overdragen. Ze zijn alleen voor de "
               "projectleiding bedoeld.", className="text-muted"),
        html.Section([
            html.H3("Werklast per adviseur", className="h5"),
            html.P(f"Capaciteit per adviseur: de dagdelen per week van de organisatie × de beschikbare weken van de "
                   f"komende {HORIZON_WEEKS}.", className="small text-muted mb-1"),
            html.Div(html.P("Adviseurs laden…", className="text-muted"), id=ids.CMOS_ADVISORS),
            download_buttons("cmo-adviseurs"),
        ], className="mb-4", **{"aria-label": "Werklast per adviseur"}),
        html.Section([
            html.H3("Overdrachten per adviseur", className="h5"),
            html.Div(html.P("Overdrachten laden…", className="text-muted"), id=ids.CMOS_ADVISOR_HANDOVERS),
            download_buttons("cmo-adviseur-overdrachten"),
        ], **{"aria-label": "Overdrachten per adviseur"}),
    ], id=ids.CMOS_PROJECTLEIDING, className="projectleiding")


def layout(**query: str) -> html.Div:
    """The CMO's page; the signals, tables and heatmap are filled in by ``callbacks.cmos``."""
    return html.Div([
        html.H1("CMO's", className="page-title"),
        html.P("Per organisatie: de adviseurs, de trajecten en het werk dat er ligt tegenover de capaciteit. Zo ziet "
               "de projectleiding op tijd waar een organisatie haar trajecten niet kan dragen, zoals bij Zet eind "
               "2006, en waar adviseurs ziek zijn of vertrekken (eindrapport §3.1).", className="mb-2"),
        html.Div(id=ids.CMOS_NOTE),
        html.Section([
            html.H2("Signalen", className="h4"),
            html.Div(html.P("Signalen laden…", className="text-muted"), id=ids.CMOS_SIGNALS,
                     **{"aria-live": "polite"}),
        ], className="signals mb-3", **{"aria-label": "Signalen"}),
        html.Section([
            html.H2("Werklast en capaciteit per organisatie", className="h4"),
            html.Details([
                html.Summary("Hoe worden deze cijfers berekend?"),
                html.Ul([
                    html.Li("Actieve adviseurs: in dienst en niet afwezig op de gekozen dag (van het aantal in "
                            "dienst)."),
                    html.Li("Trajecten in de provincie: geteld naar de organisatie die de intake deed, zoals de tabel "
                            "van het eindrapport. Uitgevoerd: trajecten die de organisatie op die dag uitvoert of "
                            "uitvoerde, tussen haakjes die buiten de eigen provincie."),
                    html.Li("Toegewezen dagdelen: alle dagdelen van de trajecten waarvan het werk nog loopt "
                            "(eenvoudig gehouden: het hele traject, niet wat er nog over is)."),
                    html.Li(f"Capaciteit: de komende {HORIZON_WEEKS} weken × de dagdelen per adviseur per week die "
                            "de organisatie voor de programma's beschikbaar heeft (één week voor alle programma's "
                            "samen), opgeteld over de adviseurs in dienst, min de bekende afwezigheid. "
                            f"{HORIZON_WEEKS} weken is ongeveer de geplande duur van een gemiddeld traject."),
                    html.Li("Bezetting: toegewezen als percentage van de capaciteit; tekort: wat de toegewezen "
                            f"dagdelen boven de capaciteit uitkomen. Een traject loopt te lang als het werk meer dan "
                            f"{OVERDUE_WEEKS} weken na de geplande einddatum nog niet klaar is."),
                ], className="small mb-0"),
            ], className="mb-2 definitions"),
            html.Div(html.P("Cijfers laden…", className="text-muted"), id=ids.CMOS_TABLE),
            download_buttons("cmo-organisaties"),
        ], className="mb-3", **{"aria-label": "Werklast en capaciteit per organisatie"}),
        html.Section([
            html.H2("Welk programma neemt wat", className="h4"),
            html.P("Een adviseur heeft één week voor alle programma's: de capaciteit van een organisatie wordt "
                   "gedeeld. Per organisatie staan hier de toegewezen dagdelen per programma naast elkaar; een tekort "
                   "kan pas zichtbaar worden als de programma's worden opgeteld."
                   + (" Programma's die u niet mag zien, tellen mee als ‘Andere programma's’."
                      if allowed_programmes() is not None else ""), className="text-muted"),
            chart_card(ids.CMOS_SPLIT, "cmo-programmas",
                       "Per organisatie een balk van de toegewezen dagdelen, gestapeld per programma (het getoonde "
                       "programma eerst), met een streep bij de capaciteit in de komende "
                       f"{HORIZON_WEEKS} weken: een balk voorbij de streep is een tekort. De tabel eronder geeft "
                       "dezelfde cijfers.", height=610),
            html.Div(id=ids.CMOS_SPLIT_TABLE),
        ], id=ids.CMOS_SPLIT_SECTION, className="d-none", **{"aria-label": "Welk programma neemt wat"}),
        chart_card(ids.CMOS_HEATMAP, "cmo-bezetting",
                   "Per organisatie en maand hoeveel van de capaciteit aan lopend werk is toegewezen, gemeten op de "
                   "laatste dag van de maand: blauw is ruimte over, oranje is meer werk dan capaciteit (▲). Zo is te "
                   "zien wanneer een tekort ontstond en of het weer verdween.", height=610,
                   links=drill_links(query, [("Trajecten met lopend werk per de gekozen stand (kies de organisatie "
                                              "in de filterbalk)", {"stage": "werk-bezig"})])),
        html.Section([
            html.H2("Trajecten per CMO", className="h4 mt-2"),
            html.P(["De tabel ‘Aantal trajecten per CMO’ uit het eindrapport van AVI 130 (§3.1), per de gekozen "
                    "stand, met de trajecten van het getoonde programma. Voor AVI 130 staan op de ",
                    _report_link(query), " hier precies de cijfers van het rapport: 114 trajecten, 98 afgerond door "
                    "de CMO's, 7 door DSP-groep en 9 door MOVISIE."], className="text-muted"),
            html.Div(html.P("Tabel laden…", className="text-muted"), id=ids.CMOS_REPORT_TABLE),
            download_buttons("cmo-tabel"),
        ], className="mb-3", **{"aria-label": "Trajecten per CMO"}),
        html.Section([
            html.H2("Overdrachten", className="h4"),
            html.P("Welke trajecten naar een andere adviseur of organisatie gingen, wanneer en waarom: als een "
                   "adviseur ziek werd of vertrok, of als de klant het traject stillegde.", className="text-muted"),
            html.Div(html.P("Overdrachten laden…", className="text-muted"), id=ids.CMOS_HANDOVERS),
            download_buttons("cmo-overdrachten"),
        ], className="mb-3", **{"aria-label": "Overdrachten"}),
        reserved_section(ids.CMOS_PROJECTLEIDING, _projectleiding, ids.CMOS_ADVISORS, ids.CMOS_ADVISOR_HANDOVERS),
    ], className="cmos-page")
