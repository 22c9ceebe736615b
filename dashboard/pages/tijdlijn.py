"""Tijdlijn: requests, running and completed trajectories over time, and the lead times."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.components.chart_card import chart_card
from dashboard.components.drill_links import drill_links
from dashboard.components.restricted import reserved_section
from dashboard.data.editing.notes import MAX_TEXT_LENGTH, SCOPE_LABELS

dash.register_page(__name__, path="/tijdlijn", name="Tijdlijn", title="Tijdlijn – AVI 130 monitor", order=1)


def _field(label: str, control, width: int, hint: str | None = None) -> dbc.Col:
    """A labelled form control in a column, with an optional hint below it."""
    return dbc.Col([dbc.Label(label, html_for=control.id), control,
                    dbc.FormText(hint, className="text-muted") if hint else None], md=width)


def _note_form() -> html.Section:
    """Write or change a note (projectleiding only): date, text and what it is about."""
    return html.Section([
        html.H3("Notitie schrijven", className="h5"),
        dcc.Store(id=ids.NOTES_EDITING, data=None),
        dbc.Row([
            _field("Datum", dbc.Input(id=ids.NOTES_DATE, type="text", placeholder="dd-mm-jjjj", autoComplete="off",
                                      maxLength=10), 2, "Bijvoorbeeld 15-01-2007."),
            _field("Tekst", dbc.Input(id=ids.NOTES_TEXT, type="text", maxLength=MAX_TEXT_LENGTH, autoComplete="off"),
                   4, f"Kort, hoogstens {MAX_TEXT_LENGTH} tekens."),
            _field("Geldt voor", dbc.Select(id=ids.NOTES_SCOPE, value="programme", options=[
                {"label": label, "value": scope.value} for scope, label in SCOPE_LABELS.items()]), 2),
            _field("Organisatie of provincie", dbc.Select(id=ids.NOTES_TARGET, options=[], disabled=True,
                                                                   placeholder="Kies (niet bij programma)"), 3),
        ], className="g-2 mb-2"),
        html.Div([dbc.Button("Opslaan", id=ids.NOTES_SAVE, color="primary"),
                  dbc.Button("Nieuwe notitie", id=ids.NOTES_NEW, color="secondary", outline=True)],
                 className="d-flex gap-2"),
        html.Div(id=ids.NOTES_MESSAGE, role="status", **{"aria-live": "polite"}),
    ], id=ids.NOTES_FORM, className="screen-only mt-3", **{"aria-label": "Notitie schrijven"})


def _notes() -> html.Section:
    """The notes up to the chosen date (numbered as on the chart), and for projectleiding the form to write them."""
    return html.Section([
        html.H2("Notities", className="h4"),
        dcc.Store(id=ids.NOTES_DONE, data=0),
        html.Div(html.P("Notities laden…", className="text-muted"), id=ids.TIJDLIJN_NOTES),
        reserved_section(ids.NOTES_FORM, _note_form),
    ], className="notes mt-3", **{"aria-label": "Notities"})


def layout(per: str = "maand", **query: str) -> html.Div:
    """The Tijdlijn page; ``per`` (maand or week) chooses the period of the bars."""
    return html.Div([
        html.H1("Tijdlijn", className="page-title"),
        dbc.RadioItems(
            id=ids.TIJDLIJN_FREQ, name=ids.TIJDLIJN_FREQ, inline=True, value="week" if per == "week" else "month",
            options=[{"label": "Per maand", "value": "month"}, {"label": "Per week", "value": "week"}],
            className="mb-2 screen-only", inputClassName="me-1",
        ),
        html.Div([
            chart_card(ids.TIJDLIJN_FIGURE, "tijdlijn",
                       "De lijn telt alle aanvragen; de staven tonen per periode de gestarte trajecten: nog "
                       "bezig, werk klaar maar administratief open, en administratief afgerond. Een traject "
                       "telt pas als afgerond als ook het verslag en de facturen binnen zijn.", height=480,
                       links=drill_links({**query, "per": per}, [
                           ("Lopend, werk bezig (per de gekozen stand)", {"stage": "werk-bezig"}),
                           ("Werk klaar, administratie open", {"stage": "administratie-open"}),
                           ("Afgerond (administratief)", {"stage": "afgerond"})])),
            html.Section(html.P(id=ids.TIJDLIJN_GAP, className="summary-sentence"), className="slide"),
            chart_card(ids.TIJDLIJN_LEAD_TIMES, "doorlooptijden",
                       "Mediaan aantal dagen per maand: van aanvraag tot start (maand van de start), van start "
                       "tot het werk klaar is, en van start tot de administratieve afronding.", height=400),
        ], className="slides"),
        _notes(),
    ])
