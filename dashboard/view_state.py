"""What the viewer is looking at, kept in the URL query string so that a link reproduces it exactly.

``?programma=sport&stand=2007-11-30&provincie=Utrecht&organisatie=Zet&thema=zorg&aanvrager=steunpunt&weergave=presentatie``
plus page choices: ``per=week`` (Tijdlijn), ``metriek=dagdelen`` (Kaart), ``traject=62`` and ``fase=afgerond``
(Trajecten: the trajectories a clicked bar counted, see ``queries.trajectories.STAGES``), and ``vergelijk=``
(every page: compare with a date, a month earlier or the last stuurgroep meeting, see ``dashboard.comparison``).
Without ``programma=`` a page shows the default programme (``programme_window.shown_slug``).
Without ``stand=`` a page shows today, or the end of the record of a programme that is over
(``programme_window``); ``stand=vandaag`` asks for today in either case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qs, urlencode

from dashboard.comparison import MONTH, PREVIOUS
from dashboard.data.queries.filters import Filters
from dashboard.programme_window import default_day
from dashboard.formatting import parse_date

PARAMS = {"programme": "programma", "as_of": "stand", "province": "provincie", "organisation": "organisatie", "theme": "thema",
          "applicant_type": "aanvrager", "view": "weergave", "freq": "per", "metric": "metriek",
          "trajectory": "traject", "stage": "fase",
          "compare": "vergelijk"}
METRIC_DEFAULT = "share"
PRESENTATION = "presentatie"
PRESENTATION_DARK = "presentatie-donker"  # the high-contrast dark variant, for bright rooms and projectors
FREQUENCIES = {"month": "maand", "week": "week"}
TODAY = "vandaag"  # ``stand=vandaag``: today, also for a programme that is over


@dataclass(frozen=True)
class ViewState:
    """The shared controls: the programme (None = the default), the as-of date (None = the default), filters,
    display mode and period.

    ``today`` is the explicit choice of today (``stand=vandaag``); ``unreadable`` keeps a ``stand=`` value that
    is no date, so that the page can say it shows the default instead (it is never written back to the URL).
    """

    programme: str | None = None
    as_of: dt.date | None = None
    today: bool = False
    unreadable: str | None = None
    province: str | None = None
    organisation: str | None = None
    theme: str | None = None
    applicant_type: str | None = None
    view: str | None = None
    freq: str = "month"
    metric: str = METRIC_DEFAULT
    trajectory: int | None = None
    stage: str | None = None
    compare: str | None = None

    @property
    def filters(self) -> Filters:
        """The data filters of this state."""
        return Filters(self.province, self.organisation, self.theme, self.applicant_type, self.programme)

    @property
    def is_live(self) -> bool:
        """Tell whether the viewer follows the data as it changes (no fixed as-of date in the past)."""
        return self.as_of is None or self.as_of >= dt.date.today()

    def default_shown(self, today: dt.date | None = None) -> dt.date | None:
        """The end of the programme's record when the page shows it by default (no date chosen), else None."""
        if self.as_of is not None or self.today:
            return None
        return default_day(today or dt.date.today(), self.programme)

    @property
    def presenting(self) -> bool:
        """Tell whether the presentation (projector) mode is on, light or dark."""
        return self.view in (PRESENTATION, PRESENTATION_DARK)

    @property
    def dark(self) -> bool:
        """Tell whether the dark presentation variant is on."""
        return self.view == PRESENTATION_DARK

    def date(self, today: dt.date | None = None) -> dt.date:
        """The as-of date to query: the chosen one, else the default (today, or the end of a programme that is
        over)."""
        return self.as_of or self.default_shown(today) or today or dt.date.today()


def parse(search: str | None) -> ViewState:
    """Read the state from a query string; unknown or unreadable values fall back to the defaults."""
    values = {key: items[-1] for key, items in parse_qs((search or "").lstrip("?")).items() if items and items[-1]}
    freq = next((code for code, word in FREQUENCIES.items() if word == values.get(PARAMS["freq"])), "month")
    written = values.get(PARAMS["as_of"])
    as_of = parse_date(written)
    return ViewState(
        programme=values.get(PARAMS["programme"]),
        as_of=as_of,
        today=written == TODAY,
        unreadable=written if written and as_of is None and written != TODAY else None,
        province=values.get(PARAMS["province"]),
        organisation=values.get(PARAMS["organisation"]),
        theme=values.get(PARAMS["theme"]),
        applicant_type=values.get(PARAMS["applicant_type"]),
        view=values.get(PARAMS["view"]),
        freq=freq,
        metric=values.get(PARAMS["metric"], METRIC_DEFAULT),
        trajectory=int(values[PARAMS["trajectory"]]) if values.get(PARAMS["trajectory"], "").isdigit() else None,
        stage=values.get(PARAMS["stage"]),
        compare=_compare_choice(values.get(PARAMS["compare"])),
    )


def _compare_choice(text: str | None) -> str | None:
    """The comparison as kept: an ISO date, ``maand``, ``vorige`` (any other word: the default) or None."""
    if not text:
        return None
    day = parse_date(text)
    if day is not None:
        return day.isoformat()
    return MONTH if text == MONTH else PREVIOUS


def to_search(state: ViewState) -> str:
    """Write the state as a query string ('' when everything is default)."""
    pairs = []
    for field in fields(ViewState):
        if field.name not in PARAMS:
            continue
        value = getattr(state, field.name)
        if field.name == "as_of" and value is None and state.today:
            value = TODAY
        elif field.name == "freq":
            value = None if value == "month" else FREQUENCIES.get(value)
        elif field.name == "metric":
            value = None if value == METRIC_DEFAULT else value
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, int):
            value = str(value)
        if value:
            pairs.append((PARAMS[field.name], value))
    return f"?{urlencode(pairs)}" if pairs else ""


def with_changes(state: ViewState, **changes) -> ViewState:
    """A copy of ``state`` with some fields changed."""
    return replace(state, **changes)
