"""Several programmes in one database: each one's figures are its own, and together they make the whole.

The database holds the AVI 130 reconstruction and the two simulated follow-up programmes of
``sources.examples`` (``loader.load_demo(examples=True)``), which share its organisations and advisors.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard.commands.main import main
from dashboard.data.derived import snapshots
from dashboard.data.queries import programmes, summary
from dashboard.data.queries.filters import NO_FILTERS, Filters
from dashboard.data.queries.stats import key_figures
from dashboard.data.schema import db
from dashboard.data.schema.models import Request, Trajectory
from tests.signing_in import signed_in

DAYS = (dt.date(2007, 3, 15), dt.date(2007, 11, 30), dt.date(2008, 9, 30), dt.date(2009, 12, 31))
SLUGS = ("avi-130", "sport", "brede-scholen")


@pytest.fixture(scope="module")
def several_url(several_programmes_url: str) -> str:
    """The database of AVI 130 and the two example programmes."""
    return several_programmes_url


@pytest.fixture(scope="module")
def several(several_url: str) -> Iterator[Engine]:
    """An engine on that database."""
    engine = db.make_engine(several_url)
    yield engine
    engine.dispose()


def test_the_examples_are_programmes_of_their_own_on_the_shared_organisations(several):
    with Session(several) as session:
        listed = programmes.listing(session)
        assert [programme.slug for programme in listed] == list(SLUGS)
        assert all("gesimuleerd" in programme.name for programme in listed[1:])
        per_programme = dict(session.execute(
            select(Request.programme_id, func.count()).group_by(Request.programme_id)).all())
        assert per_programme == {listed[0].id: 131, listed[1].id: 72, listed[2].id: 58}
        # a trajectory belongs to its request's programme
        assert session.execute(select(func.count()).select_from(Trajectory).join(Request).where(
            Request.programme_id != Trajectory.programme_id)).scalar_one() == 0
        assert snapshots.current(session) is not None


@pytest.mark.parametrize("day", DAYS)
def test_avi_130_beside_other_programmes_is_avi_130_alone(several, session, day):
    """The default programme's figures in the database of three are those of the reconstruction by itself."""
    with Session(several) as beside:
        scoped = programmes.scope(beside, NO_FILTERS)
        assert scoped.programme == "avi-130"
        assert key_figures(beside, day, scoped) == key_figures(session, day)
        assert key_figures(beside, day, Filters(province="Utrecht", programme="avi-130")) == key_figures(
            session, day, Filters(province="Utrecht"))


@pytest.mark.parametrize("day", DAYS)
def test_the_programmes_add_up_to_the_whole(several, day):
    """Every count of the headline, per programme from the monthly levels, sums to the count of all together,
    and each is the count from the base tables."""
    with Session(several) as session:
        whole = summary.headline(session, day, NO_FILTERS)
        parts = [summary.headline(session, day, Filters(programme=slug)) for slug in SLUGS]
        for part, slug in zip(parts, SLUGS):
            assert part == summary.headline_from_base_tables(session, day, Filters(programme=slug))
        for name in ("requests", "started", "running", "work_finished", "completed", "not_started",
                     "evaluation_forms"):
            assert sum(getattr(part, name) for part in parts) == getattr(whole, name), name
        assert sum(part.dagdelen.total for part in parts) == whole.dagdelen.total
        if day.year >= 2009:
            assert all(part.requests > 50 for part in parts)
        # a gemeente can take part in more than one programme
        assert max(part.gemeenten_involved for part in parts) <= whole.gemeenten_involved
        assert whole.gemeenten_involved <= sum(part.gemeenten_involved for part in parts)


def test_scope_names_the_programme_only_when_there_are_several(several, session):
    assert programmes.scope(session, NO_FILTERS) == NO_FILTERS  # the reconstruction alone
    assert programmes.scope(session, Filters(programme="avi-130")) == NO_FILTERS
    with pytest.raises(programmes.UnknownProgramme, match="Programma 'sport' bestaat niet. Bekende programma's: "
                                                            "avi-130."):
        programmes.scope(session, Filters(programme="sport"))
    with Session(several) as beside:
        assert programmes.scope(beside, NO_FILTERS, default="sport").programme == "sport"
        assert programmes.scope(beside, NO_FILTERS, default="onbekend").programme == "avi-130"
        assert programmes.scope(beside, Filters(theme="zorg", programme="brede-scholen")) == Filters(
            theme="zorg", programme="brede-scholen")


def test_stats_per_programme_on_the_command_line(several_url, capsys, monkeypatch):
    def stats(*options: str) -> dict:
        assert main(["--database", several_url, "stats", "--as-of", "2009-12-31", *options]) == 0
        return json.loads(capsys.readouterr().out)

    avi, sport = stats(), stats("--programme", "sport")
    assert avi["programme"] == "avi-130" and avi["requests"]["total"] == 131
    assert sport["programme"] == "sport" and sport["requests"]["total"] == 72
    monkeypatch.setenv("DASHBOARD_DEFAULT_PROGRAMME", "brede-scholen")
    assert stats()["requests"]["total"] == 58
    assert main(["--database", several_url, "stats", "--programme", "zwemmen"]) == 2
    assert "Programma 'zwemmen' bestaat niet" in capsys.readouterr().err


def test_an_import_into_an_unknown_programme_writes_nothing(several_url, tmp_path, capsys):
    export = tmp_path / "sport"
    assert main(["--database", several_url, "export", str(export), "--programme", "sport"]) == 0
    capsys.readouterr()
    aanvragen = (export / "aanvragen.csv").read_text(encoding="utf-8").splitlines()
    assert len(aanvragen) == 73  # the header and sport's 72 requests, not AVI 130's
    assert main(["--database", several_url, "import", str(export), "--programme", "zwemmen"]) == 1
    assert "Programma 'zwemmen' bestaat niet" in capsys.readouterr().out
    assert main(["--database", several_url, "import", str(export), "--programme", "sport", "--dry-run",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [] and sum(report["counts"]["aanvragen"].values()) == 72
    assert report["counts"]["aanvragen"].get("nieuw", 0) == 0  # every row is sport's own, known already


def test_the_api_answers_per_programme(several_url):
    from dashboard.factory import create_app

    client = signed_in(create_app({"database_url": several_url, "load_demo_if_new": False}))
    avi = client.get("/api/v1/summary?as_of=2009-12-31").get_json()
    sport = client.get("/api/v1/summary?as_of=2009-12-31&programme=sport").get_json()
    assert (avi["programme"], avi["requests"]["total"]) == ("avi-130", 131)
    assert (sport["programme"], sport["requests"]["total"]) == ("sport", 72)
    timeline = client.get("/api/v1/timeline?as_of=2009-12-31&programme=brede-scholen").get_json()
    assert timeline["target"] == 60 and sum(period["received"] for period in timeline["periods"]) == 58
    forms = client.get("/api/v1/evaluations?as_of=2009-12-31&programme=sport").get_json()
    assert forms["programme"] == "sport"
    unknown = client.get("/api/v1/summary?programme=zwemmen")
    assert unknown.status_code == 400
    assert unknown.get_json()["error"].startswith("Programma 'zwemmen' bestaat niet")


def test_a_portfolio_of_many_shows_the_running_programmes_lagging_first():
    from dashboard.data.queries.portfolio import MAX_SHOWN, ProgrammeFigures, on_view

    def figure(slug: str, starts: str, ends: str, requests: int, lags: bool) -> ProgrammeFigures:
        return ProgrammeFigures(slug, slug, 100, 2000, dt.date.fromisoformat(starts), dt.date.fromisoformat(ends),
                                ("zorg",), requests, 0, 0, 0, 0, 0.5, 0.5, lags)

    few = [figure(f"p{i}", "2020-01-01", "2020-12-31", i, False) for i in range(MAX_SHOWN)]
    assert on_view(few, dt.date(2025, 1, 1)) == few  # up to MAX_SHOWN: every one, ended or not
    many = few + [figure("loopt", "2025-01-01", "2026-12-31", 50, False),
                  figure("groot", "2024-06-01", "2025-12-31", 90, False),
                  figure("achter", "2025-03-01", "2026-03-01", 5, True)]
    assert [f.slug for f in on_view(many, dt.date(2025, 6, 1))] == ["achter", "groot", "loopt"]
