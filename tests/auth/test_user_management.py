"""Managing users on the Beheer page: through the real callback endpoint, with the CSRF token, rules and audit lines."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.data.editing import users
from dashboard.data.schema.db import make_engine
from dashboard.data.schema.models import Role
from tests.signing_in import csrf_token, signed_in
from tests.test_app import post_callback

BUTTONS = (ids.BEHEER_ADD, ids.BEHEER_SET_ROLE, ids.BEHEER_SET_PASSWORD, ids.BEHEER_DISABLE, ids.BEHEER_ENABLE,
           ids.BEHEER_REMOVE)
FORM = (ids.BEHEER_ADD_NAME, ids.BEHEER_ADD_ROLE, ids.BEHEER_ADD_PASSWORD, ids.BEHEER_USER, ids.BEHEER_NEW_ROLE,
        ids.BEHEER_NEW_PASSWORD)
OUTPUTS = [(ids.BEHEER_ACTION_MESSAGE, "children"), (ids.BEHEER_ACTION_DONE, "data"),
           (ids.BEHEER_ADD_PASSWORD, "value"), (ids.BEHEER_NEW_PASSWORD, "value")]


@pytest.fixture
def app(own_app):
    """The app on a database of the test's own: these tests change users."""
    return own_app


def leader(app):
    """A client signed in as projectleiding that has opened the Beheer page (and so holds the CSRF cookie)."""
    client = signed_in(app, "projectleiding")
    assert client.get("/beheer").status_code == 200
    return client


def change_request(client, button: str, token: str | None = "cookie", origin: str | None = None, **form):
    """Press ``button`` of the Beheer page with the form's ``form`` values (keys as in ``FORM``, without prefix)."""
    values = {f"beheer-{key.replace('_', '-')}": value for key, value in form.items()}
    headers = {}
    if token == "cookie":
        headers["X-CSRFToken"] = client.get_cookie("_csrf_token").value
    elif token is not None:
        headers["X-CSRFToken"] = token
    if origin:
        headers["Origin"] = origin
    prop = "submit_n_clicks" if button == ids.BEHEER_REMOVE else "n_clicks"
    return client.post("/_dash-update-component", headers=headers, json={
        "output": "..{}..".format("...".join(f"{i}.{p}" for i, p in OUTPUTS)),
        "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
        "inputs": [{"id": b, "property": "submit_n_clicks" if b == ids.BEHEER_REMOVE else "n_clicks",
                    "value": 1 if b == button else None} for b in BUTTONS],
        "state": [{"id": ids.BEHEER_ACTION_DONE, "property": "data", "value": 0},
                  *({"id": f, "property": "value", "value": values.get(f)} for f in FORM)],
        "changedPropIds": [f"{button}.{prop}"]})


def change(client, button: str, **form) -> str:
    """Press ``button`` and return the Dutch message the page shows."""
    response = change_request(client, button, **form)
    assert response.status_code == 200, response.data[:300]
    return str(response.get_json()["response"][ids.BEHEER_ACTION_MESSAGE]["children"]["props"]["children"])


def people(url) -> dict[str, tuple[Role, bool]]:
    """Every user's role and whether they are disabled."""
    with Session(make_engine(url)) as session:
        return {u.name: (u.role, u.disabled) for u in users.list_users(session)}


def audit(url) -> list[tuple[str, str, str]]:
    """The audit lines, newest first: who, what, about what."""
    with Session(make_engine(url)) as session:
        return [(e.actor, e.event, e.detail) for e in users.audit_log(session)]


def can_sign_in(app, name: str, password: str) -> bool:
    """Whether the sign-in form lets ``name`` in with ``password``."""
    client = app.server.test_client()
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    return client.post("/inloggen", data={"naam": name, "wachtwoord": password, "csrf_token": token}).status_code == 302


def test_add_set_role_reset_disable_enable_remove_each_with_one_audit_line(app, own_database_url):
    client = leader(app)
    steps = [
        (ids.BEHEER_ADD, {"add_name": "jansen", "add_role": "stuurgroep", "add_password": "eerste-wachtwoord"},
         "Gebruiker 'jansen' (stuurgroep) is toegevoegd.", ("gebruiker_toegevoegd", "jansen (stuurgroep)")),
        (ids.BEHEER_SET_ROLE, {"user": "jansen", "new_role": "projectleiding"},
         "'jansen' heeft nu de rol projectleiding.", ("rol_gewijzigd", "jansen: stuurgroep → projectleiding")),
        (ids.BEHEER_SET_PASSWORD, {"user": "jansen", "new_password": "tweede-wachtwoord"},
         "Het wachtwoord van 'jansen' is opnieuw ingesteld.", ("wachtwoord_gewijzigd", "jansen")),
        (ids.BEHEER_DISABLE, {"user": "jansen"}, "'jansen' is uitgeschakeld en kan niet meer inloggen.",
         ("gebruiker_uitgeschakeld", "jansen")),
        (ids.BEHEER_ENABLE, {"user": "jansen"}, "'jansen' is weer ingeschakeld.", ("gebruiker_ingeschakeld", "jansen")),
    ]
    for button, form, said, (event, detail) in steps:
        before = len(audit(own_database_url))
        assert change(client, button, **form) == said
        lines = audit(own_database_url)
        assert len(lines) == before + 1 and lines[0] == ("projectleiding-demo", event, detail)
        if button == ids.BEHEER_SET_PASSWORD:
            assert can_sign_in(app, "jansen", "tweede-wachtwoord")
            assert not can_sign_in(app, "jansen", "eerste-wachtwoord")
        if button == ids.BEHEER_DISABLE:
            assert people(own_database_url)["jansen"] == (Role.PROJECTLEIDING, True)
            assert not can_sign_in(app, "jansen", "tweede-wachtwoord")
    assert change(client, ids.BEHEER_REMOVE, user="jansen") == "Gebruiker 'jansen' is verwijderd."
    assert "jansen" not in people(own_database_url)
    assert audit(own_database_url)[0] == ("projectleiding-demo", "gebruiker_verwijderd", "jansen")


@pytest.mark.parametrize("button,form,refusal", [
    (ids.BEHEER_ADD, {"add_name": "kort", "add_role": "stuurgroep", "add_password": "kort"},
     "Het wachtwoord moet minstens 10 tekens lang zijn."),
    (ids.BEHEER_ADD, {"add_name": "stuurgroep-demo", "add_role": "stuurgroep", "add_password": "lang-genoeg-12"},
     "Gebruiker 'stuurgroep-demo' bestaat al."),
    (ids.BEHEER_ADD, {"add_name": "  ", "add_role": "stuurgroep", "add_password": "lang-genoeg-12"},
     "Een gebruiker heeft een naam nodig."),
    (ids.BEHEER_ADD, {"add_name": "baas", "add_role": "koning", "add_password": "lang-genoeg-12"},
     "Onbekende rol 'koning'; kies uit stuurgroep, projectleiding."),
    (ids.BEHEER_SET_PASSWORD, {"user": "stuurgroep-demo", "new_password": "123"},
     "Het wachtwoord moet minstens 10 tekens lang zijn."),
    (ids.BEHEER_DISABLE, {}, "Kies eerst een gebruiker."),
    (ids.BEHEER_DISABLE, {"user": "projectleiding-demo"},
     "U kunt uw eigen account niet uitschakelen; vraag dat aan een andere projectleider."),
    (ids.BEHEER_REMOVE, {"user": "projectleiding-demo"},
     "U kunt uw eigen account niet verwijderen; vraag dat aan een andere projectleider."),
    (ids.BEHEER_SET_ROLE, {"user": "projectleiding-demo", "new_role": "stuurgroep"},
     "U kunt uw eigen account niet een andere rol geven; vraag dat aan een andere projectleider."),
    (ids.BEHEER_ENABLE, {"user": "stuurgroep-demo"}, "'stuurgroep-demo' is al actief."),
    (ids.BEHEER_REMOVE, {"user": "niemand"}, "Gebruiker 'niemand' bestaat niet."),
])
def test_bad_changes_get_a_dutch_message_and_change_nothing(app, own_database_url, button, form, refusal):
    client = leader(app)
    before, lines = people(own_database_url), audit(own_database_url)
    assert change(client, button, **form) == refusal
    assert people(own_database_url) == before and audit(own_database_url) == lines


def test_the_last_active_projectleiding_account_stays(app, own_database_url):
    with Session(make_engine(own_database_url)) as session:
        for attempt in (lambda: users.remove_user(session, "projectleiding-demo", actor="cli"),
                        lambda: users.set_disabled(session, "projectleiding-demo", True, actor="cli"),
                        lambda: users.set_role(session, "projectleiding-demo", "stuurgroep", actor="cli")):
            with pytest.raises(users.UserError, match="het laatste actieve account van de projectleiding"):
                attempt()
        users.add_user(session, "tweede", Role.PROJECTLEIDING, "lang-genoeg-12")
        users.set_disabled(session, "projectleiding-demo", True, actor="tweede")
        with pytest.raises(users.UserError, match="laatste actieve account"):
            users.remove_user(session, "tweede", actor="cli")


def test_a_disabled_user_is_signed_out_at_once(app, own_database_url):
    stuurgroep = signed_in(app, "stuurgroep")
    assert stuurgroep.get("/").status_code == 200
    change(leader(app), ids.BEHEER_DISABLE, user="stuurgroep-demo")
    assert stuurgroep.get("/").status_code == 302


def test_the_stuurgroep_is_refused(app, own_database_url):
    client = signed_in(app, "stuurgroep")
    client.get("/")
    before = people(own_database_url)
    response = change_request(client, ids.BEHEER_ADD, add_name="x", add_role="projectleiding",
                              add_password="lang-genoeg-12")
    assert response.status_code == 403
    assert people(own_database_url) == before


@pytest.mark.parametrize("token,origin", [(None, None), ("vervalst", None), ("cookie", "https://kwaad.example")])
def test_a_change_without_the_token_or_from_another_site_is_refused(app, own_database_url, token, origin):
    client = leader(app)
    before, lines = people(own_database_url), audit(own_database_url)
    response = change_request(client, ids.BEHEER_ADD, token=token, origin=origin, add_name="indringer",
                              add_role="projectleiding", add_password="lang-genoeg-12")
    assert response.status_code == 403
    assert people(own_database_url) == before and audit(own_database_url) == lines


def test_the_token_cookie_is_strict_and_readable_by_the_page(app):
    response = signed_in(app).get("/beheer")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("_csrf_token="))
    assert "SameSite=Strict" in cookie and "HttpOnly" not in cookie


def test_the_lists_show_status_and_dutch_time(app):
    shown = post_callback(leader(app), [(ids.BEHEER_USERS, "children"), (ids.BEHEER_AUDIT, "children"),
                                        (ids.BEHEER_USER, "options")],
                          [{"id": "url", "property": "pathname", "value": "/beheer"},
                           {"id": ids.BEHEER_ACTION_DONE, "property": "data", "value": 0}])
    assert "actief" in str(shown[ids.BEHEER_USERS]["children"])
    assert "Wanneer (Nederlandse tijd)" in str(shown[ids.BEHEER_AUDIT]["children"])
    assert {"label": "stuurgroep-demo", "value": "stuurgroep-demo"} in shown[ids.BEHEER_USER]["options"]
