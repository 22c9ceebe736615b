"""The access rules themselves: public paths, page roles, callback outputs."""

import pytest

from dashboard.auth import access
from dashboard.data.schema.models import Role

S, P = Role.STUURGROEP, Role.PROJECTLEIDING


@pytest.mark.parametrize("path,public", [
    ("/embed/thermometer", True), ("/embed/thermometer.svg", True), ("/api/v1/thermometer", True),
    ("/inloggen", True), ("/assets/style.css", True), ("/", False), ("/trajecten", False),
    ("/api/v1/summary", False), ("/_dash-update-component", False), ("/_dash-layout", False),
    ("/embedded", False), ("/api/v1/thermometerx", False),
])
def test_public_paths(path, public):
    assert access.is_public(path) is public


@pytest.mark.parametrize("role,needed,allowed", [
    (None, None, True), (None, S, False), (S, S, True), (S, P, False), (P, S, True), (P, P, True),
])
def test_allows(role, needed, allowed):
    assert access.allows(role, needed) is allowed


def body(outputs, pathname=None):
    inputs = [{"id": "url", "property": "pathname", "value": pathname}] if pathname else []
    return {"outputs": [{"id": o, "property": "children"} for o in outputs], "inputs": inputs}


@pytest.mark.parametrize("request_body,role,allowed", [
    (body(["overzicht-kpis"]), S, True),
    (body(["trajecten-detail"]), S, True),  # reserved outputs are replaced inside the callback
    (body(["trajecten-detail"]), P, True),
    (body(["_pages_content"], pathname="/trajecten"), S, False),
    (body(["_pages_content"], pathname="/avi/trajecten"), S, False),
    (body(["_pages_content"], pathname="/kaart"), S, True),
])
def test_callback_routing_allowed(request_body, role, allowed):
    prefix = "/avi/" if any("/avi/" in str(i.get("value")) for i in request_body["inputs"]) else "/"
    assert access.callback_allowed(request_body, prefix, role) is allowed


@pytest.mark.parametrize("component,role", [
    ("trajecten-grid", P), ("beheer-audit", P), ("evaluaties-low-marks", P), ("evaluaties-remarks-count", P),
    ("cmos-advisors", P), ("import-result", P), ("overzicht-kpis", None), ("evaluaties-kpis", None),
])
def test_output_roles(component, role):
    assert access.output_role(component) is role
