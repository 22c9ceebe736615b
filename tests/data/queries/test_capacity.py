"""Capacity, utilisation and signals: a small hand-made database with known answers, and the reconstruction.

The hand-made database (horizon 4 weeks, so capacity = advisors × 4 × dagdelen per week):

- Zet (Noord-Brabant, 2 dagdelen per advisor-week): advisors A1 and A2 from 1 Jan 2020, A3 from 1 Mar.
- Scoop (Zeeland, 5 per week): S1, ill from 10 Feb to 8 Mar 2020, without a hand-over.
- MOVISIE (national, 2 per week): M1, employed until 29 Feb 2020; trajectory 6 goes to Zet A3 on 5 Mar.

| nr | province | intake | carried out by | advisor | dagdelen | started | planned end | work finished | completed |
| 1 | NB | Zet | Zet | A1 | 10 | 6 Jan | 30 Jun | | |
| 2 | NB | Zet | Zet | A2 | 8 | 13 Jan | 30 Jun | 20 Feb | 15 Mar |
| 3 | NB | Zet | Zet | A1 | 12 | 3 Feb | 31 Mar | | |
| 4 | ZE | Scoop | Scoop | S1 | 6 | 6 Jan | 31 Dec | | |
| 5 | ZE | Scoop | Zet | A2 | 4 | 20 Jan | 30 Sep | | |
| 6 | NB | Zet | MOVISIE → Zet | M1 → A3 | 5 | 8 Jan | 31 Dec | | |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from dashboard.data.schema.db import alembic_config, make_engine, upgrade
from dashboard.data.schema.lifecycle import change_status, open_request
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    ApplicantType,
    Channel,
    Gemeente,
    Handover,
    Organisation,
    OrganisationKind,
    Programme,
    Province,
    Request,
    Status,
    Trajectory,
)
from dashboard.data.queries import capacity, signals
from dashboard.data.queries.summary import headline
from dashboard.data.schema.versioning import bump_data_version
from tests.signing_in import signed_in
from tests.data.synthetic_programmes import synthetic_session

D = dt.date
N = 4  # weeks of horizon in the hand-made tests


def add_trajectory(session: Session, nr: int, province: Province, intake: Organisation, organisation: Organisation,
                   advisor: Advisor, dagdelen: int, started: dt.date, planned_end: dt.date,
                   work_finished: dt.date | None = None, completed: dt.date | None = None) -> Trajectory:
    """A request through the lifecycle (received, intake, running, ...) and its trajectory."""
    programme = session.execute(select(func.min(Programme.id))).scalar_one()
    gemeente = Gemeente(name=f"Gemeente {nr}", province=province)
    request = Request(programme_id=programme, gemeente=gemeente, received_on=started - dt.timedelta(days=10),
                      applicant_type=ApplicantType.GEMEENTE, channel=Channel.MAILING)
    open_request(request)
    change_status(request, Status.INTAKE, started - dt.timedelta(days=5))
    request.trajectory = Trajectory(nr=nr, province=province, intake_organisation=intake, organisation=organisation,
                                    advisor=advisor, dagdelen=dagdelen, planned_end_on=planned_end,
                                    gemeenten=[gemeente])
    change_status(request, Status.RUNNING, started)
    if work_finished:
        change_status(request, Status.WORK_FINISHED, work_finished)
    if completed:
        change_status(request, Status.COMPLETED, completed)
    session.add_all([gemeente, request])
    return request.trajectory


@pytest.fixture
def handmade(empty_engine) -> Iterator[Session]:
    """A session on an empty database with the organisations, advisors and trajectories of the module docstring."""
    with Session(empty_engine) as session:
        session.add(Programme(name="Proef", slug="proef", target_requests=10, dagdelen_budget=100, starts_on=D(2020, 1, 1),
                              ends_on=D(2020, 12, 31)))
        nb = Province(code="NB", name="Noord-Brabant", gemeenten_2008=68)
        ze = Province(code="ZE", name="Zeeland", gemeenten_2008=13)
        zet = Organisation(name="Zet", kind=OrganisationKind.CMO, province=nb, dagdelen_per_advisor_week=2.0)
        scoop = Organisation(name="Scoop", kind=OrganisationKind.CMO, province=ze, dagdelen_per_advisor_week=5.0)
        movisie = Organisation(name="MOVISIE", kind=OrganisationKind.LANDELIJK, dagdelen_per_advisor_week=2.0)
        a1, a2 = (Advisor(name=f"Zet {n}", organisation=zet, active_from=D(2020, 1, 1)) for n in ("A1", "A2"))
        a3 = Advisor(name="Zet A3", organisation=zet, active_from=D(2020, 3, 1))
        s1 = Advisor(name="Scoop S1", organisation=scoop, active_from=D(2020, 1, 1))
        m1 = Advisor(name="MOVISIE M1", organisation=movisie, in_pool=False, active_from=D(2020, 1, 1),
                     active_to=D(2020, 2, 29))
        session.add_all([nb, ze, zet, scoop, movisie, a1, a2, a3, s1, m1,
                         Absence(advisor=s1, kind=AbsenceKind.ZIEKTE, starts_on=D(2020, 2, 10),
                                 ends_on=D(2020, 3, 8), note="ziek"),
                         Absence(advisor=m1, kind=AbsenceKind.VERTREK, starts_on=D(2020, 3, 1), note="andere baan")])
        add_trajectory(session, 1, nb, zet, zet, a1, 10, D(2020, 1, 6), D(2020, 6, 30))
        add_trajectory(session, 2, nb, zet, zet, a2, 8, D(2020, 1, 13), D(2020, 6, 30), D(2020, 2, 20), D(2020, 3, 15))
        add_trajectory(session, 3, nb, zet, zet, a1, 12, D(2020, 2, 3), D(2020, 3, 31))
        add_trajectory(session, 4, ze, scoop, scoop, s1, 6, D(2020, 1, 6), D(2020, 12, 31))
        add_trajectory(session, 5, ze, scoop, zet, a2, 4, D(2020, 1, 20), D(2020, 9, 30))
        # Trajectory 6 is stored as it is after its hand-over: carried out by Zet A3.
        six = add_trajectory(session, 6, nb, zet, zet, a3, 5, D(2020, 1, 8), D(2020, 12, 31))
        session.add(Handover(trajectory=six, handed_over_on=D(2020, 3, 5), from_advisor=m1, to_advisor=a3,
                             from_organisation=movisie, to_organisation=zet, reason="Adviseur vertrokken"))
        bump_data_version(session)  # as every writer does: the derived tables follow the data
        session.commit()
        yield session


def rows(session: Session, as_of: dt.date):
    """The workload table indexed by organisation."""
    return capacity.organisation_workload(session, as_of, N).set_index("organisation")


def kinds(session: Session, as_of: dt.date, **kwargs) -> dict[tuple[str, str], tuple[int, ...]]:
    """The signals as {(organisation, kind): trajectories}."""
    return {(s.organisation, s.kind): s.trajectories
            for s in signals.organisation_signals(session, as_of, horizon_weeks=N, **kwargs)}


# --- capacity and utilisation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of,organisation,expected", [
    # (employed, active, capacity, allocated)
    (D(2020, 2, 3), "Zet", (2, 2, 16.0, 34)),       # 2 × 4 weeks × 2; trajectories 1, 2, 3, 5
    (D(2020, 2, 3), "Scoop", (1, 1, 20.0, 6)),      # the illness has not begun
    (D(2020, 2, 3), "MOVISIE", (1, 1, 8.0, 5)),     # trajectory 6 is still MOVISIE's; the departure lies ahead
    (D(2020, 2, 15), "Scoop", (1, 0, 3.6, 6)),      # ill until 8 Mar: 5 of the 28 days left, 5/7 × 5
    (D(2020, 3, 3), "Zet", (3, 3, 24.0, 26)),       # A3 has joined; trajectory 2's work is finished
    (D(2020, 3, 3), "Scoop", (1, 0, 15.7, 6)),      # absent 3-8 Mar: 22 days left, 22/7 × 5
    (D(2020, 3, 3), "MOVISIE", (0, 0, 0.0, 5)),     # M1 has left; trajectory 6 not handed over yet
    (D(2020, 3, 20), "Zet", (3, 3, 24.0, 31)),      # trajectory 6 handed over to Zet on 5 Mar
    (D(2020, 3, 20), "MOVISIE", (0, 0, 0.0, 0)),
])
def test_capacity_and_allocated(handmade, as_of, organisation, expected):
    row = rows(handmade, as_of).loc[organisation]
    assert (row.advisors, row.active_advisors, row.capacity, row.allocated) == expected


@pytest.mark.parametrize("as_of,organisation,utilisation,gap", [
    (D(2020, 2, 3), "Zet", 212.5, 18.0),
    (D(2020, 2, 3), "Scoop", 30.0, 0.0),
    (D(2020, 2, 3), "MOVISIE", 62.5, 0.0),
    (D(2020, 3, 3), "Zet", 26 / 24 * 100, 2.0),
    (D(2020, 3, 3), "MOVISIE", None, 5.0),  # work without capacity: no percentage, the whole work is the gap
    (D(2020, 3, 20), "MOVISIE", None, 0.0),
])
def test_utilisation_and_gap(handmade, as_of, organisation, utilisation, gap):
    row = rows(handmade, as_of).loc[organisation]
    assert row.gap == pytest.approx(gap)
    if utilisation is None:
        assert pd.isna(row.utilisation)
    else:
        assert row.utilisation == pytest.approx(utilisation)


def test_trajectory_counts_follow_intake_execution_and_hand_overs(handmade):
    table = rows(handmade, D(2020, 3, 20))
    zet, scoop, movisie = table.loc["Zet"], table.loc["Scoop"], table.loc["MOVISIE"]
    assert (zet.trajectories_in_province, zet.carried_out, zet.outside_province) == (4, 5, 1)  # nr 5 in Zeeland
    assert (zet.running, zet.completed) == (4, 1)
    assert (scoop.trajectories_in_province, scoop.carried_out, scoop.running) == (2, 1, 1)
    assert movisie.carried_out == 0  # national: no province, so no "in" or "outside" its province
    assert pd.isna(movisie.outside_province) and pd.isna(movisie.trajectories_in_province)
    before = rows(handmade, D(2020, 3, 4))
    assert (before.loc["MOVISIE", "carried_out"], before.loc["Zet", "carried_out"]) == (1, 4)


def test_a_longer_horizon_scales_capacity(handmade):
    eight = capacity.organisation_workload(handmade, D(2020, 2, 3), 8).set_index("organisation")
    assert eight.loc["Zet", "capacity"] == 32.0
    assert capacity.organisation_workload(handmade, D(2020, 2, 3)).set_index("organisation").loc[
        "Zet", "capacity"] == 2 * capacity.HORIZON_WEEKS * 2.0


def test_utilisation_by_month(handmade):
    months = capacity.utilisation_by_month(handmade, D(2020, 4, 10), N)
    assert sorted(set(months.month)) == [D(2020, m, 1) for m in (1, 2, 3, 4)]
    zet = months[months.organisation == "Zet"].set_index("month")
    # End of February: A1 and A2 (16 dagdelen), trajectories 1, 3 and 5 (26); end of March: A3 too, nr 6 (31 of 24).
    assert (zet.loc[D(2020, 2, 1), "allocated"], zet.loc[D(2020, 2, 1), "capacity"]) == (26, 16.0)
    assert zet.loc[D(2020, 2, 1), "utilisation"] == pytest.approx(162.5)
    assert zet.loc[D(2020, 3, 1), "utilisation"] == pytest.approx(31 / 24 * 100)
    assert zet.loc[D(2020, 4, 1), "day"] == D(2020, 4, 10)  # the current month is measured on the as-of date
    assert len(months) == 4 * 3


def test_months_stop_at_the_end_of_the_programme(handmade):
    months = capacity.utilisation_by_month(handmade, D(2023, 6, 1), N)
    assert max(months.month) == D(2020, 12, 1)


def test_nothing_before_the_programme(handmade):
    assert capacity.utilisation_by_month(handmade, D(2019, 12, 1), N).empty
    table = rows(handmade, D(2019, 12, 1))
    assert table.allocated.sum() == 0 and table.advisors.sum() == 0


def test_advisor_load(handmade):
    load = capacity.advisor_load(handmade, D(2020, 2, 15), N).set_index("advisor")
    a1 = load.loc["Zet A1"]
    assert (a1.availability, a1.running, a1.allocated, a1.capacity, a1.utilisation) == ("active", 2, 22, 8.0, 275.0)
    s1 = load.loc["Scoop S1"]
    assert (s1.availability, s1.until, s1.capacity) == ("ziekte", D(2020, 3, 8), 3.6)
    assert "Zet A3" not in load.index  # not yet joined
    later = capacity.advisor_load(handmade, D(2020, 3, 3), N).set_index("advisor")
    assert (later.loc["MOVISIE M1", "availability"], later.loc["MOVISIE M1", "until"]) == ("left", D(2020, 2, 29))
    assert later.loc["MOVISIE M1", "allocated"] == 5 and later.loc["MOVISIE M1", "capacity"] == 0


def test_handovers(handmade):
    assert capacity.handovers(handmade, D(2020, 3, 4)).empty
    frame = capacity.handovers(handmade, D(2020, 3, 20))
    row = frame.iloc[0]
    assert (row.nr, row.handed_over_on, row.from_advisor, row.from_organisation, row.to_advisor,
            row.to_organisation, row.reason) == (6, D(2020, 3, 5), "MOVISIE M1", "MOVISIE", "Zet A3", "Zet",
                                                 "Adviseur vertrokken")
    assert bool(row.advisor_unavailable)


@pytest.mark.parametrize("organisations,expected", [(None, (1, 1)), (["MOVISIE"], (1, 1)), (["Zet"], (1, 1)),
                                                    (["Scoop"], (0, 0))])
def test_handovers_of_the_organisations_on_view(handmade, organisations, expected):
    frame = capacity.handovers(handmade, D(2020, 3, 20), organisations)
    assert capacity.handover_counts(handmade, D(2020, 3, 20), organisations) == expected
    assert len(frame) == expected[0]
    assert capacity.handovers(handmade, D(2020, 3, 20), organisations, limit=0).empty


def test_advisor_load_lists_the_busiest_first_and_counts_them_all(handmade):
    every = capacity.advisor_load(handmade, D(2020, 2, 15), N)
    assert list(every.allocated) == sorted(every.allocated, reverse=True)
    assert capacity.advisor_count(handmade, D(2020, 2, 15)) == len(every) == 4  # Zet A3 has not joined yet
    first = capacity.advisor_load(handmade, D(2020, 2, 15), N, limit=2)
    assert first.equals(every.head(2))
    zet_only = capacity.advisor_load(handmade, D(2020, 2, 15), N, organisations=["Zet"])
    assert set(zet_only.advisor) == {"Zet A1", "Zet A2"} == set(every[every.organisation == "Zet"].advisor)
    assert capacity.advisor_count(handmade, D(2020, 2, 15), ["Zet", "Scoop"]) == 3


@pytest.mark.parametrize("as_of", [D(2006, 8, 1), D(2007, 1, 15), D(2007, 11, 30), D(2008, 3, 4)])
def test_the_first_advisors_are_the_head_of_the_whole_list(session, as_of):
    """The busiest are looked for among those with running work first, the others only to fill up: the first
    ``limit`` must be those of the whole list, also when fewer advisors than ``limit`` have running work."""
    every = capacity.advisor_load(session, as_of)
    busy = int((every.running > 0).sum())
    organisations = list(capacity.organisation_places(session).organisation)
    for chosen in (None, organisations[:1], organisations[2:5]):
        whole = every if chosen is None else every[every.organisation.isin(chosen)].reset_index(drop=True)
        for limit in sorted({1, max(busy - 1, 1), busy + 3, len(every) + 5}):
            pd.testing.assert_frame_equal(capacity.advisor_load(session, as_of, organisations=chosen, limit=limit),
                                          whole.head(limit).reset_index(drop=True))


def test_organisation_places_follow_the_workload(session):
    places = capacity.organisation_places(session)
    workload = capacity.organisation_workload(session, D(2007, 11, 30))
    pd.testing.assert_frame_equal(places, workload[["organisation", "province"]].reset_index(drop=True))


# --- signals --------------------------------------------------------------------------------------------------

def test_capacity_gap_signal(handmade):
    found = kinds(handmade, D(2020, 2, 3))
    assert found == {("Zet", "capacity_gap"): (1, 2, 5, 3)}  # longest running first: nr 5 started before nr 3
    (signal,) = signals.organisation_signals(handmade, D(2020, 2, 3), horizon_weeks=N)
    assert signal.message == ("Zet: 34 dagdelen toegewezen aan lopend werk, maar 16 dagdelen capaciteit in de komende "
                              "4 weken (213% bezet, 2 van 2 adviseurs actief): 18 dagdelen tekort.")
    assert signal.label == "Capaciteitstekort"


@pytest.mark.parametrize("limit,listed", [(2, (1, 2)), (4, (1, 2, 5, 3)), (None, (1, 2, 5, 3))])
def test_a_signal_names_the_first_trajectories_and_counts_them_all(handmade, limit, listed):
    (signal,) = signals.organisation_signals(handmade, D(2020, 2, 3), horizon_weeks=N, limit=limit)
    assert signal.trajectories == listed and signal.trajectory_total == 4
    assert signal.as_dict()["trajectory_total"] == 4


def assert_groups_counted_as_the_work_in_progress(session: Session, as_of: dt.date) -> None:
    """Each group's ``total`` and the overdue group's ``earliest_end`` in ``signal_trajectories`` are those of the
    rows of ``work_in_progress`` (every trajectory with work in progress) that the group's definition picks."""
    progress = signals.work_in_progress(session, as_of)
    cutoff = as_of - dt.timedelta(weeks=signals.OVERDUE_WEEKS)
    late = progress.planned_end_on.map(lambda day: day is not None and day < cutoff).astype(bool)
    expected = {}
    for group, rows in (("running", progress), ("stranded", progress[progress.advisor_state != "available"]),
                        ("overdue", progress[late])):
        for organisation, own in rows.groupby("organisation"):
            expected[(organisation, group)] = (len(own), own.planned_end_on.min() if group == "overdue" else None)
    listed = signals.signal_trajectories(session, as_of, limit=1)
    assert (listed.groupby(["organisation", "group"]).size() == 1).all()
    assert {(row.organisation, row.group): (row.total, row.earliest_end if row.group == "overdue" else None)
            for row in listed.itertuples()} == expected


def test_signal_counts_and_lists_per_organisation(handmade):
    listed = signals.signal_trajectories(handmade, D(2020, 5, 27), limit=1).set_index(["organisation", "group"])
    assert (listed.loc[("Zet", "overdue"), "total"], listed.loc[("Zet", "overdue"), "earliest_end"]) == (1, D(2020, 3, 31))
    assert set(listed.xs("overdue", level="group").nr) == {3}
    for as_of in (D(2020, 2, 3), D(2020, 2, 15), D(2020, 3, 3), D(2020, 5, 27)):
        assert_groups_counted_as_the_work_in_progress(handmade, as_of)


@pytest.mark.parametrize("as_of", [D(2006, 12, 15), D(2007, 6, 30), D(2008, 3, 4)])
def test_signal_groups_in_the_reconstruction(session, as_of):
    assert_groups_counted_as_the_work_in_progress(session, as_of)


def test_an_absent_advisor_without_hand_over(handmade):
    found = kinds(handmade, D(2020, 2, 15))
    assert found[("Scoop", "no_active_advisor")] == (4,)
    assert found[("Scoop", "no_advisor")] == (4,)
    assert found[("Scoop", "capacity_gap")] == (4,)
    assert ("Zet", "no_advisor") not in found


def test_a_departed_advisor_until_the_hand_over(handmade):
    found = kinds(handmade, D(2020, 3, 3))
    assert found[("MOVISIE", "no_active_advisor")] == (6,)
    assert found[("MOVISIE", "no_advisor")] == (6,)
    assert found[("MOVISIE", "capacity_gap")] == (6,)
    after = kinds(handmade, D(2020, 3, 5))  # handed over that day
    assert not any(organisation == "MOVISIE" for organisation, _ in after)
    assert ("Zet", "no_advisor") not in after


@pytest.mark.parametrize("as_of,overdue", [
    (D(2020, 5, 26), False),  # exactly 8 weeks after the planned end of nr 3 (31 Mar)
    (D(2020, 5, 27), True),
])
def test_overdue_after_eight_weeks(handmade, as_of, overdue):
    found = kinds(handmade, as_of)
    assert (found.get(("Zet", "overdue")) == (3,)) is overdue
    if overdue:
        (signal,) = [s for s in signals.organisation_signals(handmade, as_of, horizon_weeks=N) if s.kind == "overdue"]
        assert "meer dan 8 weken over de geplande einddatum (tot 8 weken)" in signal.message


def test_overdue_weeks_are_configurable(handmade):
    assert kinds(handmade, D(2020, 4, 20), overdue_weeks=2)[("Zet", "overdue")] == (3,)
    assert ("Zet", "overdue") not in kinds(handmade, D(2020, 4, 20))


def test_finished_work_raises_no_signal(handmade):
    # Nr 2's advisor A2 is fine, but even a finished trajectory of an absent advisor would not count:
    progress = signals.work_in_progress(handmade, D(2020, 3, 3))
    assert 2 not in set(progress.nr)
    assert dict(zip(progress.nr, progress.advisor_state))[6] == "left"
    assert dict(zip(progress.nr, progress.advisor_state))[4] == "absent"


def test_signals_are_ordered_by_urgency(handmade):
    order = [s.kind for s in signals.organisation_signals(handmade, D(2020, 3, 3), horizon_weeks=N)]
    assert order == sorted(order, key=signals.KINDS.index)


# --- the reconstruction ---------------------------------------------------------------------------------------

REPORT_DATE = D(2008, 3, 4)
REPORT_TABLE = {  # lines 1099-1121: trajectories in the province, completed by this CMO
    "CMO Groningen": (8, 8), "Partoer": (6, 6), "STAMM": (4, 3), "SVWO": (9, 7), "Axion": (3, 3), "Spectrum": (14, 13),
    "Alleato": (11, 9), "Primo nh": (14, 16), "PJ Partners": (17, 8), "Zet": (11, 9), "Scoop": (6, 5),
    "Huis voor de Sport": (11, 11),
}


def zet(session: Session, as_of: dt.date):
    """Zet's row of the workload table with the default horizon."""
    return capacity.organisation_workload(session, as_of).set_index("organisation").loc["Zet"]


def test_capacity_values_are_loaded_from_the_seed(session):
    values = dict(session.execute(select(Organisation.name, Organisation.dagdelen_per_advisor_week)).all())
    assert values["Zet"] == 2.0 and values["CMO Groningen"] == 6.0 and len(values) == 14


def test_zet_is_short_in_late_2006(session):
    row = zet(session, D(2006, 12, 15))
    assert (row.advisors, row.active_advisors) == (2, 2)
    assert row.gap > 0 and row.utilisation > 100
    found = {(s.organisation, s.kind) for s in signals.organisation_signals(session, D(2006, 12, 15))}
    assert ("Zet", "capacity_gap") in found


@pytest.mark.parametrize("as_of", [D(2007, 1, 15), D(2007, 3, 1)])
def test_zets_gap_closes_with_the_third_advisor(session, as_of):
    row = zet(session, as_of)
    assert row.advisors == 3
    assert row.gap == 0 and row.utilisation <= 100


def test_zets_gap_arises_after_the_mailing(session):
    assert zet(session, D(2006, 11, 1)).gap == 0
    assert zet(session, D(2007, 1, 14)).gap > 0  # the day before the third advisor


def test_other_organisations_are_not_permanently_over_capacity(session):
    months = capacity.utilisation_by_month(session, REPORT_DATE)
    over = months[months.utilisation > 100].groupby("organisation").size()
    assert over.get("Zet", 0) >= 2  # November and December 2006 (and April 2007, Zet adviseur 1 ill)
    others = over.drop("Zet", errors="ignore")
    assert (others <= 1).all(), others  # at most one month-end over capacity
    assert len(others) <= 2


def test_the_report_table_on_the_report_date(session):
    table = capacity.organisation_workload(session, REPORT_DATE).set_index("organisation")
    for organisation, (in_province, completed) in REPORT_TABLE.items():
        assert (table.loc[organisation, "trajectories_in_province"], table.loc[organisation, "completed"]) == (
            in_province, completed)
    assert (table.loc["DSP-groep", "completed"], table.loc["MOVISIE", "completed"]) == (7, 9)
    cmos = table[table.kind == "cmo"]
    assert (cmos.trajectories_in_province.sum(), cmos.completed.sum()) == (114, 98)


@pytest.mark.parametrize("as_of", [D(2006, 12, 15), D(2007, 6, 30), D(2007, 11, 30)])
def test_workload_adds_up_to_the_headline(session, as_of):
    table = capacity.organisation_workload(session, as_of)
    head = headline(session, as_of)
    assert table.carried_out.sum() == head.started
    assert table.running.sum() == head.running
    in_progress = [t for t in session.execute(select(Trajectory)).scalars()
                   if t.started_on <= as_of and (t.work_finished_on is None or t.work_finished_on > as_of)]
    assert table.allocated.sum() == sum(t.dagdelen for t in in_progress)


def test_each_hand_over_moves_the_trajectory_on_its_day(session):
    for handover in session.execute(select(Handover)).scalars():
        day = handover.handed_over_on
        before = {t.nr: t.organisation_id for t in _as_of(session, day - dt.timedelta(days=1))}
        on = {t.nr: t.organisation_id for t in _as_of(session, day)}
        nr = handover.trajectory.nr
        assert before[nr] == handover.from_organisation_id and on[nr] == handover.to_organisation_id


def _as_of(session: Session, as_of: dt.date):
    """The rows of ``capacity.trajectories_as_of``."""
    return session.execute(select(capacity.trajectories_as_of(as_of))).all()


def test_the_reconstruction_has_no_stranded_trajectories(session):
    # Hand-overs happen on the day an absence begins, so no running trajectory waits for an advisor.
    for as_of in (D(2007, 2, 5), D(2007, 4, 2), D(2007, 7, 1)):
        assert all(s.kind != "no_advisor" for s in signals.organisation_signals(session, as_of))


# --- the API --------------------------------------------------------------------------------------------------

def test_api_organisations(app):
    body = signed_in(app).get("/api/v1/organisations?as_of=2006-12-15").get_json()
    assert (body["programme"], body["as_of"], body["horizon_weeks"], body["overdue_weeks"]) == (
        "avi-130", "2006-12-15", 26, 8)
    assert len(body["organisations"]) == 14
    zet_row = next(o for o in body["organisations"] if o["organisation"] == "Zet")
    assert set(zet_row) == {"organisation", "kind", "province", "advisors", "active_advisors",
                            "trajectories_in_province", "carried_out", "outside_province", "running", "completed",
                            "allocated_dagdelen", "allocated_by_programme", "dagdelen_per_advisor_week",
                            "capacity_dagdelen", "utilisation_percent", "gap_dagdelen", "signals"}
    assert zet_row["allocated_dagdelen"] > zet_row["capacity_dagdelen"] and zet_row["gap_dagdelen"] > 0
    assert zet_row["allocated_by_programme"] == {"avi-130": zet_row["allocated_dagdelen"]}
    (signal,) = zet_row["signals"]
    assert signal["kind"] == "capacity_gap" and signal["message"].startswith("Zet: ")
    assert signal["trajectories"] and all(isinstance(nr, int) for nr in signal["trajectories"])
    assert signal["trajectory_total"] == len(signal["trajectories"])  # the API lists every trajectory
    movisie = next(o for o in body["organisations"] if o["organisation"] == "MOVISIE")
    assert movisie["province"] is None and movisie["trajectories_in_province"] is None


def test_api_organisations_on_the_report_date(app):
    body = signed_in(app).get("/api/v1/organisations?as_of=2008-03-04").get_json()
    figures = {o["organisation"]: (o["trajectories_in_province"], o["completed"]) for o in body["organisations"]}
    assert figures == {**REPORT_TABLE, "DSP-groep": (None, 7), "MOVISIE": (None, 9)}


@pytest.mark.parametrize("query,message", [
    ("as_of=2007-02-30", "geen geldige datum"),
    ("horizon_weeks=0", "geen geldig aantal weken"),
    ("overdue_weeks=acht", "geen geldig aantal weken"),
])
def test_api_organisations_bad_parameters(app, query, message):
    response = signed_in(app).get(f"/api/v1/organisations?{query}")
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_api_horizon_parameter(app):
    body = signed_in(app).get("/api/v1/organisations?as_of=2006-12-15&horizon_weeks=8").get_json()
    zet_row = next(o for o in body["organisations"] if o["organisation"] == "Zet")
    assert body["horizon_weeks"] == 8 and zet_row["capacity_dagdelen"] == 2 * 8 * 2.0


# --- the migration --------------------------------------------------------------------------------------------

def test_migration_0004_adds_and_backfills_the_capacity(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
    load_demo(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(organisations)"))]
        assert "dagdelen_per_advisor_week" not in columns
        assert connection.execute(text("SELECT count(*) FROM trajectories")).scalar() == 114
    upgrade(engine)
    with engine.connect() as connection:
        values = dict(connection.execute(text("SELECT name, dagdelen_per_advisor_week FROM organisations")).all())
    assert values["Zet"] == 2.0 and values["Spectrum"] == 6.0
    engine.dispose()


# --- the page callback through the Dash endpoint ---------------------------------------------------------------

CMOS_OUTPUTS = ["cmos-note.children", "cmos-signals.children", "cmos-table.children", "cmos-split-section.className",
                "cmos-split.figure", "cmos-split.style", "cmos-split-table.children", "cmos-heatmap.figure",
                "cmos-heatmap.style", "cmos-report-table.children", "cmos-handovers.children", "cmos-advisors.children",
                "cmos-advisor-handovers.children"]


def cmos_callback(client, search: str) -> dict:
    """Call the CMO's page callback the way the browser does."""
    response = client.post("/_dash-update-component", json={
        "output": f"..{'...'.join(CMOS_OUTPUTS)}..",
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in CMOS_OUTPUTS],
        "inputs": [{"id": "url", "property": "search", "value": search},
                   {"id": "data-version", "property": "data", "value": {"version": 1}}],
        "state": [{"id": "cmos-heatmap", "property": "figure", "value": None}],
        "changedPropIds": ["url.search"],
    })
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


def test_page_callback_signals_link_to_trajectories_keeping_the_state(app):
    response = cmos_callback(signed_in(app), "?stand=2006-12-15&provincie=Noord-Brabant")
    signals_html = str(response["cmos-signals"]["children"])
    assert "Capaciteitstekort" in signals_html
    assert "/trajecten?stand=2006-12-15&provincie=Noord-Brabant&traject=" in signals_html
    heatmap = response["cmos-heatmap"]["figure"]
    assert list(heatmap["data"][0]["y"]) == ["Zet"]
    assert response["cmos-heatmap"]["style"] == {"height": "320px"}  # one row, not stretched over 600 px
    assert "Zet adviseur 1" in str(response["cmos-advisors"]["children"])


def test_page_callback_on_an_unreachable_database(client_after_database_lost):
    response = cmos_callback(client_after_database_lost, "?stand=2006-12-15")
    assert "niet bereikbaar" in str(response["cmos-signals"]["children"])


def month_by_month(session: Session, as_of: dt.date, horizon_weeks: int) -> pd.DataFrame:
    """``utilisation_by_month`` the slow way: ``allocated_work`` and ``advisor_capacity`` on each month's day."""
    months = capacity.utilisation_by_month(session, as_of, horizon_weeks)
    expected = []
    for day in sorted(set(months.day)):
        work = capacity.allocated_work(session, day).set_index("organisation_id")["allocated"]
        room = capacity.advisor_capacity(session, day, horizon_weeks).set_index("organisation_id")["capacity"]
        expected.append(pd.DataFrame({"day": day, "organisation_id": work.index, "allocated": work.values,
                                      "capacity": room.reindex(work.index).round(1).values}))
    return pd.concat(expected)


def assert_same_as_day_by_day(session: Session, as_of: dt.date, horizon_weeks: int) -> None:
    months = capacity.utilisation_by_month(session, as_of, horizon_weeks)
    names = dict(session.execute(select(Organisation.name, Organisation.id)).all())
    months["organisation_id"] = months.organisation.map(names)
    merged = months.merge(month_by_month(session, as_of, horizon_weeks), on=["day", "organisation_id"],
                          suffixes=("", "_expected"), validate="one_to_one")
    assert len(merged) == len(months) > 0
    assert (merged.allocated == merged.allocated_expected).all(), merged[merged.allocated != merged.allocated_expected]
    assert merged.capacity.tolist() == pytest.approx(merged.capacity_expected.tolist())


@pytest.mark.parametrize("as_of", [D(2006, 12, 20), REPORT_DATE])
def test_all_months_at_once_equal_each_month_on_its_own_day(session, as_of):
    assert_same_as_day_by_day(session, as_of, capacity.HORIZON_WEEKS)


@pytest.mark.parametrize("shown,horizon_weeks", [(capacity.MONTHS_SHOWN, 8), (6, 8),
                                                 (capacity.MONTHS_SHOWN, capacity.HORIZON_WEEKS)])
def test_all_months_at_once_with_many_hand_overs_and_absences(tmp_path, monkeypatch, shown, horizon_weeks):
    """Also when only the last months are shown: what happened before is the balance they start from. With the
    default horizon the capacity of whole months comes from ``capacity_months``, on the last day and mid-month."""
    from dashboard.data.sources import synth
    from dashboard.data.derived import snapshots

    monkeypatch.setattr(capacity, "MONTHS_SHOWN", shown)
    engine = make_engine(f"sqlite:///{tmp_path / 'synth.sqlite'}")
    synth.synthesize(engine, 1_500, 3, per_year=1_000)
    with Session(engine) as s:
        handovers = s.execute(text("SELECT count(*) FROM handovers WHERE from_organisation_id != to_organisation_id"))
        assert handovers.scalar() > 10
        assert s.execute(text("SELECT count(*) FROM absences")).scalar() > 10
        assert snapshots.current(s) is not None
        for as_of in (synth.END, synth.END - dt.timedelta(days=40)):
            assert_same_as_day_by_day(s, as_of, horizon_weeks)
        assert capacity.utilisation_by_month(s, synth.END, horizon_weeks).month.nunique() == min(shown, 23)
    engine.dispose()


def test_page_callback_lists_the_first_and_says_how_many_there_are(app, monkeypatch, session):
    monkeypatch.setattr(signals, "MAX_LINKED", 2)
    monkeypatch.setattr(capacity, "MAX_LISTED", 3)
    as_of = D(2006, 12, 15)
    response = cmos_callback(signed_in(app), "?stand=2006-12-15")
    (zet_gap,) = [s for s in signals.organisation_signals(session, as_of, limit=None)
                  if (s.organisation, s.kind) == ("Zet", "capacity_gap")]
    signals_html = str(response["cmos-signals"]["children"])
    assert f"De 2 langst lopende van {zet_gap.trajectory_total} (alle trajecten van Zet staan op " in signals_html
    assert "/trajecten?stand=2006-12-15&organisatie=Zet" in signals_html
    as_of = D(2007, 12, 31)
    response = cmos_callback(signed_in(app), "?stand=2007-12-31")
    total, moved = capacity.handover_counts(session, as_of)
    assert total > 3
    handovers_html = str(response["cmos-handovers"]["children"])
    assert (f"De 3 meest recente van {total} overdrachten (waarvan {moved} naar een andere organisatie); de "
            "download bevat ze allemaal.") in handovers_html
    assert handovers_html.count("traject=") == 3
    advisors = capacity.advisor_count(session, as_of)
    assert (f"De 3 adviseurs met het meeste toegewezen werk, van {advisors}; de download bevat ze allemaal."
            in str(response["cmos-advisors"]["children"]))


@pytest.mark.parametrize("shown,total,moved,expected", [
    (50, 834, 120, "De 50 meest recente van 834 overdrachten (waarvan 120 naar een andere organisatie); de download "
                   "bevat ze allemaal."),
    (12, 12, 3, "12 overdrachten, waarvan 3 naar een andere organisatie; de nieuwste bovenaan."),
    (1, 1, 0, "1 overdracht, binnen de organisatie."),
])
def test_handover_sentence(shown, total, moved, expected):
    from dashboard.callbacks.cmos import handover_sentence

    assert handover_sentence(shown, total, moved) == expected


def allocated_by_definition(session: Session, as_of: dt.date) -> pd.DataFrame:
    """``allocated_work`` straight from its definition: every started trajectory with its organisation that day."""
    states = capacity.trajectories_as_of(as_of)
    rows = session.execute(
        select(Organisation.id, func.count(states.c.id),
               func.sum(case((states.c.province_id != Organisation.province_id, 1), else_=0)),
               func.coalesce(func.sum(case((states.c.status.in_(capacity.RUNNING), 1), else_=0)), 0),
               func.coalesce(func.sum(case((states.c.status == capacity.IN_PROGRESS, states.c.dagdelen), else_=0)), 0))
        .select_from(Organisation).outerjoin(states, states.c.organisation_id == Organisation.id)
        .group_by(Organisation.id).order_by(Organisation.id)).all()
    return pd.DataFrame(rows, columns=["organisation_id", "carried_out", "outside_province", "running",
                                       "allocated"]).astype("int64")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Iterator[Session]:
    """A session on a synthetic programme of 2,000 trajectories over two years, with hand-overs."""
    yield from synthetic_session(tmp_path_factory, "allocated", 2_000, 4, per_year=1_000)


@pytest.mark.parametrize("as_of", [D(2024, 9, 30), D(2025, 5, 31), D(2025, 12, 31)])
def test_allocated_work_counts_handed_over_trajectories_where_they_were_that_day(synthetic, as_of):
    later = synthetic.execute(select(func.count()).select_from(Handover).where(Handover.handed_over_on > as_of))
    assert later.scalar() > 0 or as_of == D(2025, 12, 31)
    assert capacity.allocated_work(synthetic, as_of).equals(allocated_by_definition(synthetic, as_of))
    assert_groups_counted_as_the_work_in_progress(synthetic, as_of)


@pytest.mark.parametrize("province,organisation", [(None, None), ("Noord-Brabant", None), (None, "MOVISIE")])
def test_the_organisation_filter_selects_the_organisations_on_view(session, province, organisation):
    """Without a choice the lists and counts go without a condition on the organisations: the same rows as with all
    of them named."""
    as_of = D(2007, 11, 30)
    workload = capacity.organisation_workload(session, as_of)
    on_view = capacity.organisations_on_view(workload, province, organisation)
    chosen = capacity.organisation_filter(workload, on_view)
    assert (chosen is None) == (province is None and organisation is None)
    pd.testing.assert_frame_equal(capacity.handovers(session, as_of, chosen, limit=5),
                                  capacity.handovers(session, as_of, on_view, limit=5))
    assert capacity.handover_counts(session, as_of, chosen) == capacity.handover_counts(session, as_of, on_view)
    pd.testing.assert_frame_equal(capacity.advisor_load(session, as_of, organisations=chosen, limit=5),
                                  capacity.advisor_load(session, as_of, organisations=on_view, limit=5))
    assert capacity.advisor_count(session, as_of, chosen) == capacity.advisor_count(session, as_of, on_view)
