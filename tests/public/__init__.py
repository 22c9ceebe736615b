"""Tests of the public, embeddable routes."""
