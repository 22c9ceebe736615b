"""The Tijdlijn page's sentence under the chart: the state on the date, and whether earlier periods are left out."""

from __future__ import annotations

import datetime as dt

from dashboard.callbacks.tijdlijn import gap_sentence
from dashboard.data.queries import timeline

DAY = dt.date(2007, 11, 30)


def test_the_whole_programme_needs_no_note(session):
    sentence = gap_sentence(timeline.timeline(session, DAY, since=dt.date(2006, 3, 1), last=60), DAY)
    assert sentence.startswith("Per 30 nov 2007 waren 46 trajecten administratief afgerond")
    assert "De grafiek begint" not in sentence


def test_a_chart_of_the_last_months_says_where_it_begins(session):
    sentence = gap_sentence(timeline.timeline(session, DAY, since=dt.date(2006, 3, 1), last=4), DAY)
    assert sentence.startswith("Per 30 nov 2007 waren 46 trajecten administratief afgerond")
    assert sentence.endswith("De grafiek begint bij aug 2007; wat eerder gebeurde telt mee in de totalen, en de "
                             "download bevat de hele looptijd.")
