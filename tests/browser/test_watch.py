"""The browser fixtures themselves: the outside network is cut off, and a watched page records what tried it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

OUTSIDE = ["http://voorbeeld.example/plaatje.png", "http://192.0.2.1/plaatje.png"]  # a name and an address


def test_outside_requests_are_recorded_and_never_leave_the_machine(page):
    page.goto("about:blank")
    for url in OUTSIDE:
        answer = page.evaluate("url => fetch(url, {mode: 'no-cors'}).then(() => 'antwoord', e => 'fout')", url)
        assert answer == "fout"
    assert page.watch.outside_requests == OUTSIDE
    # Refused before any connection, by name or by address alike, so no test waits on an unreachable host.
    assert page.watch.failed_requests == [f"{url}: net::ERR_NAME_NOT_RESOLVED" for url in OUTSIDE]


def test_loopback_is_not_outside(page):
    page.goto(page.base_url + "/inloggen")
    page.get_by_label("Gebruikersnaam").wait_for()
    assert page.watch.problems() == []
