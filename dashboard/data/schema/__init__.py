"""The schema and the sessions: typed models, the engine, the data version and the status rules."""
