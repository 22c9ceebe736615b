"""Downloads: the data behind each chart, for the shared state, as CSV or Excel."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, no_update
from sqlalchemy.orm import Session

from dashboard.auth.callbacks import guarded_callback
from dashboard.auth.web import shown_role
from dashboard.data.schema.models import Role
from dashboard import ids, programme_window
from dashboard.callbacks import cmos, evaluaties, programmas
from dashboard.data.schema.db import read_session
from dashboard.data.queries import coverage, progress, summary, timeline
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse


def _timeline(session: Session, state: ViewState) -> pd.DataFrame:
    """The timeline table with Dutch column names."""
    programme = summary.programme_info(session, state.programme)
    until = programme_window.axis_end(state.date(), state.programme)
    frame = timeline.timeline(session, until, state.filters, state.freq, since=programme.starts_on)
    return frame.rename(columns={
        "period_start": "begin periode", "label": "periode", "received": "aanvragen", "started": "gestart",
        "work_finished": "werk klaar", "completed": "afgerond", "received_cum": "aanvragen (cumulatief)",
        "started_cum": "gestart (cumulatief)", "work_finished_cum": "werk klaar (cumulatief)",
        "completed_cum": "afgerond (cumulatief)", "in_progress": "lopend, werk bezig",
        "work_done_admin_open": "werk klaar, administratie open",
    })


def _lead_times(session: Session, state: ViewState) -> pd.DataFrame:
    """The lead times with Dutch column names."""
    frame = timeline.lead_times(session, state.date(), state.filters)
    return frame.rename(columns={"period_start": "begin maand", "label": "maand", "measure": "doorlooptijd",
                                 "median_days": "mediaan (dagen)", "n": "aantal trajecten"})


def _provinces(session: Session, state: ViewState) -> pd.DataFrame:
    """The province metrics of the map with Dutch column names."""
    frame = coverage.province_metrics(session, state.date(), state.filters)
    return frame.rename(columns={
        "code": "code", "province": "provincie", "gemeenten": "gemeenten 1-1-2008", "involved": "betrokken",
        "trajectories": "trajecten", "requests": "aanvragen", "dagdelen": "dagdelen",
        "mean_mark": "gemiddeld cijfer", "forms": "evaluatieformulieren", "share": "aandeel betrokken (%)",
    })


def _waiting(session: Session, state: ViewState) -> pd.DataFrame:
    """Every request not started yet (the page lists only the longest-waiting), with Dutch column names."""
    frame = coverage.waiting_requests(session, state.date(), state.filters, limit=None)
    return frame.rename(columns={"province": "provincie", "cmo": "cmo", "gemeente": "gemeente",
                                 "received_on": "ontvangen", "status": "status"})


def _counts(query: Callable[..., pd.DataFrame], *args) -> Callable[[Session, ViewState], pd.DataFrame]:
    """A download of a label/count query, with Dutch column names."""
    def build(session: Session, state: ViewState) -> pd.DataFrame:
        frame = query(session, *args, state.date(), state.filters)
        return frame[["label", "count"]].rename(columns={"label": "categorie", "count": "aantal"})
    return build


CHART_DATA: dict[str, Callable[[Session, ViewState], pd.DataFrame]] = {
    "trechter": _counts(progress.funnel),
    "themas": _counts(progress.trajectories_by_theme),
    "aanvragers": _counts(progress.requests_by, "applicant_type"),
    "kanalen": _counts(progress.requests_by, "channel"),
    "tijdlijn": _timeline,
    "doorlooptijden": _lead_times,
    "provincies": _provinces,
    "nog-te-starten": _waiting,
    "evaluatie-aspecten": evaluaties.download_aspects,
    "evaluatie-verdeling": evaluaties.download_distribution,
    "evaluatie-organisaties": evaluaties.download_breakdown("organisation"),
    "evaluatie-provincies": evaluaties.download_breakdown("province"),
    "evaluatie-aanvragers": evaluaties.download_breakdown("applicant_type"),
    "evaluatie-themas": evaluaties.download_breakdown("theme"),
    "evaluatie-maanden": evaluaties.download_breakdown("month"),
    "evaluatie-lage-cijfers": evaluaties.download_low_marks,  # for the project leaders
    "evaluatie-nog-te-ontvangen": evaluaties.download_owed,  # for the project leaders
    "cmo-organisaties": cmos.workload_download,
    "cmo-programmas": cmos.split_download,
    "cmo-bezetting": cmos.utilisation_download,
    "cmo-tabel": cmos.report_download,
    "cmo-overdrachten": cmos.handover_download,
    "cmo-adviseurs": cmos.advisor_download,  # for the project leaders
    "cmo-adviseur-overdrachten": cmos.advisor_handover_download,  # for the project leaders
    "programmas": programmas.download_programmes,
}


# Downloads with single forms or advisor names: for projectleiding only.
RESERVED_CHARTS = frozenset({"evaluatie-lage-cijfers", "evaluatie-nog-te-ontvangen", "cmo-adviseurs",
                             "cmo-adviseur-overdrachten"})


def download_chart_data(clicks, search):
    """Send the data behind the clicked chart's button in the chosen format (if the role may have it)."""
    trigger = ctx.triggered_id
    if not trigger or not any(clicks) or trigger["chart"] not in CHART_DATA:
        return no_update
    if trigger["chart"] in RESERVED_CHARTS and shown_role() is not Role.PROJECTLEIDING:
        return no_update
    with read_session() as session:
        state = scoped(session, parse(search))
        frame = CHART_DATA[trigger["chart"]](session, state)
    name = f"{state.programme or 'avi130'}-{trigger['chart']}-{state.date().isoformat()}"
    if trigger["format"] == "xlsx":
        return dcc.send_data_frame(frame.to_excel, f"{name}.xlsx", sheet_name=trigger["chart"], index=False)
    return dcc.send_data_frame(frame.to_csv, f"{name}.csv", index=False, sep=";", decimal=",")


def register() -> None:
    """Register the download callback with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "chart": ALL, "format": ALL}, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(download_chart_data)
