"""Every figure the final report publishes, reproduced by the query layer at the right date."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.data.queries import summary
from dashboard.data.queries.stats import key_figures

END_OF_NOVEMBER = dt.date(2007, 11, 30)
REPORT_DATE = dt.date(2008, 3, 4)

PROVINCES = [  # report lines 999-1021: gemeenten on 1 Jan 2008, involved; trajectories from Bijlage 1
    ("Groningen", 25, 14, 8), ("Friesland", 31, 20, 6), ("Drenthe", 12, 4, 4), ("Overijssel", 25, 10, 9),
    ("Flevoland", 6, 3, 3), ("Gelderland", 56, 15, 14), ("Utrecht", 29, 15, 11), ("Noord-Holland", 61, 19, 15),
    ("Zuid-Holland", 77, 22, 16), ("Noord-Brabant", 68, 13, 11), ("Zeeland", 13, 6, 6), ("Limburg", 40, 17, 11),
]
ORGANISATIONS = [  # report lines 1099-1121 and 1084-1086: trajectories in the region, completed by it
    ("CMO Groningen", 8, 8), ("Partoer", 6, 6), ("STAMM", 4, 3), ("SVWO", 9, 7), ("Axion", 3, 3),
    ("Spectrum", 14, 13), ("Alleato", 11, 9), ("Primo nh", 14, 16), ("PJ Partners", 17, 8), ("Zet", 11, 9),
    ("Scoop", 6, 5), ("Huis voor de Sport", 11, 11), ("DSP-groep", None, 7), ("MOVISIE", None, 9),
]


@pytest.fixture(scope="module")
def final(demo_engine):
    """The key figures on the report's date."""
    from sqlalchemy.orm import Session

    with Session(demo_engine) as session:
        return key_figures(session, REPORT_DATE)


def test_requests_and_trajectories(final):
    assert final["requests"]["total"] == 131
    assert final["trajectories"]["started"] == 114
    assert final["requests"]["not_started"] == 17
    assert final["gemeenten_involved"] == 158


def test_applicants_and_channels(final):
    assert final["requests"]["by_applicant"] == {"gemeente": 73, "steunpunt": 58}
    assert final["requests"]["by_channel"] == {"mailing": 98, "adviseur": 33}
    assert round(100 * final["requests"]["by_channel"]["mailing"] / 131) == 75


def test_dagdelen(final):
    assert final["dagdelen"] == {"total": 19 * 114, "mean": 19.0, "min": 8, "max": 34}


@pytest.mark.parametrize("province,gemeenten,involved,trajectories", PROVINCES)
def test_province_table(final, province, gemeenten, involved, trajectories):
    row = next(p for p in final["provinces"] if p["province"] == province)
    assert (row["gemeenten"], row["involved"], row["trajectories"]) == (gemeenten, involved, trajectories)


def test_province_totals(final):
    assert sum(p["gemeenten"] for p in final["provinces"]) == 443
    assert sum(p["involved"] for p in final["provinces"]) == 158


@pytest.mark.parametrize("organisation,in_region,completed", ORGANISATIONS)
def test_organisation_table(final, organisation, in_region, completed):
    row = next(o for o in final["organisations"] if o["organisation"] == organisation)
    assert (row["trajectories_in_province"], row["completed"]) == (in_region, completed)


def test_all_completed_by_report_date(final):
    assert final["trajectories"]["completed"] == 114
    assert sum(o["completed"] for o in final["organisations"]) == 114


def test_evaluations(final):
    evaluations = final["evaluations"]
    assert evaluations["forms"] == 67
    assert evaluations["mean"] == 7.7
    assert len(evaluations["aspects"]) == 5
    assert all(6.5 <= mean <= 8.0 for mean in evaluations["aspects"].values())


def test_46_completed_at_end_of_november_2007(session):
    head = summary.headline(session, END_OF_NOVEMBER)
    assert (head.requests, head.started, head.completed, head.running) == (131, 114, 46, 68)


def test_themes_shares(session):
    from sqlalchemy import func, select

    from dashboard.data.schema.models import RequestTheme, Trajectory

    rows = dict(session.execute(
        select(RequestTheme.theme, func.count())
        .join(Trajectory, Trajectory.request_id == RequestTheme.request_id)
        .group_by(RequestTheme.theme)
    ).all())
    shares = {theme.value: round(100 * count / 114) for theme, count in rows.items()}
    assert shares == {"infrastructuur": 60, "beleid": 33, "doelgroepen": 14, "zorg": 11}


def test_requests_rise_sharply_after_the_mailing(session):
    before = summary.headline(session, dt.date(2006, 10, 1)).requests
    two_months_later = summary.headline(session, dt.date(2006, 12, 1)).requests
    assert before < 35
    assert two_months_later - before > 2 * before


def test_waiting_list_after_closing_all_taken_on(session):
    closing = dt.date(2006, 12, 4)
    in_december = summary.requests_by_status(session, dt.date(2006, 12, 20))
    assert in_december[summary.Status.WAITLIST] > 0
    later = summary.requests_by_status(session, dt.date(2007, 6, 1))
    assert later[summary.Status.WAITLIST] == 0
    assert summary.headline(session, closing).requests < 131


def test_zet_third_advisor_starts_during_the_project(session):
    table = summary.organisation_table(session, dt.date(2006, 11, 1))
    later = summary.organisation_table(session, dt.date(2007, 3, 1))
    zet = lambda frame: int(frame.loc[frame.organisation == "Zet", "advisors"].iloc[0])  # noqa: E731
    assert (zet(table), zet(later)) == (2, 3)


def test_pool_of_21_advisors_at_the_start(session):
    table = summary.organisation_table(session, dt.date(2006, 6, 15))
    assert int(table.loc[table.province.notna(), "advisors"].sum()) == 21
