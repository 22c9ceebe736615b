"""The public thermometer per programme: ``?programme=SLUG`` on the widget, its SVG and its JSON, the default
without it, and a Dutch 404 for a programme the database does not hold."""

from __future__ import annotations

import html

import pytest



@pytest.fixture(scope="module")
def client(several_programmes_url):
    """A client of the app on AVI 130 and the two example programmes (the public routes need no sign-in)."""
    from dashboard.factory import create_app

    return create_app({"database_url": several_programmes_url, "load_demo_if_new": False}).server.test_client()


def test_each_programme_has_its_own_thermometer(client):
    def numbers(query: str) -> dict:
        body = client.get(f"/api/v1/thermometer?as_of=2008-06-30{query}").get_json()
        return {key: body[key] for key in ("received", "target", "state")}

    assert numbers("") == {"received": 131, "target": 130, "state": "gesloten"}  # the default: AVI 130
    sport = numbers("&programme=sport")
    assert sport["target"] == 80 and sport["state"] == "open" and 0 < sport["received"] < 72
    assert numbers("&programme=brede-scholen")["target"] == 60
    assert numbers("") == {"received": 131, "target": 130, "state": "gesloten"}  # not the cached sport answer
    widget = client.get("/embed/thermometer?programme=sport&as_of=2009-12-31").get_data(as_text=True)
    assert "Aanvragen Sport in de buurt (voorbeeld, gesimuleerd)" in widget
    assert "72 van de 80 aanvragen" in widget and "(72)</strong> van de 80" in widget
    assert "programme=sport" in widget  # its script keeps asking for this programme
    image = client.get("/embed/thermometer.svg?programme=brede-scholen").get_data(as_text=True)
    assert "Aanvragen Brede scholen (voorbeeld, gesimuleerd)" in image


@pytest.mark.parametrize("route", ["/embed/thermometer", "/embed/thermometer.svg", "/api/v1/thermometer"])
def test_an_unknown_programme_is_a_dutch_404(client, route):
    response = client.get(f"{route}?programme=zwemmen")
    assert response.status_code == 404
    assert "'zwemmen' bestaat niet" in html.unescape(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
