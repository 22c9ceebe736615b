"""What the benchmark measures on each page: its data callbacks, their queries, and what "rendered" means.

Every data callback is named by one of its outputs (``CallbackSpec.output``); the body sent to
``/_dash-update-component`` is built from the app's own callback map, with the values a browser
sends when it opens the page (``input_values``). ``CallbackSpec.sql`` runs the same query functions
of ``dashboard.data.queries`` that the callback runs, in the same order and with the same arguments,
each through ``timed(label, function, *args)`` so that every query's own time is known.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.data.queries import capacity, coverage, evaluations, portfolio, progress, signals, summary, timeline
from dashboard.data.queries.filters import NO_FILTERS, Filters
from dashboard.data.queries.options import filter_choices
from dashboard.data.queries.trajectories import trajectory_detail, trajectory_rows
from dashboard.data.schema.versioning import data_version
from dashboard.formatting import month_before
from dashboard.view_state import PARAMS, ViewState, parse, to_search

Timed = Callable[..., Any]  # timed(label, function, *args) -> the function's result


@dataclass(frozen=True)
class Context:
    """What the queries are asked: the as-of date, the filters, the trajectory opened, the role's threshold."""

    as_of: dt.date
    filters: Filters = NO_FILTERS
    trajectory: int = 1
    threshold: int = 0  # projectleiding sees small groups


@dataclass(frozen=True)
class CallbackSpec:
    """A data callback: a short name, the output id that identifies it, and its queries."""

    name: str
    output: tuple[str, str]  # (component id, property) of one of its outputs
    sql: Callable[[Timed, Session, Context], None]


@dataclass(frozen=True)
class PageSpec:
    """A page: its path (None for the frame around every page), callbacks, and the elements that must be drawn."""

    key: str
    path: str | None
    title: str
    callbacks: tuple[CallbackSpec, ...]
    ready: tuple[str, ...] = ()  # CSS selectors: graphs with data, containers with content, grid rows
    extra_query: dict[str, str] = field(default_factory=dict)


def _frame_version(timed: Timed, session: Session, c: Context) -> None:
    timed("data_version", data_version, session)


def _frame_choices(timed: Timed, session: Session, c: Context) -> None:
    timed("filter_choices", filter_choices, session)


def _overzicht(timed: Timed, session: Session, c: Context) -> None:
    timed("programme_info", summary.programme_info, session, c.filters.programme)
    timed("headline", summary.headline, session, c.as_of, c.filters)
    timed("headline (een maand eerder)", summary.headline, session, month_before(c.as_of), c.filters)
    timed("gemeenten_total", summary.gemeenten_total, session)
    timed("funnel", progress.funnel, session, c.as_of, c.filters)
    timed("trajectories_by_theme", progress.trajectories_by_theme, session, c.as_of, c.filters)
    timed("requests_by applicant_type", progress.requests_by, session, "applicant_type", c.as_of, c.filters)
    timed("requests_by channel", progress.requests_by, session, "channel", c.as_of, c.filters)


def _tijdlijn(timed: Timed, session: Session, c: Context) -> None:
    programme = timed("programme_info", summary.programme_info, session, c.filters.programme)
    shown = timeline.SHOWN_PERIODS["month"]
    timed("timeline", timeline.timeline, session, c.as_of, c.filters, "month", programme.starts_on, shown)
    timed("programme_events", timeline.programme_events, session, c.as_of, c.filters.programme)
    timed("lead_times", timeline.lead_times, session, c.as_of, c.filters, "month", timeline.LEAD_TIME_MONTHS)


def _kaart(timed: Timed, session: Session, c: Context) -> None:
    timed("province_metrics", coverage.province_metrics, session, c.as_of, c.filters)
    timed("gemeente_points", coverage.gemeente_points, session, c.as_of, c.filters)
    timed("coverage_by_month", coverage.coverage_by_month, session, c.as_of, c.filters)
    timed("waiting_requests", coverage.waiting_requests, session, c.as_of, c.filters)
    timed("waiting_count", coverage.waiting_count, session, c.as_of, c.filters)


def _cmos(timed: Timed, session: Session, c: Context) -> None:
    horizon, programme = capacity.HORIZON_WEEKS, c.filters.programme
    workload = timed("organisation_workload", capacity.organisation_workload, session, c.as_of, horizon, programme)
    chosen = capacity.organisation_filter(
        workload, capacity.organisations_on_view(workload, c.filters.province, c.filters.organisation))
    timed("organisation_signals", signals.organisation_signals, session, c.as_of, horizon, signals.OVERDUE_WEEKS,
          workload, signals.MAX_LINKED, programme)
    if programme:
        timed("allocated_by_programme", capacity.allocated_by_programme, session, c.as_of)
    timed("utilisation_by_month", capacity.utilisation_by_month, session, c.as_of, horizon)
    timed("handovers", capacity.handovers, session, c.as_of, chosen, capacity.MAX_LISTED, programme)
    timed("handover_counts", capacity.handover_counts, session, c.as_of, chosen, programme)
    timed("advisor_load", capacity.advisor_load, session, c.as_of, horizon, chosen, capacity.MAX_LISTED, programme)
    timed("advisor_count", capacity.advisor_count, session, c.as_of, chosen)


def _evaluaties(timed: Timed, session: Session, c: Context) -> None:
    timed("response", evaluations.response, session, c.as_of, c.filters)
    timed("mark_distribution", evaluations.mark_distribution, session, c.as_of, c.filters)
    timed("overall_mark", evaluations.overall_mark, session, c.as_of, c.filters)
    for dimension in ("organisation", "province", "applicant_type", "theme"):
        timed(f"breakdown {dimension}", evaluations.breakdown, session, dimension, c.as_of, c.filters)
    timed("breakdown month", evaluations.breakdown, session, "month", c.as_of, c.filters,
          timeline.SHOWN_PERIODS["month"])
    timed("low_mark_forms", evaluations.low_mark_forms, session, c.as_of, c.filters, evaluations.LOW_MARK,
          evaluations.MAX_LISTED)
    timed("low_mark_count", evaluations.low_mark_count, session, c.as_of, c.filters)
    timed("owed_forms", evaluations.owed_forms, session, c.as_of, c.filters, evaluations.MAX_LISTED)
    timed("owed_count", evaluations.owed_count, session, c.as_of, c.filters)


def _remarks(timed: Timed, session: Session, c: Context) -> None:
    timed("remarks", evaluations.remarks, session, c.as_of, c.filters, "")


def _trajecten(timed: Timed, session: Session, c: Context) -> None:
    timed("trajectory_rows", trajectory_rows, session, c.as_of, c.filters, "")


def _detail(timed: Timed, session: Session, c: Context) -> None:
    timed("trajectory_detail", trajectory_detail, session, c.trajectory, None, c.filters.programme)


def _programmas(timed: Timed, session: Session, c: Context) -> None:
    timed("programme_figures", portfolio.programme_figures, session, c.as_of)
    timed("burn_up", portfolio.burn_up, session, c.as_of)


def _graphs(*graph_ids: str) -> tuple[str, ...]:
    """Selectors of graphs that must show data."""
    return tuple(f"#{graph_id}" for graph_id in graph_ids)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("kader", None, "Kader (elke pagina)", (
        CallbackSpec("check_data_version", (ids.DATA_VERSION, "data"), _frame_version),
        CallbackSpec("fill_filter_choices", (ids.FILTER_PROVINCE, "options"), _frame_choices),
    )),
    PageSpec("overzicht", "/", "Overzicht", (CallbackSpec("show_overzicht", (ids.OVERZICHT_KPIS, "children"), _overzicht),),
             ready=(f"#{ids.OVERZICHT_KPIS} .kpi-value",
                    *_graphs(ids.OVERZICHT_FUNNEL, ids.OVERZICHT_THEMES, ids.OVERZICHT_APPLICANTS,
                             ids.OVERZICHT_CHANNELS))),
    PageSpec("tijdlijn", "/tijdlijn", "Tijdlijn", (CallbackSpec("show_tijdlijn", (ids.TIJDLIJN_FIGURE, "figure"), _tijdlijn),),
             ready=_graphs(ids.TIJDLIJN_FIGURE, ids.TIJDLIJN_LEAD_TIMES)),
    PageSpec("kaart", "/kaart", "Kaart", (CallbackSpec("show_kaart", (ids.KAART_MAP, "figure"), _kaart),),
             ready=(*_graphs(ids.KAART_MAP), f"#{ids.KAART_TABLE} table")),
    PageSpec("cmos", "/cmos", "CMO's", (CallbackSpec("show_cmos", (ids.CMOS_SIGNALS, "children"), _cmos),),
             ready=(*_graphs(ids.CMOS_HEATMAP), f"#{ids.CMOS_TABLE} table")),
    PageSpec("evaluaties", "/evaluaties", "Evaluaties", (
        CallbackSpec("show_evaluaties", (ids.EVALUATIES_KPIS, "children"), _evaluaties),
        CallbackSpec("show_remarks", (ids.EVALUATIES_REMARKS, "children"), _remarks),
    ), ready=_graphs(ids.EVALUATIES_ASPECTS, ids.EVALUATIES_DISTRIBUTION, ids.EVALUATIES_BY_ORGANISATION,
                     ids.EVALUATIES_BY_MONTH)),
    PageSpec("trajecten", "/trajecten", "Trajecten", (
        CallbackSpec("list_trajectories", (ids.TRAJECTEN_GRID, "rowData"), _trajecten),
        CallbackSpec("show_detail", (ids.TRAJECTEN_DETAIL, "children"), _detail),
    ), ready=(f"#{ids.TRAJECTEN_GRID} .ag-row", ".trajectory-detail"), extra_query={"traject": "{trajectory}"}),
    PageSpec("programmas", "/programmas", "Programma's", (
        CallbackSpec("show_programmes", (ids.PORTFOLIO_TABLE, "children"), _programmas),
    ), ready=(f"#{ids.PORTFOLIO_TABLE} table", *_graphs(ids.PORTFOLIO_FIGURE))),
)
PAGE_BY_KEY = {page.key: page for page in PAGES}


FILTER_PARAMS = tuple(PARAMS[item.name] for item in fields(Filters))
"""The URL's names of the filters: provincie, organisatie, thema, aanvrager, programma."""


def filters_argument(text: str) -> Filters:
    """Parse ``--filter``: the filters as the pages' URLs write them, ``thema=zorg&provincie=Utrecht``."""
    keys = [part.split("=", 1)[0] for part in text.split("&") if part]
    unknown = [key for key in keys if key not in FILTER_PARAMS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"onbekend filter '{', '.join(unknown) or text}'; kies uit {', '.join(FILTER_PARAMS)}, "
            "bijvoorbeeld thema=zorg of provincie=Utrecht&aanvrager=steunpunt")
    return parse(text).filters


def filter_query(filters: Filters) -> str:
    """``filters`` as the query string of ``--filter`` (empty without filters)."""
    return to_search(ViewState(province=filters.province, organisation=filters.organisation, theme=filters.theme,
                               applicant_type=filters.applicant_type, programme=filters.programme)).lstrip("?")


def add_page_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every per-page process takes: the page, the as-of date, the filters, the trajectory to open."""
    parser.add_argument("--page", required=True)
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--filter", type=filters_argument, default=NO_FILTERS)
    parser.add_argument("--trajectory", type=int, default=1)


def page_context(args: argparse.Namespace) -> Context:
    """The ``Context`` of a per-page process's arguments."""
    return Context(as_of=args.as_of, filters=args.filter, trajectory=args.trajectory)


def page_arguments(context: Context) -> list[str]:
    """The arguments that give a per-page process ``context`` (its page and the rest come separately)."""
    arguments = ["--as-of", context.as_of.isoformat(), "--trajectory", str(context.trajectory)]
    if context.filters != NO_FILTERS:
        arguments += ["--filter", filter_query(context.filters)]
    return arguments


def page_search(page: PageSpec, context: Context) -> str:
    """The query string the page is opened with: the as-of date and the filters, plus the trajectory on the
    Trajecten page."""
    parts = [f"stand={context.as_of.isoformat()}"]
    if context.filters != NO_FILTERS:
        parts.append(filter_query(context.filters))
    parts += [f"{key}={value.format(trajectory=context.trajectory)}" for key, value in page.extra_query.items()]
    return "?" + "&".join(parts)


def input_values(page: PageSpec, search: str, version: int) -> dict[tuple[str, str], Any]:
    """The values of inputs and states as a browser sends them right after opening ``page``."""
    return {
        (ids.URL, "search"): search,
        (ids.URL, "pathname"): page.path or "/",
        (ids.DATA_VERSION, "data"): {"version": version},
        (ids.LIVE_INTERVAL, "n_intervals"): 0,
        (ids.TRAJECTEN_SEARCH, "value"): "",
        (ids.EVALUATIES_REMARKS_SEARCH, "value"): "",
        (ids.TRAJECTEN_GRID, "selectedRows"): [],
    }


def _output_parts(key: str) -> list[str]:
    """The 'id.property' outputs of a callback-map key ('a.b' or '..a.b...c.d..'), without '@' suffixes."""
    return [part.split("@")[0] for part in key.strip(".").split("...")] if key.startswith("..") else [key.split("@")[0]]


def callback_body(callback_map: dict, output: tuple[str, str], values: dict[tuple[str, str], Any]) -> dict:
    """The JSON body of ``/_dash-update-component`` for the callback with ``output``, triggered by the URL.

    States are sent as the page has them at first (figures not drawn yet), except the data version,
    which the frame's own check sends as it stands (nothing known yet).
    """
    wanted = f"{output[0]}.{output[1]}"
    key = next(k for k in callback_map if wanted in _output_parts(k))
    spec = callback_map[key]
    outputs = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in _output_parts(key)]
    inputs = [{**item, "value": values.get((item["id"], item["property"]))} for item in spec["inputs"]]
    state = [{**item, "value": None} for item in spec.get("state", [])]
    triggers = [f"{i['id']}.{i['property']}" for i in spec["inputs"] if (i["id"], i["property"]) == (ids.URL, "search")]
    triggers = triggers or [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"]
    body = {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "changedPropIds": triggers, "parsedChangedPropsIds": triggers}
    if state:
        body["state"] = state
    return body
