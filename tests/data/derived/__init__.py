"""Tests of ``dashboard/data/derived``."""
