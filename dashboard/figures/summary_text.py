"""The plain Dutch sentence that sums up the programme's state."""

from __future__ import annotations

from dashboard import formatting
from dashboard.data.queries.filters import NO_FILTERS, Filters
from dashboard.data.queries.summary import Headline
from dashboard.figures import denominators


def count(value: int, singular: str, plural: str) -> str:
    """'1 aanvraag', '131 aanvragen': a Dutch count with the right noun form."""
    return f"{formatting.number(value)} {singular if value == 1 else plural}"


def summary_sentence(head: Headline, target: int, gemeenten_total: int, filters: Filters = NO_FILTERS) -> str:
    """Describe ``head`` in one Dutch sentence, e.g. 'Per 30 nov 2007: 131 aanvragen, ...'.

    Under a filter the target is named national and the gemeenten are those of the filtered province.
    """
    goal = (f"{formatting.percentage(head.requests, target)} van het doel van {target}" if filters.is_empty()
            else f"landelijk doel {target}; {denominators.no_target_reason(filters)}")
    if head.requests == 0:
        return f"Per {formatting.date(head.as_of)}: nog geen aanvragen ontvangen ({goal})."
    parts = [
        f"Per {formatting.date(head.as_of)}: {count(head.requests, 'aanvraag', 'aanvragen')} ({goal})",
        f"{count(head.started, 'traject', 'trajecten')} gestart, waarvan {formatting.number(head.completed)} "
        f"afgerond en {formatting.number(head.running)} lopend",
    ]
    if head.not_started:
        parts.append(f"{count(head.not_started, 'aanvraag', 'aanvragen')} niet doorgegaan")
    scope = "" if filters.is_empty() else f" {denominators.gemeenten_scope(filters)}"
    parts.append(f"{formatting.number(head.gemeenten_involved)} van de {formatting.number(gemeenten_total)} "
                 f"gemeenten{scope} betrokken")
    return ", ".join(parts[:-1]) + " en " + parts[-1] + "."
