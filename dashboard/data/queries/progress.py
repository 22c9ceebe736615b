"""How far the requests got: the lifecycle funnel and the breakdowns by applicant, channel and theme."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import STATUS_DATE_ATTRIBUTE, Request, RequestTheme, Status, Theme, Trajectory
from dashboard.data.queries import levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, request_condition

FUNNEL_STAGES: tuple[tuple[Status, str, str], ...] = (
    (Status.RECEIVED, "Ontvangen", "pad"),
    (Status.INTAKE, "Intake", "pad"),
    (Status.RUNNING, "Gestart", "pad"),
    (Status.WORK_FINISHED, "Werk klaar", "pad"),
    (Status.COMPLETED, "Afgerond", "pad"),
    (Status.WITHDRAWN, "Teruggetrokken", "uitval"),
    (Status.REJECTED, "Afgewezen", "uitval"),
)
APPLICANT_LABELS = {"gemeente": "Gemeente", "steunpunt": "Steunpunt", "beide": "Gemeente en steunpunt"}
CHANNEL_LABELS = {"mailing": "Na de mailing", "adviseur": "Via een adviseur"}
THEME_LABELS = {
    Theme.INFRASTRUCTUUR.value: "Ondersteuningsinfrastructuur",
    Theme.BELEID.value: "Vrijwilligerswerkbeleid",
    Theme.DOELGROEPEN.value: "Specifieke doelgroepen",
    Theme.ZORG.value: "Vrijwillige inzet in de zorg",
}


def funnel(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per lifecycle stage: how many requests had reached it by ``as_of`` (stage, label, count, kind).

    From the monthly levels when they are current; else one pass over the requests, each of which has the
    date it reached every status (``Request.<status>_on``).
    """
    counts = levels.as_of(session, as_of, filters)
    if counts is not None:
        total = counts.sum(numeric_only=True)
        reached = [total["received"], *(total[f"reached_{status.value}"] for status, _, _ in FUNNEL_STAGES[1:])]
        return _funnel_frame(reached)
    dates = [getattr(Request, STATUS_DATE_ATTRIBUTE[status]) for status, _, _ in FUNNEL_STAGES]
    reached = [func.coalesce(func.sum(case((date <= as_of, 1), else_=0)), 0) for date in dates]
    counts = session.execute(select(*reached).where(Request.received_on <= as_of, request_condition(filters))).one()
    # Waiting-list requests passed intake too; a stage counts every request that reached it or beyond.
    return _funnel_frame(counts)


def _funnel_frame(counts) -> pd.DataFrame:
    """The funnel's rows for the count of every stage in ``FUNNEL_STAGES``."""
    return pd.DataFrame(
        [(status.value, label, int(count), kind) for (status, label, kind), count in zip(FUNNEL_STAGES, counts)],
        columns=["stage", "label", "count", "kind"],
    )


def requests_by(session: Session, column: str, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Requests received by ``as_of`` per applicant type or channel (``column``), with Dutch labels."""
    labels = {"applicant_type": APPLICANT_LABELS, "channel": CHANNEL_LABELS}[column]
    levelled = levels.as_of(session, as_of, filters)
    if levelled is None:
        attribute = getattr(Request, column)
        rows = session.execute(
            select(attribute, func.count())
            .where(Request.received_on <= as_of, request_condition(filters))
            .group_by(attribute)
        ).all()
        counts = {value.value: count for value, count in rows}
    elif column == "channel":
        counts = {code: int(levelled[f"received_{code}"].sum()) for code in labels}
    else:
        counts = levelled.groupby("applicant_type")["received"].sum().astype(int).to_dict()
    counts = {code: count for code, count in counts.items() if count}
    return pd.DataFrame([(code, label, counts.get(code, 0)) for code, label in labels.items() if code in counts],
                        columns=["code", "label", "count"])


def trajectories_by_theme(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Trajectories started by ``as_of`` per theme (a trajectory can have several)."""
    levelled = levels.as_of(session, as_of, filters)
    if levelled is not None:
        return pd.DataFrame([(theme, label, int(levels.with_theme(levelled, theme)["started"].sum()))
                             for theme, label in THEME_LABELS.items()], columns=["code", "label", "count"])
    rows = dict(session.execute(
        select(RequestTheme.theme, func.count())
        .join(Trajectory, Trajectory.request_id == RequestTheme.request_id)
        .join(Request, Request.id == RequestTheme.request_id)
        .where(Trajectory.started_on <= as_of, request_condition(filters))
        .group_by(RequestTheme.theme)
    ).all())
    return pd.DataFrame([(theme, label, int(rows.get(Theme(theme), 0))) for theme, label in THEME_LABELS.items()],
                        columns=["code", "label", "count"])
