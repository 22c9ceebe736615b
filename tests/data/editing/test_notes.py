"""Notes on the timeline: checks before writing, one audit line per change, the version bump, the filtered window."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from dashboard.data.editing import notes, users
from dashboard.data.derived import snapshots
from dashboard.data.schema.models import Note, Role
from dashboard.data.queries import notes as note_queries
from dashboard.data.queries.filters import Filters
from dashboard.data.schema.versioning import data_version

DAY = dt.date(2007, 1, 15)


def count(session) -> int:
    """How many notes there are."""
    return session.execute(select(func.count(Note.id))).scalar_one()


def newest_audit(session) -> tuple[str, str, str]:
    """Who, what and about what of the newest audit line."""
    line = users.audit_log(session, limit=1)[0]
    return line.actor, line.event, line.detail


def test_add_edit_delete_each_write_one_audit_line_and_bump_the_version(session):
    version, in_step = data_version(session)[0], snapshots.current(session) is not None
    note = notes.add_note(session, "15-01-2007", "  Zet: derde   adviseur ", "organisatie", "Zet", actor="anna")
    session.flush()
    assert (note.noted_on, note.text, note.author) == (DAY, "Zet: derde adviseur", "anna")
    assert newest_audit(session) == ("anna", "notitie_toegevoegd", "2007-01-15 (organisatie Zet): Zet: derde adviseur")
    assert data_version(session)[0] == version + 1
    assert (snapshots.current(session) is not None) == in_step  # the derived tables need no rebuild for a note
    notes.edit_note(session, note.id, "2007-01-16", "Zet: derde adviseur begonnen", "province", "Utrecht",
                    actor="bert")
    assert newest_audit(session) == ("bert", "notitie_gewijzigd",
                                     f"#{note.id} 2007-01-16 (provincie Utrecht): Zet: derde adviseur begonnen")
    assert (note.organisation_id, note.province_id is not None) == (None, True)
    notes.delete_note(session, note.id, actor="anna")
    assert count(session) == 0
    assert newest_audit(session) == ("anna", "notitie_verwijderd", f"#{note.id} 2007-01-16: Zet: derde adviseur begonnen")
    assert data_version(session)[0] == version + 3


@pytest.mark.parametrize("day,text,scope,target,refusal", [
    ("31-02-2007", "x", "programma", None, "'31-02-2007' is geen bestaande datum"),
    ("morgen", "x", "programma", None, "'morgen' is geen bestaande datum"),
    ("", "x", "programma", None, "Vul een datum in"),
    ("01-01-2070", "x", "programma", None, "De datum 1 jan 2070 ligt ver buiten het programma"),
    ("01-01-1990", "x", "programma", None, "De datum 1 jan 1990 ligt ver buiten het programma"),
    ("15-01-2007", "   ", "programma", None, "Een notitie heeft een tekst nodig."),
    ("15-01-2007", "x" * 201, "programma", None, "Een notitie is hoogstens 200 tekens lang (deze heeft er 201)."),
    ("15-01-2007", "x", "gemeente", None, "Onbekend onderwerp 'gemeente'; kies uit programma, organisatie, provincie."),
    ("15-01-2007", "x", "organisatie", "Bestaat Niet", "Onbekende organisatie 'Bestaat Niet'."),
    ("15-01-2007", "x", "provincie", "Atlantis", "Onbekende provincie 'Atlantis'."),
    ("15-01-2007", "x", "provincie", None, "Kies de provincie waarover de notitie gaat."),
])
def test_bad_input_gets_a_dutch_refusal_and_writes_nothing(session, day, text, scope, target, refusal):
    lines, version = len(users.audit_log(session)), data_version(session)
    with pytest.raises(notes.NoteError, match=refusal.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        notes.add_note(session, day, text, scope, target, actor="anna")
    assert count(session) == 0 and len(users.audit_log(session)) == lines and data_version(session) == version


def test_a_bad_edit_leaves_the_note_as_it_was(session):
    note = notes.add_note(session, DAY, "mailing verstuurd", "programme", actor="anna")
    with pytest.raises(notes.NoteError, match="Onbekende organisatie"):
        notes.edit_note(session, note.id, "2007-02-01", "anders", "organisation", "Niemand", actor="anna")
    assert (note.noted_on, note.text, note.organisation_id) == (DAY, "mailing verstuurd", None)
    with pytest.raises(notes.NoteError, match="bestaat niet"):
        notes.delete_note(session, 99999, actor="anna")


def test_only_projectleiding_writes(session):
    users.add_user(session, "lid", Role.STUURGROEP, "lang-genoeg-12")
    users.add_user(session, "leider", Role.PROJECTLEIDING, "lang-genoeg-12")
    with pytest.raises(notes.NoteError, match="Alleen de projectleiding"):
        notes.add_note(session, DAY, "x", "programme", actor="lid")
    note = notes.add_note(session, DAY, "x", "programme", actor="leider")
    for attempt in (lambda: notes.edit_note(session, note.id, DAY, "y", "programme", actor="lid"),
                    lambda: notes.delete_note(session, note.id, actor="lid")):
        with pytest.raises(notes.NoteError, match="Alleen de projectleiding"):
            attempt()
    assert note.text == "x" and count(session) == 1


def test_a_filtered_window_shows_programme_notes_and_those_about_its_province_or_organisations(session):
    notes.add_note(session, "2006-10-02", "mailing verstuurd", "programme")
    notes.add_note(session, DAY, "derde adviseur", "organisation", "Zet")  # Zet is the CMO of Noord-Brabant
    notes.add_note(session, "2007-03-01", "overleg provincie", "province", "Noord-Brabant")
    notes.add_note(session, "2007-04-01", "ziekte adviseur", "organisation", "Primo nh")
    notes.add_note(session, "2008-01-10", "na de stand", "programme")

    def texts(**filters) -> list[str]:
        frame = note_queries.notes(session, dt.date(2006, 6, 1), dt.date(2007, 12, 31), Filters(**filters))
        return list(frame["text"])

    assert texts() == ["mailing verstuurd", "derde adviseur", "overleg provincie", "ziekte adviseur"]
    assert texts(province="Noord-Brabant") == ["mailing verstuurd", "derde adviseur", "overleg provincie"]
    assert texts(organisation="Zet") == ["mailing verstuurd", "derde adviseur", "overleg provincie"]
    assert texts(organisation="Primo nh", theme="zorg") == ["mailing verstuurd", "ziekte adviseur"]
    assert texts(province="Zeeland") == ["mailing verstuurd"]
    frame = note_queries.notes(session, None, dt.date(2007, 12, 31))
    assert list(frame["row"].fillna("")) == ["", "Zet", "Zet", "Primo nh"]
    assert list(frame["scope"]) == ["programme", "organisation", "province", "organisation"]
