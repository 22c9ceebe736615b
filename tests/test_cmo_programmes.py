"""The CMO's page with several programmes: allocated dagdelen and capacity count every programme's work, split by
programme (the programmes a user may not see grouped), while the lists, the per-CMO table, the downloads and the
API show only the programme's own trajectories. On the three-programme demo database (read only)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys

import dash
import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from flask_login import login_user

from dashboard import ids
from dashboard.auth.web import SignedInUser
from dashboard.callbacks.downloads import CHART_DATA
from dashboard.data.editing import users
from dashboard.data.queries import capacity, signals
from dashboard.data.schema import db
from dashboard.data.schema.models import Organisation, Programme, Role, Trajectory
from dashboard.figures.capacity import programme_split_figure
from dashboard.programme_choice import scoped
from dashboard.view_state import parse
from tests.figures.drawing import drawn
from tests.signing_in import signed_in
from tests.test_drill_down import call
from tests.test_programme_access import sign_in

D = dt.date
DAYS = (D(2007, 11, 30), D(2008, 6, 30), D(2008, 9, 30), D(2009, 6, 30))
GAP_DAY = D(2008, 9, 30)  # PJ Partners: 98 dagdelen of sport and 112 of brede scholen against a capacity of 156
PROGRAMMES = ("avi-130", "sport", "brede-scholen")


@pytest.fixture(scope="module")
def several(several_programmes_url):
    """A session on the three-programme database."""
    engine = db.make_engine(several_programmes_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def programme_of(several) -> dict[int, str]:
    """Each trajectory number's programme."""
    return dict(several.execute(select(Trajectory.nr, Programme.slug)
                                .join(Programme, Programme.id == Trajectory.programme_id)).all())


@pytest.fixture
def beside(several_url):
    """The app on a copy of the three-programme database (signing in writes to it), signed in as projectleiding (at
    once: an app takes the callbacks registered so far at its first request)."""
    from dashboard.factory import create_app

    app = create_app({"database_url": several_url, "load_demo_if_new": False})
    return app, signed_in(app)


# --- which programme takes what ----------------------------------------------------------------------------------

@pytest.mark.parametrize("day", DAYS)
def test_the_split_by_programme_adds_up_to_the_allocated_work(several, day):
    names = dict(several.execute(select(Organisation.id, Organisation.name)).all())
    work = capacity.allocated_work(several, day)
    expected = dict(zip(work["organisation_id"].map(names), work["allocated"]))
    split = capacity.allocated_by_programme(several, day)
    assert set(split["programme"]) == set(PROGRAMMES)  # every programme, also one without work that day
    assert split.groupby("organisation")["allocated"].sum().to_dict() == expected
    for programme in PROGRAMMES:  # the allocated dagdelen of a workload are every programme's, whichever is shown
        workload = capacity.organisation_workload(several, day, programme=programme)
        assert dict(zip(workload["organisation"], workload["allocated"])) == expected


def test_a_gap_that_shows_only_when_the_programmes_are_added_up(several):
    split = capacity.allocated_by_programme(several, GAP_DAY).set_index(["organisation", "programme"])["allocated"]
    workload = capacity.organisation_workload(several, GAP_DAY, programme="avi-130").set_index("organisation")
    pj = workload.loc["PJ Partners"]
    assert all(split["PJ Partners", programme] <= pj["capacity"] for programme in PROGRAMMES)
    assert pj["allocated"] > pj["capacity"] and pj["gap"] > 0
    found = signals.organisation_signals(several, GAP_DAY, workload=workload.reset_index(), programme="avi-130")
    (gap,) = [s for s in found if s.organisation == "PJ Partners" and s.kind == "capacity_gap"]
    assert "(alle programma's samen)" in gap.message
    assert gap.trajectories == () and gap.trajectory_total == 0  # AVI 130 has no running work there that day


ALLOCATED = pd.DataFrame([
    ("Zet", "avi-130", "AVI 130", 1, 10), ("Zet", "sport", "Sport", 2, 20), ("Zet", "brede-scholen", "Brede", 3, 30),
    ("Scoop", "avi-130", "AVI 130", 1, 0), ("Scoop", "sport", "Sport", 2, 5), ("Scoop", "brede-scholen", "Brede", 3, 7),
], columns=["organisation", "programme", "programme_name", "programme_id", "allocated"])


def test_the_split_names_every_programme_with_the_shown_one_first():
    split = capacity.split_by_programme(ALLOCATED, "sport", None)
    assert list(split["organisation"]) == ["Zet"] * 3 + ["Scoop"] * 3
    assert list(split["programme"][:3]) == ["sport", "avi-130", "brede-scholen"]
    assert list(split["label"][:3]) == ["Sport", "AVI 130", "Brede"]


def test_programmes_a_user_may_not_see_are_one_segment_that_still_counts():
    split = capacity.split_by_programme(ALLOCATED, "sport", frozenset({"sport"}))
    assert split[["organisation", "programme", "label", "allocated"]].values.tolist() == [
        ["Zet", "sport", "Sport", 20], ["Zet", "andere", "Andere programma's", 40],
        ["Scoop", "sport", "Sport", 5], ["Scoop", "andere", "Andere programma's", 7]]
    assert not split["label"].isin(["AVI 130", "Brede"]).any()
    # one of two others allowed: that one named, the other grouped, the grouped last
    split = capacity.split_by_programme(ALLOCATED, "avi-130", frozenset({"avi-130", "brede-scholen"}))
    assert list(split["programme"][:3]) == ["avi-130", "brede-scholen", "andere"]
    assert split.groupby("organisation", sort=False)["allocated"].sum().to_dict() == {"Zet": 60, "Scoop": 12}


def test_the_split_as_columns_beside_the_shared_capacity():
    workload = pd.DataFrame({"organisation": ["Zet", "Scoop"], "allocated": [60, 12], "capacity": [52.0, 104.0],
                             "gap": [8.0, 0.0]})
    columns = capacity.programme_columns(capacity.split_by_programme(ALLOCATED, "brede-scholen", None), workload)
    assert list(columns.columns) == ["organisation", "Brede", "AVI 130", "Sport", "allocated", "capacity", "gap"]
    assert columns.values.tolist() == [["Zet", 30, 10, 20, 60, 52.0, 8.0], ["Scoop", 7, 0, 5, 12, 104.0, 0.0]]


def test_the_split_figure_stacks_the_programmes_against_capacity():
    workload = pd.DataFrame({"organisation": ["Zet", "Scoop"], "allocated": [60, 12], "capacity": [52.5, 104.0]})
    split = capacity.split_by_programme(ALLOCATED, "sport", frozenset({"sport"}))
    figure = drawn(programme_split_figure)(split, workload, 26, capacity.OTHER_PROGRAMMES_LABEL)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["Sport", "Andere programma's"]
    assert figure.layout.barmode == "stack" and figure.layout.separators == ",."
    assert figure.layout.xaxis.title.text == "Toegewezen dagdelen (lopend werk)"
    assert [sum(bar.x[i] for bar in bars) for i in range(2)] == [60, 12]
    assert bars[0].marker.color != bars[1].marker.color and bars[0].marker.pattern.shape != bars[1].marker.pattern.shape
    capacity_mark, totals = [trace for trace in figure.data if trace.type == "scatter"]
    assert capacity_mark.name == "Capaciteit (26 weken, gedeeld)" and list(capacity_mark.x) == [52.5, 104.0]
    assert "52,5" in str(capacity_mark.customdata[0]) and "Tekort: 7,5 dagdelen" in str(capacity_mark.customdata[0])
    assert [text.strip() for text in totals.text] == ["▲ 60 van 53", "12 van 104"]
    empty = drawn(programme_split_figure)(split.assign(allocated=0), workload, 26, capacity.OTHER_PROGRAMMES_LABEL)
    assert empty.data == () and "Geen lopend werk" in empty.layout.annotations[0].text


# --- the lists per programme -----------------------------------------------------------------------------------

@pytest.mark.parametrize("programme", PROGRAMMES)
def test_the_lists_hold_only_the_programmes_trajectories(several, programme_of, programme):
    for day in DAYS:
        moves = capacity.handovers(several, day, programme=programme)
        assert {programme_of[nr] for nr in moves["nr"]} <= {programme}
        assert capacity.handover_counts(several, day, programme=programme)[0] == len(moves)
        listed = signals.signal_trajectories(several, day, limit=None, programme=programme)
        assert {programme_of[nr] for nr in listed["nr"]} <= {programme}
        load = capacity.advisor_load(several, day, programme=programme)
        every = capacity.advisor_load(several, day)
        assert load["allocated"].tolist() == every["allocated"].tolist()  # the advisors' work of every programme
        assert load["running"].sum() <= every["running"].sum()
    assert capacity.handover_counts(several, DAYS[-1])[0] == 18  # all of them AVI 130's
    assert capacity.handover_counts(several, DAYS[-1], programme="sport") == (0, 0)


def test_the_advisors_running_work_is_the_programmes(several, programme_of):
    day = GAP_DAY
    states = several.execute(select(capacity.trajectories_as_of(day, unfinished_only=True))).mappings().all()
    for programme in PROGRAMMES:
        load = capacity.advisor_load(several, day, programme=programme)
        running = sum(1 for row in states if row["status"] in capacity.RUNNING and programme_of[row["nr"]] == programme
                      and row["advisor_id"] is not None)
        assert load["running"].sum() == running
    first = capacity.advisor_load(several, day, limit=5, programme="sport")
    pd.testing.assert_frame_equal(first, capacity.advisor_load(several, day, programme="sport").head(5))


def test_the_per_cmo_table_counts_the_programmes_trajectories(several):
    tables = {programme: capacity.per_cmo_table(capacity.organisation_workload(several, DAYS[-1], programme=programme))
              for programme in PROGRAMMES}
    every = capacity.per_cmo_table(capacity.organisation_workload(several, DAYS[-1]))
    for column in ("trajectories_in_province", "completed"):
        assert sum(table[column].fillna(0) for table in tables.values()).tolist() == every[column].fillna(0).tolist()
    assert tables["avi-130"]["trajectories_in_province"].sum() == 114  # the report: every intake by a CMO


# --- the page, the downloads and the API --------------------------------------------------------------------------

def _page(app, client, search: str) -> dict:
    return call(app, client, f"{ids.CMOS_SIGNALS}.children",
                {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})


def test_the_split_shows_only_with_several_programmes(beside, app):
    shown = _page(*beside, f"?stand={GAP_DAY}&programma=sport")
    assert shown[ids.CMOS_SPLIT_SECTION]["className"] == "mb-3"
    assert [trace["name"] for trace in shown[ids.CMOS_SPLIT]["figure"]["data"][:3]] == [
        "Sport in de buurt (voorbeeld, gesimuleerd)", "AVI 130", "Brede scholen (voorbeeld, gesimuleerd)"]
    assert "Toegewezen dagdelen (alle programma's)" in str(shown[ids.CMOS_TABLE])
    alone = _page(app, signed_in(app), "?stand=2007-11-30")
    assert alone[ids.CMOS_SPLIT_SECTION]["className"] == "d-none"
    assert ids.CMOS_SPLIT not in alone and ids.CMOS_SPLIT_TABLE not in alone  # unchanged
    assert "alle programma's" not in str(alone[ids.CMOS_TABLE]) + str(alone[ids.CMOS_ADVISORS])


def test_a_user_limited_to_sport_sees_the_other_programmes_as_one(several_programmes_url, tmp_path):
    from dashboard.factory import create_app

    copy = tmp_path / "limited.sqlite"
    shutil.copy(make_url(several_programmes_url).database, copy)
    engine = db.make_engine(f"sqlite:///{copy}")
    with Session(engine) as session:
        users.add_user(session, "sport-leider", "projectleiding", "sport-wachtwoord", programmes=["sport"])
        session.commit()
    engine.dispose()
    app = create_app({"database_url": f"sqlite:///{copy}", "load_demo_if_new": False})
    client = sign_in(app, "sport-leider", "sport-wachtwoord")
    answer = _page(app, client, f"?stand={GAP_DAY}&programma=avi-130")  # asks for another's: gets sport
    split = str(answer[ids.CMOS_SPLIT]) + str(answer[ids.CMOS_SPLIT_TABLE])
    assert "Sport in de buurt" in split and "Andere programma's" in split
    assert "AVI 130" not in split and "Brede scholen" not in split
    assert "▲ 210 van 156" in split  # PJ Partners' gap, with the work of the programmes it may not see


def _download(beside, chart: str, search: str, programmes: frozenset[str] | None = None) -> pd.DataFrame:
    """The frame behind ``chart`` as the download callback builds it (the state scoped to the programme), for a
    user who may see ``programmes`` (None: every one)."""
    with beside[0].server.test_request_context(), db.read_session() as session:
        login_user(SignedInUser("beperkt", Role.PROJECTLEIDING, programmes=programmes))
        return CHART_DATA[chart](session, scoped(session, parse(search)))


def test_the_downloads_follow_the_programme(beside, several, programme_of):
    search = f"?stand={DAYS[-1]}&programma=sport"
    assert _download(beside, "cmo-overdrachten", search).empty
    assert _download(beside, "cmo-adviseur-overdrachten", search).empty
    assert len(_download(beside, "cmo-overdrachten", f"?stand={DAYS[-1]}&programma=avi-130")) == 18
    report = _download(beside, "cmo-tabel", search)
    assert "aantal trajecten Sport in de buurt (voorbeeld, gesimuleerd)" in report.columns
    split = _download(beside, "cmo-programmas", f"?stand={GAP_DAY}&programma=sport")
    assert list(split.columns[:4]) == ["organisatie", "Sport in de buurt (voorbeeld, gesimuleerd)", "AVI 130",
                                       "Brede scholen (voorbeeld, gesimuleerd)"]
    total = split["toegewezen dagdelen (alle programma's)"]
    assert split.iloc[:, 1:4].sum(axis=1).tolist() == total.tolist()
    assert split.set_index("organisatie").loc["PJ Partners", "tekort (dagdelen)"] == 54
    split.to_excel(io.BytesIO(), sheet_name="cmo-programmas", index=False)


def test_the_split_download_groups_the_programmes_a_user_may_not_see(beside):
    split = _download(beside, "cmo-programmas", f"?stand={GAP_DAY}&programma=sport", frozenset({"sport"}))
    assert list(split.columns) == ["organisatie", "Sport in de buurt (voorbeeld, gesimuleerd)", "Andere programma's",
                                   "toegewezen dagdelen (alle programma's)", "capaciteit 26 weken (dagdelen)",
                                   "tekort (dagdelen)"]
    pj = split.set_index("organisatie").loc["PJ Partners"]
    assert (pj.iloc[0], pj.iloc[1], pj.iloc[2]) == (98, 112, 210)  # the others' work still counts in the total


def test_the_api_answers_per_programme_with_the_shared_capacity(beside, programme_of):
    client = beside[1]
    body = client.get(f"/api/v1/organisations?as_of={GAP_DAY}&programme=sport").get_json()
    every = client.get(f"/api/v1/organisations?as_of={GAP_DAY}&programme=avi-130").get_json()
    assert (body["programme"], every["programme"]) == ("sport", "avi-130")
    for rows in (body["organisations"], every["organisations"]):
        for row in rows:
            assert sum(row["allocated_by_programme"].values()) == row["allocated_dagdelen"]
            assert set(row["allocated_by_programme"]) == set(PROGRAMMES)
    pj = next(row for row in body["organisations"] if row["organisation"] == "PJ Partners")
    assert pj["allocated_by_programme"] == {"sport": 98, "avi-130": 0, "brede-scholen": 112}
    assert pj["gap_dagdelen"] == 54
    numbers = [nr for row in body["organisations"] for signal in row["signals"] for nr in signal["trajectories"]]
    assert numbers and {programme_of[nr] for nr in numbers} == {"sport"}
    assert all(not signal["trajectories"] for row in every["organisations"] for signal in row["signals"])
    assert [row["running"] for row in every["organisations"]] == [0] * len(every["organisations"])
    unknown = client.get("/api/v1/organisations?programme=onbekend")
    assert unknown.status_code == 400 and "bestaat niet" in unknown.get_json()["error"]


def test_the_report_link_leads_to_avi_130_from_another_programme(beside):
    app, _ = beside
    page = next(page for page in dash.page_registry.values() if page["path"] == "/cmos")
    _report_link = sys.modules[page["module"]]._report_link  # the module as Dash loaded it (importing it again
    with app.server.test_request_context():  # under its package name registers the page twice)
        assert _report_link({"programma": "sport", "provincie": "Utrecht"}).href == (
            "/cmos?programma=avi-130&stand=2008-03-04&provincie=Utrecht")
        assert _report_link({"provincie": "Utrecht"}).href == "/cmos?stand=2008-03-04&provincie=Utrecht"


@pytest.mark.parametrize("programmes,told", [(None, False), (frozenset({"sport"}), True)])
def test_only_a_limited_user_is_told_of_the_grouped_programmes(beside, programmes, told):
    app, _ = beside
    page = next(page for page in dash.page_registry.values() if page["path"] == "/cmos")
    with app.server.test_request_context():
        login_user(SignedInUser("lezer", Role.PROJECTLEIDING, programmes=programmes))
        text = str(page["layout"]())
    assert "Welk programma neemt wat" in text
    assert ("tellen mee als ‘Andere programma's’" in text) is told
