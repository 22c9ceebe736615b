"""What a number is out of, under the filters: the filtered whole, or a national target labelled as national.

The report gives one target (130 requests) and one budget (2.600 dagdelen) for the whole programme, and no
target per province, organisation, theme or kind of applicant. Under a filter a share is of the filtered
whole (Drenthe's 12 gemeenten), and the national figures are named national, with no share implied.
"""

from __future__ import annotations

from dashboard import formatting
from dashboard.data.queries.filters import Filters

PER_FILTER = (("province", "provincie"), ("organisation", "organisatie"), ("theme", "thema"),
              ("applicant_type", "soort aanvrager"))


def no_target_reason(filters: Filters) -> str:
    """'het eindrapport geeft geen doel per provincie': why no share of the target is shown."""
    chosen = [word for field, word in PER_FILTER if getattr(filters, field)]
    return f"het eindrapport geeft geen doel per {' of '.join(chosen)}"


def requests_value(requests: int, target: int, filters: Filters) -> str:
    """'131 van 130' unfiltered; under a filter the count alone."""
    return f"{formatting.number(requests)} van {target}" if filters.is_empty() else formatting.number(requests)


def requests_context(requests: int, target: int, filters: Filters) -> str:
    """'101% van het doel' unfiltered; 'landelijk doel 130; ...geen doel per provincie' under a filter."""
    if filters.is_empty():
        return f"{formatting.percentage(requests, target)} van het doel"
    return f"landelijk doel {target}; {no_target_reason(filters)}"


def gemeenten_scope(filters: Filters) -> str:
    """'in Drenthe' under a province filter, else 'in Nederland' (the whole a gemeente share is of)."""
    return f"in {filters.province}" if filters.province else "in Nederland"


def gemeenten_context(involved: int, total: int, filters: Filters) -> str:
    """'36% van alle gemeenten' unfiltered; '33% van de gemeenten in Drenthe' under a province filter."""
    share = formatting.percentage(involved, total)
    if filters.is_empty():
        return f"{share} van alle gemeenten"
    return f"{share} van de gemeenten {gemeenten_scope(filters)}"


def dagdelen_context(total: int, budget: int, filters: Filters) -> str:
    """'2.166 van 2.600 dagdelen toegekend' unfiltered; the national budget named as such under a filter."""
    if filters.is_empty():
        return f"{formatting.number(total)} van {formatting.number(budget)} dagdelen toegekend"
    reason = no_target_reason(filters).replace("geen doel", "geen budget")
    return f"{formatting.number(total)} dagdelen toegekend; landelijk budget {formatting.number(budget)}, {reason}"
