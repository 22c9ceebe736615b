"""Loading the AVI 130 reconstruction into a database in one transaction: all or nothing."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from dashboard.data.schema.db import session_scope, upgrade
from dashboard.data.sources.examples import add_examples
from dashboard.data.sources.reconstruction import build_plan
from dashboard.data.sources.replay import apply_events, clear, events, write_reference
from dashboard.data.sources.seed_sources import SeedData, read_seed
from dashboard.data.schema.versioning import bump_data_version


def load_demo(engine: Engine, seed: SeedData | None = None, examples: bool = False) -> None:
    """Replace the database's content with the AVI 130 reconstruction, all or nothing; with ``examples``, two
    simulated follow-up programmes beside it (``sources.examples``)."""
    seed = seed or read_seed()
    plan = build_plan(seed)
    upgrade(engine)
    with session_scope(sessionmaker(engine)) as session:
        clear(session)
        write_reference(session, seed)
        apply_events(session, events(plan))
        if examples:
            add_examples(session)
        bump_data_version(session)
