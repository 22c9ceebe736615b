"""Callbacks, one module per page: inputs → query → figure or layout piece."""
