"""Small things that looked broken: the live line's time zone, the Import page's text, /login, redirects, 403."""

from __future__ import annotations

import re

import pytest

from tests.auth.test_role_controls import page_layout
from tests.signing_in import signed_in


def test_the_live_line_names_its_time_zone(app):
    response = signed_in(app).post("/_dash-update-component", json={
        "output": "..data-version.data...last-updated.children...db-banner.children..",
        "outputs": [{"id": "data-version", "property": "data"}, {"id": "last-updated", "property": "children"},
                    {"id": "db-banner", "property": "children"}],
        "inputs": [{"id": "live-interval", "property": "n_intervals", "value": 1},
                   {"id": "url", "property": "search", "value": ""}],
        "state": [{"id": "data-version", "property": "data", "value": None}],
        "changedPropIds": ["live-interval.n_intervals"]})
    line = response.get_json()["response"]["last-updated"]["children"]
    assert re.search(r"gegevens laatst gewijzigd op \d+ \w+ \d{4} om \d\d:\d\d \(Nederlandse tijd\)", line)


def test_the_import_page_says_it_is_for_projectleiding_as_it_is(app):
    layout = page_layout(signed_in(app), app, "/import")
    assert "Straks" not in layout
    assert "Alleen de projectleiding ziet deze pagina." in layout


@pytest.mark.parametrize("signed", [False, True])
def test_login_leads_to_the_dutch_sign_in_page(app, signed):
    client = signed_in(app, "stuurgroep") if signed else app.server.test_client()
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"
    assert "Redirecting" not in response.get_data(as_text=True)


def test_every_redirect_page_is_dutch(app):
    response = app.server.test_client().get("/kaart")
    body = response.get_data(as_text=True)
    assert response.status_code == 302
    assert '<html lang="nl">' in body and "U wordt doorgestuurd naar" in body and "Redirecting" not in body


def test_the_403_page_has_the_menu_of_the_role(app):
    response = signed_in(app, "stuurgroep").get("/beheer")
    body = response.get_data(as_text=True)
    assert response.status_code == 403
    menu = re.findall(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', body)
    assert menu == [("/", "Overzicht"), ("/tijdlijn", "Tijdlijn"), ("/kaart", "Kaart"), ("/cmos", "CMO&#39;s"),
                    ("/evaluaties", "Evaluaties"), ("/uitloggen", "Uitloggen")]
