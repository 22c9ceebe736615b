"""The reference data alone: programme, milestones, provinces, gemeenten and organisations from the seed files.

This is what a database needs before the programme's own administration can
be imported (``python -m dashboard load-reference``, then ``import``).
"""

from __future__ import annotations

from sqlalchemy import Engine

from dashboard.data.schema.db import upgrade, write_session
from dashboard.data.sources.replay import has_programme_data, write_reference
from dashboard.data.sources.seed_sources import SeedData, read_seed
from dashboard.data.schema.versioning import bump_data_version


class ReferenceError(RuntimeError):
    """The reference data cannot be loaded; the message is Dutch."""


def load_reference(engine: Engine, seed: SeedData | None = None) -> None:
    """Create the schema if needed and write the reference data into an empty database, in one transaction."""
    seed = seed or read_seed()
    upgrade(engine)
    with write_session(engine) as session:
        if has_programme_data(session):
            raise ReferenceError("De database bevat al een programma met referentiegegevens; er is niets veranderd.")
        write_reference(session, seed)
        bump_data_version(session)
