"""Dutch notation for numbers, dates and moments ("7,7", "1.234", "30 nov 2007", "30 nov 2007 om 14:05")."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral
from zoneinfo import ZoneInfo

DUTCH_SEPARATORS = str.maketrans({",": ".", ".": ","})
# Moments are shown in one time zone, named on the page: Dutch time (CET in winter, CEST in summer).
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
LOCAL_TIME_NAME = "Nederlandse tijd"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def number(value: float | int | None, decimals: int = 0) -> str:
    """Format ``value`` with a decimal comma and a thousands dot, rounding halves up as the report does."""
    if value is None or value != value:  # None or NaN
        return "–"
    if isinstance(value, Integral):  # nothing to round (most of what the pages show), so no Decimal
        text = f"{int(value):,}" + (f".{'0' * decimals}" if decimals else "")
    else:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{rounded:,.{decimals}f}"
    return text.translate(DUTCH_SEPARATORS)


def percentage(part: float, whole: float, decimals: int = 0) -> str:
    """Format ``part`` of ``whole`` as a Dutch percentage; '–' when ``whole`` is zero."""
    if not whole:
        return "–"
    return f"{number(100 * part / whole, decimals)}%"


def date(value: dt.date | None) -> str:
    """Format a date as '30 nov 2007'; '–' when missing."""
    if value is None:
        return "–"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def moment(value: dt.datetime) -> str:
    """Format a moment as '30 nov 2007 om 14:05' in Dutch time (Europe/Amsterdam); a naive ``value`` is UTC."""
    local = (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).astimezone(LOCAL_TIME)
    return f"{date(local.date())} om {local:%H:%M}"


def parse_date(text: str | None) -> dt.date | None:
    """Read an ISO date (YYYY-MM-DD) from a query string; None when absent or unreadable."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_WORDED_DATE = re.compile(r"(\d{1,2})\s*([a-z]+)\.?\s*(\d{4})")


def _month_of(word: str) -> int | None:
    """The number of a Dutch month written in full or abbreviated ('nov', 'november', 'maa', 'mrt'), else None."""
    if word in MONTHS:
        return MONTHS.index(word) + 1
    found = [number for number, name in enumerate(MONTH_NAMES, start=1) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def read_date(text: str | None, month_words: bool = True) -> dt.date | None:
    """Read a date as people type it in Dutch: '30 nov 2007', '30 november 2007' (unless not ``month_words``),
    '30-11-2007', '30/11/2007', '30.11.2007' or '2007-11-30'; None when empty, unreadable or impossible (31 feb)."""
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return None
    numeric, worded = _NUMERIC_DATE.fullmatch(cleaned), _WORDED_DATE.fullmatch(cleaned)
    try:
        if numeric:
            return dt.date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        month = _month_of(worded[2]) if worded and month_words else None
        if month:
            return dt.date(int(worded[3]), month, int(worded[1]))
    except ValueError:
        return None
    return parse_date(cleaned)


def month_before(day: dt.date) -> dt.date:
    """The same day one month earlier (the last day of that month when it is shorter)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(day.replace(year=year, month=month, day=1) + dt.timedelta(days=day.day - 1),
               following - dt.timedelta(days=1))
