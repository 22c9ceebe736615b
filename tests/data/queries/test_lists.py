"""The bounded lists and the lead times read only the rows they show through indexes; their results equal a
straightforward computation over the trajectories themselves, on the reconstruction at many dates and on a
synthetic programme with hand-overs, with and without filters."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import EVALUATION_ASPECTS, Request, SnapshotState, Trajectory
from dashboard.data.queries import evaluations, timeline
from dashboard.data.queries.filters import NO_FILTERS, Filters
from dashboard.data.queries.trajectories import trajectory_rows
from tests.data.derived.test_snapshots import RECONSTRUCTION_FILTERS
from tests.data.synthetic_programmes import synthetic_session

RECONSTRUCTION_DAYS = [dt.date(2006, 5, 20), dt.date(2006, 10, 1), dt.date(2006, 12, 31), dt.date(2007, 6, 30),
                       dt.date(2007, 11, 30), dt.date(2008, 3, 4), dt.date(2030, 1, 1)]
SYNTHETIC_FILTERS = [NO_FILTERS, Filters(province="Noord-Brabant"), Filters(theme="doelgroepen"),
                     Filters(organisation="MOVISIE"), Filters(organisation="CMO Groningen"),
                     Filters(province="Gelderland", theme="beleid", applicant_type="beide")]


def within(request: Request, filters: Filters) -> bool:
    """Whether ``request`` matches ``filters`` (the organisation: of its trajectory, if any)."""
    trajectory = request.trajectory
    return ((not filters.province or request.gemeente.province.name == filters.province)
            and (not filters.organisation
                 or (trajectory is not None and trajectory.organisation.name == filters.organisation))
            and (not filters.theme or filters.theme in [t.theme.value for t in request.themes])
            and (not filters.applicant_type or request.applicant_type.value == filters.applicant_type))


def trajectories(session: Session) -> list[Trajectory]:
    """Every trajectory, by number, with what the references read (loaded once per session)."""
    if "trajectories" not in session.info:
        session.info["trajectories"] = list(session.execute(
            select(Trajectory).order_by(Trajectory.nr).options(
                selectinload(Trajectory.gemeenten), selectinload(Trajectory.evaluation),
                selectinload(Trajectory.province), selectinload(Trajectory.organisation),
                selectinload(Trajectory.request).selectinload(Request.history),
                selectinload(Trajectory.request).selectinload(Request.themes),
                selectinload(Trajectory.request).selectinload(Request.gemeente)))
            .scalars())
    return session.info["trajectories"]


def same_rows(got: list[tuple], expected: list[tuple]) -> bool:
    """Whether the list rows ``got`` equal ``expected``, whose gemeenten (column 1) are a set: the database
    joins a trajectory's gemeenten in no particular order (and a name can hold a comma)."""
    return len(got) == len(expected) and all(
        row[:1] + row[2:] == wanted[:1] + wanted[2:] and row[1] in {", ".join(names) for names in
                                                                  itertools.permutations(wanted[1])}
        for row, wanted in zip(got, expected))


def _until(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None


def status_on(request: Request, as_of: dt.date) -> str:
    """The Dutch label of the last status ``request`` reached by ``as_of``."""
    return STATUS_LABELS[[change.status for change in request.history if change.changed_on <= as_of][-1]]


def reference_rows(session: Session, as_of: dt.date, filters: Filters, search: str, limit: int) -> list[tuple]:
    """``trajectory_rows`` computed trajectory by trajectory (a result is known once the work was finished; the
    organisation is the one handed over from after the date, with the one that has it now as a later fact)."""
    term = search.strip().lower()
    rows = []
    for t in trajectories(session):
        names = {g.name for g in t.gemeenten}
        if t.started_on is None or t.started_on > as_of or not names or not within(t.request, filters):
            continue
        result = t.result if _until(t.work_finished_on, as_of) else ""
        texts = [result, t.organisation.name, t.province.name, *names]
        if term and not any(term in text.lower() for text in texts):
            continue
        later = sorted((h for h in t.handovers if h.handed_over_on > as_of), key=lambda h: (h.handed_over_on, h.id))
        holder = later[0].from_organisation.name if later else t.organisation.name
        organisation = holder if holder == t.organisation.name else f"{holder} (later: {t.organisation.name})"
        rows.append((t.nr, names, t.province.name, organisation, status_on(t.request, as_of), t.dagdelen,
                     t.request.received_on, _until(t.started_on, as_of), _until(t.work_finished_on, as_of),
                     _until(t.completed_on, as_of), result))
    return rows[:limit]


def assert_rows_match(session: Session, as_of: dt.date, filters: Filters, search: str = "", limit: int = 2_000):
    frame = trajectory_rows(session, as_of, filters, search, limit)
    assert same_rows(list(frame.itertuples(index=False, name=None)),
                     reference_rows(session, as_of, filters, search, limit)), (as_of, filters, search, limit)


def period_of(day: dt.date, freq: str) -> dt.date:
    """The first day of the month or the Monday of the week holding ``day``."""
    return day.replace(day=1) if freq == "month" else day - dt.timedelta(days=day.weekday())


def window_start(as_of: dt.date, freq: str, last: int) -> dt.date:
    """The start of the first of the ``last`` periods up to the one holding ``as_of``."""
    if freq == "week":
        return period_of(as_of, freq) - dt.timedelta(weeks=last - 1)
    months = as_of.year * 12 + as_of.month - 1 - (last - 1)
    return dt.date(months // 12, months % 12 + 1, 1)


def reference_lead_times(session: Session, as_of: dt.date, filters: Filters, freq: str,
                         last: int | None) -> pd.DataFrame:
    """``timeline.lead_times`` computed with ``statistics.median`` over the trajectories' own dates."""
    start = window_start(as_of, freq, last) if last is not None else dt.date.min
    days: dict[tuple[dt.date, str], list[int]] = {}
    for t in trajectories(session):
        if not within(t.request, filters):
            continue
        dates = {"request_to_start": (t.request.received_on, t.started_on),
                 "start_to_work_finished": (t.started_on, t.work_finished_on),
                 "start_to_completed": (t.started_on, t.completed_on)}
        for measure, (first, second) in dates.items():
            if second is not None and second <= as_of and period_of(second, freq) >= start:
                days.setdefault((period_of(second, freq), measure), []).append((second - first).days)
    rows = [(period, timeline.period_label(period, freq), measure, float(statistics.median(values)), len(values))
            for (period, measure), values in sorted(days.items())]
    return pd.DataFrame(rows, columns=["period_start", "label", "measure", "median_days", "n"])


def assert_lead_times_match(session: Session, as_of: dt.date, filters: Filters, freq: str, last: int | None):
    got = timeline.lead_times(session, as_of, filters, freq, last)
    expected = reference_lead_times(session, as_of, filters, freq, last)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=f"{as_of} {filters} {freq} {last}")


def reference_low_marks(session: Session, as_of: dt.date, filters: Filters, below: int) -> list[tuple]:
    """``low_mark_forms`` (all of them) computed form by form, in the list's order."""
    rows = []
    for t in trajectories(session):
        form = t.evaluation
        if form is None or form.received_on > as_of or not within(t.request, filters):
            continue
        marks = [getattr(form, column) for column in EVALUATION_ASPECTS]
        if min(marks) >= below:
            continue
        names = {g.name for g in t.gemeenten} or {t.request.gemeente.name}
        rows.append((t.nr, names, t.province.name, t.organisation.name, form.received_on, min(marks),
                     sum(marks) / len(marks), *marks, form.remarks))
    return sorted(rows, key=lambda row: (row[5], sum(row[7:12]), row[4], row[0]))


def assert_low_marks_match(session: Session, as_of: dt.date, filters: Filters, below: int = evaluations.LOW_MARK):
    expected = reference_low_marks(session, as_of, filters, below)
    for limit in (None, 3, evaluations.MAX_LISTED):
        frame = evaluations.low_mark_forms(session, as_of, filters, below, limit)
        got = [(*row[:6], pytest.approx(row[6]), *row[7:]) for row in frame.itertuples(index=False, name=None)]
        assert same_rows(got, expected[:limit]), (as_of, filters, below, limit)
        assert list(frame.columns) == ["nr", "gemeenten", "province", "organisation", "received_on", "lowest",
                                       "mean", *EVALUATION_ASPECTS, "remarks"]
    assert evaluations.low_mark_count(session, as_of, filters, below) == len(expected)


@pytest.mark.parametrize("as_of", RECONSTRUCTION_DAYS)
def test_the_trajectory_list_on_the_reconstruction(session, as_of):
    for filters in RECONSTRUCTION_FILTERS:
        assert_rows_match(session, as_of, filters)
    for search in ("Heerhugowaard", "noord", "movisie", "zzz", "%"):
        assert_rows_match(session, as_of, NO_FILTERS, search)
    assert_rows_match(session, as_of, Filters(theme="beleid"), "a", limit=7)


@pytest.mark.parametrize("as_of", RECONSTRUCTION_DAYS)
def test_the_lead_times_on_the_reconstruction(session, as_of):
    for filters in RECONSTRUCTION_FILTERS:
        for freq, last in (("month", None), ("month", 4), ("week", None), ("week", 9)):
            assert_lead_times_match(session, as_of, filters, freq, last)


@pytest.mark.parametrize("as_of", RECONSTRUCTION_DAYS)
def test_the_low_marks_on_the_reconstruction(session, as_of):
    for filters in RECONSTRUCTION_FILTERS:
        assert_low_marks_match(session, as_of, filters)
    assert_low_marks_match(session, as_of, NO_FILTERS, below=8)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A session on a synthetic programme of eight years with hand-overs and national organisations."""
    yield from synthetic_session(tmp_path_factory, "lists", 3_000, 11, per_year=400)


def synthetic_days(session: Session) -> list[dt.date]:
    """The last day with data, and two earlier ones."""
    last = session.execute(select(Request.received_on).order_by(Request.received_on.desc()).limit(1)).scalar_one()
    return [last, last - dt.timedelta(days=400), last - dt.timedelta(days=1_500)]


def test_the_lists_on_a_synthetic_programme(synthetic):
    for as_of in synthetic_days(synthetic):
        for filters in SYNTHETIC_FILTERS:
            assert_rows_match(synthetic, as_of, filters)
            assert_rows_match(synthetic, as_of, filters, limit=25)
            assert_low_marks_match(synthetic, as_of, filters)
        assert_rows_match(synthetic, as_of, NO_FILTERS, "gr", limit=40)


def test_the_lead_times_on_a_synthetic_programme(synthetic):
    for as_of in synthetic_days(synthetic):
        for filters in SYNTHETIC_FILTERS:
            assert_lead_times_match(synthetic, as_of, filters, "month", timeline.LEAD_TIME_MONTHS)
        assert_lead_times_match(synthetic, as_of, NO_FILTERS, "month", None)
        assert_lead_times_match(synthetic, as_of, Filters(theme="zorg"), "week", 30)


def test_the_low_mark_count_from_the_forms_equals_the_levels(synthetic):
    as_of = synthetic_days(synthetic)[0]
    levelled = [evaluations.low_mark_count(synthetic, as_of, filters) for filters in SYNTHETIC_FILTERS]
    synthetic.execute(update(SnapshotState).values(data_version=-1))
    assert [evaluations.low_mark_count(synthetic, as_of, filters) for filters in SYNTHETIC_FILTERS] == levelled
    synthetic.rollback()
