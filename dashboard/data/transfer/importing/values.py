"""Reading one cell: dates, whole numbers, yes/no, choices and lists, each with a Dutch reason when it fails."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from dashboard.data.transfer.importing.problems import message
from dashboard.data.transfer.templates import FALSE_WORDS, TRUE_WORDS

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
WHOLE = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is Dutch."""


def text(value: object) -> str:
    """A cell as text: stripped, whole numbers without '.0', empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def date(value: object) -> dt.date:
    """A date from an Excel date cell, YYYY-MM-DD or DD-MM-YYYY."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    try:
        if match := ISO_DATE.match(raw):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := DUTCH_DATE.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise ValueProblem(message("bad_date"))


def integer(value: object) -> int:
    """A whole number from a number cell or text such as '12', '12.0' or '12,0'."""
    if isinstance(value, bool):
        raise ValueProblem(message("bad_integer"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if WHOLE.match(raw):
        return int(re.split(r"[.,]", raw)[0])
    raise ValueProblem(message("bad_integer"))


def boolean(value: object) -> bool:
    """Yes or no: 'ja'/'nee' (also waar/onwaar, true/false, 1/0) or an Excel TRUE/FALSE cell."""
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ValueProblem(message("bad_bool"))


def choice(value: object, choices: dict[str, object], shown: Iterable[str] | None = None):
    """One of ``choices`` (keys in lower case); the reason lists ``shown`` (default: all keys)."""
    raw = text(value).lower()
    if raw in choices:
        return choices[raw]
    words = list(shown) if shown is not None else sorted(choices)
    raise ValueProblem(message("bad_choice", choices=", ".join(f"'{word}'" for word in words)))


def items(value: object, separators: str = "|;") -> list[str]:
    """The items of a list cell, split on any of ``separators``, without empty ones."""
    raw = text(value)
    return [part.strip() for part in re.split("|".join(re.escape(s) for s in separators), raw) if part.strip()]
