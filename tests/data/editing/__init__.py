"""Tests of ``dashboard/data/editing``."""
