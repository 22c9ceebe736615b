"""Tests of ``dashboard/data/transfer``."""
