"""Tests of ``dashboard/data/queries``."""
