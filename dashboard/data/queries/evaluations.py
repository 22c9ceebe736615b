"""The clients' evaluation forms as of a date: response, marks per aspect, breakdowns, low marks and remarks.

Every function takes a session, an ``as_of`` date and ``Filters``, aggregates
in SQL with bound parameters (counts, sums and sums of squares), and returns a
small dataclass or DataFrame; means and t-intervals come from
``dashboard.statistics``. A form's mark is the mean of its five aspects, so
the overall mean equals the report's "average over all aspects" (7.7) and its
interval is over forms, not over the five correlated marks of one form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from dashboard import formatting
from dashboard.data.schema.models import (
    EVALUATION_ASPECTS,
    LOW_MARK,
    MARK_COUNTS,
    Advisor,
    Evaluation,
    Gemeente,
    Organisation,
    Province,
    Request,
    RequestTheme,
    Trajectory,
    form_total,
    lowest_mark,
    trajectory_gemeenten,
)
from dashboard.data.queries import levels
from dashboard.data.queries.filters import NO_FILTERS, Filters, in_programme, request_condition
from dashboard.data.queries.progress import APPLICANT_LABELS, THEME_LABELS
from dashboard.data.queries.sql_functions import month_start
from dashboard.statistics import MeanInterval, mean_interval_from_counts, mean_interval_from_moments

ASPECTS = len(EVALUATION_ASPECTS)
MARK_COLUMNS = tuple(getattr(Evaluation, column) for column in EVALUATION_ASPECTS)
MAX_REMARKS = 100
MAX_LISTED = 50  # the forms and trajectories the lists show; the rest are counted
BREAKDOWN_COLUMNS = ["key", "label", "forms", "mean", "ci_low", "ci_high"]
MOMENTS = ("forms", "form_total", "form_squares")  # the level measures behind a mean mark and its interval
LEVEL_GROUPS = {"organisation": ("organisation_id", Organisation), "province": ("trajectory_province_id", Province),
                "applicant_type": ("applicant_type", None), "theme": ("theme_mask", None)}
"""The level dimension each breakdown (but the months) groups on, and the table naming its ids."""


@dataclass(frozen=True)
class Dimension:
    """A way to split the forms: its Dutch name and whether every form falls in exactly one group."""

    name: str
    partition: bool = True


DIMENSIONS: dict[str, Dimension] = {
    "organisation": Dimension("Organisatie"),
    "province": Dimension("Provincie"),
    "applicant_type": Dimension("Aanvrager"),
    "theme": Dimension("Thema", partition=False),  # a request can have several themes
    "month": Dimension("Maand van ontvangst"),
}


@dataclass(frozen=True)
class Response:
    """Forms received against trajectories administratively completed, on ``as_of``."""

    as_of: dt.date
    forms: int
    completed: int
    forms_for_completed: int

    @property
    def owed(self) -> int:
        """Completed trajectories whose form has not come in yet."""
        return self.completed - self.forms_for_completed

    @property
    def rate(self) -> float | None:
        """The share (0-1) of completed trajectories that returned a form; None before any completed."""
        return self.forms_for_completed / self.completed if self.completed else None


def _received(as_of: dt.date, filters: Filters) -> Select:
    """Evaluation rows received by ``as_of`` within ``filters`` (joined to their trajectory and request if filtered)."""
    forms = select(Evaluation).where(Evaluation.received_on <= as_of)
    if filters.is_everything():
        return forms  # no filter: the forms alone, without visiting their trajectories and requests
    return (forms.join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
            .join(Request, Request.id == Trajectory.request_id).where(request_condition(filters)))


def _names_or_applicant() -> ColumnElement:
    """The gemeenten of the query's ``Trajectory``, comma-separated, or the applying gemeente's name when none are
    linked (so a trajectory without linked gemeenten never drops out of a list).

    Correlated: a list reads the names of the few trajectories it shows, not of every trajectory.
    """
    gemeente = aliased(Gemeente)
    names = (select(func.aggregate_strings(gemeente.name, ", "))
             .select_from(trajectory_gemeenten)
             .join(gemeente, gemeente.id == trajectory_gemeenten.c.gemeente_id)
             .where(trajectory_gemeenten.c.trajectory_id == Trajectory.id).scalar_subquery())
    applicant = select(Gemeente.name).where(Gemeente.id == Request.gemeente_id).scalar_subquery()
    return func.coalesce(names, applicant)


def response(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> Response:
    """Count the forms received, the trajectories completed and the completed ones with a form, on ``as_of``."""
    counts = levels.as_of(session, as_of, filters)
    if counts is not None:
        return Response(as_of, *(int(counts[name].sum()) for name in ("forms", "completed", "answered")))
    forms = session.execute(select(func.count()).select_from(_received(as_of, filters).subquery())).scalar_one()
    has_form = exists(select(Evaluation.id).where(Evaluation.trajectory_id == Trajectory.id,
                                                  Evaluation.received_on <= as_of))
    completed, answered = session.execute(
        select(func.count(), func.count().filter(has_form))
        .select_from(Trajectory)
        .join(Request, Request.id == Trajectory.request_id)
        .where(Trajectory.completed_on <= as_of, request_condition(filters))
    ).one()
    return Response(as_of, int(forms), int(completed), int(answered))


def mark_distribution(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per aspect and mark: how many forms gave that mark (aspect, label, mark, count); only marks given."""
    cells = list(MARK_COUNTS)
    levelled = levels.as_of(session, as_of, filters)
    if levelled is not None:
        counts = [int(levelled[MARK_COUNTS[cell]].sum()) for cell in cells]
    else:
        forms = _received(as_of, filters).subquery()
        counts = session.execute(select(*(
            func.coalesce(func.sum(case((forms.c[column] == mark, 1), else_=0)), 0) for column, mark in cells
        ))).one()  # one pass over the forms: a count per aspect and mark
    rows = [(column, mark, count) for (column, mark), count in zip(cells, counts) if count]
    frame = pd.DataFrame(rows, columns=["aspect", "mark", "count"])
    order = {column: index for index, column in enumerate(EVALUATION_ASPECTS)}
    frame = frame.sort_values(["aspect", "mark"], key=lambda s: s.map(order) if s.name == "aspect" else s)
    frame.insert(1, "label", [EVALUATION_ASPECTS[a] for a in frame["aspect"]])
    return frame.astype({"mark": "int64", "count": "int64"}).reset_index(drop=True)


def aspect_summary(distribution: pd.DataFrame) -> pd.DataFrame:
    """Per aspect (in the form's order): label, forms, mean and 95% t-interval, from ``mark_distribution``."""
    records = []
    for column, label in EVALUATION_ASPECTS.items():
        rows = distribution[distribution["aspect"] == column]
        stats = mean_interval_from_counts(dict(zip(rows["mark"], rows["count"])))
        records.append((column, label, stats.n, stats.mean, stats.low, stats.high))
    frame = pd.DataFrame(records, columns=["aspect", "label", "forms", "mean", "ci_low", "ci_high"])
    return frame.astype({"mean": "float64", "ci_low": "float64", "ci_high": "float64"})


def overall_mark(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> MeanInterval:
    """The mean mark over all aspects of all forms, with its 95% t-interval over the forms' own means."""
    counts = levels.as_of(session, as_of, filters)
    if counts is not None:
        n, sums, squares = (int(counts[name].sum()) for name in MOMENTS)
    else:
        forms = _received(as_of, filters).subquery()
        columns = [forms.c[column] for column in EVALUATION_ASPECTS]
        total = columns[0]
        for column in columns[1:]:
            total = total + column
        n, sums, squares = session.execute(
            select(func.count(), func.coalesce(func.sum(total), 0), func.coalesce(func.sum(total * total), 0))
        ).one()
    return _moments(n, sums, squares)


def _moments(n: int, sums, squares) -> MeanInterval:
    """The mean form mark and its interval from the number of forms and the sums of their totals and squares."""
    return mean_interval_from_moments(n, float(sums) / ASPECTS, float(squares) / ASPECTS ** 2)


def _group_key(dimension: str):
    """The SQL expression a breakdown groups on, and the joins it needs, for ``dimension``."""
    if dimension == "organisation":
        return Organisation.name, Organisation.id, lambda q: q.join(Organisation,
                                                                   Organisation.id == Trajectory.organisation_id)
    if dimension == "province":
        return Province.name, Province.id, lambda q: q.join(Province, Province.id == Trajectory.province_id)
    if dimension == "applicant_type":
        return Request.applicant_type, Request.applicant_type, lambda q: q
    if dimension == "theme":
        return RequestTheme.theme, RequestTheme.theme, lambda q: q.join(RequestTheme,
                                                                       RequestTheme.request_id == Request.id)
    if dimension == "month":
        month = month_start(Evaluation.received_on)
        return month, month, lambda q: q
    raise ValueError(f"onbekende uitsplitsing: {dimension}")


def _label(dimension: str, key) -> str:
    """The Dutch label of a group key."""
    value = getattr(key, "value", key)
    if dimension == "applicant_type":
        return APPLICANT_LABELS.get(value, str(value))
    if dimension == "theme":
        return THEME_LABELS.get(value, str(value))
    if dimension == "month":
        return month_label(value)
    return str(value)


def month_label(month: dt.date) -> str:
    """'mrt 2007' for the month starting on ``month``."""
    return f"{formatting.MONTHS[month.month - 1]} {month.year}"


def breakdown(session: Session, dimension: str, as_of: dt.date, filters: Filters = NO_FILTERS,
              last: int | None = None) -> pd.DataFrame:
    """Per group of ``dimension``: forms and mean mark with 95% t-interval (key, label, forms, mean, ci_*).

    Groups without forms are left out, except months: every month from the
    first form to ``as_of`` is listed, so time runs without gaps (only the last ``last`` months, if given).
    The caller applies the small-number rule (``dashboard.statistics.suppress_small_groups``).
    """
    rows = _levelled_groups(session, dimension, as_of, filters, last)
    if rows is None:
        rows = _counted_groups(session, dimension, as_of, filters)
    records = []
    for value, n, sums, squares in rows:
        stats = _moments(n, sums, squares)
        records.append((getattr(value, "value", value), _label(dimension, value), int(n), stats.mean, stats.low,
                        stats.high))
    frame = pd.DataFrame(records, columns=BREAKDOWN_COLUMNS)
    if dimension == "applicant_type":
        order_of = {code: index for index, code in enumerate(APPLICANT_LABELS)}
        frame = frame.sort_values("key", key=lambda s: s.map(order_of), kind="stable")
    elif dimension == "theme":
        order_of = {code: index for index, code in enumerate(THEME_LABELS)}
        frame = frame.sort_values("key", key=lambda s: s.map(order_of), kind="stable")
    elif dimension == "month" and not frame.empty:
        frame = _every_month(frame, as_of)
        if last is not None:
            frame = frame.tail(last)
    return frame.astype({"forms": "int64", "mean": "float64", "ci_low": "float64",
                         "ci_high": "float64"}).reset_index(drop=True)


def _counted_groups(session: Session, dimension: str, as_of: dt.date, filters: Filters) -> list[tuple]:
    """(key, forms, sum of totals, sum of squares) per group with forms, counted from the forms themselves."""
    key, order, join = _group_key(dimension)
    total = form_total()
    query = join(
        select(key.label("key"), func.count(Evaluation.id), func.sum(total), func.sum(total * total))
        .select_from(Evaluation)
        .join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
    ).where(Evaluation.received_on <= as_of, request_condition(filters)).group_by(key, order).order_by(order)
    return [tuple(row) for row in session.execute(query).all()]


def _levelled_groups(session: Session, dimension: str, as_of: dt.date, filters: Filters,
                     last: int | None) -> list[tuple] | None:
    """``_counted_groups`` from the monthly levels, in the same order; None when they are stale.

    Months come from the differences of the month-end levels: the last ``last`` months, or all.
    """
    if dimension == "month":
        return _levelled_months(session, as_of, filters, last)
    if dimension not in LEVEL_GROUPS:
        raise ValueError(f"onbekende uitsplitsing: {dimension}")
    column, named = LEVEL_GROUPS[dimension]
    # Two readings serve the four breakdowns: who did it and where (nearly one province an organisation), of
    # just the moments of the marks, and the applicant and theme groups the other counts of the page read anyway
    # (of every measure).
    if named is not None:
        counts = levels.as_of(session, as_of, filters, by=("organisation_id", "trajectory_province_id"),
                              measures=MOMENTS)
    else:
        counts = levels.as_of(session, as_of, filters)
    if counts is None:
        return None
    if dimension == "theme":
        groups = {theme: levels.with_theme(counts, theme)[list(MOMENTS)].sum() for theme in sorted(THEME_LABELS)}
    else:
        groups = {value: row for value, row in counts.groupby(column)[list(MOMENTS)].sum().iterrows()}
    groups = {value: row for value, row in groups.items() if row["forms"]}
    if named is not None:
        names = dict(session.execute(select(named.id, named.name).where(named.id.in_([int(v) for v in groups]))
                                     .order_by(named.id)).all())
        groups = {names[int(value)]: groups[value] for value in sorted(groups, key=int)}
    return [(value, *(int(row[name]) for name in MOMENTS)) for value, row in groups.items()]


def months_until(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> dt.date | None:
    """The day the chart of marks per month runs to: the last form received on or before ``as_of`` (None
    without forms), so that its window of months holds the months in which forms came in, not only the last
    months before ``as_of`` (a date long after the programme)."""
    return session.execute(
        select(func.max(Evaluation.received_on))
        .join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
        .where(Evaluation.received_on <= as_of, request_condition(filters))
    ).scalar_one()


def _levelled_months(session: Session, as_of: dt.date, filters: Filters, last: int | None) -> list[tuple] | None:
    """Per month up to ``as_of`` with forms: (first day, forms, sum of totals, sum of squares), from the levels."""
    coverage = levels.current(session)
    if coverage is None:
        return None
    final = levels.month_number(as_of)
    first = final - last + 1 if last is not None else min(coverage.first_month or final, final)
    ends = levels.month_ends(session, first - 1, final - 1, filters, list(MOMENTS))
    now = levels.as_of(session, as_of, filters)
    cumulative = pd.concat([ends, pd.DataFrame([{name: now[name].sum() for name in MOMENTS}])])
    new = cumulative.diff().iloc[1:].astype("int64")
    months = [(levels.first_day(first + index), *row) for index, row in enumerate(new.itertuples(index=False))]
    if ends["forms"].iloc[0]:  # forms before the window: every month of it is listed
        return months
    return [month for month in months if month[1]]  # else from the first month with forms, as ``_every_month``


def _every_month(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Add the months without forms between the first form's month and ``as_of``'s month."""
    known = {key: row for key, row in zip(frame["key"], frame.itertuples(index=False))}
    months = pd.period_range(min(known), as_of, freq="M").to_timestamp().date
    records = [tuple(known[month]) if month in known else (month, month_label(month), 0, None, None, None)
               for month in months]
    return pd.DataFrame(records, columns=BREAKDOWN_COLUMNS)


def _low_marks(as_of: dt.date, filters: Filters, below: int, *columns) -> Select:
    """``columns`` of the forms received by ``as_of`` within ``filters`` with an aspect marked below ``below``
    (joined to their trajectory and request); the lowest mark is the first column of an index on the forms."""
    return (
        select(*columns)
        .select_from(Evaluation)
        .join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
        .where(lowest_mark() < below, Evaluation.received_on <= as_of, request_condition(filters))
    )


def low_mark_forms(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, below: int = LOW_MARK,
                   limit: int | None = MAX_LISTED) -> pd.DataFrame:
    """The ``limit`` forms received by ``as_of`` with the lowest marks among those with an aspect below ``below``.

    Ordered in SQL by the lowest aspect, then the form's mean, date and trajectory: the order of the index
    on the forms' lowest mark, so only the forms listed are read; ``low_mark_count`` tells how many there
    are in all, ``limit=None`` lists every one (for downloads).
    """
    lowest = lowest_mark()
    query = (
        _low_marks(as_of, filters, below, Trajectory.nr, _names_or_applicant(), Province.name, Organisation.name,
                   Evaluation.received_on, lowest, form_total() / float(ASPECTS), *MARK_COLUMNS, Evaluation.remarks)
        .join(Province, Province.id == Trajectory.province_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .order_by(lowest, form_total(), Evaluation.received_on, Trajectory.nr)
    )
    if limit is not None:
        query = query.limit(limit)
    frame = pd.DataFrame(session.execute(query).all(), columns=[
        "nr", "gemeenten", "province", "organisation", "received_on", "lowest", "mean", *EVALUATION_ASPECTS,
        "remarks"])
    return frame.astype({"lowest": "int64", "mean": "float64"})


def low_mark_count(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, below: int = LOW_MARK) -> int:
    """How many forms received by ``as_of`` have at least one aspect marked below ``below``."""
    counts = levels.as_of(session, as_of, filters) if below == LOW_MARK else None
    if counts is not None:
        return int(counts["low_forms"].sum())
    return session.execute(_low_marks(as_of, filters, below, func.count())).scalar_one()


def _owed(as_of: dt.date, filters: Filters) -> ColumnElement[bool]:
    """A condition on ``Trajectory`` joined to ``Request``: completed by ``as_of`` without a form by then."""
    has_form = exists(select(Evaluation.id).where(Evaluation.trajectory_id == Trajectory.id,
                                                  Evaluation.received_on <= as_of))
    return and_(Trajectory.completed_on <= as_of, in_programme(Trajectory.programme_id, filters),
                request_condition(filters), ~has_form)


def owed_forms(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS,
               limit: int | None = MAX_LISTED) -> pd.DataFrame:
    """The ``limit`` trajectories completed by ``as_of`` that have waited longest for their form, longest first.

    ``owed_count`` tells how many there are in all; ``limit=None`` lists every one (for downloads).
    """
    query = (
        select(Trajectory.nr, _names_or_applicant(), Province.name, Organisation.name, Advisor.name,
               Trajectory.completed_on)
        .select_from(Trajectory)
        .join(Request, Request.id == Trajectory.request_id)
        .join(Province, Province.id == Trajectory.province_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .outerjoin(Advisor, Advisor.id == Trajectory.advisor_id)
        .where(_owed(as_of, filters))
        .order_by(Trajectory.completed_on, Trajectory.nr)
    )
    if limit is not None:
        query = query.limit(limit)
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["nr", "gemeenten", "province", "organisation", "advisor", "completed_on"])
    frame["days_waiting"] = pd.Series([(as_of - day).days for day in frame["completed_on"]], dtype="int64")
    return frame


def owed_count(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS) -> int:
    """How many trajectories completed by ``as_of`` had no form by then."""
    counts = levels.as_of(session, as_of, filters)
    if counts is not None:
        return int(counts["completed"].sum() - counts["answered"].sum())
    return session.execute(
        select(func.count()).select_from(Trajectory).join(Request, Request.id == Trajectory.request_id)
        .where(_owed(as_of, filters))
    ).scalar_one()


def remarks(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS, search: str = "",
            limit: int = MAX_REMARKS) -> pd.DataFrame:
    """Forms received by ``as_of`` with remarks, newest first, optionally matching ``search`` (text or gemeente)."""
    query = (
        select(Trajectory.nr, _names_or_applicant(), Organisation.name, Evaluation.received_on,
               form_total() / float(ASPECTS), Evaluation.remarks)
        .select_from(Evaluation)
        .join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
        .join(Request, Request.id == Trajectory.request_id)
        .join(Organisation, Organisation.id == Trajectory.organisation_id)
        .where(Evaluation.received_on <= as_of, request_condition(filters),
               func.length(func.trim(Evaluation.remarks)) > 0)
        .order_by(Evaluation.received_on.desc(), Trajectory.nr)
        .limit(limit)
    )
    term = (search or "").strip()
    if term:
        query = query.where(or_(
            Evaluation.remarks.icontains(term, autoescape=True),
            exists(select(trajectory_gemeenten.c.gemeente_id)
                   .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)
                   .where(and_(trajectory_gemeenten.c.trajectory_id == Trajectory.id,
                               Gemeente.name.icontains(term, autoescape=True)))),
        ))
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["nr", "gemeenten", "organisation", "received_on", "mean", "remarks"])
    return frame.astype({"mean": "float64"})


def _rounded(value: float | None, digits: int) -> float | None:
    """Round for JSON, keeping None (and NaN as None)."""
    return None if value is None or value != value else round(float(value), digits)


def evaluation_figures(session: Session, as_of: dt.date, filters: Filters = NO_FILTERS,
                       threshold: int = 5) -> dict:
    """The evaluation figures on ``as_of`` as a JSON-ready dict: the contract of ``/api/v1/evaluations``.

    With fewer than ``threshold`` forms in the selection the marks are left out
    (``null``) and ``suppressed`` is true, as on the page.
    """
    answered = response(session, as_of, filters)
    aspects = aspect_summary(mark_distribution(session, as_of, filters))
    overall = overall_mark(session, as_of, filters)
    suppressed = 0 < answered.forms < threshold

    def shown(value: float | None, digits: int) -> float | None:
        return None if suppressed else _rounded(value, digits)

    return {
        "as_of": as_of.isoformat(),
        "forms": answered.forms,
        "completed": answered.completed,
        "owed": answered.owed,
        "response_rate": _rounded(answered.rate, 3),
        "mean": shown(overall.mean, 1),
        "ci_low": shown(overall.low, 2),
        "ci_high": shown(overall.high, 2),
        "suppressed": suppressed,
        "aspects": {
            row.aspect.removeprefix("mark_"): {"label": row.label, "mean": shown(row.mean, 2),
                                               "ci_low": shown(row.ci_low, 2), "ci_high": shown(row.ci_high, 2),
                                               "forms": int(row.forms)}
            for row in aspects.itertuples()
        },
    }
