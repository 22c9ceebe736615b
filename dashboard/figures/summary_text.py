"""The plain Dutch sentence that sums up the programme's state."""

from __future__ import annotations

from dashboard import formatting
from dashboard.data.queries.summary import Headline


def summary_sentence(head: Headline, target: int, gemeenten_total: int) -> str:
    """Describe ``head`` in one Dutch sentence, e.g. 'Per 30 nov 2007: 131 aanvragen, ...'."""
    if head.requests == 0:
        return f"Per {formatting.date(head.as_of)}: nog geen aanvragen ontvangen (doel: {target})."
    parts = [
        f"Per {formatting.date(head.as_of)}: {formatting.number(head.requests)} aanvragen "
        f"({formatting.percentage(head.requests, target)} van het doel van {target})",
        f"{formatting.number(head.started)} trajecten gestart, waarvan {formatting.number(head.completed)} "
        f"afgerond en {formatting.number(head.running)} lopend",
    ]
    if head.not_started:
        parts.append(f"{formatting.number(head.not_started)} aanvragen niet doorgegaan")
    parts.append(f"{formatting.number(head.gemeenten_involved)} van de {formatting.number(gemeenten_total)} "
                 "gemeenten betrokken")
    return ", ".join(parts[:-1]) + " en " + parts[-1] + "."
