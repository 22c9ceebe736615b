"""The public thermometer: its query, its three routes, their headers, cache and errors, and what they must not show."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from dashboard.data.schema.models import Advisor, Gemeente, Organisation, Programme, ProgrammeEvent, Province, Request
from dashboard.data.queries import summary
from dashboard.data.queries.thermometer import NoProgramme, thermometer
from dashboard.data.schema.versioning import data_version
from dashboard.routes.public.thermometer import count_font_size, cors_origin, gauge, parse_origins
from tests.signing_in import signed_in

ROUTES = ["/embed/thermometer", "/embed/thermometer.svg", "/api/v1/thermometer"]
SVG = "{http://www.w3.org/2000/svg}"
SENTENCES = {
    "open": "Aanmelden kan: er is nog ruimte",
    "wachtlijst": "Aanmelden is gesloten; nieuwe aanvragen komen op de wachtlijst",
    "gesloten": "Het programma is afgelopen; aanvragen zijn niet meer mogelijk",
}


def make_app(database_url: str, **overrides):
    """An app on ``database_url`` with the given settings overrides."""
    from dashboard.factory import create_app

    return create_app({"database_url": database_url, "load_demo_if_new": False, **overrides})


def text_of(response) -> str:
    """The response body as text without soft hyphens (they only mark where a word may break)."""
    return response.get_data(as_text=True).replace("\u00ad", "")


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def query_count(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs from now on."""
    engine = app.server.extensions["dashboard_db"].kw["bind"]
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


# --- the query ---------------------------------------------------------------------------------------------------

def received_by_status_history(session: Session, as_of: dt.date) -> int:
    """The number of requests on ``as_of`` counted another way: through their status histories."""
    return sum(summary.requests_by_status(session, as_of).values())


@pytest.mark.parametrize("as_of,state", [
    (dt.date(2006, 5, 31), "open"),
    (dt.date(2006, 10, 1), "open"),
    (dt.date(2006, 12, 3), "open"),
    (dt.date(2006, 12, 4), "wachtlijst"),
    (dt.date(2006, 12, 15), "wachtlijst"),
    (dt.date(2007, 11, 30), "wachtlijst"),
    (dt.date(2007, 12, 31), "gesloten"),
    (dt.date(2008, 3, 4), "gesloten"),
])
def test_received_and_state_as_of(session, as_of, state):
    result = thermometer(session, as_of)
    assert result.state == state
    assert result.target == 130
    assert result.received == received_by_status_history(session, as_of)
    assert result.as_of == as_of


def test_known_counts(session):
    assert thermometer(session, dt.date(2006, 5, 31)).received == 0
    october, december = thermometer(session, dt.date(2006, 10, 1)), thermometer(session, dt.date(2006, 12, 15))
    assert 0 < october.received < december.received
    assert thermometer(session, dt.date(2006, 12, 15)).received < 131
    assert thermometer(session, dt.date(2008, 3, 4)).received == 131


def test_updated_at_is_the_data_versions_change(session):
    changed_at = data_version(session)[1]
    updated_at = thermometer(session, dt.date(2008, 3, 4)).updated_at
    assert updated_at is not None and updated_at.tzinfo is not None
    assert updated_at.replace(tzinfo=None) == changed_at.replace(tzinfo=None)


@pytest.fixture
def own_programme(empty_engine) -> Iterator[Session]:
    """A session on an empty database holding a programme of its own: target 5, two milestones, two requests."""
    with Session(empty_engine) as session:
        province = Province(code="UT", name="Utrecht", gemeenten_2008=1)
        gemeente = Gemeente(name="Proefdorp", province=province)
        programme = Programme(name="Proef", slug="proef", target_requests=5, dagdelen_budget=10, starts_on=dt.date(2020, 1, 1),
                              ends_on=dt.date(2020, 12, 31))
        session.add_all([province, gemeente, programme])
        session.flush()
        session.add_all([
            ProgrammeEvent(programme_id=programme.id, kind="registratie_gesloten", occurred_on=dt.date(2020, 3, 1),
                           label="dicht"),
            ProgrammeEvent(programme_id=programme.id, kind="einde", occurred_on=dt.date(2020, 6, 1), label="einde"),
        ])
        for day in (dt.date(2020, 1, 10), dt.date(2020, 2, 20)):
            session.add(Request(programme_id=programme.id, gemeente_id=gemeente.id, received_on=day, applicant_type="gemeente",
                                channel="mailing"))
        session.commit()
        yield session


@pytest.mark.parametrize("as_of,received,state", [
    (dt.date(2019, 12, 31), 0, "open"), (dt.date(2020, 1, 10), 1, "open"), (dt.date(2020, 2, 29), 2, "open"),
    (dt.date(2020, 3, 1), 2, "wachtlijst"), (dt.date(2020, 6, 1), 2, "gesloten"),
])
def test_the_state_comes_from_the_programmes_own_milestones(own_programme, as_of, received, state):
    result = thermometer(own_programme, as_of)
    assert (result.received, result.target, result.state) == (received, 5, state)


def test_without_an_einde_milestone_the_programme_period_closes_it(own_programme):
    own_programme.execute(ProgrammeEvent.__table__.delete().where(ProgrammeEvent.kind == "einde"))
    assert thermometer(own_programme, dt.date(2020, 12, 31)).state == "wachtlijst"
    assert thermometer(own_programme, dt.date(2021, 1, 1)).state == "gesloten"


def test_an_empty_database_has_no_thermometer(empty_engine):
    with Session(empty_engine) as session, pytest.raises(NoProgramme):
        thermometer(session, dt.date(2007, 1, 1))


# --- pure helpers ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("received,target,fill,target_at", [
    (0, 130, 0.0, 1.0), (65, 130, 0.5, 1.0), (130, 130, 1.0, 1.0), (260, 130, 1.0, 0.5), (0, 0, 0.0, 0.0),
])
def test_gauge(received, target, fill, target_at):
    shape = gauge(received, target)
    assert (shape.fill, shape.target_at) == pytest.approx((fill, target_at))


@pytest.mark.parametrize("n,size", [(0, 18), (131, 18), (178, 16), (999, 14)])
def test_the_svg_count_line_fits(n, size):
    from dashboard.number_words import dutch_words

    line = f"{dutch_words(n)} ({n}) van de 130 aanvragen"
    assert count_font_size(line) == size
    assert len(line) * size * 0.58 <= 488


@pytest.mark.parametrize("text,expected", [
    ("'self'", ("'self'",)),
    ("", ("'self'",)),
    ("'self' https://www.avi130.nl/ https://*.movisie.nl", ("'self'", "https://www.avi130.nl", "https://*.movisie.nl")),
    ("https://a.nl; script-src 'unsafe-inline'", ("'self'",)),  # a header injection attempt is dropped, not pasted
    ("*", ("*",)),
    ("'none' https://a.nl", ("'none'",)),
    ("javascript:alert(1) ftp://x.nl", ("'self'",)),
])
def test_parse_origins(text, expected):
    assert parse_origins(text) == expected


@pytest.mark.parametrize("origin,sources,expected", [
    ("https://www.avi130.nl", ("'self'", "https://www.avi130.nl"), "https://www.avi130.nl"),
    ("https://evil.example", ("'self'", "https://www.avi130.nl"), None),
    ("https://evil.example", ("*",), "*"),
    (None, ("*",), "*"),
    (None, ("https://www.avi130.nl",), None),
    ("https://x.movisie.nl", ("https://*.movisie.nl",), "https://x.movisie.nl"),
    ("https://movisie.nl.evil.example", ("https://*.movisie.nl",), None),
    ("http://localhost:8050", ("'self'",), "http://localhost:8050"),
])
def test_cors_origin(origin, sources, expected):
    assert cors_origin(origin, sources, "http://localhost:8050") == expected


# --- the routes --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of,received,state", [
    ("2006-05-01", 0, "open"), ("2006-10-01", None, "open"), ("2006-12-15", None, "wachtlijst"),
    ("2008-03-04", 131, "gesloten"),
])
def test_json_shape_and_values(client, session, as_of, received, state):
    response = client.get(f"/api/v1/thermometer?as_of={as_of}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"received", "target", "state", "updated_at"}
    expected = received if received is not None else received_by_status_history(session, dt.date.fromisoformat(as_of))
    assert (body["received"], body["target"], body["state"]) == (expected, 130, state)
    assert isinstance(body["received"], int) and isinstance(body["target"], int)
    updated_at = dt.datetime.fromisoformat(body["updated_at"])
    assert updated_at.tzinfo is not None
    assert updated_at.replace(tzinfo=None) == data_version(session)[1].replace(tzinfo=None)


def test_json_defaults_to_today(client):
    assert client.get("/api/v1/thermometer").get_json()["received"] == 131


@pytest.mark.parametrize("as_of,state", [("2006-10-01", "open"), ("2006-12-15", "wachtlijst"),
                                         ("2008-03-04", "gesloten")])
def test_page_says_it_in_words_and_digits(client, session, as_of, state):
    received = received_by_status_history(session, dt.date.fromisoformat(as_of))
    from dashboard.number_words import dutch_words

    response = client.get(f"/embed/thermometer?as_of={as_of}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = text_of(response)
    assert f"{dutch_words(received)} ({received})</strong> van de 130 aanvragen" in html
    assert SENTENCES[state] in html
    day = dt.date.fromisoformat(as_of)
    assert f"Stand per {day.day} " in html and str(day.year) in html
    assert "<script>" not in html and "onclick" not in html and "style=" not in html  # no inline script or style
    assert 'lang="nl"' in html


def test_page_for_131(client):
    html = text_of(client.get("/embed/thermometer?as_of=2008-03-04"))
    assert "honderdeenendertig (131)</strong> van de 130 aanvragen" in html


def test_page_looks(client):
    plain = client.get("/embed/thermometer").get_data(as_text=True)
    assert "is-compact" not in plain and "is-transparent" not in plain
    both = client.get("/embed/thermometer?compact=1&achtergrond=transparant").get_data(as_text=True)
    assert '<html lang="nl" class="is-compact is-transparent">' in both
    assert client.get("/embed/thermometer?achtergrond=paars&compact=misschien").get_data(as_text=True) == plain


def test_page_polls_its_own_api_with_the_same_date(client):
    html = client.get("/embed/thermometer?as_of=2006-12-15").get_data(as_text=True)
    assert 'data-api="/api/v1/thermometer?as_of=2006-12-15"' in html
    assert 'src="/embed/static/thermometer.js"' in html
    script = client.get("/embed/static/thermometer.js")
    assert script.status_code == 200 and b'getAttribute("data-api")' in script.data  # the URL comes from the page
    assert 'data-api="/api/v1/thermometer"' in client.get("/embed/thermometer").get_data(as_text=True)


@pytest.mark.parametrize("as_of,state", [("2006-10-01", "open"), ("2006-12-15", "wachtlijst"),
                                         ("2008-03-04", "gesloten")])
def test_svg_is_xml_with_title_and_description(client, as_of, state):
    response = client.get(f"/embed/thermometer.svg?as_of={as_of}")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "van de 130 aanvragen" in title.text
    assert SENTENCES[state] in desc.text
    assert not re.search(rb"(href|src)=|@import|url\(", response.data)  # no external fonts or links


def test_svg_transparent_has_no_background(client):
    plain = ET.fromstring(client.get("/embed/thermometer.svg?as_of=2008-03-04").data)
    clear = ET.fromstring(client.get("/embed/thermometer.svg?as_of=2008-03-04&achtergrond=transparant").data)
    assert len(plain.findall(f"{SVG}rect")) == len(clear.findall(f"{SVG}rect")) + 1


@pytest.fixture(scope="module")
def names(demo_engine) -> list[str]:
    """Every gemeente, organisation, advisor and province name in the database."""
    with Session(demo_engine) as session:
        return [name for model in (Gemeente, Organisation, Advisor, Province)
                for name in session.execute(select(model.name)).scalars()]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("as_of", ["2006-12-15", "2008-03-04"])
def test_nothing_else_leaks(client, names, session, route, as_of):
    assert len(names) > 150
    text = text_of(client.get(f"{route}?as_of={as_of}"))
    leaked = [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    assert leaked == []
    # The only numbers shown are the count, the target and the date (and the drawing's coordinates).
    received = received_by_status_history(session, dt.date.fromisoformat(as_of))
    if route == "/embed/thermometer":
        body = re.sub(r"<[^>]+>", " ", text)  # the words, without markup
        numbers = set(re.findall(r"\d+", body))
        day = dt.date.fromisoformat(as_of)
        assert numbers <= {str(received), "130", str(day.day), str(day.year)}
    if route.startswith("/api"):
        body = json.loads(text)
        assert set(body) == {"received", "target", "state", "updated_at"}
        assert (body["received"], body["target"]) == (received, 130)


# --- headers -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ROUTES + ["/embed/ping", "/embed/static/thermometer.css"])
def test_no_cookies_on_public_routes(client, route):
    response = client.get(route)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not client.get_cookie("session")


@pytest.mark.parametrize("route", ROUTES)
def test_frame_ancestors_default_is_self(client, route):
    response = client.get(route)
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    assert response.headers.get("X-Frame-Options") == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("route", ROUTES)
def test_frame_ancestors_from_config(database_url, demo_engine, route):
    app = make_app(database_url, embed_origins="'self' https://www.avi130.nl https://*.movisie.nl")
    response = app.server.test_client().get(route)
    assert response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors 'self' https://www.avi130.nl https://*.movisie.nl")
    assert "X-Frame-Options" not in response.headers  # it cannot express a list; CSP says it


def test_frame_ancestors_from_the_environment(database_url, demo_engine, monkeypatch):
    monkeypatch.setenv("DASHBOARD_EMBED_ORIGINS", "https://www.avi130.nl")
    monkeypatch.setenv("DASHBOARD_PUBLIC_CACHE_SECONDS", "3")
    response = make_app(database_url).server.test_client().get("/embed/thermometer")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors https://www.avi130.nl")
    assert response.headers["Cache-Control"] == "public, max-age=3"


def test_the_page_allows_only_its_own_script_and_style(client):
    policy = client.get("/embed/thermometer").headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("route", ["/", "/tijdlijn", "/api/v1/summary?as_of=2007-11-30", "/_dash-layout",
                                   "/vendor/theme/bootstrap.min.css"])
def test_internal_responses_cannot_be_framed(database_url, demo_engine, route):
    app = make_app(database_url, embed_origins="*")
    response = signed_in(app).get(route)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("origins,origin,expected", [
    ("'self' https://www.avi130.nl", "https://www.avi130.nl", "https://www.avi130.nl"),
    ("'self' https://www.avi130.nl", "https://evil.example", None),
    ("*", "https://evil.example", "*"),
    ("'self'", "https://www.avi130.nl", None),
])
def test_cors_on_the_api(database_url, demo_engine, origins, origin, expected):
    app = make_app(database_url, embed_origins=origins)
    response = app.server.test_client().get("/api/v1/thermometer", headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == expected
    if expected != "*":
        assert "Origin" in response.headers.get("Vary", "")


# --- caching -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ROUTES)
def test_cache_control_etag_and_304(client, route):
    url = f"{route}?as_of=2006-12-15"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, max-age=10"
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert 0 <= int(first.headers["Age"]) <= 10
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"anders"'}).status_code == 200
    assert client.get(f"{route}?as_of=2008-03-04").headers["ETag"] != etag


@pytest.mark.parametrize("route", ROUTES)
def test_a_second_request_within_the_interval_does_not_reach_the_database(client, query_count, route):
    assert client.get(f"{route}?as_of=2006-12-15").status_code == 200
    assert len(query_count) >= 2
    before = len(query_count)
    for _ in range(3):
        assert client.get(f"{route}?as_of=2006-12-15").status_code == 200
    assert len(query_count) == before
    client.get(f"{route}?as_of=2006-12-16")  # another date is another key
    assert len(query_count) > before


def test_numbers_are_never_older_than_the_interval(database_url, demo_engine):
    app = make_app(database_url, public_cache_seconds=1)
    engine = app.server.extensions["dashboard_db"].kw["bind"]
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client = app.server.test_client()
    first = client.get("/api/v1/thermometer")
    assert first.headers["Cache-Control"] == "public, max-age=1"
    seen = len(statements)
    client.get("/api/v1/thermometer")
    assert len(statements) == seen
    time.sleep(1.2)
    client.get("/api/v1/thermometer")
    assert len(statements) > seen


def test_no_server_cache_when_the_interval_is_zero(database_url, demo_engine):
    app = make_app(database_url, public_cache_seconds=0)
    engine = app.server.extensions["dashboard_db"].kw["bind"]
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    client = app.server.test_client()
    assert client.get("/embed/thermometer.svg").headers["Cache-Control"] == "public, max-age=0"
    seen = len(statements)
    client.get("/embed/thermometer.svg")
    assert len(statements) > seen


# --- errors ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route,mimetype", [("/embed/thermometer", "text/html"),
                                            ("/embed/thermometer.svg", "image/svg+xml"),
                                            ("/api/v1/thermometer", "application/json")])
@pytest.mark.parametrize("as_of", ["2007-13-01", "gisteren", "2006-12-15T10:00<script>"])
def test_a_bad_date_is_a_dutch_400(client, route, mimetype, as_of):
    response = client.get(route, query_string={"as_of": as_of})
    assert response.status_code == 400 and response.mimetype == mimetype
    text = response.get_data(as_text=True)
    assert "De datum in as_of is ongeldig" in text
    assert "<script>" not in text and "Traceback" not in text
    assert response.headers["Cache-Control"] == "no-store"
    if mimetype == "image/svg+xml":
        ET.fromstring(response.data)
    if mimetype == "application/json":
        assert set(response.get_json()) == {"error"}


@pytest.mark.parametrize("route,mimetype", [("/embed/thermometer", "text/html"),
                                            ("/embed/thermometer.svg", "image/svg+xml"),
                                            ("/api/v1/thermometer", "application/json")])
def test_a_database_outage_is_a_dutch_503(tmp_path, route, mimetype):
    app = make_app(f"sqlite:///{tmp_path / 'ontbreekt' / 'nergens.sqlite'}")
    response = app.server.test_client().get(route)
    assert response.status_code == 503 and response.mimetype == mimetype
    text = response.get_data(as_text=True)
    assert "niet beschikbaar" in text and "Traceback" not in text and "sqlite" not in text.lower()
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Retry-After"].isdigit()
    assert "Set-Cookie" not in response.headers


def test_an_empty_database_is_a_503_not_a_crash(tmp_path):
    from dashboard.data.schema.db import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'leeg.sqlite'}"
    upgrade(make_engine(url))
    response = make_app(url).server.test_client().get("/api/v1/thermometer")
    assert response.status_code == 503 and "niet beschikbaar" in response.get_json()["error"]


# --- mounted under a prefix --------------------------------------------------------------------------------------

def test_under_a_url_prefix(database_url, demo_engine):
    app = make_app(database_url, url_base_pathname="/monitor/")
    client = app.server.test_client()
    html = client.get("/monitor/embed/thermometer?as_of=2006-12-15").get_data(as_text=True)
    assert 'src="/monitor/embed/static/thermometer.js"' in html
    assert 'data-api="/monitor/api/v1/thermometer?as_of=2006-12-15"' in html
    assert client.get("/monitor/api/v1/thermometer").get_json()["target"] == 130
    assert client.get("/monitor/embed/thermometer.svg").status_code == 200
    assert client.get("/monitor/embed/static/thermometer.css").status_code == 200
    assert client.get("/monitor/").headers["X-Frame-Options"] == "DENY"


def test_the_public_routes_have_their_own_blueprint(app):
    rules = {rule.rule: rule.endpoint for rule in app.server.url_map.iter_rules()}
    for route in ROUTES + ["/embed/ping"]:
        assert rules[route].startswith("public.")
    assert rules["/api/v1/summary"].startswith("api_v1.")


def test_ping(client):
    response = client.get("/embed/ping")
    assert response.status_code == 200 and response.data == b"ok"
