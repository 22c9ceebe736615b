"""The callback cache: repeated views cost one version query until the data changes; roles and failures kept apart."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, update

from dashboard import ids
from dashboard.benchmark.pages import PAGE_BY_KEY, Context, callback_body, input_values, page_search
from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Trajectory
from dashboard.data.queries import summary
from dashboard.data.schema.versioning import bump_data_version
from dashboard.factory import create_app
from tests.signing_in import signed_in

AS_OF = Context(as_of=dt.date(2008, 3, 4), trajectory=12)


@pytest.fixture
def fresh(tmp_path):
    """An app on its own copy of the reconstruction (the tests write to it), and its engine."""
    url = f"sqlite:///{tmp_path / 'cache.sqlite'}"
    engine = db.make_engine(url)
    load_demo(engine)
    engine.dispose()

    def build(**settings):
        app = create_app({"database_url": url, "load_demo_if_new": False, **settings})
        return app, app.server.extensions[db.EXTENSION_KEY].kw["bind"]
    return build


class Statements:
    """SQL statements an engine runs while counting."""

    def __init__(self, engine) -> None:
        self.seen: list[str] = []
        event.listen(engine, "before_cursor_execute", self.note)

    def note(self, _connection, _cursor, statement, *_args) -> None:
        """Remember one statement about the data (not a BEGIN, not the signed-in user's lookup)."""
        if statement != "BEGIN" and "FROM users" not in statement:
            self.seen.append(statement)


def call(client, app, page: str, output: tuple[str, str], context=AS_OF, search: str | None = None) -> dict:
    """Call the callback with ``output`` the way the browser does on opening ``page`` (at ``search``)."""
    spec = PAGE_BY_KEY[page]
    body = callback_body(app.callback_map, output, input_values(spec, search or page_search(spec, context), 1))
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["response"]


def test_a_repeated_view_reads_only_the_data_version(fresh):
    app, engine = fresh()
    client = signed_in(app)
    statements = Statements(engine)
    first = call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"))
    computed = len(statements.seen)
    statements.seen.clear()
    again = call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"))
    assert again == first
    assert computed > 5
    assert len(statements.seen) == 1 and "data_version" in statements.seen[0]


def test_another_date_or_filter_is_computed_anew(fresh):
    app, engine = fresh()
    client = signed_in(app)
    first = call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"))
    statements = Statements(engine)
    earlier = call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"),
                   Context(as_of=dt.date(2007, 1, 31)))
    assert len(statements.seen) > 5
    assert earlier != first


def test_changed_data_is_shown_as_soon_as_the_version_moves(fresh):
    app, engine = fresh()
    client = signed_in(app)
    before = json.dumps(call(client, app, "trajecten", (ids.TRAJECTEN_DETAIL, "children")))
    assert "Resultaat uit de cache-test" not in before
    with db.write_session(engine) as session:
        session.execute(update(Trajectory).where(Trajectory.nr == AS_OF.trajectory)
                        .values(result="Resultaat uit de cache-test"))
        bump_data_version(session)
    after = json.dumps(call(client, app, "trajecten", (ids.TRAJECTEN_DETAIL, "children")))
    assert "Resultaat uit de cache-test" in after


def test_roles_do_not_share_answers(fresh):
    """The stuurgroep's answer hides small groups; projectleiding, asking second, must not be given it."""
    uncached, _ = fresh(callback_cache_seconds=0)
    reference = signed_in(uncached, "projectleiding")  # Dash hands its callbacks to the app first served
    app, _ = fresh()
    output, search = (ids.EVALUATIES_KPIS, "children"), "?stand=2008-03-04&provincie=Zeeland"
    stuurgroep = call(signed_in(app, "stuurgroep"), app, "evaluaties", output, search=search)
    projectleiding = call(signed_in(app, "projectleiding"), app, "evaluaties", output, search=search)
    assert stuurgroep != projectleiding
    assert projectleiding == call(reference, uncached, "evaluaties", output, search=search)


def test_an_answer_that_reports_an_outage_is_not_kept(fresh, monkeypatch):
    app, _ = fresh()
    client = signed_in(app)
    working = summary.headline

    def broken(*args, **kwargs):
        from sqlalchemy.exc import OperationalError
        raise OperationalError("SELECT", {}, Exception("weg"))

    monkeypatch.setattr(summary, "headline", broken)
    failed = json.dumps(call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children")))
    assert "niet bereikbaar" in failed
    monkeypatch.setattr(summary, "headline", working)
    recovered = json.dumps(call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children")))
    assert "niet bereikbaar" not in recovered and "114" in recovered


def test_the_cache_can_be_switched_off(fresh):
    app, engine = fresh(callback_cache_seconds=0)
    client = signed_in(app)
    call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"))
    statements = Statements(engine)
    call(client, app, "overzicht", (ids.OVERZICHT_KPIS, "children"))
    assert len(statements.seen) > 5
