"""The import page with several programmes: downloads of the programme asked for (404 for an unknown one, 403 for
one the user may not see), links that carry the programme the page shows, and an import for that programme."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile

import pytest
from flask_login import login_user

from dashboard import ids
from dashboard.auth.web import SignedInUser
from dashboard.data.schema.models import Role
from dashboard.routes.import_files import export, template
from tests.signing_in import signed_in
from tests.test_drill_down import call

AANVRAGEN = "gemeente,ontvangen_op,aanvrager,kanaal,themas,programma\n"


@pytest.fixture
def app(several_url):
    """The app on this test's own copy of the three programmes' database."""
    from dashboard.factory import create_app

    return create_app({"database_url": several_url, "load_demo_if_new": False})


def test_the_export_is_of_the_programme_asked_for(app):
    client = signed_in(app)
    today = dt.date.today().isoformat()
    for query, slug, requests in (("", "avi-130", 131), ("?programma=sport", "sport", 72)):
        response = client.get(f"/import/export-csv.zip{query}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f'attachment; filename="{slug}-export-{today}-csv.zip"'
        lines = zipfile.ZipFile(io.BytesIO(response.data)).read("aanvragen.csv").decode().splitlines()
        assert len(lines) == requests + 1 and all(line.endswith(f",{slug}") for line in lines[1:])
    unknown = client.get("/import/export-xlsx.zip?programma=zwemmen")
    assert unknown.status_code == 404
    assert "Programma 'zwemmen' bestaat niet. Bekende programma's: avi-130, sport, brede-scholen." in (
        unknown.get_data(as_text=True))


def test_a_template_carries_the_programme_asked_for(app):
    client = signed_in(app)
    assert client.get("/import/sjabloon/aanvragen.csv?programma=sport").data.decode().splitlines()[1].endswith(
        ",sport")
    assert client.get("/import/sjabloon/aanvragen.csv").data.decode().splitlines()[1].endswith(",")
    assert client.get("/import/sjabloon/mijlpalen.xlsx?programma=zwemmen").status_code == 404


@pytest.mark.parametrize("route,arguments", [(export, ("csv",)), (template, ("aanvragen", "csv"))])
def test_a_programme_the_user_may_not_see_is_refused(app, route, arguments):
    """A user who may see AVI 130 only gets its downloads, and a Dutch 403 for sport's."""
    user = SignedInUser("alleen-avi", Role.PROJECTLEIDING, programmes=frozenset({"avi-130"}))
    for query, status in (("?programma=sport", 403), ("?programma=avi-130", 200), ("", 200)):
        with app.server.test_request_context(f"/import/x{query}"):
            login_user(user)
            response = route(*arguments)
            assert response.status_code == status, query
            if status == 403:
                assert "Geen toegang tot dit programma." in response.get_data(as_text=True)


def hrefs(node) -> list[str]:
    """Every href in a component tree as JSON."""
    return [value for key, value in _items(node) if key == "href"]


def _items(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _items(value)
    elif isinstance(node, list):
        for item in node:
            yield from _items(item)


def test_the_page_links_carry_the_programme_it_shows(app):
    client = signed_in(app)

    def downloads(search: str) -> list[str]:
        page = call(app, client, "_pages_content.children",
                    {"_pages_location.pathname": "/import", "_pages_location.search": search})
        return [href for href in hrefs(page) if href.startswith("/import/")]

    assert "/import/export-csv.zip?programma=sport" in downloads("?programma=sport")
    assert "/import/sjabloon/evaluaties.xlsx?programma=sport" in downloads("?programma=sport")
    assert all(href.endswith("?programma=avi-130") for href in downloads(""))  # the default, named
    assert all(href.endswith("?programma=avi-130") for href in downloads("?programma=zwemmen"))


def test_the_page_imports_into_the_programme_it_shows(app):
    """Apeldoorn has a request of AVI 130 only: on sport's page a row without programme is sport's new one, on the
    default page a second request of AVI 130; a row of AVI 130 on sport's page is refused."""
    client = signed_in(app)

    def check(search: str, text: str) -> str:
        content = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
        response = call(app, client, f"{ids.IMPORT_UPLOAD}.contents", {
            f"{ids.IMPORT_UPLOAD}.contents": [content], f"{ids.IMPORT_UPLOAD}.filename": ["aanvragen.csv"],
            f"{ids.URL}.search": search})
        return json.dumps(response[ids.IMPORT_CHECK]["children"], ensure_ascii=False)

    row = "Apeldoorn,2008-03-01,gemeente,mailing,,"
    assert "In orde." in check("?programma=sport", AANVRAGEN + row + "\n")
    assert "er is al een aanvraag van gemeente 'Apeldoorn'" in check("", AANVRAGEN + row + "\n")
    assert "maar de import is voor programma 'sport'" in check("?programma=sport", AANVRAGEN + row + "avi-130\n")
