"""Notes through the real Dash endpoint: projectleiding writes one and it is on the Tijdlijn chart and list; the
stuurgroep reads them and is refused when it tries to write."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.data.editing import users
from dashboard.data.schema.db import make_engine
from dashboard.data.queries import notes as note_queries
from dashboard.figures.timeline import NOTE_NAME
from tests.signing_in import signed_in
from tests.test_app import post_callback
from tests.test_drill_down import figure

SEARCH = "?stand=2007-11-30"
OUTPUTS = [(ids.NOTES_MESSAGE, "children"), (ids.NOTES_DONE, "data"), (ids.NOTES_EDITING, "data"),
           (ids.NOTES_DATE, "value"), (ids.NOTES_TEXT, "value"), (ids.NOTES_SCOPE, "value"), (ids.NOTES_TARGET, "value")]


@pytest.fixture
def app(own_app):
    """The app on a database of the test's own: these tests write notes."""
    return own_app


def client_for(app, role: str):
    """A client of ``role`` that has opened the Tijdlijn (and so holds the CSRF cookie)."""
    client = signed_in(app, role)
    assert client.get("/tijdlijn").status_code == 200
    return client


def press(client, button, note_ids=(), editing=None, search=SEARCH, **form):
    """Press the save or new button (an id) or a delete or edit button ({"type": …, "note": id}) of the notes, on
    the Tijdlijn of ``search``."""
    prop = "submit_n_clicks" if isinstance(button, dict) and button["type"] == ids.NOTES_DELETE else "n_clicks"
    changed = button if isinstance(button, str) else '{"note":%d,"type":"%s"}' % (button["note"], button["type"])

    def pattern(kind: str, prop_name: str) -> list[dict]:
        return [{"id": {"type": kind, "note": n}, "property": prop_name,
                 "value": 1 if button == {"type": kind, "note": n} else None} for n in note_ids]

    return client.post("/_dash-update-component", headers={"X-CSRFToken": client.get_cookie("_csrf_token").value},
                       json={"output": "..{}..".format("...".join(f"{i}.{p}" for i, p in OUTPUTS)),
                             "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
                             "inputs": [{"id": ids.NOTES_SAVE, "property": "n_clicks",
                                         "value": 1 if button == ids.NOTES_SAVE else None},
                                        {"id": ids.NOTES_NEW, "property": "n_clicks", "value": None},
                                        pattern(ids.NOTES_EDIT, "n_clicks"), pattern(ids.NOTES_DELETE, "submit_n_clicks")],
                             "state": [{"id": ids.NOTES_DONE, "property": "data", "value": 0},
                                       *({"id": i, "property": "value", "value": form.get(key)} for i, key in
                                         ((ids.NOTES_DATE, "date"), (ids.NOTES_TEXT, "text"),
                                          (ids.NOTES_SCOPE, "scope"), (ids.NOTES_TARGET, "target"))),
                                       {"id": ids.NOTES_EDITING, "property": "data", "value": editing},
                                       {"id": ids.URL, "property": "search", "value": search}],
                             "changedPropIds": [f"{changed}.{prop}"]})


def said(response) -> str:
    """The Dutch message the form shows after a press."""
    assert response.status_code == 200, response.data[:300]
    return str(response.get_json()["response"][ids.NOTES_MESSAGE]["children"]["props"]["children"])


def listed(client) -> str:
    """The notes list as the page gets it, as text."""
    return str(post_callback(client, [(ids.TIJDLIJN_NOTES, "children")],
                             [{"id": ids.URL, "property": "search", "value": SEARCH},
                              {"id": ids.NOTES_DONE, "property": "data", "value": 0},
                              {"id": ids.DATA_VERSION, "property": "data", "value": None}]))


def saved(url) -> list[tuple]:
    """Every note's date, text and author."""
    with Session(make_engine(url)) as session:
        frame = note_queries.notes(session, None, dt.date(2030, 1, 1))
    return list(zip(frame["noted_on"].astype(str), frame["text"], frame["author"]))


def test_a_note_of_projectleiding_is_on_the_chart_and_in_the_list_and_the_audit_log(app, own_database_url):
    leader = client_for(app, "projectleiding")
    assert NOTE_NAME not in [t.get("name") for t in figure(app, leader, ids.TIJDLIJN_FIGURE)["data"]]
    assert said(press(leader, ids.NOTES_SAVE, date="15-01-2007", text="Zet: derde adviseur", scope="organisation",
                      target="Zet")) == "De notitie is opgeslagen."
    assert saved(own_database_url) == [("2007-01-15", "Zet: derde adviseur", "projectleiding-demo")]
    notes = next(t for t in figure(app, leader, ids.TIJDLIJN_FIGURE)["data"] if t.get("name") == NOTE_NAME)
    assert notes["x"] == ["jan 2007"] and "15 jan 2007 (Zet): Zet: derde adviseur" in notes["customdata"][0]
    assert "Zet: derde adviseur" in listed(leader) and "Bewerken" in listed(leader)
    with Session(make_engine(own_database_url)) as session:
        line = users.audit_log(session, limit=1)[0]
    assert (line.actor, line.event) == ("projectleiding-demo", "notitie_toegevoegd")
    committee = client_for(app, "stuurgroep")
    assert "Zet: derde adviseur" in listed(committee) and "Bewerken" not in listed(committee)
    assert NOTE_NAME in [t.get("name") for t in figure(app, committee, ids.TIJDLIJN_FIGURE)["data"]]


def test_edit_fills_the_form_and_delete_removes_the_note(app, own_database_url):
    leader = client_for(app, "projectleiding")
    press(leader, ids.NOTES_SAVE, date="2006-10-02", text="mailing verstuurd", scope="programme")
    with Session(make_engine(own_database_url)) as session:
        note_id = int(note_queries.notes(session, None, dt.date(2030, 1, 1))["id"].iloc[0])
    assert f"{ids.NOTES_EDIT}" in listed(leader)
    filled = press(leader, {"type": ids.NOTES_EDIT, "note": note_id}, note_ids=[note_id]).get_json()["response"]
    assert filled[ids.NOTES_DATE]["value"] == "02-10-2006" and filled[ids.NOTES_EDITING]["data"] == note_id
    assert said(press(leader, ids.NOTES_SAVE, editing=note_id, date="03-10-2006", text="mailing verstuurd (8.000)",
                      scope="programme")) == "De notitie is gewijzigd."
    assert saved(own_database_url) == [("2006-10-03", "mailing verstuurd (8.000)", "projectleiding-demo")]
    assert said(press(leader, {"type": ids.NOTES_DELETE, "note": note_id}, note_ids=[note_id])) == \
        "De notitie is verwijderd."
    assert saved(own_database_url) == []


def test_bad_input_gets_a_dutch_message_and_writes_nothing(app, own_database_url):
    leader = client_for(app, "projectleiding")
    assert said(press(leader, ids.NOTES_SAVE, date="31-02-2007", text="x", scope="programme")).startswith(
        "'31-02-2007' is geen bestaande datum")
    assert said(press(leader, ids.NOTES_SAVE, date="01-02-2007", text="x", scope="province", target="Atlantis")) == \
        "Onbekende provincie 'Atlantis'."
    assert saved(own_database_url) == []


def test_the_stuurgroep_cannot_write_a_note(app, own_database_url):
    committee = client_for(app, "stuurgroep")
    assert ids.NOTES_SAVE not in committee.get("/tijdlijn").get_data(as_text=True)
    response = press(committee, ids.NOTES_SAVE, date="15-01-2007", text="mag niet", scope="programme")
    assert response.status_code == 403
    assert saved(own_database_url) == []


def test_a_note_on_a_province_marks_its_cmo_on_the_heatmap(app, own_database_url):
    leader = client_for(app, "projectleiding")
    press(leader, ids.NOTES_SAVE, date="20-12-2006", text="Zet kan het werk niet aan", scope="province",
          target="Noord-Brabant")
    marks = [a for a in figure(app, leader, ids.CMOS_HEATMAP)["layout"].get("annotations", []) if a["text"] == "◆"]
    assert [(a["x"], a["y"]) for a in marks] == [("dec 2006", "Zet")]
    assert "20 dec 2006: Zet kan het werk niet aan" in marks[0]["hovertext"]
