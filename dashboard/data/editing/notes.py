"""Notes on the timeline: the only code that writes them, each change checked and written with one audit line.

A note is a short dated text of the project leaders ("mailing verstuurd") on one programme's Tijdlijn, about
the whole programme, one organisation or one province. Bad input raises ``NoteError`` with a Dutch message
before anything is written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import formatting
from dashboard.data.schema.models import Note, NoteScope, Organisation, Programme, Province, Role, User
from dashboard.data.editing.users import record
from dashboard.data.queries import programmes
from dashboard.data.schema.versioning import bump_version_only

MAX_TEXT_LENGTH = 200
# How far before the programme's start and after its end (or today, when later) a note may lie.
MARGIN = dt.timedelta(days=366)
SCOPE_LABELS = {NoteScope.PROGRAMME: "programma", NoteScope.ORGANISATION: "organisatie",
                NoteScope.PROVINCE: "provincie"}


class NoteError(ValueError):
    """A note that cannot be written; the message is Dutch."""


def read_date(value: dt.date | str | None) -> dt.date:
    """``value`` as a date: a date, 'YYYY-MM-DD' or Dutch 'dd-mm-jjjj' (also with / or .); else a Dutch refusal."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        raise NoteError("Vul een datum in (dd-mm-jjjj).")
    day = formatting.read_date(text, month_words=False)
    if day is None:
        raise NoteError(f"'{text}' is geen bestaande datum; schrijf de datum als dd-mm-jjjj, "
                        "bijvoorbeeld 15-01-2007.")
    return day


def _scope(value: NoteScope | str | None) -> NoteScope:
    """``value`` (the stored value or its Dutch label) as a NoteScope, or a Dutch refusal."""
    for scope, label in SCOPE_LABELS.items():
        if value in (scope, scope.value, label):
            return scope
    raise NoteError(f"Onbekend onderwerp '{value}'; kies uit {', '.join(SCOPE_LABELS.values())}.")


def _checked_date(session: Session, value: dt.date | str | None, programme_id: int) -> dt.date:
    """The note's date, refused when it lies far outside its programme (most likely a typing error)."""
    day = read_date(value)
    period = session.execute(select(Programme.starts_on, Programme.ends_on).where(Programme.id == programme_id)).first()
    first = (period.starts_on if period else dt.date.today()) - MARGIN
    last = max(period.ends_on if period else dt.date.today(), dt.date.today()) + MARGIN
    if not first <= day <= last:
        raise NoteError(f"De datum {formatting.date(day)} ligt ver buiten het programma; kies een datum tussen "
                        f"{formatting.date(first)} en {formatting.date(last)}.")
    return day


def _checked_text(text: str | None) -> str:
    """The note's text without surrounding spaces; refused when empty or longer than ``MAX_TEXT_LENGTH``."""
    text = " ".join((text or "").split())
    if not text:
        raise NoteError("Een notitie heeft een tekst nodig.")
    if len(text) > MAX_TEXT_LENGTH:
        raise NoteError(f"Een notitie is hoogstens {MAX_TEXT_LENGTH} tekens lang (deze heeft er {len(text)}).")
    return text


def _target(session: Session, scope: NoteScope, name: str | None) -> tuple[int | None, int | None]:
    """The organisation id and province id the note is about (by name), or a Dutch refusal when unknown."""
    if scope is NoteScope.PROGRAMME:
        return None, None
    model, kind = (Organisation, "organisatie") if scope is NoteScope.ORGANISATION else (Province, "provincie")
    if not name:
        raise NoteError(f"Kies de {kind} waarover de notitie gaat.")
    found = session.execute(select(model.id).where(model.name == name)).scalar_one_or_none()
    if found is None:
        raise NoteError(f"Onbekende {kind} '{name}'.")
    return (found, None) if scope is NoteScope.ORGANISATION else (None, found)


def _programme_id(session: Session, programme: str | None) -> int:
    """The id of the programme ``programme`` (a slug; None: the first), or a Dutch refusal."""
    try:
        return programmes.chosen(session, programme).id
    except programmes.UnknownProgramme as unknown:
        raise NoteError(str(unknown)) from None


def _fill(session: Session, note: Note, noted_on, text, scope, target) -> str:
    """Check every value first, then put them on ``note`` (which has its programme); the audit line's description
    of the note."""
    day, text, scope = _checked_date(session, noted_on, note.programme_id), _checked_text(text), _scope(scope)
    note.organisation_id, note.province_id = _target(session, scope, target)
    note.noted_on, note.text, note.scope = day, text, scope
    about = SCOPE_LABELS[scope] + (f" {target}" if scope is not NoteScope.PROGRAMME else "")
    return f"{day.isoformat()} ({about}): {text}"


def _may_write(session: Session, actor: str) -> None:
    """Refuse a signed-in user who is not projectleiding (the command line, not a user, may write)."""
    role = session.execute(select(User.role).where(User.name == actor)).scalar_one_or_none()
    if role is not None and role is not Role.PROJECTLEIDING:
        raise NoteError("Alleen de projectleiding kan notities schrijven, wijzigen of verwijderen.")


def _existing(session: Session, note_id: int | str | None, programme: str | None) -> Note:
    """The note with ``note_id`` of the programme ``programme`` (a slug; None: the first), or a Dutch refusal (a
    note of another programme is not there for this one's Tijdlijn)."""
    try:
        note = session.get(Note, int(note_id))
    except (TypeError, ValueError):
        note = None
    if note is None or note.programme_id != _programme_id(session, programme):
        raise NoteError("Deze notitie bestaat niet (meer).")
    return note


def add_note(session: Session, noted_on: dt.date | str | None, text: str | None, scope: NoteScope | str | None,
             target: str | None = None, actor: str = "cli", address: str = "", programme: str | None = None) -> Note:
    """Write a new note by ``actor`` on the programme ``programme`` (a slug; None: the first); ``target`` names
    the organisation or province it is about."""
    _may_write(session, actor)
    now = dt.datetime.now(dt.timezone.utc)
    note = Note(author=actor[:80], created_at=now, updated_at=now, programme_id=_programme_id(session, programme))
    described = _fill(session, note, noted_on, text, scope, target)
    session.add(note)
    record(session, actor, "notitie_toegevoegd", described, address)
    bump_version_only(session)
    return note


def edit_note(session: Session, note_id: int | str | None, noted_on: dt.date | str | None, text: str | None,
              scope: NoteScope | str | None, target: str | None = None, actor: str = "cli",
              address: str = "", programme: str | None = None) -> Note:
    """Change an existing note's date, text and subject (a note of the programme ``programme``: see ``add_note``)."""
    _may_write(session, actor)
    note = _existing(session, note_id, programme)
    described = _fill(session, note, noted_on, text, scope, target)
    note.updated_at = dt.datetime.now(dt.timezone.utc)
    record(session, actor, "notitie_gewijzigd", f"#{note.id} {described}", address)
    bump_version_only(session)
    return note


def delete_note(session: Session, note_id: int | str | None, actor: str = "cli", address: str = "",
                programme: str | None = None) -> None:
    """Delete a note of the programme ``programme`` (see ``add_note``)."""
    _may_write(session, actor)
    note = _existing(session, note_id, programme)
    record(session, actor, "notitie_verwijderd", f"#{note.id} {note.noted_on.isoformat()}: {note.text}", address)
    session.delete(note)
    bump_version_only(session)
