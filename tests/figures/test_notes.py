"""The project leaders' notes on the Tijdlijn chart (numbered diamonds) and on the CMO's heatmap (◆ in a cell)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.figures.timeline import NOTE_NAME
from tests.figures.test_capacity import FRAME, utilisation_heatmap
from tests.figures.test_timeline import MONTH_LABELS, NO_EVENTS, make_frame, timeline_figure

D = dt.date


def make_notes(*rows: tuple) -> pd.DataFrame:
    """A notes frame as ``queries.notes`` gives it, from (day, text, scope, organisation, province, row)."""
    return pd.DataFrame(list(rows), columns=["noted_on", "text", "scope", "organisation", "province", "row"])


NOTES = make_notes(
    (D(2006, 8, 20), "voor de grafiek", "programme", None, None, None),
    (D(2006, 10, 2), "mailing verstuurd", "programme", None, None, None),
    (D(2006, 10, 20), "Zet: derde adviseur <per 15 jan>", "organisation", "Zet", None, "Zet"),
    (D(2006, 12, 5), "overleg provincie", "province", None, "Noord-Brabant", "Zet"),
)


def test_notes_are_numbered_diamonds_on_their_periods_with_dutch_hover():
    fig = timeline_figure(make_frame(), NO_EVENTS, 130, notes=NOTES)
    notes = next(t for t in fig.data if t.name == NOTE_NAME)
    assert notes.marker.symbol == "diamond"
    assert list(notes.x) == [MONTH_LABELS[1], MONTH_LABELS[3]]  # the August note lies before the chart
    assert list(notes.text) == ["2, 3", "4"]  # numbered by their place in the list, as on the page
    assert notes.customdata[0] == ("2. 2 okt 2006: mailing verstuurd<br>"
                                   "3. 20 okt 2006 (Zet): Zet: derde adviseur &lt;per 15 jan&gt;")
    assert notes.customdata[1] == "4. 5 dec 2006 (Noord-Brabant): overleg provincie"
    assert "Notities" in notes.hovertemplate
    assert all(y > max(make_frame()["received_cum"]) for y in notes.y)
    assert all(y <= fig.layout.yaxis.range[1] for y in notes.y)


def test_no_notes_no_trace():
    for notes in (None, make_notes(), NOTES.iloc[:1]):
        fig = timeline_figure(make_frame(), NO_EVENTS, 130, notes=notes)
        assert NOTE_NAME not in [t.name for t in fig.data]


def test_heatmap_marks_the_cell_of_an_organisation_note_and_of_a_province_note_on_its_cmo():
    fig = utilisation_heatmap(FRAME, 12, make_notes(
        (D(2006, 11, 20), "derde adviseur", "organisation", "Zet", None, "Zet"),
        (D(2006, 11, 28), "overleg", "province", None, "Noord-Brabant", "Zet"),
        (D(2006, 12, 1), "mailing", "programme", None, None, None),
        (D(2007, 3, 1), "na de maanden", "organisation", "Scoop", None, "Scoop"),
    ))
    marks = [a for a in fig.layout.annotations if a.text == "◆"]
    assert [(a.x, a.y) for a in marks] == [("nov 2006", "Zet")]
    assert marks[0].hovertext == "<b>Notitie Zet</b><br>20 nov 2006: derde adviseur<br>28 nov 2006: overleg"
    assert "◆ = notitie" in fig.layout.title.subtitle.text


def test_heatmap_without_notes_has_no_marks():
    fig = utilisation_heatmap(FRAME, 12)
    assert not [a for a in fig.layout.annotations if a.text == "◆"]
    assert "notitie" not in fig.layout.title.subtitle.text
