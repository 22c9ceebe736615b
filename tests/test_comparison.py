"""Comparison with a second date (``vergelijk=``) through the real Dash endpoint: the cards' changes since that
date, counted independently from the base tables, the charts' faint earlier state, and the state line."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import ids
from dashboard.comparison import compare_date
from dashboard.data.queries import evaluations
from dashboard.data.queries.meetings import meetings
from dashboard.data.queries.summary import headline_from_base_tables
from dashboard.view_state import parse, to_search
from tests.page_text import card, texts
from tests.signing_in import signed_in
from tests.test_drill_down import call, figure

CARDS = {"kpi-aanvragen": "requests", "kpi-lopend": "running", "kpi-afgerond": "completed",
         "kpi-niet-doorgegaan": "not_started", "kpi-gemeenten": "gemeenten_involved"}


def change(now: int, before: int) -> str:
    """The change as the cards write it."""
    difference = now - before
    return "gelijk" if difference == 0 else f"{'+' if difference > 0 else '−'}{abs(difference)}"


def kpis(app, search: str) -> list:
    """The Overzicht's cards for ``search``."""
    response = call(app, signed_in(app, "stuurgroep"), f"{ids.OVERZICHT_KPIS}.children",
                    {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})
    return response[ids.OVERZICHT_KPIS]["children"]


@pytest.mark.parametrize("search, earlier", [
    ("?stand=2007-11-30&vergelijk=2007-03-15", dt.date(2007, 3, 15)),
    ("?stand=2007-06-30&vergelijk=2006-11-16&provincie=Utrecht", dt.date(2006, 11, 16)),
])
def test_cards_change_since_the_chosen_date(app, session, search, earlier):
    """Each card's change is now minus then, both counted from the base tables, 'sinds <date>' in Dutch."""
    state = parse(search)
    now = headline_from_base_tables(session, state.as_of, state.filters)
    then = headline_from_base_tables(session, earlier, state.filters)
    cards = kpis(app, search)
    for card_id, field in CARDS.items():
        words = " ".join(card(cards, card_id))
        assert f"{change(getattr(now, field), getattr(then, field))} sinds {earlier.day} " in words, words
    assert any(getattr(now, f) != getattr(then, f) for f in CARDS.values())


def test_default_is_the_previous_meeting(app, session):
    """'vergelijk=vorige' on 30 nov 2007 compares with the last stuurgroep meeting before it (13 sep 2007)."""
    held = meetings(session)
    assert len(held) == 5 and all(title.startswith("Stuurgroep") for _day, title in held)
    assert compare_date("vorige", dt.date(2007, 11, 30), held) == dt.date(2007, 9, 13)
    assert compare_date("vorige", dt.date(2006, 6, 20), held) == dt.date(2006, 5, 20)  # no meeting yet: a month
    assert compare_date("vorige", dt.date(2007, 11, 30), []) == dt.date(2007, 10, 30)
    words = " ".join(card(kpis(app, "?stand=2007-11-30&vergelijk=vorige"), "kpi-afgerond"))
    assert "sinds 13 sep 2007" in words


def test_charts_show_the_earlier_state_faintly(app):
    """The funnel gets a second, hatched set of bars named 'Stand 15 mrt 2007' in the legend."""
    drawn = figure(app, signed_in(app, "stuurgroep"), ids.OVERZICHT_FUNNEL, "?stand=2007-11-30&vergelijk=2007-03-15")
    names = [trace.get("name") for trace in drawn["data"]]
    assert "Stand 15 mrt 2007" in names and any("Stand 30 nov 2007" in (name or "") for name in names)
    faint = next(trace for trace in drawn["data"] if trace.get("name") == "Stand 15 mrt 2007")
    assert faint["marker"]["pattern"]["shape"] and drawn["layout"]["showlegend"]
    plain = figure(app, signed_in(app, "stuurgroep"), ids.OVERZICHT_FUNNEL, "?stand=2007-11-30")
    assert all("Stand" not in (trace.get("name") or "") for trace in plain["data"])


def test_state_line_says_what_is_compared(app):
    """The 'Stand per' line names the comparison date and the meeting's title."""
    response = call(app, signed_in(app, "stuurgroep"), f"{ids.STATE_SUMMARY}.children",
                    {f"{ids.URL}.search": "?stand=2007-11-30&vergelijk=2007-03-15"})
    line = " ".join(texts(response[ids.STATE_SUMMARY]["children"]))
    assert "vergeleken met 15 mrt 2007 (Stuurgroep 3" in line


def test_compare_choice_round_trips():
    """The URL keeps a date, 'maand' and the default; unknown words mean the default; nothing means off."""
    assert to_search(parse("?vergelijk=2007-03-15")) == "?vergelijk=2007-03-15"
    assert parse("?vergelijk=ja").compare == "vorige" and parse("?vergelijk=maand").compare == "maand"
    assert parse("?stand=2007-11-30").compare is None


def test_tijdlijn_marks_the_comparison_date_and_names_the_target_national(app):
    """The Tijdlijn draws the comparison date as a labelled line; under a filter the target line says national."""
    drawn = figure(app, signed_in(app, "stuurgroep"), ids.TIJDLIJN_FIGURE,
                   "?stand=2007-11-30&vergelijk=2007-03-15&provincie=Drenthe")
    labels = [note.get("text", "") for note in drawn["layout"].get("annotations", [])]
    assert any("Stand 15 mrt 2007" in label for label in labels), labels
    assert any("landelijk; het eindrapport geeft geen doel per provincie" in label for label in labels), labels


def test_evaluaties_cards_change_since_the_chosen_date(app, session):
    """The forms received and still owed change by the difference of two independent counts."""
    now = evaluations.response(session, dt.date(2007, 11, 30))
    then = evaluations.response(session, dt.date(2007, 3, 15))
    response = call(app, signed_in(app, "stuurgroep"), f"{ids.EVALUATIES_KPIS}.children",
                    {f"{ids.URL}.search": "?stand=2007-11-30&vergelijk=2007-03-15",
                     f"{ids.DATA_VERSION}.data": {"version": 1}})
    cards = response[ids.EVALUATIES_KPIS]["children"]
    assert f"{change(now.forms, then.forms)} sinds 15 mrt 2007" in card(cards, "kpi-evaluatie-formulieren")
    assert f"{change(now.owed, then.owed)} sinds 15 mrt 2007" in card(cards, "kpi-evaluatie-open")


def form_mean(session, day: dt.date) -> tuple[int, float]:
    """The number of forms received by ``day`` and their mean mark over all aspects, from the forms themselves."""
    from sqlalchemy import select

    from dashboard.data.schema.models import EVALUATION_ASPECTS, Evaluation

    forms = session.scalars(select(Evaluation).where(Evaluation.received_on <= day)).all()
    marks = [getattr(form, aspect) for form in forms for aspect in EVALUATION_ASPECTS]
    return len(forms), sum(marks) / len(marks) if marks else 0.0


def evaluatie_cards(app, role: str, search: str) -> list:
    """The Evaluaties page's cards for ``search``, as ``role`` gets them."""
    response = call(app, signed_in(app, role), f"{ids.EVALUATIES_KPIS}.children",
                    {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})
    return response[ids.EVALUATIES_KPIS]["children"]


def test_the_mean_mark_card_changes_since_the_chosen_date_unless_the_earlier_mean_was_hidden(app, session):
    """The mean mark's change is the difference of the two means to one decimal; the stuurgroep gets none when
    the earlier mean came from fewer forms than the small-number rule shows."""
    (_, now), (forms_then, then) = form_mean(session, dt.date(2007, 11, 30)), form_mean(session, dt.date(2007, 9, 1))
    assert forms_then >= 5
    difference = round(now - then, 1)
    sign = "+" if difference > 0 else "−"
    expected = "gelijk" if difference == 0 else f"{sign}{abs(difference):.1f}".replace(".", ",")
    words = " ".join(card(evaluatie_cards(app, "stuurgroep", "?stand=2007-11-30&vergelijk=2007-09-01"),
                          "kpi-evaluatie-cijfer"))
    assert f"{expected} sinds 1 sep 2007" in words, words
    few = next(day for day in (dt.date(2007, 5, 1) + dt.timedelta(days=d) for d in range(200))
               if 0 < form_mean(session, day)[0] < 5)
    search = f"?stand=2007-11-30&vergelijk={few.isoformat()}"
    assert "sinds" not in " ".join(card(evaluatie_cards(app, "stuurgroep", search), "kpi-evaluatie-cijfer"))
    assert "sinds" in " ".join(card(evaluatie_cards(app, "projectleiding", search), "kpi-evaluatie-cijfer"))


def test_the_cmo_heatmap_marks_the_months_measured_by_the_comparison_date(app):
    """A dotted line named 'Stand 15 mrt 2007' stands between feb 2007 (its last day before the date) and mrt."""
    drawn = figure(app, signed_in(app, "stuurgroep"), ids.CMOS_HEATMAP, "?stand=2007-11-30&vergelijk=2007-03-15")
    months = drawn["data"][0]["x"]
    (line,) = drawn["layout"]["shapes"]
    assert line["x0"] == months.index("mrt 2007") - 0.5 and line["line"]["dash"] == "dot"
    assert any(note["text"] == "Stand 15 mrt 2007" for note in drawn["layout"]["annotations"])
    plain = figure(app, signed_in(app, "stuurgroep"), ids.CMOS_HEATMAP, "?stand=2007-11-30")
    assert not plain["layout"].get("shapes")


def test_the_kaart_rings_the_gemeenten_new_since_the_date_and_counts_the_change_per_province(app, session):
    """The ring trace holds exactly the gemeenten whose first trajectory started after the date; the table's
    'Sinds' column is the difference of the involved gemeenten counted on both dates."""
    from dashboard.data.queries import coverage

    stuurgroep = signed_in(app, "stuurgroep")

    def kaart(search: str) -> dict:
        return call(app, stuurgroep, f"{ids.KAART_TABLE}.children",
                    {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})

    response = kaart("?stand=2007-11-30&vergelijk=2007-03-15")
    drawn = response[ids.KAART_MAP]["figure"]
    ring = next(trace for trace in drawn["data"] if trace.get("name") == "Nieuw sinds 15 mrt 2007")
    points = coverage.gemeente_points(session, dt.date(2007, 11, 30), parse("").filters)
    new = points[points.first_started_on > dt.date(2007, 3, 15)]
    assert len(ring["lat"]) == len(new) > 0 and ring["marker"]["symbol"] == "circle-open"
    assert all("Nieuw" not in (trace.get("name") or "")
               for trace in kaart("?stand=2007-11-30")[ids.KAART_MAP]["figure"]["data"])
    words = texts(response[ids.KAART_TABLE]["children"])
    assert words[words.index("Sinds") + 1] == "15 mrt 2007"
    now, then = (coverage.province_metrics(session, day, parse("").filters).set_index("province").involved
                 for day in (dt.date(2007, 11, 30), dt.date(2007, 3, 15)))
    utrecht = words.index("Utrecht")
    assert words[utrecht + 3] == change(int(now["Utrecht"]), int(then["Utrecht"]))
    assert words[words.index("Totaal") + 3] == change(int(now.sum()), int(then.sum()))


def test_the_aspect_chart_shows_each_aspects_earlier_mean_faintly_unless_it_was_hidden(app, session):
    """Open diamonds named 'Stand 1 sep 2007' at each aspect's mean on that date, counted from the forms."""
    from sqlalchemy import select

    from dashboard.data.schema.models import EVALUATION_ASPECTS, Evaluation

    def aspects(role: str, search: str) -> list:
        return figure(app, signed_in(app, role), ids.EVALUATIES_ASPECTS, search)["data"]

    forms = session.scalars(select(Evaluation).where(Evaluation.received_on <= dt.date(2007, 9, 1))).all()
    means = sorted(round(sum(getattr(form, aspect) for form in forms) / len(forms), 6) for aspect in EVALUATION_ASPECTS)
    (then,) = [trace for trace in aspects("stuurgroep", "?stand=2007-11-30&vergelijk=2007-09-01")
               if trace.get("name") == "Stand 1 sep 2007"]
    assert sorted(round(x, 6) for x in then["x"]) == means and then["marker"]["symbol"] == "diamond-open"
    assert not any("Stand" in (trace.get("name") or "") for trace in aspects("stuurgroep", "?stand=2007-11-30"))
    few = next(day for day in (dt.date(2007, 5, 1) + dt.timedelta(days=d) for d in range(200))
               if 0 < form_mean(session, day)[0] < 5)
    search = f"?stand=2007-11-30&vergelijk={few.isoformat()}"
    assert not any("Stand" in (trace.get("name") or "") for trace in aspects("stuurgroep", search))
    assert any("Stand" in (trace.get("name") or "") for trace in aspects("projectleiding", search))
