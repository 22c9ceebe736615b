"""The earlier state of a bar chart, drawn faintly over it: a thin hatched bar per category, named in the legend."""

from __future__ import annotations

from dashboard.figures.style import GREY

EARLIER_WIDTH = 0.3


def add_earlier(figure: dict, earlier: dict, now_name: str, earlier_name: str) -> dict:
    """Overlay ``earlier`` (the same chart at the comparison date) on ``figure`` as faint hatched bars.

    Both are plotly JSON from the same builder; an empty chart on either side is returned unchanged. The
    legend names both states in words ("Stand 30 nov 2007", "Stand 15 mrt 2007"), not by colour alone.
    """
    bars = [trace for trace in figure.get("data", []) if trace.get("type") == "bar"]
    before = [trace for trace in earlier.get("data", []) if trace.get("type") == "bar"]
    if not bars or not before:
        return figure
    for trace in bars:
        trace["name"] = f"{trace['name']} ({now_name})" if trace.get("name") else now_name
        trace["showlegend"] = True
    faint = []
    for index, trace in enumerate(before):
        faint.append({
            "type": "bar", "orientation": trace.get("orientation", "v"), "x": trace["x"], "y": trace["y"],
            "width": EARLIER_WIDTH, "name": earlier_name, "legendgroup": "earlier", "showlegend": index == 0,
            "marker": {"color": "rgba(255,255,255,0.6)", "line": {"color": GREY, "width": 1.5},
                       "pattern": {"shape": "x", "fgcolor": GREY, "size": 5, "solidity": 0.2}},
            "hovertemplate": f"<b>%{{y}}</b><br>{earlier_name}: %{{x}}<extra></extra>",
        })
    figure["data"] = figure["data"] + faint
    figure["layout"].update(barmode="overlay", showlegend=True)
    return figure
