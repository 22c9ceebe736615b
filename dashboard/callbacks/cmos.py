"""CMO's callbacks: shared state and data version → workload, capacity and signal queries → alerts, tables, heatmap.

The page is about whole organisations: the province and organisation filters choose which organisations
are shown; the theme and applicant filters do not apply (capacity belongs to an organisation, not to a
theme), and the page says so when they are set. Everything naming an advisor stays in the section
"Voor projectleiding" (``ids.CMOS_PROJECTLEIDING``), which only projectleiding is shown; links to single
trajectories are plain text for a role that may not open the Trajecten page.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import guarded_callback
from dashboard import formatting, ids
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable, empty_state
from dashboard.components.restricted import TRAJECTEN, may_open, trajectory_link
from dashboard.data.schema.db import read_at_once
from dashboard.data.queries import capacity, notes as note_queries, signals
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.summary import organisation_table
from dashboard.figures.capacity import heatmap_height, utilisation_heatmap
from dashboard.figures.patching import figure_update
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse, to_search, with_changes

SEVERITY = {"capacity_gap": "danger", "no_active_advisor": "danger", "no_advisor": "danger", "overdue": "warning"}
ICONS = {"capacity_gap": "▲", "no_active_advisor": "✖", "no_advisor": "⚠", "overdue": "◔"}
PUBLIC_UNAVAILABLE = "Adviseur niet meer beschikbaar (afwezig of vertrokken)"
AVAILABILITY = {"active": "actief", "ziekte": "ziek", "vertrek": "afwezig (vertrek)", "left": "uit dienst"}


# --- selection --------------------------------------------------------------------------------------------

def _organisations(organisations: pd.DataFrame, state: ViewState) -> list[str]:
    """The ``organisations`` (the workload's rows, or ``capacity.organisation_places``) on view: all, the chosen one,
    or the CMO of the chosen province."""
    return capacity.organisations_on_view(organisations, state.province, state.organisation)


def _note(state: ViewState) -> html.P | None:
    """Say which filters do not apply here."""
    ignored = [name for name, value in (("thema", state.theme), ("aanvrager", state.applicant_type)) if value]
    if not ignored:
        return None
    return html.P(f"Het filter op {' en '.join(ignored)} geldt niet op deze pagina: werklast en capaciteit gaan over "
                  "alle trajecten van een organisatie.", className="text-muted small mb-2")


# --- small building blocks ---------------------------------------------------------------------------------

def _links(numbers, state: ViewState, css: str | None = None) -> list:
    """'Traject 12, Traject 15' as links, separated by commas."""
    items: list = []
    for index, nr in enumerate(numbers):
        if index:
            items.append(", ")
        items.append(trajectory_link(nr, state, css))
    return items


def _percentage_cell(value: float | None, allocated: int) -> html.Td:
    """Utilisation: '–' without work, 'geen capaciteit', '▲ 125%' bold when over capacity."""
    if allocated == 0 and (value is None or value == 0):
        return html.Td("–", className="text-end")
    if value is None or pd.isna(value):
        return html.Td(html.Strong("geen capaciteit"), className="text-end over")
    text = f"{formatting.number(value)}%"
    if value > 100:
        return html.Td(html.Strong([html.Span("▲ ", **{"aria-hidden": "true"}), text,
                                    html.Span(" (boven de capaciteit)", className="visually-hidden")]),
                       className="text-end over")
    return html.Td(text, className="text-end")


def _number_cell(value, decimals: int = 0, strong: bool = False) -> html.Td:
    """A right-aligned number; '–' when missing."""
    text = "–" if value is None or pd.isna(value) else formatting.number(value, decimals)
    return html.Td(html.Strong(text) if strong else text, className="text-end")


def _table(header: list[str], rows: list, label: str, footer: list | None = None, scroll: bool = False,
           compact: bool = False):
    """A small, accessible table (column headers with scope, optional totals row, scroll box, natural width)."""
    parts = [html.Thead(html.Tr([html.Th(text, scope="col") for text in header])), html.Tbody(rows)]
    if footer:
        parts.append(html.Tfoot(footer))
    table = dbc.Table(parts, size="sm", striped=True, bordered=False,
                      className="mb-1 align-middle" + (" w-auto" if compact else ""))
    extra = {"tabIndex": "0", "className": "scroll-table"} if scroll else {"className": "table-responsive"}
    # "Tabel …": the section around a table carries the plain name, and two landmarks may not share one.
    return html.Div(table, role="region", **{"aria-label": f"Tabel {label[0].lower()}{label[1:]}"}, **extra)


# --- signals -------------------------------------------------------------------------------------------------

FIRST_LISTED = {"capacity_gap": "langst lopende", "no_active_advisor": "langst lopende", "no_advisor": "langst lopende",
                "overdue": "verst over de geplande einddatum"}


def _listed_heading(signal: signals.Signal, state: ViewState) -> list:
    """'Trajecten: ', or, when the signal names only the first, how many of how many and where all of them are."""
    if signal.trajectory_total <= len(signal.trajectories):
        return ["Trajecten: " if len(signal.trajectories) > 1 else "Traject: "]
    first = (f"De {formatting.number(len(signal.trajectories))} {FIRST_LISTED[signal.kind]} van "
             f"{formatting.number(signal.trajectory_total)}")
    if not may_open(TRAJECTEN):
        return [f"{first}: "]
    everything = dcc.Link("de pagina Trajecten", className="alert-link", href=dash.get_relative_path(TRAJECTEN)
                          + to_search(with_changes(state, province=None, organisation=signal.organisation,
                                                            theme=None, applicant_type=None, trajectory=None)))
    return [f"{first} (alle trajecten van {signal.organisation} staan op ", everything, "): "]

def signal_list(found: list[signals.Signal], state: ViewState, as_of) -> html.Div:
    """The alert list: one item per signal with icon, kind in words, message and links to its trajectories."""
    day = formatting.date(as_of)
    if not found:
        return html.Div(html.P([html.Span("✓ ", **{"aria-hidden": "true"}), html.Strong("Geen signalen. "),
                                f"Per {day} kan elke getoonde organisatie haar lopende werk dragen, heeft elk "
                                "traject een beschikbare adviseur en loopt geen traject ver over de geplande "
                                "einddatum."], className="mb-0"),
                        className="alert alert-success signal-none")
    urgent = sum(SEVERITY[s.kind] == "danger" for s in found)
    heading = (f"{formatting.number(len(found))} {'signaal' if len(found) == 1 else 'signalen'} per {day}"
               + (f", waarvan {formatting.number(urgent)} dringend" if urgent and urgent < len(found) else ""))
    items = [
        html.Li([
            html.Span(ICONS[s.kind], className="signal-icon", **{"aria-hidden": "true"}),
            html.Div([
                html.Strong(f"{s.label}. ", className="signal-kind"),
                html.Span(s.message),
                html.Div([*_listed_heading(s, state), *_links(s.trajectories, state, "alert-link")],
                         className="signal-links")
                if s.trajectories else None,
            ]),
        ], className=f"alert alert-{SEVERITY[s.kind]} signal signal-{s.kind}", **{"data-kind": s.kind})
        for s in found
    ]
    return html.Div([html.P(heading, className="signal-heading"), html.Ul(items, className="signal-list")])


# --- tables --------------------------------------------------------------------------------------------------

def workload_table(frame: pd.DataFrame, horizon_weeks: int):
    """Per organisation: advisors, trajectories, allocated dagdelen against capacity, utilisation and gap."""
    if frame.empty:
        return empty_state("Geen organisaties voor deze selectie.")
    header = ["Organisatie", "Provincie", "Actieve adviseurs", "Trajecten in de provincie",
              "Uitgevoerd (buiten de provincie)", "Lopend", "Afgerond", "Toegewezen dagdelen",
              f"Capaciteit, {horizon_weeks} weken (dagdelen)", "Bezetting", "Tekort (dagdelen)"]
    rows = []
    for row in frame.itertuples():
        national = row.kind != "cmo"
        carried = formatting.number(row.carried_out)
        if not national:
            carried += f" ({formatting.number(row.outside_province)})"
        rows.append(html.Tr([
            html.Th(row.organisation, scope="row"),
            html.Td("landelijk" if national else row.province),
            html.Td(f"{formatting.number(row.active_advisors)} van {formatting.number(row.advisors)}",
                    className="text-end"),
            _number_cell(None if national else row.trajectories_in_province),
            html.Td(carried, className="text-end"),
            _number_cell(row.running),
            _number_cell(row.completed),
            _number_cell(row.allocated),
            _number_cell(row.capacity),
            _percentage_cell(row.utilisation, row.allocated),
            _number_cell(row.gap if row.gap > 0 else None, strong=True),
        ], className="row-over" if row.gap > 0 else None))
    return _table(header, rows, "Werklast en capaciteit per organisatie")


def report_rows(frame: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """The rows of the report's per-CMO table ``frame`` (``summary.organisation_table``) for the organisations on
    view."""
    return frame[frame["organisation"].isin(_organisations(frame, state))]


def report_table(frame: pd.DataFrame, complete: bool):
    """The report's table 'Aantal trajecten per CMO', with DSP-groep and MOVISIE below the CMO total."""
    if frame.empty:
        return empty_state("Geen organisaties voor deze selectie.")
    cmos = frame[frame["trajectories_in_province"].notna()]
    national = frame[frame["trajectories_in_province"].isna()]
    rows = [html.Tr([html.Td(row.province), html.Th(row.organisation, scope="row"),
                     _number_cell(row.trajectories_in_province), _number_cell(row.completed)])
            for row in cmos.itertuples()]
    footer = []
    if complete:
        footer.append(html.Tr([html.Th("Totaal", scope="row", colSpan=2),
                               _number_cell(cmos["trajectories_in_province"].sum(), strong=True),
                               _number_cell(cmos["completed"].sum(), strong=True)], className="total-row"))
    footer += [html.Tr([html.Td("landelijk"), html.Th(row.organisation, scope="row"),
                        html.Td("–", className="text-end"), _number_cell(row.completed)])
               for row in national.itertuples()]
    return _table(["Provincie", "Betrokken organisatie", "Aantal trajecten AVI 130",
                   "Aantal afgeronde trajecten door deze organisatie"], rows, "Aantal trajecten per CMO",
                  footer=footer, compact=True)


def _movement(from_organisation: str, to_organisation: str) -> str:
    """'Zet → MOVISIE', or 'binnen Zet' when only the advisor changed."""
    if from_organisation == to_organisation:
        return f"binnen {from_organisation}"
    return f"{from_organisation} → {to_organisation}"


def public_reason(reason: str, advisor_unavailable: bool) -> str:
    """The reason of a hand-over for everyone: an advisor's absence is not named as illness or departure."""
    return PUBLIC_UNAVAILABLE if advisor_unavailable else reason


def handover_sentence(shown: int, total: int, moved: int) -> str:
    """How many hand-overs there were, how many to another organisation, and which of them are listed."""
    to_other = f"waarvan {formatting.number(moved)} naar een andere organisatie"
    if shown < total:
        return (f"De {formatting.number(shown)} meest recente van {formatting.number(total)} overdrachten "
                f"({to_other}); de download bevat ze allemaal.")
    if total == 1:
        return "1 overdracht" + (", naar een andere organisatie." if moved else ", binnen de organisatie.")
    return f"{formatting.number(total)} overdrachten, {to_other}; de nieuwste bovenaan."


def handover_table(frame: pd.DataFrame, total: int, moved: int, state: ViewState):
    """Who took over which trajectory, when and why, at organisation level (no names), the newest first."""
    if total == 0:
        return empty_state("Tot deze datum is geen traject overgedragen.")
    rows = [html.Tr([html.Td(formatting.date(row.handed_over_on), className="nowrap"),
                     html.Td(trajectory_link(row.nr, state), className="nowrap"), html.Td(row.gemeente),
                     html.Td(row.from_organisation), html.Td(row.to_organisation),
                     html.Td(public_reason(row.reason, row.advisor_unavailable))])
            for row in frame.itertuples()]
    return html.Div([
        html.P(handover_sentence(len(frame), total, moved), className="mb-1"),
        _table(["Datum", "Traject", "Gemeente", "Van", "Naar", "Reden"], rows, "Overdrachten", scroll=True),
    ])


def availability_text(row) -> str:
    """'actief', 'ziek tot 29 jun 2007', 'uit dienst sinds 31 mrt 2007'."""
    text = AVAILABILITY[row.availability]
    if row.until is not None and not pd.isna(row.until):
        text += f" {'sinds' if row.availability == 'left' else 'tot'} {formatting.date(row.until)}"
    return text


def advisor_sentence(shown: int, total: int) -> str:
    """How many advisors there are and, when only the busiest are listed, how many of them."""
    if shown < total:
        return (f"De {formatting.number(shown)} adviseurs met het meeste toegewezen werk, van "
                f"{formatting.number(total)}; de download bevat ze allemaal.")
    if total == 1:
        return "1 adviseur."
    return f"{formatting.number(total)} adviseurs, wie het meeste toegewezen werk heeft bovenaan."


def advisor_table(frame: pd.DataFrame, total: int):
    """Per advisor, the busiest first: availability, running trajectories, allocated dagdelen, capacity, utilisation."""
    if total == 0:
        return empty_state("Nog geen adviseurs voor deze selectie.")
    rows = [html.Tr([
        html.Th([row.advisor, html.Small(" (buiten de pool)", className="text-muted") if not row.in_pool else None],
                scope="row"),
        html.Td(row.organisation), html.Td(availability_text(row)),
        _number_cell(row.running), _number_cell(row.allocated), _number_cell(row.capacity),
        _percentage_cell(row.utilisation, row.allocated),
    ], className="row-over" if row.utilisation is not None and not pd.isna(row.utilisation)
        and row.utilisation > 100 else None) for row in frame.itertuples()]
    return html.Div([
        html.P(advisor_sentence(len(frame), total), className="mb-1"),
        _table(["Adviseur", "Organisatie", "Beschikbaar", "Lopende trajecten", "Toegewezen dagdelen",
                "Capaciteit (dagdelen)", "Bezetting"], rows, "Werklast per adviseur", scroll=True),
    ])


def advisor_handover_table(frame: pd.DataFrame, total: int, moved: int, state: ViewState):
    """The hand-overs with the advisors' names and the full reason, the newest first."""
    if total == 0:
        return empty_state("Tot deze datum is geen traject overgedragen.")
    rows = [html.Tr([html.Td(formatting.date(row.handed_over_on), className="nowrap"),
                     html.Td(trajectory_link(row.nr, state), className="nowrap"),
                     html.Td(f"{row.from_advisor or '–'} ({row.from_organisation})"),
                     html.Td(f"{row.to_advisor or '–'} ({row.to_organisation})"), html.Td(row.reason)])
            for row in frame.itertuples()]
    return html.Div([
        html.P(handover_sentence(len(frame), total, moved), className="mb-1"),
        _table(["Datum", "Traject", "Van adviseur", "Naar adviseur", "Reden"], rows, "Overdrachten per adviseur",
               scroll=True),
    ])


# --- the page callback ----------------------------------------------------------------------------------------

def _organisation_figures(session: Session, as_of, horizon: int) -> tuple[pd.DataFrame, list[signals.Signal]]:
    """Every organisation's workload on ``as_of`` and the signals it gives (the first of the page's two reads)."""
    workload = capacity.organisation_workload(session, as_of, horizon)
    return workload, signals.organisation_signals(session, as_of, horizon, signals.OVERDUE_WEEKS, workload,
                                                  limit=signals.MAX_LINKED)


def _lists(state: ViewState, horizon: int):
    """The page's second read: the organisations on view, and for them the heatmap's months, the latest hand-overs
    and the busiest advisors with how many there are, the notes and the comparison date (independent of the
    workload, so read at the same time)."""
    as_of = state.date()

    def read(session: Session) -> tuple:
        places = capacity.organisation_places(session)
        on_view = _organisations(places, state)
        chosen, shown = capacity.organisation_filter(places, on_view), scoped(session, state)
        return (on_view, capacity.utilisation_by_month(session, as_of, horizon),
                capacity.handovers(session, as_of, chosen, limit=capacity.MAX_LISTED),
                capacity.handover_counts(session, as_of, chosen),
                capacity.advisor_load(session, as_of, horizon, chosen, limit=capacity.MAX_LISTED),
                capacity.advisor_count(session, as_of, chosen),
                note_queries.notes(session, None, as_of, Filters(programme=shown.programme)),
                comparison_of(session, shown)[0])

    return read


def show_cmos(search: str | None, _version: dict | None, shown_heatmap: dict | None):
    """Fill the CMO's page for the shared state; on a data change, patch only the heatmap's data."""
    state = parse(search)
    as_of = state.date()
    horizon = capacity.HORIZON_WEEKS
    try:
        (workload, found), lists = read_at_once(lambda session: _organisation_figures(session, as_of, horizon),
                                                _lists(state, horizon))
        on_view, months, moves, (moves_total, moved), advisors, advisors_total, noted, compared = lists
    except SQLAlchemyError:
        return (None, database_unavailable(), *(no_update for _ in range(7)))
    report = report_rows(capacity.per_cmo_table(workload), state)
    found = [s for s in found if s.organisation in on_view]
    heatmap = utilisation_heatmap(months[months["organisation"].isin(on_view)], horizon, noted, compared)
    live_refresh = ctx.triggered_id == ids.DATA_VERSION
    complete = not (state.province or state.organisation)
    return (
        _note(state),
        signal_list(found, state, as_of),
        workload_table(workload[workload["organisation"].isin(on_view)], horizon),
        figure_update(heatmap, shown_heatmap if live_refresh else None),
        {"height": f"{heatmap_height(len(on_view))}px"},
        report_table(report, complete),
        handover_table(moves, moves_total, moved, state),
        advisor_table(advisors, advisors_total),
        advisor_handover_table(moves, moves_total, moved, state),
    )


# --- downloads (registered in callbacks.downloads.CHART_DATA) ----------------------------------------------------

def _on_view(session: Session, state: ViewState) -> list[str]:
    """The organisations on view for a download."""
    return _organisations(capacity.organisation_workload(session, state.date()), state)


def workload_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The workload table with Dutch column names."""
    frame = capacity.organisation_workload(session, state.date())
    frame = frame[frame["organisation"].isin(_organisations(frame, state))]
    return frame.rename(columns={
        "organisation": "organisatie", "kind": "soort", "province": "provincie", "advisors": "adviseurs in dienst",
        "active_advisors": "actieve adviseurs", "trajectories_in_province": "trajecten in de provincie",
        "carried_out": "uitgevoerd", "outside_province": "uitgevoerd buiten de provincie", "running": "lopend",
        "completed": "afgerond", "allocated": "toegewezen dagdelen",
        "dagdelen_per_advisor_week": "dagdelen per adviseur per week",
        "capacity": f"capaciteit {capacity.HORIZON_WEEKS} weken (dagdelen)", "utilisation": "bezetting (%)",
        "gap": "tekort (dagdelen)",
    })


def utilisation_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The heatmap's numbers with Dutch column names."""
    frame = capacity.utilisation_by_month(session, state.date())
    frame = frame[frame["organisation"].isin(_on_view(session, state))]
    return frame.rename(columns={"month": "maand", "day": "stand", "organisation": "organisatie",
                                 "allocated": "toegewezen dagdelen",
                                 "capacity": f"capaciteit {capacity.HORIZON_WEEKS} weken (dagdelen)",
                                 "utilisation": "bezetting (%)"})


def report_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The report's per-CMO table with Dutch column names."""
    return report_rows(organisation_table(session, state.date()), state).rename(columns={
        "organisation": "organisatie", "province": "provincie", "advisors": "adviseurs in dienst",
        "trajectories_in_province": "aantal trajecten AVI 130", "completed": "afgerond door deze organisatie",
    })


def handover_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The hand-overs at organisation level (no names), with Dutch column names."""
    frame = capacity.handovers(session, state.date(), _on_view(session, state))
    return pd.DataFrame({
        "datum": frame["handed_over_on"], "traject": frame["nr"], "gemeente": frame["gemeente"],
        "van organisatie": frame["from_organisation"], "naar organisatie": frame["to_organisation"],
        "reden": [public_reason(r, u) for r, u in zip(frame["reason"], frame["advisor_unavailable"])],
    })


def advisor_download(session: Session, state: ViewState) -> pd.DataFrame:
    """Per advisor (project leaders only), with Dutch column names."""
    frame = capacity.advisor_load(session, state.date(), organisations=_on_view(session, state))
    return pd.DataFrame({
        "adviseur": frame["advisor"], "organisatie": frame["organisation"], "in de pool": frame["in_pool"],
        "beschikbaar": [availability_text(row) for row in frame.itertuples()], "lopende trajecten": frame["running"],
        "toegewezen dagdelen": frame["allocated"],
        f"capaciteit {capacity.HORIZON_WEEKS} weken (dagdelen)": frame["capacity"],
        "bezetting (%)": frame["utilisation"],
    })


def advisor_handover_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The hand-overs with advisors and the full reason (project leaders only)."""
    frame = capacity.handovers(session, state.date(), _on_view(session, state))
    return frame.drop(columns=["advisor_unavailable"]).rename(columns={
        "nr": "traject", "gemeente": "gemeente", "handed_over_on": "datum", "from_advisor": "van adviseur",
        "from_organisation": "van organisatie", "to_advisor": "naar adviseur", "to_organisation": "naar organisatie",
        "reason": "reden",
    })


def register() -> None:
    """Register this page's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.CMOS_NOTE, "children"),
        Output(ids.CMOS_SIGNALS, "children"),
        Output(ids.CMOS_TABLE, "children"),
        Output(ids.CMOS_HEATMAP, "figure"),
        Output(ids.CMOS_HEATMAP, "style"),
        Output(ids.CMOS_REPORT_TABLE, "children"),
        Output(ids.CMOS_HANDOVERS, "children"),
        Output(ids.CMOS_ADVISORS, "children"),
        Output(ids.CMOS_ADVISOR_HANDOVERS, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATA_VERSION, "data"),
        State(ids.CMOS_HEATMAP, "figure"),
        cached=True,
    )(show_cmos)
