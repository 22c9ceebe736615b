"""Query layer behaviour: filters, as-of dates and the trajectory list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dashboard.data.schema.models import Request, Trajectory
from dashboard.data.queries import summary
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.trajectories import trajectory_detail, trajectory_rows

END = dt.date(2008, 3, 4)


def test_nothing_before_the_programme(session):
    head = summary.headline(session, dt.date(2006, 5, 31))
    assert (head.requests, head.started, head.gemeenten_involved, head.evaluation_forms) == (0, 0, 0, 0)
    assert head.evaluation_mean is None and head.dagdelen.mean is None


@pytest.mark.parametrize("as_of", [dt.date(2006, 10, 1), dt.date(2006, 12, 15), dt.date(2007, 11, 30), END])
def test_status_counts_agree_with_trajectory_dates(session, as_of):
    head = summary.headline(session, as_of)
    trajectories = session.execute(select(Trajectory)).scalars().all()
    assert head.started == sum(t.started_on <= as_of for t in trajectories)
    assert head.completed == sum(t.completed_on <= as_of for t in trajectories)
    assert head.requests == sum(r.received_on <= as_of for r in session.execute(select(Request)).scalars())


@pytest.mark.parametrize("filters", [
    Filters(province="Utrecht"), Filters(organisation="Zet"), Filters(theme="zorg"),
    Filters(applicant_type="steunpunt"), Filters(province="Noord-Brabant", applicant_type="gemeente"),
])
def test_filters_match_a_count_in_python(session, filters):
    def keep(request: Request) -> bool:
        t = request.trajectory
        return ((not filters.province or request.gemeente.province.name == filters.province)
                and (not filters.organisation or (t is not None and t.organisation.name == filters.organisation))
                and (not filters.theme or filters.theme in [x.theme.value for x in request.themes])
                and (not filters.applicant_type or request.applicant_type.value == filters.applicant_type))

    expected = [r for r in session.execute(select(Request)).scalars() if keep(r)]
    head = summary.headline(session, END, filters)
    assert head.requests == len(expected) > 0
    assert head.started == sum(r.trajectory is not None for r in expected)
    assert len(trajectory_rows(session, END, filters)) == head.started


def test_province_filter_keeps_the_province_table_to_one_province(session):
    table = summary.province_table(session, END, Filters(province="Zeeland"))
    assert table.loc[table.province == "Zeeland", "involved"].item() == 6
    assert table.loc[table.province != "Zeeland", "trajectories"].sum() == 0


def test_trajectory_rows_show_status_and_dates_as_of(session):
    rows = trajectory_rows(session, dt.date(2007, 11, 30))
    assert len(rows) == 114
    assert (rows.status == "afgerond").sum() == 46
    assert rows.completed_on.notna().sum() == 46


@pytest.mark.parametrize("term,expected_nr", [("Heerhugowaard", 62), ("heerhugowaard", 62), ("Bildt", None)])
def test_trajectory_search(session, term, expected_nr):
    rows = trajectory_rows(session, END, search=term)
    assert len(rows) >= 1
    if expected_nr is not None:
        assert expected_nr in set(rows.nr)


def test_search_treats_wildcards_literally(session):
    assert trajectory_rows(session, END, search="%").empty
    assert trajectory_rows(session, END, search="_").empty


def test_limit_bounds_the_list(session):
    assert len(trajectory_rows(session, END, limit=10)) == 10


def test_trajectory_detail(session):
    detail = trajectory_detail(session, 62)
    assert detail is not None
    assert detail.gemeenten == ["Heerhugowaard"]
    assert detail.province == "Noord-Holland"
    assert [label for _, label, _ in detail.history][-1] == "afgerond"
    assert "nota Vrijwilligersbeleid" in detail.remarks
    assert trajectory_detail(session, 9999) is None
