"""CMO's callbacks: shared state and data version → workload, capacity and signal queries → alerts, tables, heatmap.

The page is about whole organisations: the province and organisation filters choose which organisations
are shown; the theme and applicant filters do not apply (capacity belongs to an organisation, not to a
theme), and the page says so when they are set. With several programmes, the trajectories counted and
listed are the shown programme's, while allocated dagdelen, capacity, utilisation and gaps count every
programme's work (an advisor has one week for all of them), and a chart and table show which programme
takes what. Everything naming an advisor stays in the section "Voor projectleiding"
(``ids.CMOS_PROJECTLEIDING``), which only projectleiding is shown; links to single trajectories are plain
text for a role that may not open the Trajecten page.
"""

from __future__ import annotations

from dataclasses import replace

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import guarded_callback
from dashboard.auth.programme_access import allowed_programmes
from dashboard import formatting, ids
from dashboard.callbacks.compare import comparison_of
from dashboard.components.alerts import database_unavailable, empty_state
from dashboard.components.restricted import TRAJECTEN, may_open, trajectory_link
from dashboard.data.schema.db import read_at_once
from dashboard.data.queries import capacity, notes as note_queries, programmes, signals
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.summary import organisation_table
from dashboard.figures.capacity import heatmap_height, programme_split_figure, split_height, utilisation_heatmap
from dashboard.figures.patching import figure_update
from dashboard.programme_window import shown_programme
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

def across(label: str, programme: str | None) -> str:
    """``label`` of a figure that counts every programme's work, saying so when a ``programme`` is shown."""
    return f"{label} (alle programma's)" if programme else label


def own(label: str, programme: str | None) -> str:
    """``label`` of a figure that counts the shown programme's trajectories only, saying so when one is shown."""
    return f"{label} (dit programma)" if programme else label


def workload_table(frame: pd.DataFrame, horizon_weeks: int, programme: str | None = None,
                   programme_name: str | None = None):
    """Per organisation: advisors, trajectories, allocated dagdelen against capacity, utilisation and gap; with a
    ``programme`` shown (named ``programme_name``), a line above saying which figures are its own."""
    if frame.empty:
        return empty_state("Geen organisaties voor deze selectie.")
    header = ["Organisatie", "Provincie", "Actieve adviseurs", "Trajecten in de provincie",
              "Uitgevoerd (buiten de provincie)", "Lopend", "Afgerond", across("Toegewezen dagdelen", programme),
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
    table = _table(header, rows, "Werklast en capaciteit per organisatie")
    if not programme:
        return table
    return html.Div([html.P(f"De trajecten zijn die van {programme_name}. Toegewezen dagdelen, capaciteit, bezetting "
                            "en tekort tellen het werk van alle programma's samen: een adviseur heeft één week.",
                            className="small mb-1"), table])


def split_table(columns: pd.DataFrame, horizon_weeks: int):
    """The numbers of the split by programme (``capacity.programme_columns``): per organisation the allocated
    dagdelen of each programme, their total, the shared capacity and the gap, ▲ where the total exceeds it."""
    if columns.empty:
        return empty_state("Geen organisaties voor deze selectie.")
    labels = list(columns.columns[1:-3])
    rows = [html.Tr([
        html.Th(row["organisation"], scope="row"),
        *(_number_cell(row[label]) for label in labels),
        _number_cell(row["allocated"], strong=True),
        _number_cell(row["capacity"]),
        html.Td(html.Strong([html.Span("▲ ", **{"aria-hidden": "true"}), formatting.number(row["gap"])]),
                className="text-end over") if row["gap"] > 0 else html.Td("–", className="text-end"),
    ], className="row-over" if row["gap"] > 0 else None) for _, row in columns.iterrows()]
    return _table(["Organisatie", *labels, "Totaal toegewezen (alle programma's)",
                   f"Capaciteit, {horizon_weeks} weken (dagdelen)", "Tekort (dagdelen)"], rows,
                  "Toegewezen dagdelen per programma")


def report_rows(frame: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """The rows of the report's per-CMO table ``frame`` (``summary.organisation_table``) for the organisations on
    view."""
    return frame[frame["organisation"].isin(_organisations(frame, state))]


def report_table(frame: pd.DataFrame, complete: bool, programme_name: str):
    """The report's table 'Aantal trajecten per CMO' of the programme ``programme_name``, with DSP-groep and MOVISIE
    below the CMO total."""
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
    return _table(["Provincie", "Betrokken organisatie", f"Aantal trajecten {programme_name}",
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


def advisor_table(frame: pd.DataFrame, total: int, programme: str | None = None):
    """Per advisor, the busiest first: availability, running trajectories (of the ``programme`` shown), allocated
    dagdelen, capacity and utilisation (of every programme)."""
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
        _table(["Adviseur", "Organisatie", "Beschikbaar", own("Lopende trajecten", programme),
                across("Toegewezen dagdelen", programme), "Capaciteit (dagdelen)", across("Bezetting", programme)],
               rows, "Werklast per adviseur", scroll=True),
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

def _organisation_figures(shown: ViewState, horizon: int):
    """The page's first read for the state ``shown`` (its programme the one shown): every organisation's workload on
    its day with the signals it gives, and with a programme (several in the database) the allocated dagdelen per
    programme."""
    as_of, programme = shown.date(), shown.programme

    def read(session: Session) -> tuple:
        workload = capacity.organisation_workload(session, as_of, horizon, programme)
        found = signals.organisation_signals(session, as_of, horizon, signals.OVERDUE_WEEKS, workload,
                                             limit=signals.MAX_LINKED, programme=programme)
        return workload, found, capacity.allocated_by_programme(session, as_of) if programme else None

    return read


def _lists(shown: ViewState, horizon: int):
    """The page's second read for the state ``shown`` (its programme the one shown): the organisations on view, and
    for them the heatmap's months, the latest hand-overs and the busiest advisors with how many there are, the
    notes, the comparison date and the programme's name (independent of the workload, so read at the same time)."""
    as_of = shown.date()

    def read(session: Session) -> tuple:
        places = capacity.organisation_places(session)
        on_view = _organisations(places, shown)
        chosen = capacity.organisation_filter(places, on_view)
        return (on_view, capacity.utilisation_by_month(session, as_of, horizon),
                capacity.handovers(session, as_of, chosen, limit=capacity.MAX_LISTED, programme=shown.programme),
                capacity.handover_counts(session, as_of, chosen, shown.programme),
                capacity.advisor_load(session, as_of, horizon, chosen, limit=capacity.MAX_LISTED,
                                      programme=shown.programme),
                capacity.advisor_count(session, as_of, chosen),
                note_queries.notes(session, None, as_of, Filters(programme=shown.programme)),
                comparison_of(session, shown)[0], programmes.chosen(session, shown.programme).name)

    return read


def _split(split: pd.DataFrame | None, workload: pd.DataFrame, programme: str | None, horizon: int) -> tuple:
    """The section 'Welk programma neemt wat' for the organisations of ``workload``: shown with a ``programme``
    (several in the database), its figure, height and table; hidden and unchanged without."""
    if split is None:
        return "d-none", no_update, no_update, no_update
    grouped = capacity.split_by_programme(split, programme, allowed_programmes())
    figure = programme_split_figure(grouped, workload, horizon, capacity.OTHER_PROGRAMMES_LABEL)
    return ("mb-3", figure, {"height": f"{split_height(len(workload))}px"},
            split_table(capacity.programme_columns(grouped, workload), horizon))


def show_cmos(search: str | None, _version: dict | None, shown_heatmap: dict | None):
    """Fill the CMO's page for the shared state; on a data change, patch only the heatmap's data."""
    state = parse(search)
    as_of = state.date()
    horizon = capacity.HORIZON_WEEKS
    try:
        # scoped here, in the request's thread, where the signed-in user's programmes are known (read_at_once runs
        # the second read in a reader thread)
        shown = replace(state, programme=shown_programme(state.programme))
        (workload, found, split), lists = read_at_once(_organisation_figures(shown, horizon), _lists(shown, horizon))
        on_view, months, moves, (moves_total, moved), advisors, advisors_total, noted, compared, name = lists
    except SQLAlchemyError:
        return (None, database_unavailable(), *(no_update for _ in range(11)))
    report = report_rows(capacity.per_cmo_table(workload), state)
    found = [s for s in found if s.organisation in on_view]
    programme, rows = shown.programme, workload[workload["organisation"].isin(on_view)]
    heatmap = utilisation_heatmap(months[months["organisation"].isin(on_view)], horizon, noted, compared)
    live_refresh = ctx.triggered_id == ids.DATA_VERSION
    complete = not (state.province or state.organisation)
    return (
        _note(state),
        signal_list(found, state, as_of),
        workload_table(rows, horizon, programme, name),
        *_split(split, rows, programme, horizon),
        figure_update(heatmap, shown_heatmap if live_refresh else None),
        {"height": f"{heatmap_height(len(on_view))}px"},
        report_table(report, complete, name),
        handover_table(moves, moves_total, moved, state),
        advisor_table(advisors, advisors_total, programme),
        advisor_handover_table(moves, moves_total, moved, state),
    )


# --- downloads (registered in callbacks.downloads.CHART_DATA) ----------------------------------------------------

def _on_view(session: Session, state: ViewState) -> list[str]:
    """The organisations on view for a download."""
    return _organisations(capacity.organisation_places(session), state)


def _workload(session: Session, state: ViewState) -> pd.DataFrame:
    """The workload of the organisations on view, with the trajectories of the programme shown."""
    frame = capacity.organisation_workload(session, state.date(), programme=state.programme)
    return frame[frame["organisation"].isin(_organisations(frame, state))]


def workload_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The workload table with Dutch column names."""
    return _workload(session, state).rename(columns={
        "organisation": "organisatie", "kind": "soort", "province": "provincie", "advisors": "adviseurs in dienst",
        "active_advisors": "actieve adviseurs", "trajectories_in_province": "trajecten in de provincie",
        "carried_out": "uitgevoerd", "outside_province": "uitgevoerd buiten de provincie", "running": "lopend",
        "completed": "afgerond", "allocated": across("toegewezen dagdelen", state.programme),
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


def split_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The allocated dagdelen per organisation and programme with the shared capacity, grouped for the user as the
    page groups them (``capacity.split_by_programme``), with Dutch column names."""
    grouped = capacity.split_by_programme(capacity.allocated_by_programme(session, state.date()), state.programme,
                                          allowed_programmes())
    return capacity.programme_columns(grouped, _workload(session, state)).rename(columns={
        "organisation": "organisatie", "allocated": "toegewezen dagdelen (alle programma's)",
        "capacity": f"capaciteit {capacity.HORIZON_WEEKS} weken (dagdelen)", "gap": "tekort (dagdelen)",
    })


def report_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The report's per-CMO table of the programme shown, with Dutch column names."""
    table = organisation_table(session, state.date(), Filters(programme=state.programme))
    return report_rows(table, state).rename(columns={
        "organisation": "organisatie", "province": "provincie", "advisors": "adviseurs in dienst",
        "trajectories_in_province": f"aantal trajecten {programmes.chosen(session, state.programme).name}",
        "completed": "afgerond door deze organisatie",
    })


def _handovers(session: Session, state: ViewState) -> pd.DataFrame:
    """Every hand-over of the programme shown from or to an organisation on view."""
    return capacity.handovers(session, state.date(), _on_view(session, state), programme=state.programme)


def handover_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The hand-overs at organisation level (no names), with Dutch column names."""
    frame = _handovers(session, state)
    return pd.DataFrame({
        "datum": frame["handed_over_on"], "traject": frame["nr"], "gemeente": frame["gemeente"],
        "van organisatie": frame["from_organisation"], "naar organisatie": frame["to_organisation"],
        "reden": [public_reason(r, u) for r, u in zip(frame["reason"], frame["advisor_unavailable"])],
    })


def advisor_download(session: Session, state: ViewState) -> pd.DataFrame:
    """Per advisor (project leaders only), with Dutch column names."""
    frame = capacity.advisor_load(session, state.date(), organisations=_on_view(session, state),
                                  programme=state.programme)
    return pd.DataFrame({
        "adviseur": frame["advisor"], "organisatie": frame["organisation"], "in de pool": frame["in_pool"],
        "beschikbaar": [availability_text(row) for row in frame.itertuples()],
        own("lopende trajecten", state.programme): frame["running"],
        across("toegewezen dagdelen", state.programme): frame["allocated"],
        f"capaciteit {capacity.HORIZON_WEEKS} weken (dagdelen)": frame["capacity"],
        across("bezetting (%)", state.programme): frame["utilisation"],
    })


def advisor_handover_download(session: Session, state: ViewState) -> pd.DataFrame:
    """The hand-overs with advisors and the full reason (project leaders only)."""
    frame = _handovers(session, state)
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
        Output(ids.CMOS_SPLIT_SECTION, "className"),
        Output(ids.CMOS_SPLIT, "figure"),
        Output(ids.CMOS_SPLIT, "style"),
        Output(ids.CMOS_SPLIT_TABLE, "children"),
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
