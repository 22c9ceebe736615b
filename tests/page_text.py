"""The text of a Dash component tree as the callback endpoint returns it (JSON), for assertions on cards."""

from __future__ import annotations


def texts(node) -> list[str]:
    """Every string in ``node`` (a component as JSON, a list of them, or a string), in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for item in node for text in texts(item)]
    if isinstance(node, dict):
        return texts(node.get("props", {}).get("children"))
    return []


def card(kpis: list, card_id: str) -> list[str]:
    """The texts of the KPI card ``card_id`` among the Overzicht's card columns."""
    def find(node):
        if isinstance(node, list):
            return next((found for item in node if (found := find(item)) is not None), None)
        if isinstance(node, dict):
            props = node.get("props", {})
            return node if props.get("id") == card_id else find(props.get("children"))
        return None
    found = find(kpis)
    assert found is not None, f"no card {card_id}"
    return texts(found)
