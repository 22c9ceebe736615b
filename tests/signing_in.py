"""Signing in from tests: a test client or a browser page with a demo user of a given role."""

from __future__ import annotations

import re

from dashboard.auth.web import DEMO_PASSWORD

DEMO_NAMES = {"stuurgroep": "stuurgroep-demo", "projectleiding": "projectleiding-demo"}


def csrf_token(html: str) -> str:
    """The form token on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, role: str = "projectleiding"):
    """A Flask test client signed in as the demo user of ``role``."""
    client = app.server.test_client()
    prefix = app.config.requests_pathname_prefix
    token = csrf_token(client.get(f"{prefix}inloggen").get_data(as_text=True))
    response = client.post(f"{prefix}inloggen", data={"naam": DEMO_NAMES[role], "wachtwoord": DEMO_PASSWORD,
                                                     "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def sign_in_page(page, base_url: str, role: str = "projectleiding") -> None:
    """Sign a browser page in through the sign-in form."""
    page.goto(f"{base_url}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(DEMO_NAMES[role])
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)
