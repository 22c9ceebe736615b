"""Roles enforced on the server: every route and callback per role, sessions, limits, headers, first start."""

from __future__ import annotations

import base64
import datetime as dt
import logging

import pytest
from sqlalchemy.orm import Session

from dashboard.auth.web import SESSION_STARTED
from dashboard.data.editing import users
from dashboard.data.schema.db import make_engine
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Role
from tests.signing_in import csrf_token, signed_in

ROLES = ("anoniem", "stuurgroep", "projectleiding")
BEHEER_LISTS = [("beheer-users", "children"), ("beheer-audit", "children"), ("beheer-user", "options")]
# Route: expected status for anonymous, stuurgroep, projectleiding.
ROUTES = {
    "/": (302, 200, 200),
    "/tijdlijn": (302, 200, 200),
    "/kaart": (302, 200, 200),
    "/cmos": (302, 200, 200),
    "/evaluaties": (302, 200, 200),
    "/trajecten": (302, 403, 200),
    "/import": (302, 403, 200),
    "/beheer": (302, 403, 200),
    "/import/export-csv.zip": (302, 403, 200),
    "/import/sjabloon/aanvragen.csv": (302, 403, 200),
    "/api/v1/summary?as_of=2007-11-30": (401, 200, 200),
    "/api/v1/timeline?as_of=2007-11-30": (401, 200, 200),
    "/api/v1/organisations?as_of=2007-11-30": (401, 200, 200),
    "/api/v1/evaluations?as_of=2007-11-30": (401, 200, 200),
    "/api/v1/thermometer": (200, 200, 200),
    "/embed/thermometer": (200, 200, 200),
    "/embed/thermometer.svg": (200, 200, 200),
    "/inloggen": (200, 200, 200),
}


def client_for(app, role: str):
    """A test client: anonymous or signed in with ``role``."""
    return app.server.test_client() if role == "anoniem" else signed_in(app, role)


@pytest.mark.parametrize("route,expected", list(ROUTES.items()))
@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_route_matrix(app, route, expected, role_index, role):
    response = client_for(app, role).get(route)
    assert response.status_code == expected[role_index]
    if expected[role_index] == 302:
        assert "/inloggen?volgende=" in response.headers["Location"]


def _callback_body(key: str, spec: dict) -> dict:
    """A minimal request for a registered callback: its outputs, and its inputs with no values."""
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[-1]} for o in key.strip(".").split("...")]
    return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{"id": i["id"], "property": i["property"]} for i in spec["inputs"]],
            "state": [], "changedPropIds": []}


def test_every_callback_refuses_anonymous_requests(app):
    client = app.server.test_client()
    client.get("/")  # lets Dash register the callbacks
    assert len(app.callback_map) > 15
    for key, spec in app.callback_map.items():
        response = client.post("/_dash-update-component", json=_callback_body(key, spec))
        assert response.status_code == 401, key


def test_reserved_callbacks_send_the_stuurgroep_notices_only(app):
    from tests.test_app import post_callback

    stuurgroep = signed_in(app, "stuurgroep")
    beheer = post_callback(stuurgroep, BEHEER_LISTS, [{"id": "url", "property": "pathname", "value": "/"},
                                                      {"id": "beheer-action-done", "property": "data", "value": 0}])
    assert "Alleen zichtbaar voor de projectleiding" in str(beheer["beheer-users"])
    assert "demo" not in str(beheer)
    detail = post_callback(stuurgroep, [("trajecten-detail", "children")],
                           [{"id": "trajecten-grid", "property": "selectedRows", "value": [{"nr": 62}]},
                            {"id": "url", "property": "search", "value": "?traject=62"}])
    assert "Heerhugowaard" not in str(detail)
    grid = post_callback(stuurgroep, [("trajecten-grid", "rowData"), ("trajecten-count", "children"),
                                      ("trajecten-chips", "children")],
                         [{"id": "trajecten-search", "property": "value", "value": ""},
                          {"id": "url", "property": "search", "value": ""},
                          {"id": "data-version", "property": "data", "value": None}])
    assert grid["trajecten-grid"]["rowData"] is None


def test_the_stuurgroep_cannot_route_to_a_reserved_page(app):
    client = signed_in(app, "stuurgroep")
    client.get("/")
    key = next(k for k in app.callback_map if "_pages_content" in k)
    body = _callback_body(key, app.callback_map[key])
    body["inputs"] = [{"id": "_pages_location", "property": "pathname", "value": "/trajecten"},
                      {"id": "_pages_location", "property": "search", "value": ""}]
    assert client.post("/_dash-update-component", json=body).status_code == 403


def test_cmo_advisor_detail_is_replaced_for_the_stuurgroep(app):
    from tests.data.queries.test_capacity import cmos_callback

    shown = cmos_callback(signed_in(app, "stuurgroep"), "?stand=2006-12-15")
    assert "Alleen zichtbaar voor de projectleiding" in str(shown["cmos-advisors"]["children"])
    assert "adviseur" not in str(shown["cmos-advisor-handovers"]["children"]).lower().replace("projectleiding", "")
    leader = cmos_callback(signed_in(app, "projectleiding"), "?stand=2006-12-15")
    assert "Zet adviseur 1" in str(leader["cmos-advisors"]["children"])


def test_callbacks_from_another_site_are_refused(app):
    client = signed_in(app)
    response = client.post("/_dash-update-component", json={}, headers={"Origin": "https://kwaad.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("credentials,status", [
    ("projectleiding-demo:demo-wachtwoord", 200), ("stuurgroep-demo:demo-wachtwoord", 200),
    ("projectleiding-demo:fout", 401), ("niemand:demo-wachtwoord", 401),
])
def test_api_accepts_http_basic(app, credentials, status):
    header = "Basic " + base64.b64encode(credentials.encode()).decode()
    response = app.server.test_client().get("/api/v1/summary?as_of=2007-11-30", headers={"Authorization": header})
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_http_basic_does_not_open_pages(app):
    header = "Basic " + base64.b64encode(b"projectleiding-demo:demo-wachtwoord").decode()
    assert app.server.test_client().get("/", headers={"Authorization": header}).status_code == 302


def test_security_headers(app):
    response = signed_in(app).get("/")
    policy = response.headers["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and "'sha256-" in script
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def _sign_in_response(app, name="projectleiding-demo", password="demo-wachtwoord", token=True):
    client = app.server.test_client()
    data = {"naam": name, "wachtwoord": password}
    if token:
        data["csrf_token"] = csrf_token(client.get("/inloggen").get_data(as_text=True))
    return client, client.post("/inloggen", data=data)


def test_session_cookie_flags(app):
    _, response = _sign_in_response(app)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(database_url, demo_engine):
    from dashboard.factory import create_app

    app = create_app({"database_url": database_url, "load_demo_if_new": False, "environment": "production"})
    assert app.server.config["SESSION_COOKIE_SECURE"] is True


def test_sign_in_needs_the_form_token(app):
    _, response = _sign_in_response(app, token=False)
    assert response.status_code == 401
    assert "verlopen" in response.get_data(as_text=True)


def test_wrong_password_is_refused_and_audited(app, demo_engine):
    _, response = _sign_in_response(app, password="niet-goed")
    assert response.status_code == 401
    assert "Onbekende naam of verkeerd wachtwoord" in response.get_data(as_text=True)
    with Session(demo_engine) as session:
        last = users.audit_log(session, 1)[0]
        assert (last.actor, last.event) == ("projectleiding-demo", "inloggen_mislukt")


def test_sessions_expire(app):
    client = signed_in(app)
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session[SESSION_STARTED] = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).isoformat()
    assert client.get("/").status_code == 302


def test_sign_out(app):
    client = signed_in(app)
    page = client.get("/uitloggen").get_data(as_text=True)
    response = client.post("/uitloggen", data={"csrf_token": csrf_token(page)})
    assert "U bent uitgelogd" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_in_attempts_are_rate_limited(database_url, demo_engine):
    from dashboard.factory import create_app

    app = create_app({"database_url": database_url, "load_demo_if_new": False, "login_rate_limit": "3 per minute"})
    client = app.server.test_client()
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    statuses = [client.post("/inloggen", data={"naam": "x", "wachtwoord": "y", "csrf_token": token},
                            environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_proxy_headers_are_ignored_unless_trusted(database_url, demo_engine):
    from dashboard.factory import create_app

    headers = {"X-Forwarded-User": "sso-gebruiker", "X-Forwarded-Role": "stuurgroep"}
    app = create_app({"database_url": database_url, "load_demo_if_new": False})
    assert app.server.test_client().get("/api/v1/summary", headers=headers).status_code == 401
    trusting = create_app({"database_url": database_url, "load_demo_if_new": False, "trust_proxy_headers": True})
    client = trusting.server.test_client()
    assert client.get("/api/v1/summary", headers=headers).status_code == 200
    assert client.get("/trajecten", headers=headers).status_code == 403
    bad = {"X-Forwarded-User": "sso", "X-Forwarded-Role": "baas"}
    assert client.get("/api/v1/summary", headers=bad).status_code == 401


class Collect(logging.Handler):
    """Keep the log records of a test."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_first_production_start_prints_a_one_time_password_once(tmp_path):
    from dashboard.factory import create_app

    url = f"sqlite:///{tmp_path / 'nieuw.sqlite'}"
    load_demo(make_engine(url))
    collect = Collect()
    logging.getLogger("dashboard.auth.web").addHandler(collect)
    try:
        create_app({"database_url": url, "load_demo_if_new": False, "environment": "production"})
        create_app({"database_url": url, "load_demo_if_new": False, "environment": "production"})
    finally:
        logging.getLogger("dashboard.auth.web").removeHandler(collect)
    messages = [r.getMessage() for r in collect.records if "eenmalig wachtwoord" in r.getMessage()]
    assert len(messages) == 1
    with Session(make_engine(url)) as session:
        people = users.list_users(session)
        assert [(p.name, p.role, p.demo) for p in people] == [("beheer", Role.PROJECTLEIDING, False)]


def test_development_seeds_marked_demo_users(app, demo_engine):
    with Session(demo_engine) as session:
        demo = {p.name: p.role for p in users.list_users(session) if p.demo}
    assert demo == {"stuurgroep-demo": Role.STUURGROEP, "projectleiding-demo": Role.PROJECTLEIDING}
    assert "Demo-omgeving" in app.server.test_client().get("/inloggen").get_data(as_text=True)


def test_the_app_under_a_prefix(tmp_path):
    from dashboard.factory import create_app

    url = f"sqlite:///{tmp_path / 'prefix.sqlite'}"
    load_demo(make_engine(url))
    app = create_app({"database_url": url, "load_demo_if_new": False, "url_base_pathname": "/avi/"})
    anonymous = app.server.test_client()
    assert anonymous.get("/avi/").headers["Location"].startswith("/avi/inloggen")
    assert anonymous.get("/avi/embed/thermometer").status_code == 200
    assert anonymous.get("/avi/api/v1/summary").status_code == 401
    assert anonymous.post("/avi/_dash-update-component", json={}).status_code == 401
    client = signed_in(app, "stuurgroep")
    assert client.get("/avi/").status_code == 200
    assert client.get("/avi/trajecten").status_code == 403
    assert client.get("/avi/api/v1/summary?as_of=2007-11-30").get_json()["requests"]["total"] == 131


def test_audit_log_page_for_projectleiding(app):
    from tests.test_app import post_callback

    client = signed_in(app)
    response = post_callback(client, BEHEER_LISTS, [{"id": "url", "property": "pathname", "value": "/beheer"},
                                                    {"id": "beheer-action-done", "property": "data", "value": 0}])
    assert "projectleiding-demo" in str(response["beheer-users"]["children"])
    assert "ingelogd" in str(response["beheer-audit"]["children"])
