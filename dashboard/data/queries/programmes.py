"""The programmes in the database, and which one a view shows.

A view always shows one programme: the one chosen (``programma=<slug>``, ``--programme SLUG``,
``programme=SLUG``), else the default (``DASHBOARD_DEFAULT_PROGRAMME``, else the first). ``scope`` makes the
filters say so; with one programme in the database it leaves the programme out of them, since every row is
then that programme's and the queries need no condition for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.queries.filters import Filters
from dashboard.data.schema.models import Programme, Request


class UnknownProgramme(LookupError):
    """A programme slug the database does not hold; the message is Dutch and names the known ones."""


class ProgrammeNotAllowed(UnknownProgramme):
    """A programme the user may not see (``allowed``); the message is Dutch and names the ones they may."""


@dataclass(frozen=True)
class ProgrammeRef:
    """A programme's id, slug and name."""

    id: int
    slug: str
    name: str


def listing(session: Session) -> list[ProgrammeRef]:
    """Every programme, in the order they were added."""
    return [ProgrammeRef(*row) for row in session.execute(
        select(Programme.id, Programme.slug, Programme.name).order_by(Programme.id)).all()]


def _known(session: Session) -> list[ProgrammeRef]:
    """``listing``, kept in the session (a page asks for it in every callback)."""
    if "programmes" not in session.info:
        session.info["programmes"] = listing(session)
    return session.info["programmes"]


def unknown_message(slug: str, known: list[ProgrammeRef]) -> str:
    """The Dutch message for an unknown programme ``slug``."""
    names = ", ".join(programme.slug for programme in known) or "geen"
    return f"Programma '{slug}' bestaat niet. Bekende programma's: {names}."


def visible(session: Session, allowed: frozenset[str] | None = None) -> list[ProgrammeRef]:
    """The programmes of ``listing`` a user limited to ``allowed`` (slugs; None: every programme) may see."""
    return [programme for programme in _known(session) if allowed is None or programme.slug in allowed]


def chosen(session: Session, slug: str | None, default: str | None = None,
           allowed: frozenset[str] | None = None) -> ProgrammeRef:
    """The programme ``slug``, else ``default`` (when it is known), else the first; of those in ``allowed`` (slugs;
    None: every programme) only.

    Raises ``UnknownProgramme`` for an unknown ``slug``, or when there is no programme at all (or none allowed), and
    ``ProgrammeNotAllowed`` for a ``slug`` outside ``allowed``.
    """
    known, shown = _known(session), visible(session, allowed)
    if not known:
        raise UnknownProgramme("Er is nog geen programma in de database.")
    if not shown:
        raise ProgrammeNotAllowed("U heeft geen toegang tot een programma in deze database.")
    by_slug = {programme.slug: programme for programme in shown}
    if slug:
        if slug not in by_slug:
            if any(programme.slug == slug for programme in known):
                raise ProgrammeNotAllowed(f"U heeft geen toegang tot programma '{slug}'. Uw programma's: "
                                          f"{', '.join(by_slug)}.")
            raise UnknownProgramme(unknown_message(slug, shown))
        return by_slug[slug]
    return by_slug.get(default or "", shown[0])


def scope(session: Session, filters: Filters, default: str | None = None,
          allowed: frozenset[str] | None = None) -> Filters:
    """``filters`` narrowed to the programme they name, else to ``default`` or the first (of ``allowed`` only);
    the programme left out when the database holds only one. Raises ``UnknownProgramme`` for a slug it does not
    hold, ``ProgrammeNotAllowed`` for one outside ``allowed``."""
    programme = chosen(session, filters.programme, default, allowed)
    return replace(filters, programme=programme.slug if len(_known(session)) > 1 else None)


def largest_running(session: Session, as_of: dt.date) -> str | None:
    """The slug of the programme with the most requests among those running on ``as_of`` (else of all); None
    without programmes."""
    requests = select(func.count(Request.id)).where(Request.programme_id == Programme.id).scalar_subquery()
    running = (Programme.starts_on <= as_of) & (Programme.ends_on >= as_of)
    return session.execute(select(Programme.slug).order_by(running.desc(), requests.desc(), Programme.id)
                           .limit(1)).scalar()


def count(session: Session) -> int:
    """How many programmes the database holds."""
    return session.execute(select(func.count(Programme.id))).scalar_one()
