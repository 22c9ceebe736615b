"""All SQL of the dashboard: aggregate queries that return small DataFrames or dataclasses."""
