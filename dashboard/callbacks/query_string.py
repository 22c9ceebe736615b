"""Reading the page's state (as-of date) from the URL query string."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

from dashboard import formatting

AS_OF_PARAM = "stand"


def as_of_from_search(search: str | None, today: dt.date | None = None) -> dt.date:
    """The ``stand`` date of the query string, or today when absent or unreadable."""
    values = parse_qs((search or "").lstrip("?")).get(AS_OF_PARAM, [])
    return (formatting.parse_date(values[0]) if values else None) or today or dt.date.today()
