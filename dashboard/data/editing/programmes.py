"""Adding a programme and changing its settings (``python -m dashboard programme add|set``), checked first.

A slug is short, lower case, digits and hyphens (``avi-130``, ``brede-scholen``): it goes into URLs. A
programme's period ends on or after its start, its target and budget are positive, its themes are known
ones. Every change counts in the data version, so open pages redraw, and goes into the audit log. Only a
change of the programmes' whole period rebuilds the derived tables (the capacity months follow it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.editing import users
from dashboard.data.schema.models import Programme, Theme
from dashboard.data.schema.versioning import bump_data_version, bump_version_only

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
THEMES = tuple(theme.value for theme in Theme)


class ProgrammeError(ValueError):
    """A programme setting that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class Settings:
    """The settings of a programme as given; None leaves a setting as it is (``set_programme``)."""

    name: str | None = None
    target: int | None = None
    budget: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    themes: tuple[str, ...] | None = None


def _check(programme: Programme) -> None:
    """Refuse settings that cannot hold, in Dutch."""
    if not programme.name or not programme.name.strip():
        raise ProgrammeError("Een programma heeft een naam.")
    if programme.target_requests < 1 or programme.dagdelen_budget < 1:
        raise ProgrammeError("Het doel (aanvragen) en het budget (dagdelen) zijn allebei minstens 1.")
    if programme.ends_on < programme.starts_on:
        raise ProgrammeError(f"Het programma eindigt ({programme.ends_on.isoformat()}) vóór het begint "
                             f"({programme.starts_on.isoformat()}).")
    unknown = [theme for theme in programme.themes.split(",") if theme not in THEMES]
    if unknown or not programme.themes:
        raise ProgrammeError(f"Onbekend thema '{', '.join(unknown)}'; kies uit {', '.join(THEMES)}.")


def _period(session: Session) -> tuple:
    """The first start and the last end of every programme."""
    return tuple(session.execute(select(func.min(Programme.starts_on), func.max(Programme.ends_on))).one())


def _bump(session: Session, before: tuple) -> None:
    """Count the change: with a rebuild of the derived tables when it moved the programmes' whole period."""
    session.flush()
    if _period(session) != before:
        bump_data_version(session)
    else:
        bump_version_only(session)


def _apply(programme: Programme, settings: Settings) -> None:
    """Put the given settings on ``programme``."""
    for attribute, value in (("name", settings.name), ("target_requests", settings.target),
                             ("dagdelen_budget", settings.budget), ("starts_on", settings.starts_on),
                             ("ends_on", settings.ends_on)):
        if value is not None:
            setattr(programme, attribute, value.strip() if isinstance(value, str) else value)
    if settings.themes is not None:
        programme.themes = ",".join(settings.themes)


def add_programme(session: Session, slug: str, settings: Settings, actor: str = "cli") -> Programme:
    """Add the programme ``slug`` with ``settings`` (all but the themes required; default: every theme)."""
    if not SLUG.match(slug) or len(slug) > 40:
        raise ProgrammeError(f"'{slug}' kan geen korte naam zijn: gebruik kleine letters, cijfers en streepjes, "
                             "bijvoorbeeld brede-scholen (hoogstens 40 tekens).")
    if session.execute(select(Programme.id).where(Programme.slug == slug)).first():
        raise ProgrammeError(f"Er is al een programma '{slug}'.")
    missing = [option for option, value in (("--name", settings.name), ("--target", settings.target),
                                            ("--budget", settings.budget), ("--from", settings.starts_on),
                                            ("--until", settings.ends_on)) if value is None]
    if missing:
        raise ProgrammeError(f"Een nieuw programma vraagt ook {', '.join(missing)}.")
    programme = Programme(slug=slug, themes=",".join(THEMES))
    _apply(programme, settings)
    _check(programme)
    if session.execute(select(Programme.id).where(Programme.name == programme.name)).first():
        raise ProgrammeError(f"Er is al een programma met de naam '{programme.name}'.")
    before = _period(session)
    session.add(programme)
    users.record(session, actor, "programme_add", f"{slug}: {programme.name}")
    _bump(session, before)
    return programme


def set_programme(session: Session, slug: str, settings: Settings, actor: str = "cli") -> Programme:
    """Change the given settings of the programme ``slug``."""
    programme = session.execute(select(Programme).where(Programme.slug == slug)).scalar_one_or_none()
    if programme is None:
        raise ProgrammeError(f"Programma '{slug}' bestaat niet.")
    if settings.name and session.execute(select(Programme.id).where(
            Programme.name == settings.name.strip(), Programme.id != programme.id)).first():
        raise ProgrammeError(f"Er is al een programma met de naam '{settings.name.strip()}'.")
    before = _period(session)
    _apply(programme, settings)
    _check(programme)
    users.record(session, actor, "programme_set", slug)
    _bump(session, before)
    return programme
