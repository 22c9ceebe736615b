"""The same security headers on every response: pages, API, the public thermometer, static files, errors, redirects."""

from __future__ import annotations

import pytest

from tests.signing_in import signed_in

# (role, method, URL, expected status): one of each kind of answer the server gives.
ANSWERS = [
    ("anoniem", "GET", "/", 302),  # redirect to sign-in
    ("anoniem", "GET", "/inloggen", 200),
    ("anoniem", "GET", "/uitloggen", 200),
    ("anoniem", "GET", "/api/v1/summary", 401),
    ("anoniem", "POST", "/_dash-update-component", 401),
    ("anoniem", "GET", "/api/v1/thermometer", 200),
    ("anoniem", "GET", "/api/v1/thermometer?as_of=gisteren", 400),
    ("anoniem", "GET", "/embed/thermometer", 200),
    ("anoniem", "GET", "/embed/thermometer.svg", 200),
    ("anoniem", "GET", "/embed/static/thermometer.css", 200),
    ("anoniem", "GET", "/embed/ping", 200),
    ("anoniem", "GET", "/assets/style.css", 200),
    ("anoniem", "GET", "/vendor/theme/bootstrap.min.css", 200),
    ("stuurgroep", "GET", "/", 200),
    ("stuurgroep", "GET", "/_dash-layout", 200),
    ("stuurgroep", "GET", "/api/v1/summary?as_of=2007-11-30", 200),
    ("stuurgroep", "GET", "/trajecten", 403),
    ("projectleiding", "GET", "/import/sjabloon/aanvragen.csv", 200),
    ("anoniem", "POST", "/api/v1/thermometer", 405),
    ("projectleiding", "DELETE", "/inloggen", 405),
]


@pytest.mark.parametrize("role,method,url,status", ANSWERS)
def test_every_response_carries_the_security_headers(app, role, method, url, status):
    client = app.server.test_client() if role == "anoniem" else signed_in(app, role)
    response = client.open(url, method=method, json={} if method == "POST" else None)
    assert response.status_code == status
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert "frame-ancestors" in response.headers.get("Content-Security-Policy", ""), url
