"""Every figure that ``data/seed/README.md`` states about the loaded reconstruction, read from the README's own text
and checked against the database, so that the written record cannot drift from what loads."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import (
    Absence,
    Advisor,
    ApplicantType,
    Channel,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    Province,
    Request,
    RequestTheme,
    Trajectory,
    trajectory_gemeenten,
)

SEED = Path(__file__).resolve().parents[3] / "data" / "seed"
README = " ".join((SEED / "README.md").read_text(encoding="utf-8").split())  # one line: sentences wrap anywhere
TABLES = (SEED / "README.md").read_text(encoding="utf-8").splitlines()
THEMES_IN_ORDER = ("infrastructuur", "beleid", "doelgroepen", "zorg")


def stated(pattern: str) -> tuple[str, ...]:
    """The groups of the one place where the README says ``pattern`` (a regular expression); fails if it does not."""
    found = re.findall(pattern, README)
    assert len(found) == 1, f"the README states {pattern!r} {len(found)} times"
    return found[0] if isinstance(found[0], tuple) else (found[0],)


def numbers(pattern: str) -> list[int]:
    """The whole numbers the README states at ``pattern``."""
    return [int(value) for value in stated(pattern)]


def count(session: Session, query) -> int:
    """The one number ``query`` selects."""
    return session.execute(query).scalar_one()


def requests_in(session: Session, first: dt.date, last: dt.date, *conditions) -> int:
    """Requests received from ``first`` to ``last`` (inclusive) that meet ``conditions``."""
    return count(session, select(func.count(Request.id))
                 .where(Request.received_on.between(first, last), *conditions))


def test_hand_overs_advisors_absences_and_gemeenten(session):
    assert numbers(r"There are (\d+) hand-overs with the current files") == [
        count(session, select(func.count(Handover.id)))]
    assert numbers(r"936-938\)\. (\d+) rows\. Why pseudonyms") == [count(session, select(func.count(Advisor.id)))]
    assert numbers(r"\| three long illnesses, two advisors leaving \| (\d+) absences \|") == [
        count(session, select(func.count(Absence.id)))]
    assert numbers(r"database's `gemeenten` table, so it has (\d+) rows") == [
        count(session, select(func.count(Gemeente.id)))]


def test_requests_over_time(session):
    before, october, november = numbers(r"(\d+) requests before 2 Oct 2006; with the current files (\d+) in October "
                                        r"and (\d+) in November")
    assert before == requests_in(session, dt.date(2000, 1, 1), dt.date(2006, 10, 1))
    assert october == requests_in(session, dt.date(2006, 10, 1), dt.date(2006, 10, 31))
    assert november == requests_in(session, dt.date(2006, 11, 1), dt.date(2006, 11, 30))
    zeeland = Request.gemeente_id.in_(select(Gemeente.id).join(Province).where(Province.name == "Zeeland"))
    assert numbers(r"before 2 Oct 2006 \((\d+) in the current load\)") == [
        requests_in(session, dt.date(2000, 1, 1), dt.date(2006, 10, 1), zeeland)]
    network_early, network_late = numbers(r"(\d+) of them fall between 19 Jun and 30 Sep 2006, (\d+) between 2 Oct "
                                          r"and 3 Dec 2006")
    adviseur = Request.channel == Channel.ADVISEUR
    assert network_early == requests_in(session, dt.date(2006, 6, 19), dt.date(2006, 9, 30), adviseur)
    assert network_late == requests_in(session, dt.date(2006, 10, 2), dt.date(2006, 12, 3), adviseur)
    assert numbers(r"98 mailing requests: (\d+) fall between 5 Dec 2006 and 31 Jan 2007") == [
        requests_in(session, dt.date(2006, 12, 5), dt.date(2007, 1, 31), Request.channel == Channel.MAILING)]


def test_the_waiting_list(session):
    after_closing = Request.received_on > dt.date(2006, 12, 4)
    late = count(session, select(func.count(Request.id)).where(after_closing))
    assert numbers(r"\| (\d+) requests after 4 Dec 2006 go through `waitlist` \|") == [late]
    assert numbers(r"With the current files all (\d+) requests received after closing go through `waitlist` and "
                   r"start") == [late]
    assert count(session, select(func.count(Request.id)).join(Trajectory)
                 .where(after_closing, Request.waitlist_on.is_not(None))) == late
    assert count(session, select(func.count(Request.id)).where(Request.waitlist_on.is_not(None))) == late


def test_channels_applicants_themes_and_dagdelen(session):
    mailing, adviseur = numbers(r"`channel`: (\d+) `mailing`, (\d+) `adviseur`")
    channels = dict(session.execute(select(Request.channel, func.count()).group_by(Request.channel)).all())
    assert (mailing, adviseur) == (channels[Channel.MAILING], channels[Channel.ADVISEUR])
    gemeente, steunpunt = numbers(r"\| (\d+) `gemeente` and (\d+) `steunpunt`, shuffled")
    applicants = dict(session.execute(select(Request.applicant_type, func.count())
                                      .group_by(Request.applicant_type)).all())
    assert (gemeente, steunpunt) == (applicants[ApplicantType.GEMEENTE], applicants[ApplicantType.STEUNPUNT])
    themes = dict(session.execute(select(RequestTheme.theme, func.count()).join(
        Trajectory, Trajectory.request_id == RequestTheme.request_id).group_by(RequestTheme.theme)).all())
    assert numbers(r"\| (\d+)/(\d+)/(\d+)/(\d+) of 114 \(") == [themes[theme] for theme in
                                                                 sorted(themes, key=lambda t: THEMES_IN_ORDER.index(
                                                                     t.value))]
    per_request = select(func.count().label("n")).select_from(RequestTheme).join(
        Trajectory, Trajectory.request_id == RequestTheme.request_id).group_by(RequestTheme.request_id).subquery()
    spread = dict(session.execute(select(per_request.c.n, func.count()).group_by(per_request.c.n)).all())
    assert numbers(r"Result: (\d+) trajectories with one theme, (\d+) with two, (\d+) with three") == [
        spread.get(1, 0), spread.get(2, 0), spread.get(3, 0)]
    total, low, high = session.execute(select(func.sum(Trajectory.dagdelen), func.min(Trajectory.dagdelen),
                                              func.max(Trajectory.dagdelen))).one()
    assert numbers(r"sum (\d+) = 19 × 114, min (\d+), max (\d+)") == [total, low, high]
    nr, most = numbers(r"\(nr (\d+), eight gemeenten\) gets (\d+)")
    assert count(session, select(Trajectory.dagdelen).where(Trajectory.nr == nr)) == most
    assert count(session, select(func.count()).select_from(trajectory_gemeenten).join(Trajectory).where(
        Trajectory.nr == nr)) == 8


def test_completion_and_delays(session):
    completed, open_ = numbers(r"(\d+) `completed_on` ≤ 2007-11-30 \((\d+) still running or work finished\)")
    assert completed == count(session, select(func.count(Trajectory.id))
                              .where(Trajectory.completed_on <= dt.date(2007, 11, 30)))
    assert open_ == count(session, select(func.count(Trajectory.id))
                          .where(Trajectory.started_on <= dt.date(2007, 11, 30),
                                 Trajectory.completed_on > dt.date(2007, 11, 30)))
    assert numbers(r"trajectories \((\d+) with the current files\)\. Do not count delays that way") == [
        count(session, select(func.count(Trajectory.id))
              .where(Trajectory.work_finished_on > Trajectory.planned_end_on))]


def test_the_first_ten_trajectories_of_bijlage_5(session):
    arnhem, arnhem_rank, utrecht, utrecht_rank = numbers(r"Arnhem \(nr (\d+)\), is the (\d+)th trajectory to start, "
                                                         r"and Utrecht \(nr (\d+)\) the (\d+)rd \(by start date")
    first_ten = ("Arnhem", "Berkelland", "Bergschenhoek", "Beuningen", "Dronten", "Haarlemmermeer", "Rotterdam",
                 "Sint Oedenrode", "Utrecht", "Zeewolde")
    order = [nr for nr, in session.execute(select(Trajectory.nr).order_by(Trajectory.started_on, Trajectory.nr))]
    theirs = dict(session.execute(select(Gemeente.name, Trajectory.nr).join(
        trajectory_gemeenten, trajectory_gemeenten.c.gemeente_id == Gemeente.id).join(
        Trajectory, Trajectory.id == trajectory_gemeenten.c.trajectory_id).where(Gemeente.name.in_(first_ten))).all())
    assert len(theirs) == 10 and (theirs["Arnhem"], theirs["Utrecht"]) == (arnhem, utrecht)
    assert min(order.index(nr) for nr in theirs.values()) + 1 == order.index(arnhem) + 1 == arnhem_rank
    assert order.index(utrecht) + 1 == utrecht_rank


def test_evaluations(session):
    forms, = numbers(r"\| (\d+) evaluations, mean 7\.70 \|")
    sums = numbers(r"\(`ASPECT_SUMS` (\d+)/(\d+)/(\d+)/(\d+)/(\d+)\)")
    means = [float(value) for value in stated(r"means of ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) and")]
    aspects = (Evaluation.mark_results, Evaluation.mark_process, Evaluation.mark_quality,
               Evaluation.mark_presentation, Evaluation.mark_service)
    loaded = session.execute(select(func.count(Evaluation.id), *(func.sum(mark) for mark in aspects))).one()
    assert [forms, *sums] == list(loaded)
    assert means == [round(total / forms, 2) for total in sums]
    assert float(stated(r"and ([\d.]+) overall")[0]) == round(sum(sums) / (5 * forms), 2)


def table_rows(header: str) -> list[list[str]]:
    """The rows of the README's table whose header row starts with ``header``, up to its national or total row."""
    first = next(i for i, line in enumerate(TABLES) if line.startswith(header))
    rows = []
    for line in TABLES[first + 2:]:
        cells = [cell.strip().strip("*") for cell in line.strip("|").split("|")]
        if not line.startswith("|") or cells[0] in ("national", "total"):
            break
        rows.append(cells)
    return rows


def test_the_table_per_province_and_cmo(session):
    rows = table_rows("| province | gemeenten 2008 | involved")
    assert len(rows) == 12
    for province, gemeenten_2008, involved, in_province, cmo, by_intake, completed, _advisors in rows:
        assert count(session, select(Province.gemeenten_2008).where(Province.name == province)) == int(gemeenten_2008)
        assert count(session, select(func.count(func.distinct(trajectory_gemeenten.c.gemeente_id))).join(
            Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id).join(Province).where(
            Province.name == province)) == int(involved)
        assert count(session, select(func.count(Trajectory.id)).join(Province).where(
            Province.name == province)) == int(in_province)
        organisation = select(Organisation.id).where(Organisation.name == cmo).scalar_subquery()
        assert count(session, select(func.count(Trajectory.id)).where(
            Trajectory.intake_organisation_id == organisation)) == int(by_intake)
        assert count(session, select(func.count(Trajectory.id)).where(
            Trajectory.organisation_id == organisation)) == int(completed)


NOT_STARTED = table_rows("| reason (report lines) | rows | outcome, from |")


@pytest.mark.parametrize("row", NOT_STARTED, ids=[row[1].split(",")[0] for row in NOT_STARTED])
def test_the_requests_that_never_started(session, row):
    _reason, names, outcome = row
    status, _, default_from = outcome.partition(", from ")
    seed = {line["gemeente"]: line for line in csv.DictReader((SEED / "not_started.csv").open(encoding="utf-8"))}
    for group in names.split(";"):
        listed, _, said_from = group.partition(" (from ")
        for name in (name.strip() for name in listed.split(",")):
            expected = said_from.rstrip(")").strip() or default_from
            assert (seed[name]["outcome"], seed[name]["from_status"]) == (status, expected), name
            request = session.execute(select(Request).join(Gemeente).where(Gemeente.name == name)).scalar_one()
            history = [change.status.value for change in request.history]
            assert history[-2:] == [expected, status] and request.trajectory is None, name
