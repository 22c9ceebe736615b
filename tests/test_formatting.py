"""Dutch notation of numbers and dates."""

import datetime as dt

import numpy as np
import pytest

from dashboard import formatting


@pytest.mark.parametrize("value,decimals,expected", [
    (7.7, 1, "7,7"), (19, 0, "19"), (42.5, 0, "43"), (7.65, 1, "7,7"), (-2.5, 0, "-3"), (float("nan"), 0, "–"), (2166, 0, "2.166"), (1234567.891, 2, "1.234.567,89"), (None, 0, "–"),
    # whole numbers, also numpy's, keep every digit and get the zeros their decimals ask for
    (-1234567, 0, "-1.234.567"), (2166, 1, "2.166,0"), (np.int64(45_000), 2, "45.000,00"), (0, 0, "0"),
    (10**20 + 1, 0, "100.000.000.000.000.000.001"), (2166.0, 0, "2.166"),
])
def test_number(value, decimals, expected):
    assert formatting.number(value, decimals) == expected


@pytest.mark.parametrize("part,whole,expected", [(158, 443, "36%"), (131, 130, "101%"), (1, 0, "–")])
def test_percentage(part, whole, expected):
    assert formatting.percentage(part, whole) == expected


@pytest.mark.parametrize("value,expected", [
    (dt.date(2007, 11, 30), "30 nov 2007"), (dt.date(2006, 3, 4), "4 mrt 2006"), (None, "–"),
])
def test_date(value, expected):
    assert formatting.date(value) == expected


@pytest.mark.parametrize("text,expected", [
    ("2007-11-30", dt.date(2007, 11, 30)), ("2007-02-30", None), ("gisteren", None), ("", None), (None, None),
])
def test_parse_date(text, expected):
    assert formatting.parse_date(text) == expected


def test_moments_are_shown_in_dutch_time():
    utc = dt.timezone.utc
    assert formatting.moment(dt.datetime(2007, 1, 15, 4, 42, tzinfo=utc)) == "15 jan 2007 om 05:42"  # CET
    assert formatting.moment(dt.datetime(2007, 7, 15, 4, 42)) == "15 jul 2007 om 06:42"  # naive is UTC; CEST
    assert formatting.LOCAL_TIME_NAME == "Nederlandse tijd"
