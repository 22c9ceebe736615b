"""The data, one folder per job (docs/architecture.md): ``schema`` (models, engine and sessions, the data version),
``queries`` (every read), ``derived`` (the derived tables and their only writer), ``sources`` (seed files,
reconstruction, replay, synthetic programmes), ``transfer`` (import, export, backups) and ``editing`` (users,
notes)."""
