"""What the viewer is looking at, kept in the URL query string so that a link reproduces it exactly.

``?stand=2007-11-30&provincie=Utrecht&organisatie=Zet&thema=zorg&aanvrager=steunpunt&weergave=presentatie``
plus page choices: ``per=week`` (Tijdlijn), ``metriek=dagdelen`` (Kaart), ``traject=62`` and ``fase=afgerond``
(Trajecten: the trajectories a clicked bar counted, see ``queries.trajectories.STAGES``), and ``vergelijk=``
(every page: compare with a date, a month earlier or the last stuurgroep meeting, see ``dashboard.comparison``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qs, urlencode

from dashboard.comparison import MONTH, PREVIOUS
from dashboard.data.queries.filters import Filters
from dashboard.formatting import parse_date

PARAMS = {"as_of": "stand", "province": "provincie", "organisation": "organisatie", "theme": "thema",
          "applicant_type": "aanvrager", "view": "weergave", "freq": "per", "metric": "metriek",
          "trajectory": "traject", "stage": "fase",
          "compare": "vergelijk"}
METRIC_DEFAULT = "share"
PRESENTATION = "presentatie"
FREQUENCIES = {"month": "maand", "week": "week"}


@dataclass(frozen=True)
class ViewState:
    """The shared controls: the as-of date (None = today, live), filters, display mode and period."""

    as_of: dt.date | None = None
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
        return Filters(self.province, self.organisation, self.theme, self.applicant_type)

    @property
    def is_live(self) -> bool:
        """Tell whether the viewer follows today's data (no fixed as-of date in the past)."""
        return self.as_of is None or self.as_of >= dt.date.today()

    @property
    def presenting(self) -> bool:
        """Tell whether the presentation (projector) mode is on."""
        return self.view == PRESENTATION

    def date(self, today: dt.date | None = None) -> dt.date:
        """The as-of date to query: the chosen one, or today."""
        return self.as_of or today or dt.date.today()


def parse(search: str | None) -> ViewState:
    """Read the state from a query string; unknown or unreadable values fall back to the defaults."""
    values = {key: items[-1] for key, items in parse_qs((search or "").lstrip("?")).items() if items and items[-1]}
    freq = next((code for code, word in FREQUENCIES.items() if word == values.get(PARAMS["freq"])), "month")
    return ViewState(
        as_of=parse_date(values.get(PARAMS["as_of"])),
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
        value = getattr(state, field.name)
        if field.name == "freq":
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
