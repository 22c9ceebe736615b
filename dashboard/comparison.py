"""Comparison with a second date (``vergelijk=``): which date, and the words that say so.

``vergelijk=2007-03-15`` compares with that date, ``vergelijk=maand`` with a month before the as-of date,
and any other value (``vergelijk=vorige``) with the default: the last stuurgroep meeting before the as-of
date when the programme has meetings, otherwise a month earlier.
"""

from __future__ import annotations

import datetime as dt

from dashboard import formatting
from dashboard.formatting import month_before

MONTH = "maand"
PREVIOUS = "vorige"


def compare_date(choice: str | None, as_of: dt.date, meetings: list[tuple[dt.date, str]]) -> dt.date | None:
    """The date to compare ``as_of`` with, or None when comparison is off."""
    if not choice:
        return None
    chosen = formatting.parse_date(choice)
    if chosen is not None:
        return chosen
    earlier = [day for day, _title in meetings if day < as_of]
    if choice != MONTH and earlier:
        return earlier[-1]
    return month_before(as_of)


def change(now: float | None, before: float | None, decimals: int = 0) -> str:
    """'+12' / '−0,3' / 'gelijk' for the change between two values ('–' when one is missing)."""
    if now is None or before is None:
        return "–"
    difference = round(now - before, decimals)
    if difference == 0:
        return "gelijk"
    sign = "+" if difference > 0 else "−"
    return f"{sign}{formatting.number(abs(difference), decimals)}"


def since(day: dt.date) -> str:
    """'sinds 15 mrt 2007': how a change is labelled."""
    return f"sinds {formatting.date(day)}"


def earlier_name(day: dt.date) -> str:
    """'Stand 15 mrt 2007': the legend entry of the earlier state in a chart."""
    return f"Stand {formatting.date(day)}"


def described(day: dt.date, meetings: list[tuple[dt.date, str]]) -> str:
    """'vergeleken met 15 mrt 2007 (Stuurgroep 3: ...)': the state line's part about the comparison."""
    title = next((title for when, title in meetings if when == day), "")
    return f"vergeleken met {formatting.date(day)}" + (f" ({title})" if title else "")
