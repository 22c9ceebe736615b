"""The shared filters (programme, province, organisation, theme, applicant type) as SQL conditions.

The programme is a slug, and ``None`` leaves the programmes unrestricted: what the user sees is always one
programme, made so by ``queries.programmes.scope``, which leaves it out only when the database holds one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, select, true
from sqlalchemy.orm import aliased

from dashboard.data.schema.models import Gemeente, Organisation, Programme, Province, Request, RequestTheme, Trajectory


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to; ``None`` means everything."""

    province: str | None = None
    organisation: str | None = None
    theme: str | None = None
    applicant_type: str | None = None
    programme: str | None = None

    def is_empty(self) -> bool:
        """Tell whether no filter other than the programme is set."""
        return not any((self.province, self.organisation, self.theme, self.applicant_type))

    def is_everything(self) -> bool:
        """Tell whether no filter is set, not even the programme: every row counts."""
        return self.is_empty() and not self.programme


NO_FILTERS = Filters()


def programme_id(slug: str) -> ColumnElement[int]:
    """The id of the programme ``slug``, as a scalar subquery."""
    return select(Programme.id).where(Programme.slug == slug).scalar_subquery()


def in_programme(column: ColumnElement[int], filters: Filters) -> ColumnElement[bool]:
    """A condition keeping the rows whose programme ``column`` is the programme of ``filters`` (any: true)."""
    return column == programme_id(filters.programme) if filters.programme else true()


def request_condition(filters: Filters) -> ColumnElement[bool]:
    """A condition on ``Request`` rows that keeps the requests matching ``filters``.

    The province is the province of the applying gemeente; the organisation is
    the one carrying out the trajectory (so it excludes requests that never started).
    """
    conditions: list[ColumnElement[bool]] = []
    if filters.programme:
        conditions.append(in_programme(Request.programme_id, filters))
    if filters.province:
        conditions.append(exists(
            select(Gemeente.id).join(Province, Gemeente.province_id == Province.id)
            .where(Gemeente.id == Request.gemeente_id, Province.name == filters.province)
        ))
    if filters.organisation:
        conditions.append(exists(
            select(Trajectory.id).join(Organisation, Trajectory.organisation_id == Organisation.id)
            .where(Trajectory.request_id == Request.id, Organisation.name == filters.organisation)
        ))
    if filters.theme:
        themes = aliased(RequestTheme)  # not correlated with a RequestTheme of the query itself
        conditions.append(exists(
            select(themes.request_id).where(themes.request_id == Request.id, themes.theme == filters.theme)
        ))
    if filters.applicant_type:
        conditions.append(Request.applicant_type == filters.applicant_type)
    return and_(true(), *conditions)


def trajectories_within(query: Select, filters: Filters) -> Select:
    """``query`` over ``Trajectory`` narrowed to ``filters``; without filters other than the programme it needs no
    join to the requests."""
    if filters.is_empty():
        return query.where(in_programme(Trajectory.programme_id, filters)) if filters.programme else query
    return query.join(Request, Request.id == Trajectory.request_id).where(request_condition(filters))
