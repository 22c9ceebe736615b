"""Derived tables kept in step with every write: monthly levels, gemeente levels, capacity and allocations.

Only this package writes them; ``queries`` reads them while they match the data.
"""
