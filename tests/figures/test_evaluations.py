"""Evaluation figures on hand-made data: intervals, the spread of marks, breakdowns with hidden groups, months."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.figures import evaluations
from tests.figures.drawing import drawn
from dashboard.figures.evaluations import (
    ASPECTS_TITLE,
    DISTRIBUTION_TITLE,
    MONTHLY_TITLE,
    NO_FORMS,
    axis_start,
    interval_text,
    selection_too_small,
    small_groups_rule,
    suppression_note,
    wrap_label,
)
from dashboard.figures.style import PALETTE
from dashboard.statistics import COMPLEMENTARY, SMALL, mean_interval, suppress_small_groups

T_975_DF2 = 4.302652729911275


aspect_means_figure = drawn(evaluations.aspect_means_figure)
mark_distribution_figure = drawn(evaluations.mark_distribution_figure)
breakdown_figure = drawn(evaluations.breakdown_figure)
monthly_figure = drawn(evaluations.monthly_figure)


def annotation_texts(fig) -> list[str]:
    """The texts of all annotations."""
    return [a.text for a in fig.layout.annotations]


def aspects_frame() -> pd.DataFrame:
    """Two aspects: marks 7, 8, 9 and marks 6, 6, 9."""
    rows = []
    for label, marks in (("Procesgang", [7, 8, 9]), ("Service van de adviseur", [6, 6, 9])):
        stats = mean_interval(marks)
        rows.append((label, 3, stats.mean, stats.low, stats.high))
    return pd.DataFrame(rows, columns=["label", "forms", "mean", "ci_low", "ci_high"])


def test_aspect_means_show_mean_and_interval():
    fig = aspect_means_figure(aspects_frame(), mean_interval([7.0, 7.5, 8.0]))
    assert fig.layout.title.text == ASPECTS_TITLE
    assert fig.layout.xaxis.title.text == "Gemiddeld cijfer (schaal 1-10)"
    dots, numbers = fig.data
    assert list(dots.x) == [8.0, 7.0]
    assert list(dots.y) == ["Procesgang", "Service van de<br>adviseur"]
    margin = T_975_DF2 / math.sqrt(3)
    assert dots.error_x.arrayminus[0] == pytest.approx(margin)
    assert dots.error_x.array[0] == pytest.approx(10 - 8)  # the interval end is clipped to the top mark 10
    assert numbers.text[0].strip() == f"8,0 ({8 - margin:.1f}–{8 + margin:.1f})".replace(".", ",")
    assert "95%-betrouwbaarheidsinterval" in dots.hovertext[0] and "3 formulieren" in dots.hovertext[0]
    assert "alle aspecten: 7,5" in annotation_texts(fig)
    assert "3 formulieren" in fig.layout.title.subtitle.text
    assert dots.marker.color == PALETTE["blue"]


@pytest.mark.parametrize("frame,message,expected", [
    (pd.DataFrame(columns=["label", "forms", "mean", "ci_low", "ci_high"]), None, NO_FORMS),
    (aspects_frame().assign(forms=0), None, NO_FORMS),
    (aspects_frame(), "3 formulieren in deze selectie; minder dan 5: niet getoond",
     "3 formulieren in deze selectie; minder dan 5: niet getoond"),
])
def test_aspect_means_empty_or_suppressed(frame, message, expected):
    fig = aspect_means_figure(frame, None, suppressed=message)
    assert len(fig.data) == 0
    assert expected in annotation_texts(fig)
    assert fig.layout.title.text == ASPECTS_TITLE


def distribution_frame() -> pd.DataFrame:
    """Procesgang marked 5, 7, 7 and 8; Service 6, 9."""
    return pd.DataFrame({
        "aspect": ["mark_process"] * 3 + ["mark_service"] * 2,
        "label": ["Procesgang"] * 3 + ["Service"] * 2,
        "mark": [5, 7, 8, 6, 9],
        "count": [1, 2, 1, 1, 1],
    })


def test_distribution_tells_low_marks_by_shape_and_counts_by_text():
    fig = mark_distribution_figure(distribution_frame())
    assert fig.layout.title.text == DISTRIBUTION_TITLE
    low, sufficient = fig.data
    assert (low.name, low.marker.symbol, list(low.x), list(low.text)) == (
        "Onvoldoende (lager dan 6)", "square", [5], ["1"])
    assert sufficient.marker.symbol == "circle"
    assert list(zip(sufficient.x, sufficient.y, sufficient.text)) == [
        (7, "Procesgang", "2"), (8, "Procesgang", "1"), (6, "Service", "1"), (9, "Service", "1")]
    assert sufficient.hovertext[0] == "<b>Procesgang</b><br>Cijfer 7: 2 formulieren van 4 (50%)"
    assert low.marker.size[0] < sufficient.marker.size[0]  # the larger count, the larger dot
    assert fig.layout.xaxis.tickvals[0] == 4 and fig.layout.xaxis.tickvals[-1] == 10


def test_distribution_of_many_forms_shows_shares_that_fit_the_dots():
    many = distribution_frame().assign(count=lambda f: f["count"] * 40_000)  # 160,000 forms on Procesgang
    fig = mark_distribution_figure(many)
    low, sufficient = fig.data
    assert list(low.text) == ["25%"] and list(sufficient.text) == ["50%", "25%", "50%", "50%"]
    assert "het % van de formulieren" in fig.layout.xaxis.title.text
    assert sufficient.hovertext[0] == "<b>Procesgang</b><br>Cijfer 7: 80.000 formulieren van 160.000 (50%)"
    assert "aantal formulieren" in mark_distribution_figure(distribution_frame()).layout.xaxis.title.text


def test_distribution_empty_and_suppressed():
    assert NO_FORMS in annotation_texts(mark_distribution_figure(distribution_frame().iloc[0:0]))
    fig = mark_distribution_figure(distribution_frame(), suppressed="te weinig")
    assert len(fig.data) == 0 and "te weinig" in annotation_texts(fig)


def breakdown_frame(*counts: int, threshold: int = 5, partition: bool = True) -> pd.DataFrame:
    """Groups A, B, C... with the given numbers of forms, mean 7.0 + 0.1 per group, through the small-number rule."""
    frame = pd.DataFrame({
        "key": [chr(65 + i) for i in range(len(counts))], "label": [f"Groep {chr(65 + i)}" for i in range(len(counts))],
        "forms": list(counts), "mean": [7.0 + 0.1 * i for i in range(len(counts))],
        "ci_low": [6.5 + 0.1 * i for i in range(len(counts))], "ci_high": [7.5 + 0.1 * i for i in range(len(counts))],
    })
    return suppress_small_groups(frame, threshold, partition=partition)


def test_breakdown_hides_small_groups_and_says_so():
    fig = breakdown_figure(breakdown_frame(3, 12, 20), "Gemiddeld cijfer per provincie", "Provincie", 5,
                           overall=mean_interval([7, 8, 7.5]))
    dots = fig.data[0]
    # A (3 forms) is small, B (12) is hidden too so A cannot be recomputed from the total; C is drawn.
    assert list(dots.y) == ["Groep C (20)"] and list(dots.x) == [pytest.approx(7.2)]
    hidden = fig.data[2]
    assert list(hidden.y) == ["Groep A (3)", "Groep B (12)"]
    assert hidden.hovertext[0] == "<b>Groep A</b><br>3 formulieren: minder dan 5 formulieren: niet getoond"
    notes = annotation_texts(fig)
    assert "minder dan 5 formulieren: niet getoond" in notes
    assert "niet getoond, anders is een kleine groep terug te rekenen" in notes
    assert list(fig.layout.yaxis.categoryarray) == ["Groep A (3)", "Groep B (12)", "Groep C (20)"]
    assert "alle formulieren: 7,5" in notes
    assert "tussen haakjes het aantal formulieren" in fig.layout.title.subtitle.text


def test_a_breakdown_of_many_groups_shows_the_largest_in_their_order():
    counts = [10 + (7 * i) % 37 for i in range(37)]  # 37 organisations, each with its own number of forms
    fig = breakdown_figure(breakdown_frame(*counts, partition=False), "Gemiddeld cijfer per organisatie",
                           "Organisatie", 5)
    shown = sorted(range(37), key=lambda i: -counts[i])[:15]
    assert list(fig.data[0].y) == [f"Groep {chr(65 + i)} ({counts[i]})" for i in sorted(shown)]
    assert "<br>De 15 met de meeste formulieren, van 37; alle staan in de download" in fig.layout.title.subtitle.text
    few = breakdown_figure(breakdown_frame(*counts[:15], partition=False), "Per organisatie", "Organisatie", 5)
    assert len(few.data[0].y) == 15 and "de meeste" not in few.layout.title.subtitle.text


def test_breakdown_with_every_group_shown():
    fig = breakdown_figure(breakdown_frame(6, 9, partition=False), "Gemiddeld cijfer naar thema", "Thema", 5)
    assert len(fig.data) == 2  # dots and their printed numbers, nothing hidden
    assert list(fig.data[1].text) == ["7,0 (6,5–7,5)", "7,1 (6,6–7,6)"]
    assert fig.data[0].hovertext[1].startswith("<b>Groep B</b><br>Gemiddeld cijfer: 7,1")


def test_breakdown_follows_the_threshold():
    assert len(breakdown_figure(breakdown_frame(3, 4, threshold=3), "t", "Groep", 3).data) == 2
    fig = breakdown_figure(breakdown_frame(3, 4, threshold=10), "t", "Groep", 10)
    assert "minder dan 10 formulieren: niet getoond" in annotation_texts(fig)


def test_breakdown_of_a_too_small_selection_is_one_message():
    fig = breakdown_figure(breakdown_frame(1, 2), "t", "Groep", 5, suppressed="3 formulieren in deze selectie")
    assert len(fig.data) == 0 and "3 formulieren in deze selectie" in annotation_texts(fig)


def test_breakdown_without_forms_is_empty():
    fig = breakdown_figure(breakdown_frame(0, 0), "Gemiddeld cijfer per provincie", "Provincie", 5)
    assert len(fig.data) == 0 and NO_FORMS in annotation_texts(fig)


def months_frame() -> pd.DataFrame:
    """Four months: 2 forms (small), none, 8 forms (hidden so May cannot be recomputed), 9 forms."""
    frame = pd.DataFrame({
        "key": [dt.date(2007, 5, 1), dt.date(2007, 6, 1), dt.date(2007, 7, 1), dt.date(2007, 8, 1)],
        "label": ["mei 2007", "jun 2007", "jul 2007", "aug 2007"], "forms": [2, 0, 8, 9],
        "mean": [7.7, None, 7.6, 7.8], "ci_low": [3.9, None, 7.1, 7.3], "ci_high": [11.5, None, 8.1, 8.3],
    })
    return suppress_small_groups(frame, 5)


def test_monthly_figure_shows_marks_and_counts():
    fig = monthly_figure(months_frame(), 5)
    assert fig.layout.title.text == MONTHLY_TITLE
    means, hidden, bars = fig.data
    assert list(means.x) == ["mei 2007", "jun 2007", "jul 2007", "aug 2007"]
    assert list(means.y) == [None, None, None, pytest.approx(7.8)]
    assert means.error_y.array[3] == pytest.approx(0.5) and means.error_y.arrayminus[3] == pytest.approx(0.5)
    assert list(hidden.x) == ["mei 2007", "jul 2007"] and list(hidden.text) == ["niet getoond*"] * 2
    assert "2 formulieren: minder dan 5 formulieren: niet getoond" in hidden.hovertext[0]
    assert "terug te rekenen" in hidden.hovertext[1]
    assert list(bars.y) == [2, 0, 8, 9] and list(bars.text) == ["2", "", "8", "9"]
    assert fig.layout.yaxis.title.text == "Cijfer (1-10)"
    assert fig.layout.yaxis2.title.text == "Formulieren"
    assert fig.layout.xaxis2.title.text.startswith("Maand van ontvangst<br>")
    footnote = fig.layout.xaxis2.title.text
    assert "* Geen gemiddelde getoond: minder dan 5 formulieren in de maand; of de kleinste andere maand" in footnote


def test_monthly_figure_footnote_names_only_the_reasons_that_occur():
    only_small = suppress_small_groups(months_frame().iloc[:1], 5, partition=False)
    footnote = monthly_figure(only_small, 5).layout.xaxis2.title.text
    assert footnote.endswith("* Geen gemiddelde getoond: minder dan 5 formulieren in de maand.</span>")
    shown = monthly_figure(months_frame().iloc[3:], 5)
    assert shown.layout.xaxis2.title.text == "Maand van ontvangst" and len(shown.data) == 2


def test_monthly_figure_says_when_no_forms_came_in_after_its_last_month():
    quiet = monthly_figure(months_frame(), 5, dt.date(2007, 8, 20), dt.date(2026, 12, 7))
    assert quiet.layout.title.subtitle.text == ("Tot en met aug 2007: van 21 aug 2007 tot 7 dec 2026 kwamen er geen "
                                                "formulieren binnen")
    assert monthly_figure(months_frame(), 5, dt.date(2007, 8, 20), dt.date(2007, 8, 31)).layout.title.subtitle.text \
        is None


@pytest.mark.parametrize("build", [
    lambda: evaluations.aspect_means_figure(aspects_frame(), mean_interval([7.0, 7.5, 8.0])),
    lambda: evaluations.breakdown_figure(breakdown_frame(12, 20, 30), "Per organisatie",
                                         "Organisatie", 5, overall=mean_interval([6.0, 7.5, 9.0])),
])
def test_the_printed_numbers_stand_right_of_every_error_bar_and_the_overall_line(build):
    figure = build()
    dots, numbers = figure["data"][0], figure["data"][1]
    ends = [mean + up for mean, up in zip(dots["x"], dots["error_x"]["array"])]
    overall = [shape["x1"] for shape in figure["layout"]["shapes"]]
    assert numbers["textposition"] == "middle right"
    assert min(numbers["x"]) > max(ends + overall) and max(numbers["x"]) < figure["layout"]["xaxis"]["range"][1]


def test_the_overall_label_gets_room_under_the_subtitle():
    for figure in (evaluations.aspect_means_figure(aspects_frame(), mean_interval([7.0, 7.5, 8.0])),
                   evaluations.breakdown_figure(breakdown_frame(12, 20, 30), "Per organisatie",
                                                "Organisatie", 5, overall=mean_interval([6.0, 7.5, 9.0]))):
        label = next(a for a in figure["layout"]["annotations"] if a["text"].startswith("alle "))
        assert (label["yref"], label["y"], label["yanchor"]) == ("paper", 1, "bottom")
        assert figure["layout"]["margin"]["t"] >= evaluations.TOP_WITH_OVERALL  # title, subtitle, then the label


def test_monthly_figure_without_forms():
    assert NO_FORMS in annotation_texts(monthly_figure(months_frame().iloc[0:0], 5))


@pytest.mark.parametrize("mean,low,high,expected", [
    (7.7015, 7.538, 7.8647, "7,7 (7,5–7,9)"), (8.0, None, None, "8,0"), (None, None, None, "–"),
    (6.8, math.nan, math.nan, "6,8"),
])
def test_interval_text(mean, low, high, expected):
    assert interval_text(mean, low, high) == expected


@pytest.mark.parametrize("means,start", [([7.3, 8.0], 4), ([4.5], 3), ([1.2], 1), ([], 4), ([math.nan, 7], 4)])
def test_axis_start(means, start):
    assert axis_start(means) == start


def test_texts():
    assert suppression_note(SMALL, 5) == "minder dan 5 formulieren: niet getoond"
    assert suppression_note(COMPLEMENTARY, 5).startswith("niet getoond")
    assert suppression_note("", 5) == ""
    assert selection_too_small(1, 5) == "1 formulier in deze selectie; minder dan 5: niet getoond"
    assert wrap_label("Resultaten van de opdrachtuitvoering") == "Resultaten van de<br>opdrachtuitvoering"
    assert wrap_label("Procesgang") == "Procesgang"


def test_the_small_number_rule_is_told_as_it_applies_to_the_reader():
    assert small_groups_rule(5, 5).startswith("Groepen met minder dan 5 formulieren worden niet getoond")
    for_leaders = small_groups_rule(0, 5)  # the project leaders' threshold: they see every group
    assert for_leaders.startswith("Voor de stuurgroep blijven groepen met minder dan 5 formulieren weg")
    assert for_leaders.endswith("als projectleiding ziet u alle groepen.") and "minder dan 0" not in for_leaders
