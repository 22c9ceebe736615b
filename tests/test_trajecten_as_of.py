"""As of the chosen date, through the real Dash endpoint: a trajectory's detail, the Trajecten list and the Kaart's
gemeente information show what was known on that date and nothing that happened after it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import formatting, ids
from tests.page_text import texts
from tests.signing_in import signed_in
from tests.test_drill_down import call

AS_OF = dt.date(2007, 4, 30)
DUTCH_DATE = re.compile(r"(\d{1,2}) (" + "|".join(formatting.MONTHS) + r") (\d{4})")


@pytest.fixture
def leader(app):
    """A client signed in as projectleiding."""
    return signed_in(app, "projectleiding")


def dates_in(text: str) -> list[dt.date]:
    """The Dutch dates ('30 apr 2007') written in ``text``."""
    return [dt.date(int(year), formatting.MONTHS.index(month) + 1, int(day))
            for day, month, year in DUTCH_DATE.findall(text)]


def detail(app, client, nr: int, as_of: dt.date) -> list[str]:
    """The texts of trajectory ``nr``'s detail on the Trajecten page at ``?stand=as_of&traject=nr``."""
    response = call(app, client, f"{ids.TRAJECTEN_DETAIL}.children",
                    {f"{ids.URL}.search": f"?stand={as_of.isoformat()}&traject={nr}"})
    return texts(response[ids.TRAJECTEN_DETAIL]["children"])


def listed(app, client, as_of: dt.date) -> dict[int, dict]:
    """The Trajecten list's rows at ``?stand=as_of``, by trajectory number."""
    response = call(app, client, f"{ids.TRAJECTEN_GRID}.rowData", {
        f"{ids.URL}.search": f"?stand={as_of.isoformat()}", f"{ids.TRAJECTEN_SEARCH}.value": "",
        f"{ids.DATA_VERSION}.data": {"version": 1}})
    return {row["nr"]: row for row in response[ids.TRAJECTEN_GRID]["rowData"]}


def after(lines: list[str], heading: str) -> str:
    """The text right after ``heading`` in ``lines`` (a fact's value)."""
    return lines[lines.index(heading) + 1]


def test_the_detail_at_a_past_date_names_no_date_after_it(app, leader):
    lines = detail(app, leader, 3, AS_OF)
    planned = after(lines, "Gepland einde")
    assert planned == "11 mei 2007 (een plan, bij de start afgesproken)"  # a plan made then, marked as one
    others = [line for line in lines if line != planned]
    written = [day for line in others for day in dates_in(line)]
    assert dt.date(2006, 10, 8) in written and max(written) == AS_OF  # the card's own "Stand per 30 apr 2007"
    assert "Stand per 30 apr 2007" in lines
    assert after(lines, "Werk klaar") == after(lines, "Administratief afgerond") == "nog niet (per 30 apr 2007)"
    assert "Nog niet bekend: per 30 apr 2007 was het werk nog bezig." in lines  # the result came with the work
    assert any(line.startswith("Na 30 apr 2007 volgden nog 2 wijzigingen") for line in lines)


def test_the_status_history_stops_at_the_date(app, leader):
    lines = detail(app, leader, 3, AS_OF)
    history = [line for line in lines if re.match(r"\d{1,2} \w{3} \d{4}: ", line)]
    assert history == ["8 okt 2006: ontvangen", "14 okt 2006: intake", "12 nov 2006: lopend"]
    later = detail(app, leader, 3, dt.date(2007, 12, 31))
    assert [line for line in later if re.match(r"\d{1,2} \w{3} \d{4}: ", line)][-1] == "2 dec 2007: afgerond"
    assert after(later, "Werk klaar") == "29 jun 2007" and not any(line.startswith("Na ") for line in later)


def test_before_a_hand_over_the_detail_names_who_had_the_trajectory_then(app, leader):
    before, since = detail(app, leader, 111, dt.date(2007, 1, 1)), detail(app, leader, 111, dt.date(2007, 2, 1))
    assert "Overdrachten" not in before and "Overdrachten" in since
    assert after(before, "Uitgevoerd door") != after(since, "Uitgevoerd door")
    handed = next(line for line in since if line.startswith("6 jan 2007: van "))
    assert handed.startswith(f"6 jan 2007: van {after(before, 'Uitgevoerd door').split(' – ')[1]}")


def test_an_evaluation_shows_from_the_day_it_came_in(app, leader, session):
    from sqlalchemy import select

    from dashboard.data.schema.models import Evaluation, Trajectory

    nr, received = session.execute(select(Trajectory.nr, Evaluation.received_on)
                                   .join(Evaluation, Evaluation.trajectory_id == Trajectory.id)
                                   .order_by(Evaluation.received_on)).first()
    assert "Evaluatie" not in detail(app, leader, nr, received - dt.timedelta(days=1))
    assert "Evaluatie" in detail(app, leader, nr, received)


def test_a_trajectory_not_started_by_the_date_says_so(app, leader):
    lines = detail(app, leader, 3, dt.date(2006, 11, 1))
    assert lines == ["Traject 3 was per 1 nov 2006 nog niet gestart; kies een latere stand."]


def test_the_list_shows_each_trajectory_as_it_stood_on_the_date(app, leader):
    then, end = listed(app, leader, AS_OF)[3], listed(app, leader, dt.date(2007, 12, 31))[3]
    assert (then["status"], then["work_finished_on"], then["completed_on"]) == ("lopend", None, None)
    assert then["result"] == ""  # the result came with the work, after the date
    assert (end["status"], end["work_finished_on"], end["completed_on"]) == ("afgerond", "2007-06-29", "2007-12-02")
    assert end["result"].startswith("Om in te springen")
    for row in listed(app, leader, AS_OF).values():
        assert all(row[name] is None or row[name] <= AS_OF.isoformat()
                   for name in ("received_on", "started_on", "work_finished_on", "completed_on"))
        assert bool(row["result"]) == (row["work_finished_on"] is not None)


def test_the_list_names_who_had_a_trajectory_on_the_date_and_marks_a_later_hand_over(app, leader):
    before, since = listed(app, leader, dt.date(2007, 1, 1))[111], listed(app, leader, dt.date(2007, 2, 1))[111]
    holder = after(detail(app, leader, 111, dt.date(2007, 1, 1)), "Uitgevoerd door").split(" – ")[0]
    assert before["organisation"] == f"{holder} (later: {since['organisation']})"
    assert "(later" not in since["organisation"] and since["organisation"] != holder
    assert all("(later" not in row["organisation"] for row in listed(app, leader, dt.date(2008, 3, 4)).values())
    # a hand-over between two advisors of one organisation is no later fact about the organisation
    marked = [row["organisation"].removesuffix(")").split(" (later: ")
              for row in listed(app, leader, dt.date(2007, 1, 1)).values() if "(later" in row["organisation"]]
    assert marked and all(then != now for then, now in marked)


def test_the_kaart_tells_of_a_gemeente_only_what_was_known_on_the_date(app, leader):
    response = call(app, leader, f"{ids.KAART_TABLE}.children", {f"{ids.URL}.search": f"?stand={AS_OF.isoformat()}",
                                                                 f"{ids.DATA_VERSION}.data": {"version": 1}})
    hovers = [text for trace in response[ids.KAART_MAP]["figure"]["data"] for text in trace.get("text") or []
              if isinstance(text, str) and text.startswith("<b>")]
    hoogeveen = next(text for text in hovers if text.startswith("<b>Hoogeveen</b>"))
    assert "Status: lopend" in hoogeveen and "29 jun 2007" not in hoogeveen
    assert all(day <= AS_OF for text in hovers for day in dates_in(text))
    blocks = texts(response[ids.KAART_GEMEENTEN]["children"])
    assert " – lopend, 1 traject" in blocks[blocks.index("Hoogeveen") + 1]
