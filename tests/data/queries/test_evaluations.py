"""Evaluation queries: the report's 67 forms and 7.7, hand-made forms with known answers, lists and search."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import (
    EVALUATION_ASPECTS,
    Evaluation,
    Gemeente,
    Organisation,
    Programme,
    Province,
    Request,
    RequestTheme,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.queries import evaluations, summary
from dashboard.data.queries.filters import Filters
from dashboard.data.sources.reconstruction import ASPECT_SUMS, EVALUATION_FORMS
from dashboard.data.schema.versioning import bump_data_version
from dashboard.statistics import SMALL, mean_interval, suppress_small_groups

REPORT_DATE = dt.date(2008, 3, 4)
T_975_DF2 = 4.302652729911275


def marks_of(form: Evaluation) -> list[int]:
    """The five marks of a form in the form's order."""
    return [getattr(form, column) for column in EVALUATION_ASPECTS]


def forms_by(session: Session, as_of: dt.date) -> list[Evaluation]:
    """Every form received by ``as_of``, loaded through the ORM (the slow, obvious way)."""
    return [e for e in session.execute(select(Evaluation)).scalars() if e.received_on <= as_of]


# The reconstruction (the report's §3.3)

def test_sixty_seven_forms_with_a_mean_of_seven_point_seven(session):
    answered = evaluations.response(session, REPORT_DATE)
    assert (answered.forms, answered.completed, answered.forms_for_completed) == (67, 114, 67)
    assert answered.owed == 47 and answered.rate == pytest.approx(67 / 114)
    overall = evaluations.overall_mark(session, REPORT_DATE)
    assert overall.n == EVALUATION_FORMS
    assert round(overall.mean, 1) == 7.7
    assert overall.mean == pytest.approx(sum(ASPECT_SUMS) / (5 * EVALUATION_FORMS))
    assert overall.low < overall.mean < overall.high


def test_aspect_means_lie_within_the_reports_range(session):
    aspects = evaluations.aspect_summary(evaluations.mark_distribution(session, REPORT_DATE))
    assert list(aspects["aspect"]) == list(EVALUATION_ASPECTS)
    assert list(aspects["forms"]) == [67] * 5
    assert list(aspects["mean"]) == pytest.approx([total / 67 for total in ASPECT_SUMS])
    assert ((aspects["mean"] >= 6.5) & (aspects["mean"] <= 8.0)).all()  # "tussen 6,5 en 8,0" (line 1193)


@pytest.mark.parametrize("as_of", [dt.date(2007, 8, 31), dt.date(2007, 11, 30), REPORT_DATE])
def test_distribution_and_intervals_match_the_rows(session, as_of):
    forms = forms_by(session, as_of)
    distribution = evaluations.mark_distribution(session, as_of)
    aspects = evaluations.aspect_summary(distribution).set_index("aspect")
    for index, column in enumerate(EVALUATION_ASPECTS):
        values = [marks_of(form)[index] for form in forms]
        counts = distribution[distribution.aspect == column].set_index("mark")["count"].to_dict()
        assert counts == {mark: values.count(mark) for mark in set(values)}
        expected = mean_interval(values)
        assert aspects.loc[column, "mean"] == pytest.approx(expected.mean)
        assert aspects.loc[column, "ci_low"] == pytest.approx(expected.low)
        assert aspects.loc[column, "ci_high"] == pytest.approx(expected.high)
    overall = evaluations.overall_mark(session, as_of)
    expected = mean_interval([sum(marks_of(form)) / 5 for form in forms])
    assert (overall.n, overall.mean, overall.low) == (len(forms), pytest.approx(expected.mean),
                                                      pytest.approx(expected.low))


@pytest.mark.parametrize("as_of", [dt.date(2007, 6, 30), dt.date(2007, 11, 30), REPORT_DATE])
def test_completed_agrees_with_the_lifecycle(session, as_of):
    assert evaluations.response(session, as_of).completed == summary.headline(session, as_of).completed


@pytest.mark.parametrize("dimension,group_of", [
    ("organisation", lambda t: [t.organisation.name]),
    ("province", lambda t: [t.province.name]),
    ("applicant_type", lambda t: [t.request.applicant_type.value]),
    ("theme", lambda t: [theme.theme.value for theme in t.request.themes]),
    ("month", lambda t: [t.evaluation.received_on.replace(day=1)]),
])
def test_breakdowns_match_the_rows(session, dimension, group_of):
    frame = evaluations.breakdown(session, dimension, REPORT_DATE).set_index("key")
    expected: dict = {}
    for form in forms_by(session, REPORT_DATE):
        for group in group_of(form.trajectory):
            expected.setdefault(group, []).append(sum(marks_of(form)) / 5)
    shown = frame[frame.forms > 0]
    assert set(shown.index) == set(expected)
    for group, means in expected.items():
        stats = mean_interval(means)
        row = shown.loc[group]
        assert row.forms == len(means)
        assert row["mean"] == pytest.approx(stats.mean)
        if stats.low is None:
            assert math.isnan(row.ci_low)
        else:
            assert (row.ci_low, row.ci_high) == (pytest.approx(stats.low), pytest.approx(stats.high))
    total = int(frame.forms.sum())
    assert total == 67 if evaluations.DIMENSIONS[dimension].partition else total > 67


def test_months_run_without_gaps_to_the_as_of_date(session):
    months = evaluations.breakdown(session, "month", REPORT_DATE)
    keys = list(months["key"])
    assert keys[-1] == dt.date(2008, 3, 1)
    assert all((b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in zip(keys, keys[1:]))
    assert (months.loc[months.forms == 0, "mean"].isna()).all()
    assert months.label.iloc[-1] == "mrt 2008"


def test_small_groups_are_suppressed_in_the_reconstruction(session):
    frame = suppress_small_groups(evaluations.breakdown(session, "province", REPORT_DATE), 5)
    small = frame[frame.forms < 5]
    assert not small.empty and (small.suppressed == SMALL).all() and small["mean"].isna().all()
    assert frame.loc[frame.forms >= 5, "mean"].notna().all()


def test_low_mark_list_holds_exactly_the_forms_with_an_aspect_below_six(session):
    low = evaluations.low_mark_forms(session, REPORT_DATE)
    expected = {form.trajectory.nr for form in forms_by(session, REPORT_DATE) if min(marks_of(form)) < 6}
    assert set(low["nr"]) == expected and len(low) == len(expected) > 0
    assert (low["lowest"] < 6).all()
    assert list(low["lowest"]) == sorted(low["lowest"])


def test_owed_forms_are_the_completed_trajectories_without_one(session):
    owed = evaluations.owed_forms(session, REPORT_DATE)
    trajectories = session.execute(select(Trajectory)).scalars().all()
    expected = {t.nr for t in trajectories if t.completed_on and t.completed_on <= REPORT_DATE
                and (t.evaluation is None or t.evaluation.received_on > REPORT_DATE)}
    assert set(owed["nr"]) == expected and len(owed) == 47
    assert list(owed["completed_on"]) == sorted(owed["completed_on"])
    assert (owed["days_waiting"] == [(REPORT_DATE - d).days for d in owed["completed_on"]]).all()


@pytest.mark.parametrize("limit", [1, 2, 10])
def test_the_lists_show_the_first_forms_and_count_them_all(session, limit):
    low_all = evaluations.low_mark_forms(session, REPORT_DATE, limit=None)
    low = evaluations.low_mark_forms(session, REPORT_DATE, limit=limit)
    assert evaluations.low_mark_count(session, REPORT_DATE) == len(low_all)
    assert low.equals(low_all.head(limit))
    owed_all = evaluations.owed_forms(session, REPORT_DATE, limit=None)
    owed = evaluations.owed_forms(session, REPORT_DATE, limit=limit)
    assert len(owed) == limit and owed.equals(owed_all.head(limit))
    assert evaluations.owed_count(session, REPORT_DATE) == len(owed_all) == evaluations.response(
        session, REPORT_DATE).owed


def test_low_marks_are_ordered_in_sql_by_lowest_then_mean(session):
    low = evaluations.low_mark_forms(session, REPORT_DATE, below=8, limit=None)
    assert len(low) > 3
    marks = low[list(EVALUATION_ASPECTS)]
    assert (low["lowest"] == marks.min(axis=1)).all()
    assert low["mean"].to_numpy() == pytest.approx(marks.mean(axis=1).to_numpy())
    assert list(zip(low["lowest"], low["mean"].round(6))) == sorted(zip(low["lowest"], low["mean"].round(6)))


def test_a_form_not_yet_received_is_owed(session):
    # The day before a late form came in, its completed trajectory still owed it.
    late = max((form for form in forms_by(session, REPORT_DATE) if form.received_on > form.trajectory.completed_on),
               key=lambda form: (form.received_on - form.trajectory.completed_on).days)
    day_before = late.received_on - dt.timedelta(days=1)
    assert late.trajectory.nr in set(evaluations.owed_forms(session, day_before)["nr"])
    assert late.trajectory.nr not in set(evaluations.owed_forms(session, late.received_on)["nr"])


@pytest.mark.parametrize("search,gemeenten", [
    ("", {"Westland", "Venlo", "Zeist", "Huizen", "Heerhugowaard"}),
    ("sparren", {"Huizen"}),
    ("WAARDERING", {"Venlo", "Heerhugowaard"}),
    ("heerhugo", {"Heerhugowaard"}),  # a gemeente's name finds its remark too
    ("%", set()),
    ("_", set()),
])
def test_remark_search(session, search, gemeenten):
    found = evaluations.remarks(session, REPORT_DATE, search=search)
    assert set(found["gemeenten"]) == gemeenten
    assert list(found["received_on"]) == sorted(found["received_on"], reverse=True)


@pytest.mark.parametrize("filters", [Filters(province="Utrecht"), Filters(organisation="Zet"),
                                     Filters(theme="zorg"), Filters(applicant_type="steunpunt")])
def test_filters_narrow_the_forms(session, filters):
    def keep(t: Trajectory) -> bool:
        return ((not filters.province or t.request.gemeente.province.name == filters.province)
                and (not filters.organisation or t.organisation.name == filters.organisation)
                and (not filters.theme or filters.theme in [x.theme.value for x in t.request.themes])
                and (not filters.applicant_type or t.request.applicant_type.value == filters.applicant_type))

    forms = [form for form in forms_by(session, REPORT_DATE) if keep(form.trajectory)]
    answered = evaluations.response(session, REPORT_DATE, filters)
    assert answered.forms == len(forms) > 0
    assert evaluations.overall_mark(session, REPORT_DATE, filters).mean == pytest.approx(
        sum(sum(marks_of(f)) for f in forms) / (5 * len(forms)))


def test_nothing_before_the_first_form(session):
    as_of = dt.date(2006, 12, 31)
    assert evaluations.response(session, as_of).forms == 0
    assert evaluations.overall_mark(session, as_of).mean is None
    assert evaluations.mark_distribution(session, as_of).empty
    assert evaluations.aspect_summary(evaluations.mark_distribution(session, as_of))["mean"].isna().all()
    assert evaluations.breakdown(session, "month", as_of).empty
    assert evaluations.low_mark_forms(session, as_of).empty
    assert evaluations.remarks(session, as_of).empty


def test_api_figures_of_the_report(session):
    figures = evaluations.evaluation_figures(session, REPORT_DATE)
    assert (figures["forms"], figures["completed"], figures["mean"]) == (67, 114, 7.7)
    assert figures["response_rate"] == 0.588 and figures["suppressed"] is False
    assert list(figures["aspects"]) == ["results", "process", "quality", "presentation", "service"]
    quality = figures["aspects"]["quality"]
    assert (quality["label"], quality["mean"], quality["forms"]) == ("Kwaliteit van de adviseur", 8.0, 67)
    assert quality["ci_low"] < 8.0 < quality["ci_high"]


# Hand-made forms with known answers

FORMS = [  # nr, gemeente, organisation, applicant, themes, completed, received, marks, remarks
    (1, "Amersfoort", "Alleato", "gemeente", ("beleid",), dt.date(2020, 3, 1), dt.date(2020, 3, 10),
     (7, 7, 7, 7, 7), "Prima <b>samen</b>werking, 100% tevreden"),
    (2, "Zeist", "Alleato", "steunpunt", ("beleid", "zorg"), dt.date(2020, 3, 15), dt.date(2020, 4, 2),
     (8, 8, 8, 8, 8), ""),
    (3, "Goes", "Scoop", "gemeente", ("infrastructuur",), dt.date(2020, 4, 1), dt.date(2020, 4, 20),
     (9, 5, 9, 9, 9), "Proces_traag"),
    (4, "Vlissingen", "Scoop", "gemeente", ("infrastructuur",), dt.date(2020, 4, 10), None, None, None),
    (5, "Middelburg", "Scoop", "steunpunt", ("zorg",), None, None, None, None),  # still running
]
PROVINCE_OF = {"Amersfoort": "Utrecht", "Zeist": "Utrecht", "Goes": "Zeeland", "Vlissingen": "Zeeland",
               "Middelburg": "Zeeland"}
END = dt.date(2020, 4, 30)


@pytest.fixture
def handmade(empty_engine) -> Iterator[Session]:
    """A session on an empty database holding five trajectories and three evaluation forms made by hand."""
    with Session(empty_engine) as session:
        provinces = {name: Province(code=code, name=name, gemeenten_2008=10)
                     for code, name in (("UT", "Utrecht"), ("ZE", "Zeeland"))}
        organisations = {"Alleato": Organisation(name="Alleato", kind="cmo", province=provinces["Utrecht"]),
                         "Scoop": Organisation(name="Scoop", kind="cmo", province=provinces["Zeeland"])}
        programme = Programme(name="Handwerk", slug="handwerk", target_requests=5, dagdelen_budget=100,
                              starts_on=dt.date(2019, 10, 1), ends_on=END)
        session.add_all([programme, *provinces.values(), *organisations.values()])
        for nr, name, organisation, applicant, themes, completed, received, marks, remarks in FORMS:
            gemeente = Gemeente(name=name, province=provinces[PROVINCE_OF[name]])
            request = Request(programme=programme, gemeente=gemeente, received_on=dt.date(2019, 10, nr), applicant_type=applicant,
                              channel="mailing", themes=[RequestTheme(theme=theme) for theme in themes])
            trajectory = Trajectory(nr=nr, request=request, province=provinces[PROVINCE_OF[name]],
                                    gemeenten=[gemeente], intake_organisation=organisations[organisation],
                                    organisation=organisations[organisation], dagdelen=20,
                                    started_on=dt.date(2019, 12, 1), completed_on=completed)
            session.add_all([gemeente, request, trajectory])
            if marks is not None:
                session.add(Evaluation(trajectory=trajectory, received_on=received, remarks=remarks,
                                       **dict(zip(EVALUATION_ASPECTS, marks))))
        bump_data_version(session)  # as every writer does: the monthly levels follow
        session.commit()
        yield session


def test_handmade_mean_and_interval_per_aspect(handmade):
    aspects = evaluations.aspect_summary(evaluations.mark_distribution(handmade, END)).set_index("aspect")
    results = aspects.loc["mark_results"]  # marks 7, 8, 9
    assert (results.forms, results["mean"]) == (3, 8.0)
    assert results.ci_low == pytest.approx(8 - T_975_DF2 / math.sqrt(3), abs=1e-6)
    assert results.ci_high == pytest.approx(8 + T_975_DF2 / math.sqrt(3), abs=1e-6)
    assert aspects.loc["mark_process", "mean"] == pytest.approx(20 / 3)  # marks 7, 8, 5


def test_handmade_distribution(handmade):
    distribution = evaluations.mark_distribution(handmade, END)
    process = distribution[distribution.aspect == "mark_process"]
    assert dict(zip(process.mark, process["count"])) == {5: 1, 7: 1, 8: 1}
    assert process.label.iloc[0] == "Procesgang"
    assert distribution.groupby("aspect")["count"].sum().tolist() == [3] * 5


def test_handmade_overall_mark_is_over_the_forms(handmade):
    overall = evaluations.overall_mark(handmade, END)
    expected = mean_interval([7.0, 8.0, 8.2])  # the forms' own means: 35/5, 40/5, 41/5
    assert overall.n == 3 and overall.mean == pytest.approx(23.2 / 3)
    assert (overall.low, overall.high) == (pytest.approx(expected.low), pytest.approx(expected.high))


@pytest.mark.parametrize("as_of,forms,completed,answered", [
    (dt.date(2020, 2, 29), 0, 0, 0),
    (dt.date(2020, 3, 10), 1, 1, 1),
    (dt.date(2020, 3, 31), 1, 2, 1),  # nr 2 completed, its form still to come
    (END, 3, 4, 3),
])
def test_handmade_response(handmade, as_of, forms, completed, answered):
    result = evaluations.response(handmade, as_of)
    assert (result.forms, result.completed, result.forms_for_completed) == (forms, completed, answered)
    assert len(evaluations.owed_forms(handmade, as_of)) == completed - answered


def test_handmade_owed_and_low_marks(handmade):
    owed = evaluations.owed_forms(handmade, END)
    assert list(owed.nr) == [4] and owed.days_waiting.item() == 20 and owed.organisation.item() == "Scoop"
    low = evaluations.low_mark_forms(handmade, END)
    assert list(low.nr) == [3] and low.lowest.item() == 5 and low.mark_process.item() == 5
    assert low.remarks.item() == "Proces_traag" and low.gemeenten.item() == "Goes"
    assert list(evaluations.low_mark_forms(handmade, END, below=8).nr) == [3, 1]  # 5 first, then the 7s


@pytest.mark.parametrize("dimension,expected", [
    ("organisation", {"Alleato": (2, 7.5), "Scoop": (1, 8.2)}),
    ("province", {"Utrecht": (2, 7.5), "Zeeland": (1, 8.2)}),
    ("applicant_type", {"gemeente": (2, 7.6), "steunpunt": (1, 8.0)}),
    ("theme", {"beleid": (2, 7.5), "zorg": (1, 8.0), "infrastructuur": (1, 8.2)}),
    ("month", {dt.date(2020, 3, 1): (1, 7.0), dt.date(2020, 4, 1): (2, 8.1)}),
])
def test_handmade_breakdowns(handmade, dimension, expected):
    frame = evaluations.breakdown(handmade, dimension, END)
    assert {key: (n, pytest.approx(mean)) for key, n, mean in zip(frame.key, frame.forms, frame["mean"])} == expected
    two = frame[frame.forms == 2].iloc[0]
    assert two.ci_low < two["mean"] < two.ci_high
    assert frame[frame.forms == 1].ci_low.isna().all()


@pytest.mark.parametrize("threshold,hidden", [(5, {"Alleato", "Scoop"}), (2, {"Alleato", "Scoop"}), (1, set())])
def test_handmade_small_number_rule(handmade, threshold, hidden):
    frame = suppress_small_groups(evaluations.breakdown(handmade, "organisation", END), threshold)
    assert set(frame.loc[frame.suppressed != "", "key"]) == hidden  # with 2: Scoop is small, Alleato would tell it
    figures = evaluations.evaluation_figures(handmade, END, threshold=threshold)
    assert figures["suppressed"] is (threshold > 3)
    assert (figures["mean"] is None) is (threshold > 3)


@pytest.mark.parametrize("search,nrs", [
    ("", [3, 1]),
    ("100%", [1]),
    ("%", [1]),
    ("_", [3]),
    ("<b>", [1]),
    ("amersfoort", [1]),
    ("zeist", []),  # Zeist's form has no remarks
    ("onbekend", []),
])
def test_handmade_remark_search_is_literal(handmade, search, nrs):
    assert list(evaluations.remarks(handmade, END, search=search).nr) == nrs


def test_a_trajectory_without_linked_gemeenten_stays_in_the_lists(handmade):
    handmade.execute(trajectory_gemeenten.delete())
    owed = evaluations.owed_forms(handmade, END)
    assert list(owed.gemeenten) == ["Vlissingen"]  # the applying gemeente
    assert list(evaluations.low_mark_forms(handmade, END).gemeenten) == ["Goes"]
