"""Partial figure updates: on a live data change, send only the traces when nothing else changed.

Whether the layout changed cannot be told by comparing the new layout with the ``figure`` the browser sends
back as State: that is what plotly.js made of the figure it drew. Whole-number floats come back as ints (the
template's colour-scale stops ``0.0`` and ``1.0``, an axis range ending at ``85.0``); axes gain a computed
``range`` and ``type``; ``autorange: "reversed"`` becomes ``true`` with a reversed range; ``autosize`` appears
once the graph has been resized. So every figure leaves the server with a fingerprint of its layout in
``layout.meta`` (plotly.js's place for the user's own data, which it keeps as it was given), and the
fingerprint the browser hands back is compared with that of the new layout.
"""

from __future__ import annotations

import hashlib
import json

from dash import Patch

FINGERPRINT = "layout"
"""The key in ``layout.meta`` holding the fingerprint of the layout the server built."""


def layout_fingerprint(layout: dict) -> str:
    """A short digest of the plotly JSON ``layout``, the same for equal layouts."""
    text = json.dumps(layout, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _stamped(figure: dict) -> tuple[dict, str]:
    """``figure`` with the fingerprint of its layout in ``layout.meta``, and the fingerprint."""
    layout = figure["layout"]
    meta = layout.get("meta", {})
    if not isinstance(meta, dict):
        raise ValueError("layout.meta must be a dict: figure_update keeps the layout's fingerprint in it")
    own = {key: value for key, value in meta.items() if key != FINGERPRINT}
    built = {**layout, "meta": own} if own else {key: value for key, value in layout.items() if key != "meta"}
    fingerprint = layout_fingerprint(built)
    return {**figure, "layout": {**built, "meta": {**own, FINGERPRINT: fingerprint}}}, fingerprint


def _shown_fingerprint(shown: dict) -> str | None:
    """The fingerprint the figure the browser shows carries, if any."""
    meta = (shown.get("layout") or {}).get("meta")
    return meta.get(FINGERPRINT) if isinstance(meta, dict) else None


def figure_update(figure: dict, shown: dict | None) -> dict | Patch:
    """A Patch of just the traces when ``shown`` (the figure the browser shows, or None) has the layout of the
    plotly JSON ``figure``, else the whole ``figure``, with its layout's fingerprint in ``layout.meta``.

    Axis ranges, category order, target line and event marks live in the
    layout; when any of them changes (or the chart showed the empty state),
    the whole figure is sent so nothing goes stale.
    """
    stamped, fingerprint = _stamped(figure)
    if shown and _shown_fingerprint(shown) == fingerprint:
        patch = Patch()
        patch["data"] = stamped["data"]
        return patch
    return stamped
