"""Outages: a missing SQLite file or a stopped PostgreSQL server gives a Dutch banner, the pages keep what they had,
and they recover by themselves; errors are Dutch pages, never tracebacks."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from dashboard import ids
from dashboard.data.schema import db
from tests.data.transfer.transfer_fixtures import env_commands, sqlite_demo_copy
from tests.test_app import overzicht, post_callback
from tests.signing_in import signed_in

UNAVAILABLE = "De database is op dit moment niet bereikbaar"


def poll(client, known: dict | None = None) -> dict:
    """Call the shell's data-version check as the browser's live interval does."""
    body = {
        "output": f"..{ids.DATA_VERSION}.data...{ids.LAST_UPDATED}.children...{ids.DB_BANNER}.children..",
        "outputs": [{"id": ids.DATA_VERSION, "property": "data"}, {"id": ids.LAST_UPDATED, "property": "children"},
                    {"id": ids.DB_BANNER, "property": "children"}],
        "inputs": [{"id": ids.LIVE_INTERVAL, "property": "n_intervals", "value": 3},
                   {"id": ids.URL, "property": "search", "value": ""}],
        "state": [{"id": ids.DATA_VERSION, "property": "data", "value": known}],
        "changedPropIds": [f"{ids.LIVE_INTERVAL}.n_intervals"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"]


def banner_text(response: dict) -> str:
    """The banner's text in a poll response ('' when it is cleared)."""
    return str(response[ids.DB_BANNER]["children"] or "")


@pytest.fixture
def sqlite_url(tmp_path: Path, demo_engine, database_url: str) -> str:
    """A SQLite database with the reconstruction, of this test's own."""
    return sqlite_demo_copy(tmp_path, database_url)


def make_app(url: str):
    """The app through the factory, on ``url``."""
    from dashboard.factory import create_app

    return create_app({"database_url": url, "load_demo_if_new": False})


def test_missing_sqlite_file_shows_a_banner_and_recovers(sqlite_url: str):
    app = make_app(sqlite_url)
    client = signed_in(app)
    first = poll(client)
    assert not first[ids.DB_BANNER]["children"]
    known = first[ids.DATA_VERSION]["data"]
    assert "131 aanvragen" in overzicht(client, "?stand=2007-11-30")[ids.OVERZICHT_SUMMARY]["children"]

    path = db.sqlite_file(sqlite_url)
    away = path.with_name("weg.sqlite")
    path.rename(away)
    try:
        down = poll(client, known)
        assert UNAVAILABLE in banner_text(down)
        assert ids.DATA_VERSION not in down  # the page keeps the data it had
        page = overzicht(client, "?stand=2007-11-30")
        assert UNAVAILABLE in str(page[ids.OVERZICHT_KPIS]["children"])
        assert ids.OVERZICHT_FUNNEL not in page  # the charts keep what they showed
        assert not path.exists(), "a reader must not create an empty database in its place"
        html = client.get("/").get_data(as_text=True)
        assert "Traceback" not in html
        api = client.get("/api/v1/summary?as_of=2007-11-30")
        assert api.status_code == 503 and "niet bereikbaar" in api.get_json()["error"]
        download = client.post("/_dash-update-component", json={
            "output": ids.DOWNLOAD + ".data", "outputs": {"id": ids.DOWNLOAD, "property": "data"},
            "inputs": [[{"id": {"type": ids.DOWNLOAD_BUTTON, "chart": "trechter", "format": "csv"},
                         "property": "n_clicks", "value": 1}]],
            "state": [{"id": ids.URL, "property": "search", "value": ""}],
            "changedPropIds": ['{"chart":"trechter","format":"csv","type":"download-button"}.n_clicks'],
        })
        assert download.status_code in (200, 204)
        assert "Traceback" not in download.get_data(as_text=True)
    finally:
        away.rename(path)
    up = poll(client, known)
    assert not up[ids.DB_BANNER]["children"]
    assert "Live" in up[ids.LAST_UPDATED]["children"]
    assert "131 aanvragen" in overzicht(client, "?stand=2007-11-30")[ids.OVERZICHT_SUMMARY]["children"]


def test_a_callback_that_fails_keeps_its_outputs_and_says_so(sqlite_url: str):
    app = make_app(sqlite_url)
    client = signed_in(app)
    path = db.sqlite_file(sqlite_url)
    away = path.with_name("weg.sqlite")
    path.rename(away)
    try:
        response = client.post("/_dash-update-component", json={
            "output": ids.DOWNLOAD + ".data", "outputs": {"id": ids.DOWNLOAD, "property": "data"},
            "inputs": [[{"id": {"type": ids.DOWNLOAD_BUTTON, "chart": "trechter", "format": "csv"},
                         "property": "n_clicks", "value": 1}]],
            "state": [{"id": ids.URL, "property": "search", "value": ""}],
            "changedPropIds": ['{"chart":"trechter","format":"csv","type":"download-button"}.n_clicks'],
        })
    finally:
        away.rename(path)
    body = response.get_json()
    assert response.status_code == 200
    assert UNAVAILABLE in str(body.get("sideUpdate", {}).get(ids.DB_BANNER))
    assert ids.DOWNLOAD not in body.get("response", {})


def test_an_unexpected_callback_error_is_a_dutch_banner(sqlite_url: str):
    app = make_app(sqlite_url)
    response = signed_in(app).post("/_dash-update-component", json={  # a malformed request
        "output": ids.DOWNLOAD + ".data", "outputs": {"id": ids.DOWNLOAD, "property": "data"},
        "inputs": [{"id": {"type": ids.DOWNLOAD_BUTTON, "chart": "trechter", "format": "csv"},
                    "property": "n_clicks", "value": 1}],
        "state": [{"id": ids.URL, "property": "search", "value": ""}],
        "changedPropIds": ['{"chart":"trechter","format":"csv","type":"download-button"}.n_clicks'],
    })
    assert response.status_code == 200
    assert "Een deel van deze pagina kon niet worden bijgewerkt" in str(response.get_json()["sideUpdate"])


def test_import_page_says_the_database_is_unavailable(sqlite_url: str):
    import base64

    app = make_app(sqlite_url)
    client = signed_in(app)
    path = db.sqlite_file(sqlite_url)
    away = path.with_name("weg.sqlite")
    path.rename(away)
    content = "data:text/csv;base64," + base64.b64encode(b"naam,organisatie,actief_vanaf\nX,Zet,2007-01-01\n").decode()
    try:
        response = post_callback(
            client,
            [(ids.IMPORT_CHECK, "children"), (ids.IMPORT_FILES, "data"), (ids.IMPORT_BUTTON, "disabled"),
             (ids.IMPORT_UPLOAD, "contents"), (ids.IMPORT_RESULT, "children")],
            [{"id": ids.IMPORT_UPLOAD, "property": "contents", "value": [content]},
             {"id": ids.IMPORT_UPLOAD, "property": "filename", "value": ["adviseurs.csv"]},
             {"id": ids.URL, "property": "search", "value": ""}],
        )
    finally:
        away.rename(path)
    assert UNAVAILABLE in str(response[ids.IMPORT_CHECK]["children"])
    assert response[ids.IMPORT_BUTTON]["disabled"] is True


def test_errors_are_dutch_pages_without_traceback(sqlite_url: str):
    app = make_app(sqlite_url)

    @app.server.get("/kapot")
    def broken():
        raise RuntimeError("geheime details")

    client = signed_in(app)
    crashed = client.get("/kapot")
    text = crashed.get_data(as_text=True)
    assert crashed.status_code == 500 and "Er ging iets mis" in text and 'lang="nl"' in text
    assert "Traceback" not in text and "geheime details" not in text
    missing = client.get("/import/sjabloon/onbekend.csv")
    assert missing.status_code == 404 and "Pagina niet gevonden" in missing.get_data(as_text=True)
    wrong = client.post("/api/v1/summary")
    assert wrong.status_code == 405 and "niet mogelijk" in wrong.get_json()["error"]


def _run(command: str) -> None:
    """Run a shell command from the environment (stopping or starting PostgreSQL)."""
    subprocess.run(command, shell=True, check=True, timeout=120, capture_output=True)


def _postgresql_control() -> tuple[str, str]:
    """The stop/start commands, or a skip saying what is missing."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or make_url(url).get_backend_name() != "postgresql":
        pytest.skip("alleen met TEST_DATABASE_URL op PostgreSQL")
    stop, start = env_commands()
    if not (stop and start):
        pytest.skip("TEST_PG_STOP en TEST_PG_START ontbreken: de shell-opdrachten die de test-PostgreSQL "
                    "stoppen en starten (.ci/run zet ze)")
    return stop, start


def test_postgresql_stopped_and_started_again(demo_engine, database_url: str):
    stop, start = _postgresql_control()
    app = make_app(database_url)
    client = signed_in(app)
    first = poll(client)
    known = first[ids.DATA_VERSION]["data"]
    assert not first[ids.DB_BANNER]["children"]
    _run(stop)
    try:
        down = poll(client, known)
        assert UNAVAILABLE in banner_text(down)
        assert UNAVAILABLE in str(overzicht(client, "?stand=2007-11-30")[ids.OVERZICHT_KPIS]["children"])
        assert client.get("/api/v1/summary").status_code == 503
    finally:
        _run(start)
    deadline = time.monotonic() + 60
    while True:
        up = poll(client, known)
        if not up[ids.DB_BANNER]["children"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not up[ids.DB_BANNER]["children"], "de app herstelde zich niet nadat PostgreSQL terug was"
    assert "131 aanvragen" in overzicht(client, "?stand=2007-11-30")[ids.OVERZICHT_SUMMARY]["children"]
