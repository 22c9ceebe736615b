"""Tests of ``dashboard/data/schema``."""
