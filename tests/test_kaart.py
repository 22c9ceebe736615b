"""The Kaart page's lists: the longest-waiting requests, how many there are in all, and their download."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.callbacks.downloads import CHART_DATA
from dashboard.callbacks.kaart import waiting_sentence
from dashboard.data.queries import coverage
from dashboard.view_state import ViewState


@pytest.mark.parametrize("shown,total,expected", [
    (50, 1234, "De 50 langst wachtende van 1.234 aanvragen die nog niet gestart zijn; de download bevat ze allemaal."),
    (17, 17, "17 aanvragen zijn nog niet gestart, de langst wachtende bovenaan."),
    (1, 1, "Eén aanvraag is nog niet gestart."),
])
def test_waiting_sentence(shown, total, expected):
    assert waiting_sentence(shown, total) == expected


def test_the_download_lists_every_waiting_request(session):
    as_of = dt.date(2006, 12, 15)
    frame = CHART_DATA["nog-te-starten"](session, ViewState(as_of=as_of))
    assert len(frame) == coverage.waiting_count(session, as_of) > 1
    assert list(frame.columns) == ["provincie", "cmo", "gemeente", "ontvangen", "status"]
