"""An import is recorded in the audit log, once, under the user who made it."""

from sqlalchemy.orm import Session

from dashboard.data.editing import users
from dashboard.data.schema.db import make_engine


def test_an_import_is_audited(reference_url):
    from dashboard.data.transfer.importing import import_sources
    from tests.data.transfer.test_import import story_sources

    engine = make_engine(reference_url)
    assert import_sources(engine, story_sources(), actor="projectleiding-demo").written
    assert not import_sources(engine, story_sources(), actor="projectleiding-demo").written  # nothing new
    with Session(engine) as session:
        lines = [(e.actor, e.event) for e in users.audit_log(session) if e.event == "import"]
    assert lines == [("projectleiding-demo", "import")]
