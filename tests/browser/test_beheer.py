"""Managing users on the Beheer page in a browser: Dash's renderer sends the CSRF token, and the changes show."""

from __future__ import annotations

import pytest

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(own_live_server: str) -> str:
    """The app on a database of the test's own (this test adds and removes a user)."""
    return own_live_server


def test_a_project_leader_adds_and_removes_a_user(page):
    page.goto(page.base_url + "/beheer")
    page.get_by_role("heading", name="Gebruiker toevoegen").wait_for()
    page.get_by_label("Naam").fill("de-vries")
    page.get_by_label("Wachtwoord", exact=True).fill("een-goed-wachtwoord")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("Gebruiker 'de-vries' (stuurgroep) is toegevoegd.").wait_for()
    assert page.get_by_label("Wachtwoord", exact=True).input_value() == ""
    page.locator("#beheer-users").get_by_role("cell", name="de-vries", exact=True).wait_for()
    page.locator("#beheer-audit").get_by_text("de-vries (stuurgroep)").wait_for()
    page.get_by_label("Gebruiker", exact=True).select_option("de-vries")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Verwijderen").click()
    page.get_by_text("Gebruiker 'de-vries' is verwijderd.").wait_for()
    # the list is redrawn after the message: wait for the row to go (fails after the timeout if it stays)
    page.locator("#beheer-users").get_by_role("cell", name="de-vries", exact=True).wait_for(state="detached")
    assert serious_violations(page) == []
    assert page.watch.problems() == []
