"""Access per programme through the real endpoints: a user limited to ``sport`` gets sport's answers from every
page callback, download, the portfolio and the API, whatever programme the request names, also after an
unlimited user filled the callback cache with AVI 130; Beheer is for users who see every programme."""

from __future__ import annotations

import base64
import shutil

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard import ids
from dashboard.auth.web import DEMO_PASSWORD
from dashboard.data.editing import notes, users
from dashboard.data.schema.db import make_engine
from tests.signing_in import csrf_token, signed_in
from tests.test_drill_down import call, post
from tests.test_notes import client_for, press
from tests.test_programme_pages import _answer, _page_callbacks

PASSWORD = "sport-wachtwoord"
DAY = "?stand=2009-06-30"


@pytest.fixture
def several(several_programmes_url, tmp_path):
    """A copy of the three programmes' database with a projectleider who sees only sport, and the app on it."""
    from dashboard.factory import create_app

    copy = tmp_path / "access.sqlite"
    shutil.copy(make_url(several_programmes_url).database, copy)
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    with Session(engine) as session:
        users.add_user(session, "sport-leider", "projectleiding", PASSWORD, programmes=["sport"])
        session.commit()
    engine.dispose()
    return create_app({"database_url": url, "load_demo_if_new": False}), url


def sign_in(app, name: str = "sport-leider", password: str = PASSWORD):
    """A test client signed in as ``name``."""
    client = app.server.test_client()
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    response = client.post("/inloggen", data={"naam": name, "wachtwoord": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def basic(name: str = "sport-leider", password: str = PASSWORD) -> dict:
    """The HTTP Basic header of ``name``."""
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def test_every_page_callback_answers_only_of_the_users_programme(several):
    app, _ = several
    limited, everyone = sign_in(app), signed_in(app, "projectleiding")
    callbacks = _page_callbacks(app)
    assert len(callbacks) >= 8
    differs = 0
    for key, spec in callbacks:
        # an unlimited user's AVI 130 first, so that a cache keyed without the user's programmes would hand it on
        of_avi = _answer(app, everyone, key, spec, DAY + "&programma=avi-130")
        sport = _answer(app, everyone, key, spec, DAY + "&programma=sport")
        assert _answer(app, limited, key, spec, DAY + "&programma=avi-130") == sport, key
        assert _answer(app, limited, key, spec, DAY) == sport, key
        assert _answer(app, limited, key, spec, DAY + "&programma=onbekend") == sport, key
        differs += of_avi != sport
    assert differs >= len(callbacks) // 2  # the comparison shows something: most answers differ between programmes


def test_the_chooser_and_the_portfolio_hold_only_the_users_programmes(several):
    app, _ = several
    values = {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": DAY, f"{ids.DATA_VERSION}.data": {"version": 1}}
    chooser = call(app, sign_in(app), f"{ids.FILTER_PROGRAMME}.options", values)
    sport = {"label": "Sport in de buurt (voorbeeld, gesimuleerd)", "value": "sport"}
    assert chooser[ids.FILTER_PROGRAMME]["options"] == [sport]
    assert chooser[ids.FILTER_PROGRAMME_BLOCK]["className"] == "d-none"  # nothing to choose
    assert len(call(app, signed_in(app), f"{ids.FILTER_PROGRAMME}.options", values)[ids.FILTER_PROGRAMME]
               ["options"]) == 3
    portfolio = str(call(app, sign_in(app), f"{ids.PORTFOLIO_TABLE}.children", values))
    assert "Sport" in portfolio and "AVI 130" not in portfolio and "Brede scholen" not in portfolio


def _download(app, client, chart: str, search: str) -> dict:
    """What the download button of ``chart`` sends for ``search``."""
    key = f"{ids.DOWNLOAD}.data"
    spec = app.callback_map[key]
    button = {"type": ids.DOWNLOAD_BUTTON, "chart": chart, "format": "csv"}
    body = {"output": key, "outputs": {"id": ids.DOWNLOAD, "property": "data"},
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "state": [{"id": ids.URL, "property": "search", "value": search}],
            "changedPropIds": ['{"chart":"%s","format":"csv","type":"%s"}.n_clicks' % (chart, ids.DOWNLOAD_BUTTON)]}
    assert spec["inputs"][0]["property"] == "n_clicks"
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"][ids.DOWNLOAD]["data"]


def test_a_download_of_another_programme_sends_the_users_own(several):
    app, _ = several
    limited, everyone = sign_in(app), signed_in(app, "projectleiding")
    for chart in ("tijdlijn", "provincies", "trechter"):
        got = _download(app, limited, chart, DAY + "&programma=avi-130")
        assert got["filename"].startswith("sport-"), got["filename"]
        assert got["content"] == _download(app, everyone, chart, DAY + "&programma=sport")["content"], chart
    avi, sport = (_download(app, everyone, "tijdlijn", DAY + f"&programma={slug}") for slug in ("avi-130", "sport"))
    assert avi["content"] != sport["content"]
    portfolio = _download(app, limited, "programmas", DAY)["content"].splitlines()
    assert len(portfolio) == 2 and portfolio[1].startswith("sport;")  # the header and sport's row


def test_the_api_answers_only_of_the_users_programmes(several):
    app, _ = several
    client = app.server.test_client()
    refused = client.get("/api/v1/summary?as_of=2009-06-30&programme=avi-130", headers=basic())
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "U heeft geen toegang tot programma 'avi-130'. Uw programma's: sport."
    assert client.get("/api/v1/summary?as_of=2009-06-30", headers=basic()).get_json()["programme"] == "sport"
    own = client.get("/api/v1/summary?as_of=2009-06-30&programme=sport", headers=basic()).get_json()
    assert own == client.get("/api/v1/summary?as_of=2009-06-30&programme=sport",
                             headers=basic("projectleiding-demo", DEMO_PASSWORD)).get_json()
    for route in ("timeline", "evaluations"):
        assert client.get(f"/api/v1/{route}?as_of=2009-06-30&programme=brede-scholen",
                          headers=basic()).status_code == 403
        assert client.get(f"/api/v1/{route}?as_of=2009-06-30", headers=basic()).get_json()["programme"] == "sport"
    listed = client.get("/api/v1/programmes?as_of=2009-06-30", headers=basic()).get_json()["programmes"]
    assert [programme["slug"] for programme in listed] == ["sport"]
    unknown = client.get("/api/v1/summary?programme=onbekend", headers=basic())
    assert unknown.status_code == 400 and "Bekende programma's: sport." in unknown.get_json()["error"]


def test_beheer_is_for_users_who_see_every_programme(several):
    app, _ = several
    limited = sign_in(app)
    page = limited.get("/beheer")
    assert page.status_code == 403
    assert "Beheer is alleen voor gebruikers met toegang tot alle programma&#39;s." in page.get_data(as_text=True)
    assert '"children":"Beheer"' not in limited.get("/_dash-layout").get_data(as_text=True)  # the navbar's menu
    assert '"children":"Beheer"' in signed_in(app).get("/_dash-layout").get_data(as_text=True)
    key = next(key for key in app.callback_map if key.startswith(f"..{ids.BEHEER_USERS}") or ids.BEHEER_USERS in key)
    response = post(limited, key, app.callback_map[key], {f"{ids.URL}.pathname": "/beheer"})
    assert response.status_code == 403


def test_notes_belong_to_their_programme(several):
    app, url = several
    engine = make_engine(url)
    with Session(engine) as session:
        avi = notes.add_note(session, "2009-03-02", "mailing AVI", "programme", programme="avi-130").id
        notes.add_note(session, "2009-03-03", "mailing sport", "programme", programme="sport")
        session.commit()
    engine.dispose()
    listed = call(app, sign_in(app), f"{ids.TIJDLIJN_NOTES}.children",
                  {f"{ids.URL}.search": DAY + "&programma=avi-130", f"{ids.DATA_VERSION}.data": {"version": 1}})
    assert "mailing sport" in str(listed) and "mailing AVI" not in str(listed)
    client = client_for(app, "projectleiding")
    limited = sign_in(app)
    limited.get("/tijdlijn")
    for who in (limited, client):  # from sport's Tijdlijn, AVI 130's note is not there to change
        response = press(who, {"type": ids.NOTES_DELETE, "note": avi}, note_ids=[avi], search=DAY + "&programma=sport")
        assert "Deze notitie bestaat niet (meer)." in str(response.get_json()), response.data[:300]
    deleted = press(client, {"type": ids.NOTES_DELETE, "note": avi}, note_ids=[avi], search=DAY + "&programma=avi-130")
    assert "De notitie is verwijderd." in str(deleted.get_json())


def test_limiting_users_on_the_command_line(several, capsys):
    from dashboard.commands.main import main

    _, url = several
    arguments = ["--database", url, "user"]
    assert main([*arguments, "add", "kijker", "--role", "stuurgroep", "--password", PASSWORD,
                 "--programme", "sport", "--programme", "onbekend"]) == 2
    refusal = "Onbekend programma: onbekend; bekende programma's: avi-130, brede-scholen, sport."
    assert refusal in capsys.readouterr().err
    assert main([*arguments, "add", "kijker", "--role", "stuurgroep", "--password", PASSWORD,
                 "--programme", "sport", "--programme", "brede-scholen"]) == 0
    capsys.readouterr()
    assert main([*arguments, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "kijker\tstuurgroep\tprogramma's brede-scholen, sport" in lines
    assert "projectleiding-demo\tprojectleiding\tdemo" in lines
    assert main([*arguments, "set-programmes", "kijker"]) == 0
    assert "'kijker' ziet nu alle programma's." in capsys.readouterr().err
    assert main([*arguments, "set-programmes", "projectleiding-demo", "--programme", "sport"]) == 2
    assert "het laatste actieve account van de projectleiding" in capsys.readouterr().err


def test_a_trusted_proxy_names_the_programmes(several):
    from dashboard.factory import create_app

    _, url = several
    client = create_app({"database_url": url, "load_demo_if_new": False,
                         "trust_proxy_headers": True}).server.test_client()
    headers = {"X-Forwarded-User": "sso", "X-Forwarded-Role": "stuurgroep", "X-Forwarded-Programmes": "sport"}
    assert client.get("/api/v1/summary", headers=headers).get_json()["programme"] == "sport"
    assert client.get("/api/v1/summary?programme=avi-130", headers=headers).status_code == 403
    nothing = client.get("/api/v1/summary", headers={**headers, "X-Forwarded-Programmes": "weg"})
    assert nothing.status_code == 403
    assert nothing.get_json()["error"] == "U heeft geen toegang tot een programma in deze database."


def test_a_trajectory_of_another_programme_is_not_shown_by_its_number(several):
    app, _ = several
    values = {f"{ids.URL}.search": DAY + "&programma=avi-130&traject=1", f"{ids.DATA_VERSION}.data": {"version": 1}}
    shown = str(call(app, signed_in(app), f"{ids.TRAJECTEN_DETAIL}.children", values))
    hidden = str(call(app, sign_in(app), f"{ids.TRAJECTEN_DETAIL}.children", values))
    assert "Traject 1" in shown and "Traject 1" not in hidden, hidden[:300]


def test_the_import_page_exports_and_imports_only_the_users_programme(several):
    app, _ = several
    limited = sign_in(app)
    assert limited.get("/import/export-csv.zip?programma=avi-130").status_code == 403
    own = limited.get("/import/export-csv.zip")
    assert own.status_code == 200 and 'filename="sport-export-' in own.headers["Content-Disposition"]
    assert limited.get("/import/sjabloon/aanvragen.csv?programma=brede-scholen").status_code == 403
