"""Tests of ``dashboard/data/sources``."""
