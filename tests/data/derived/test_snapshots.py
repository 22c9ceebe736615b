"""Monthly levels: counts from them (and the Kaart's from the gemeente levels) equal the counts from the base
tables on any date and for any filters,
every writer leaves them in step with the data, and levels that are not are never used; the Tijdlijn's
window of the last periods is the end of the whole timeline; the Evaluaties page's counts agree too."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import pandas as pd
import pytest
from sqlalchemy import MetaData, Table, func, select, update
from sqlalchemy.orm import Session

from dashboard.data.sources import synth
from dashboard.data.derived import snapshots
from dashboard.data.schema import db
from dashboard.data.transfer.importing import import_sources
from dashboard.data.schema.models import DataVersion, Request, SnapshotState, Trajectory, monthly_levels, monthly_totals
from dashboard.data.queries import coverage, evaluations, progress, summary, timeline
from dashboard.data.queries.filters import NO_FILTERS, Filters
from dashboard.data.sources.simulator import simulate
from tests.data.transfer.test_import import story_sources
from tests.data.schema.test_migrations import migrate
from tests.data.sources.test_simulator import fake_clock

RECONSTRUCTION_FILTERS = [
    NO_FILTERS, Filters(province="Utrecht"), Filters(province="Groningen"), Filters(theme="beleid"),
    Filters(theme="zorg"), Filters(applicant_type="steunpunt"), Filters(organisation="CMO Groningen"),
    Filters(organisation="MOVISIE", theme="infrastructuur"), Filters(province="Limburg", applicant_type="gemeente"),
    Filters(province="Nergensland"), Filters(theme="geen-thema"),
]


def month_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first, the 14th and the last day of every month from ``first``'s to ``last``'s."""
    days, month = [], first.replace(day=1)
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        days += [month, month.replace(day=14), following - dt.timedelta(days=1)]
        month = following
    return days


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame``, a missing value as None (NaN never equals itself) and means to 10 decimals
    (PostgreSQL divides in decimals, Python in floats)."""
    frame = frame.copy()
    for column in ("mean_mark", "share"):
        if column in frame:
            frame[column] = frame[column].astype("float64").round(10)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def counts(session: Session, day: dt.date, filters: Filters) -> tuple:
    """Everything the Overzicht counts on ``day`` within ``filters``."""
    return (summary.headline(session, day, filters),
            progress.funnel(session, day, filters).to_dict("records"),
            progress.requests_by(session, "applicant_type", day, filters).to_dict("records"),
            progress.requests_by(session, "channel", day, filters).to_dict("records"),
            progress.trajectories_by_theme(session, day, filters).to_dict("records"))


def kaart_counts(session: Session, day: dt.date, filters: Filters) -> tuple:
    """Everything the Kaart counts on ``day`` within ``filters``."""
    return (records(coverage.province_metrics(session, day, filters)),
            records(coverage.gemeente_points(session, day, filters)),
            records(coverage.coverage_by_month(session, day, filters)),
            coverage.waiting_count(session, day, filters))


KAART_EVERY = 3
"""The Kaart's counts are compared in every third case (and the last): counting its points from the base
tables is what takes long, and a third of the days still covers every part of a month and every filter."""


def assert_levels_agree(session: Session, cases: Iterable[tuple[dt.date, Filters]]) -> None:
    """The counts from the levels equal those from the base tables (the levels made stale) in every case."""
    cases = list(cases)
    kaart_cases = [*cases[:-1:KAART_EVERY], cases[-1]]
    assert snapshots.current(session) is not None, "the levels should be in step with the data"
    from_levels = [counts(session, day, filters) for day, filters in cases]
    kaart_from_levels = [kaart_counts(session, day, filters) for day, filters in kaart_cases]
    session.execute(update(SnapshotState).values(data_version=-1))
    assert snapshots.current(session) is None
    for (day, filters), levelled in zip(cases, from_levels):
        head, *rest = counts(session, day, filters)
        assert rest == list(levelled[1:]), (day, filters)
        for base in (head, summary.headline_from_base_tables(session, day, filters)):
            assert_same_headline(levelled[0], base)
    for (day, filters), levelled in zip(kaart_cases, kaart_from_levels):
        assert kaart_counts(session, day, filters) == levelled, (day, filters)
    session.rollback()


def assert_same_headline(levelled: summary.Headline, base: summary.Headline) -> None:
    """Equal counts; means equal but for the last bits (PostgreSQL averages in decimals, Python in floats)."""
    got, expected = dataclasses.asdict(levelled), dataclasses.asdict(base)
    for means, key in ((got, "evaluation_mean"), (got["dagdelen"], "mean")):
        means[key] = pytest.approx(means[key], rel=1e-12) if means[key] is not None else None
    assert got == expected


def test_the_reconstruction_on_every_month_and_filter(session):
    days = month_days(dt.date(2006, 3, 1), dt.date(2008, 4, 30))
    cases = [(day, NO_FILTERS) for day in days]
    cases += [(day, filters) for day in days[1::6] + days[2::6] for filters in RECONSTRUCTION_FILTERS[1:]]  # 14th, end
    cases += [(dt.date(1999, 1, 1), NO_FILTERS), (dt.date(2030, 6, 15), Filters(theme="beleid"))]
    assert_levels_agree(session, cases)


@pytest.mark.parametrize("day,month", [(dt.date(2007, 11, 29), 2007 * 12 + 9), (dt.date(2007, 11, 30), 2007 * 12 + 10)])
def test_the_levels_are_read_not_the_base_tables(session, day, month):
    """With the levels in step, the headline reads one month of levels and the month's changes (on a month's
    last day that month's level alone), so the counts follow the levels: an edited level shows (and proves
    the base tables were not counted)."""
    before = summary.headline(session, day)
    session.execute(update(monthly_levels).where(monthly_levels.c.month == month)
                    .values(received=monthly_levels.c.received + 1))
    session.info.clear()
    assert summary.headline(session, day).requests == before.requests + monthly_levels_rows(session, month)
    session.rollback()


def monthly_levels_rows(session: Session, month: int) -> int:
    """How many rows the levels of ``month`` have."""
    return session.execute(select(func.count()).select_from(monthly_levels)
                           .where(monthly_levels.c.month == month)).scalar_one()


def test_a_synthetic_programme_with_hand_overs_and_national_organisations(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'synth.sqlite'}")
    synth.synthesize(engine, 6_000, 3, per_year=2_000)
    with Session(engine) as session:
        organisations = [name for name, in session.execute(select(func.distinct(Trajectory.organisation_id)))]
        assert len(organisations) > 12
        names = ["CMO Groningen", "MOVISIE", "DSP-groep", "Zet"]
        filters = [NO_FILTERS, Filters(province="Noord-Brabant"), Filters(theme="doelgroepen"),
                   *(Filters(organisation=name) for name in names), Filters(province="Gelderland", theme="beleid",
                                                                            applicant_type="beide"),
                   Filters(province="Groningen", organisation="CMO Groningen"), Filters(applicant_type="steunpunt")]
        # (ten filter sets: the Kaart's every third case meets each of them)
        first, last = session.execute(select(func.min(Request.received_on), func.max(Request.received_on))).one()
        days = month_days(first, last)
        cases = [(day, f) for day in days[::9] + days[2::9] for f in filters]  # the first and last of months
        assert_levels_agree(session, cases + [(last, NO_FILTERS)])
    engine.dispose()


def test_an_import_leaves_them_in_step(reference_url):
    engine = db.make_engine(reference_url)
    assert import_sources(engine, story_sources()).written
    with Session(engine) as session:
        assert summary.headline(session, dt.date(2007, 12, 31)).requests == 2
        assert_levels_agree(session, [(day, NO_FILTERS) for day in month_days(dt.date(2006, 9, 1),
                                                                              dt.date(2007, 7, 31))])
    engine.dispose()


def test_every_step_of_a_replay_leaves_them_in_step(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'replay.sqlite'}")
    checked = []

    def check(_line: str) -> None:
        with Session(engine) as session:
            last = session.execute(select(func.max(Request.received_on))).scalar_one()
            if last is None:  # the reference data only, before the first request
                return
            assert_levels_agree(session, [(last, NO_FILTERS), (last, Filters(province="Utrecht"))])
            checked.append(last)

    simulate(engine, dt.date(2006, 6, 1), speed=86_400 * 20, until=dt.date(2006, 10, 31), clock=fake_clock(1.0),
             sleep=lambda _: None, report=check)
    assert len(checked) >= 5
    engine.dispose()


def test_levels_of_another_data_version_are_never_used(demo_copy_url):
    """A writer of an older release (or one that forgets to rebuild) bumps the version but leaves the levels
    behind: the counts come from the base tables until the next rebuild, so they are right either way."""
    engine = db.make_engine(demo_copy_url)
    day, steunpunt = dt.date(2007, 11, 30), Filters(applicant_type="steunpunt")
    with Session(engine) as session:
        before = summary.headline(session, day, steunpunt)
    with db.write_session(engine) as session:
        first = select(func.min(Request.id)).where(Request.applicant_type == "gemeente").scalar_subquery()
        session.execute(update(Request).where(Request.id == first).values(applicant_type="steunpunt"))
        session.execute(update(DataVersion).values(version=DataVersion.version + 1))
    with Session(engine) as session:
        assert snapshots.current(session) is None
        assert summary.headline(session, day, steunpunt).requests == before.requests + 1
    db.upgrade(engine)  # every start brings them back in step
    with Session(engine) as session:
        assert snapshots.current(session) is not None
        assert summary.headline(session, day, steunpunt).requests == before.requests + 1
        assert_levels_agree(session, [(day, steunpunt), (dt.date(2007, 11, 28), NO_FILTERS)])
    engine.dispose()


def test_the_migration_builds_them_for_existing_data(demo_copy_url):
    engine = db.make_engine(demo_copy_url)
    migrate(engine, "0007", down=True)
    db.upgrade(engine)
    with Session(engine) as session:
        assert monthly_levels_rows(session, 2007 * 12 + 10) > 0
        assert_levels_agree(session, [(dt.date(2007, 11, 30), NO_FILTERS), (dt.date(2006, 12, 31), NO_FILTERS)])
    engine.dispose()


def test_the_totals_are_the_levels_summed(demo_copy_url):
    """The migration that adds ``monthly_totals`` fills them from the levels in step, as a rebuild does."""
    engine = db.make_engine(demo_copy_url)
    migrate(engine, "0011", down=True)  # before the totals
    migrate(engine, "0012")
    with Session(engine) as session:  # the tables as they were then, without the programme (0017)
        assert snapshots.current(session) is not None
        totals, levels = (Table(name, MetaData(), autoload_with=session.connection())
                          for name in ("monthly_totals", "monthly_levels"))
        migrated = session.execute(select(totals).order_by(totals.c.month)).all()
        assert len(migrated) > 20
        ranges = {"dagdelen_min": func.min, "dagdelen_max": func.max}
        summed = select(levels.c.month, *(ranges.get(c.name, func.sum)(levels.c[c.name]) for c in totals.c
                                          if c.name != "month")).group_by(levels.c.month).order_by(levels.c.month)
        assert migrated == session.execute(summed).all()
    migrate(engine, "head")  # later migrations may ask for a rebuild (0013 and 0014 do)
    with Session(engine) as session:
        snapshots.rebuild(session)
        measures = [c for c in monthly_totals.c if c.name != "programme_id"]
        assert session.execute(select(*measures).order_by(monthly_totals.c.month)).all() == migrated
    engine.dispose()


def assert_window_is_the_tail(session: Session, days: list[dt.date], filters: list[Filters],
                              lasts: dict[str, list[int]], since: dt.date | None) -> None:
    """The Tijdlijn's last periods, from the levels, are the last rows of the whole timeline, to the count."""
    for day in days:
        for f in filters:
            for freq, counts in lasts.items():
                whole = timeline.timeline(session, day, f, freq, since)
                for last in counts:
                    expected = whole.tail(last).reset_index(drop=True)
                    windowed = timeline.timeline(session, day, f, freq, since, last=last)
                    pd.testing.assert_frame_equal(windowed, expected, check_dtype=False, obj=f"{day} {f} {freq} {last}")
                lead = timeline.lead_times(session, day, f, freq)
                first = lead["period_start"].isin(set(whole.tail(counts[0])["period_start"]))
                pd.testing.assert_frame_equal(timeline.lead_times(session, day, f, freq, last=counts[0]),
                                              lead[first].reset_index(drop=True), check_dtype=False)


def test_the_tijdlijn_window_on_the_reconstruction(session):
    days = [dt.date(2006, 5, 20), dt.date(2006, 10, 1), dt.date(2007, 6, 30), dt.date(2007, 11, 30),
            dt.date(2008, 3, 4)]
    assert_window_is_the_tail(session, days, RECONSTRUCTION_FILTERS[:4] + [Filters(organisation="MOVISIE")],
                              {"month": [4, 9], "week": [7, 30]}, since=dt.date(2006, 3, 1))


def test_the_tijdlijn_window_on_a_long_synthetic_programme(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'lang.sqlite'}")
    synth.synthesize(engine, 3_000, 5, per_year=300)  # ten years
    with Session(engine) as session:
        last = session.execute(select(func.max(Request.received_on))).scalar_one()
        with_levels = timeline.timeline(session, last, NO_FILTERS, "month", last=60)
        assert len(with_levels) == 60 and with_levels["received_cum"].iloc[0] > with_levels["received"].iloc[0]
        assert_window_is_the_tail(session, [last, last - dt.timedelta(days=400)],
                                  [NO_FILTERS, Filters(province="Zeeland"), Filters(theme="zorg")],
                                  {"month": [60, 13], "week": [156]}, since=None)
    engine.dispose()


def evaluation_counts(session: Session, day: dt.date, filters: Filters) -> dict:
    """Everything the Evaluaties page counts on ``day`` within ``filters`` (the months: the last 13)."""
    counts = {"response": evaluations.response(session, day, filters),
              "overall": evaluations.overall_mark(session, day, filters),
              "distribution": evaluations.mark_distribution(session, day, filters),
              "low": evaluations.low_mark_count(session, day, filters),
              "owed": evaluations.owed_count(session, day, filters),
              "months": evaluations.breakdown(session, "month", day, filters, last=13)}
    for dimension in evaluations.LEVEL_GROUPS:
        counts[dimension] = evaluations.breakdown(session, dimension, day, filters)
    return counts


def assert_evaluations_agree(session: Session, cases: list[tuple[dt.date, Filters]]) -> None:
    """The Evaluaties page's counts from the levels equal those from the forms themselves in every case."""
    assert snapshots.current(session) is not None
    from_levels = [evaluation_counts(session, day, filters) for day, filters in cases]
    session.execute(update(SnapshotState).values(data_version=-1))
    for (day, filters), levelled in zip(cases, from_levels):
        base = evaluation_counts(session, day, filters)
        base["months"] = evaluations.breakdown(session, "month", day, filters).tail(13).reset_index(drop=True)
        for name, value in levelled.items():
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(value, base[name], check_dtype=False, obj=f"{name} {day} {filters}")
            elif dataclasses.is_dataclass(value):
                expected = dataclasses.asdict(base[name])
                assert dataclasses.asdict(value) == {
                    key: pytest.approx(field, rel=1e-12) if isinstance(field, float) else field
                    for key, field in expected.items()}
            else:
                assert value == base[name], (name, day, filters)
    session.rollback()


def test_the_evaluations_on_the_reconstruction(session):
    days = [dt.date(2006, 11, 15), dt.date(2007, 6, 30), dt.date(2007, 11, 30), dt.date(2008, 3, 4)]
    assert_evaluations_agree(session, [(day, f) for day in days for f in RECONSTRUCTION_FILTERS])


def test_the_evaluations_on_a_synthetic_programme(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'evaluaties.sqlite'}")
    synth.synthesize(engine, 4_000, 7, per_year=1_000)
    with Session(engine) as session:
        last = session.execute(select(func.max(Request.received_on))).scalar_one()
        filters = [NO_FILTERS, Filters(province="Friesland"), Filters(theme="beleid", applicant_type="gemeente"),
                   Filters(organisation="DSP-groep")]
        assert_evaluations_agree(session, [(day, f) for day in (last, last - dt.timedelta(days=500)) for f in filters])
    engine.dispose()
