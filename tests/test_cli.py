"""The command line: stats JSON, init-db, load-demo and Dutch errors."""

from __future__ import annotations

import json

import pytest

from dashboard.commands.main import main


def test_stats_shape_and_figures(capsys, demo_engine, database_url):
    assert main(["--database", database_url, "stats", "--as-of", "2007-11-30"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["as_of"] == "2007-11-30"
    assert stats["requests"]["total"] == 131 and stats["requests"]["not_started"] == 17
    trajectories = stats["trajectories"]
    assert (trajectories["started"], trajectories["running"], trajectories["completed"]) == (114, 68, 46)
    assert 0 <= trajectories["work_finished"] <= trajectories["running"]
    assert stats["gemeenten_involved"] == 158
    assert {"province", "gemeenten", "involved", "trajectories"} == set(stats["provinces"][0])
    assert {"organisation", "advisors", "trajectories_in_province", "completed"} <= set(stats["organisations"][0])
    assert {"forms", "mean", "aspects"} == set(stats["evaluations"])


def test_stats_with_filter(capsys, demo_engine, database_url):
    assert main(["--database", database_url, "stats", "--as-of", "2008-03-04", "--province", "Zeeland"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["trajectories"]["started"] == 6


def test_impossible_date_is_refused_in_dutch(capsys, database_url):
    with pytest.raises(SystemExit) as exit_info:
        main(["--database", database_url, "stats", "--as-of", "2007-02-30"])
    assert exit_info.value.code == 2
    assert "geen geldige datum" in capsys.readouterr().err


def test_missing_database_file(capsys, tmp_path):
    missing = tmp_path / "weg.sqlite"
    assert main(["--database", f"sqlite:///{missing}", "stats"]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert not missing.exists()


def test_init_db_then_load_demo(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'nieuw.sqlite'}"
    assert main(["--database", url, "init-db"]) == 0
    assert main(["--database", url, "stats", "--as-of", "2008-03-04"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"]["total"] == 0
    assert main(["--database", url, "load-demo"]) == 0
    assert main(["--database", url, "stats", "--as-of", "2008-03-04"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"]["total"] == 131


def test_users_on_the_command_line_follow_the_rules_of_the_beheer_page(capsys, empty_engine):
    url = empty_engine.url.render_as_string(hide_password=False)
    assert main(["--database", url, "user", "add", "leider", "--role", "projectleiding", "--password",
                 "lang-genoeg-12"]) == 0
    assert main(["--database", url, "user", "add", "lid", "--role", "stuurgroep", "--password", "lang-genoeg-12"]) == 0
    assert main(["--database", url, "user", "disable", "leider"]) == 2
    assert "het laatste actieve account van de projectleiding" in capsys.readouterr().err
    assert main(["--database", url, "user", "set-role", "lid", "--role", "projectleiding"]) == 0
    assert main(["--database", url, "user", "disable", "leider"]) == 0
    capsys.readouterr()
    assert main(["--database", url, "user", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["leider\tprojectleiding\tuitgeschakeld", "lid\tprojectleiding"]
    assert main(["--database", url, "user", "enable", "leider"]) == 0
    assert "'leider' is weer ingeschakeld." in capsys.readouterr().err
