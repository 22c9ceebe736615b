"""``python -m dashboard programme list|add|set`` and ``GET /api/v1/programmes``: the programmes with their
figures, checked settings in Dutch, nothing changed by a refused one."""

from __future__ import annotations

import json

import pytest

from dashboard.commands.main import main
from tests.signing_in import signed_in


def _listed(url: str, capsys, as_of: str = "2008-06-30") -> dict[str, dict]:
    assert main(["--database", url, "programme", "list", "--as-of", as_of, "--json"]) == 0
    return {p["slug"]: p for p in json.loads(capsys.readouterr().out)["programmes"]}


def test_the_list_gives_each_programme_its_own_figures(several_url, capsys):
    listed = _listed(several_url, capsys)
    assert list(listed) == ["avi-130", "sport", "brede-scholen"]
    assert (listed["avi-130"]["requests"], listed["avi-130"]["target"], listed["avi-130"]["elapsed"]) == (131, 130, 1)
    sport = listed["sport"]
    assert sport["target"] == 80 and sport["themes"] == ["infrastructuur", "doelgroepen"]
    assert main(["--database", several_url, "stats", "--as-of", "2008-06-30", "--programme", "sport"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (sport["requests"], sport["started"], sport["completed"]) == (
        stats["requests"]["total"], stats["trajectories"]["started"], stats["trajectories"]["completed"])


def test_a_programme_is_added_and_changed(several_url, capsys):
    assert main(["--database", several_url, "programme", "add", "leefbaarheid", "--name", "Leefbaarheid",
                 "--target", "50", "--budget", "1000", "--from", "2010-01-01", "--until", "2010-12-31",
                 "--themes", "beleid,zorg"]) == 0
    assert main(["--database", several_url, "programme", "set", "leefbaarheid", "--target", "40"]) == 0
    capsys.readouterr()
    added = _listed(several_url, capsys, "2010-03-01")["leefbaarheid"]
    assert (added["target"], added["themes"], added["requests"]) == (40, ["beleid", "zorg"], 0)
    assert added["lags_pace"] is True  # two months in without a request: behind its own pace
    assert main(["--database", several_url, "stats", "--programme", "leefbaarheid", "--as-of", "2010-03-01"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"]["total"] == 0


@pytest.mark.parametrize("arguments,message", [
    (["add", "Sport 2", "--name", "x"], "kan geen korte naam zijn"),
    (["add", "sport", "--name", "x", "--target", "1", "--budget", "1", "--from", "2010-01-01",
      "--until", "2010-02-01"], "Er is al een programma 'sport'"),
    (["add", "nieuw", "--name", "Nieuw"], "vraagt ook --target, --budget, --from, --until"),
    (["set", "sport", "--until", "2007-01-01"], "eindigt (2007-01-01) vóór het begint (2008-01-01)"),
    (["set", "sport", "--themes", "sport"], "Onbekend thema 'sport'"),
    (["set", "sport", "--name", "AVI 130"], "al een programma met de naam 'AVI 130'"),
    (["set", "zwemmen", "--target", "3"], "Programma 'zwemmen' bestaat niet"),
])
def test_a_setting_that_cannot_hold_is_refused_and_changes_nothing(several_url, capsys, arguments, message):
    before = _listed(several_url, capsys)
    assert main(["--database", several_url, "programme", *arguments]) == 2
    assert message in capsys.readouterr().err
    assert _listed(several_url, capsys) == before


def test_the_api_lists_the_programmes(several_url, capsys):
    from dashboard.factory import create_app

    client = signed_in(create_app({"database_url": several_url, "load_demo_if_new": False}))
    body = client.get("/api/v1/programmes?as_of=2008-06-30").get_json()
    assert body["as_of"] == "2008-06-30"
    assert {p["slug"]: p for p in body["programmes"]} == _listed(several_url, capsys)
    assert client.get("/api/v1/programmes?as_of=2008-13-01").status_code == 400
