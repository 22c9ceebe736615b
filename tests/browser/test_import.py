"""The Import page in a browser: a good file checked and imported, a bad one refused with its problems; axe."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.schema import db
from dashboard.data.schema.models import Absence, Advisor
from tests.browser.conftest import serious_violations
from tests.data.transfer.transfer_fixtures import dump

pytestmark = pytest.mark.browser

GOOD = [
    {"name": "adviseurs.csv", "mimeType": "text/csv",
     "buffer": "naam;organisatie;in_pool;actief_vanaf\nScoop adviseur 5;Scoop;ja;01-03-2007\n".encode()},
    {"name": "afwezigheden.csv", "mimeType": "text/csv",
     "buffer": b"adviseur,soort,begint_op,eindigt_op,toelichting\n"
               b"Scoop adviseur 5,ziekte,2007-05-01,2007-06-30,griep\n"},
]
BAD = [{"name": "aanvragen.csv", "mimeType": "text/csv",
        "buffer": b"gemeente,ontvangen_op,aanvrager,kanaal,themas\n"
                  b"Utrect,2006-10-05,gemeente,mailing,beleid\n"
                  b"Scoop adviseur 5,2006-10-05,gemeente,mailing,beleid\n"}]


@pytest.fixture
def demo_copy_url(own_database_url: str) -> str:
    """A SQLite database with the reconstruction, of this test's own (these tests write)."""
    return own_database_url


@pytest.fixture
def live_server(demo_copy_url, serve) -> str:
    """The app on the test's own database, served on loopback."""
    from dashboard.factory import create_app

    return serve(create_app({"database_url": demo_copy_url, "load_demo_if_new": False}))


def open_import(page) -> None:
    """Open the Import page and wait for it."""
    page.goto(page.base_url + "/import")
    page.get_by_role("heading", name="Gegevens importeren", level=1).wait_for()


def choose(page, files: list[dict]) -> None:
    """Choose files in the upload field, as a user picking them would."""
    page.locator("#import-upload input[type=file]").set_input_files(files)


def test_good_file_is_checked_then_imported(page, demo_copy_url):
    open_import(page)
    assert "Voor de projectleiding." in page.locator(".alert-info").inner_text()
    assert page.get_by_role("navigation").get_by_role("link", name="Import").count() == 1  # projectleiding
    button = page.get_by_role("button", name="Importeren")
    assert button.is_disabled()
    choose(page, GOOD)
    page.get_by_text("In orde.").wait_for()
    counts = page.locator(".import-counts").inner_text()
    assert "adviseurs\t1\t0\t0" in counts and "afwezigheden\t1\t0\t0" in counts
    assert button.is_enabled()
    engine = db.make_engine(demo_copy_url)
    with Session(engine) as session:
        assert session.execute(select(func.count()).where(Advisor.name == "Scoop adviseur 5")).scalar_one() == 0
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []
    button.click()
    page.get_by_text("Gelukt.").wait_for()
    verdict = page.locator(".import-verdict").inner_text()
    assert "Geïmporteerd: 2 rijen nieuw of gewijzigd, in één transactie." in verdict
    assert button.is_disabled()
    with Session(engine) as session:
        advisor = session.execute(select(Advisor).where(Advisor.name == "Scoop adviseur 5")).scalar_one()
        assert advisor.organisation.name == "Scoop"
        assert session.execute(select(Absence.note).where(Absence.advisor_id == advisor.id)).scalar_one() == "griep"
    engine.dispose()
    choose(page, GOOD)  # the same files again: nothing to do
    page.get_by_text("alles staat al in de database").wait_for()
    assert button.is_disabled()
    page.wait_for_load_state("networkidle")
    assert page.watch.problems() == []


def test_bad_file_lists_its_problems_and_changes_nothing(page, demo_copy_url):
    engine = db.make_engine(demo_copy_url)
    before = dump(engine)
    open_import(page)
    choose(page, BAD)
    page.get_by_text("Niet geïmporteerd.").wait_for()
    verdict = page.locator(".import-verdict").inner_text()
    assert "2 problemen gevonden; er is niets veranderd in de database." in verdict
    rows = page.locator(".import-problems tbody tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    assert "aanvragen.csv" in first and "2" in first and "gemeente" in first and "Utrect" in first
    assert "onbekende gemeente; bedoelt u 'Utrecht'?" in first
    assert "Scoop adviseur 5" in rows.nth(1).inner_text()
    assert page.get_by_role("button", name="Importeren").is_disabled()
    page.wait_for_load_state("networkidle")
    assert page.watch.problems() == []
    assert serious_violations(page) == []
    assert dump(engine) == before
    engine.dispose()


def test_template_download(page):
    open_import(page)
    with page.expect_download() as info:
        page.get_by_label("Sjabloon evaluaties als XLSX").click()
    download = info.value
    assert download.suggested_filename == "sjabloon-evaluaties.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    assert [cell.value for cell in sheet[1]][:3] == ["traject", "ontvangen_op", "resultaten"]
    assert page.watch.problems() == []


def test_unknown_address_is_a_dutch_page(page):
    page.goto(page.base_url + "/bestaat-niet")
    page.get_by_role("heading", name="Pagina niet gevonden", level=1).wait_for()
    assert page.get_by_role("link", name="Naar het overzicht").is_visible()
    assert page.watch.problems() == []
