"""Horizontal bar charts of counts per category (theme, region, kind of organisation) with their shares."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting
from dashboard.figures.style import PALETTE, SMALL_SIZE, add_subtitle, axis_json, empty_figure_json, layout_json

X_TITLE = "Aantal"


def share_figure(frame: pd.DataFrame, title: str, total: int | None = None, y_title: str = "") -> dict:
    """Draw ``frame``'s counts per label, largest on top, labelled '73 (56%)' of ``total`` or of their sum
    (as plotly JSON, see ``style.layout_json``)."""
    if frame.empty or int(frame["count"].sum()) == 0:
        return empty_figure_json(title=title)
    rows = frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    counts = [int(c) for c in rows["count"]]
    labels = [str(label) for label in rows["label"]]
    whole = int(total) if total is not None else sum(counts)
    shares = [formatting.percentage(c, whole) for c in counts]

    bar = {
        "type": "bar", "orientation": "h", "x": counts, "y": labels, "marker": {"color": PALETTE["blue"]},
        "text": [f"{formatting.number(c)} ({s})" for c, s in zip(counts, shares)], "textposition": "outside",
        "textfont": {"size": SMALL_SIZE + 1}, "cliponaxis": False,
        # The last item, the code of the bar's value, tells a click which filter it chose.
        "customdata": [[formatting.number(c), s, formatting.number(whole), code]
                       for c, s, code in zip(counts, shares, rows["code"] if "code" in rows else labels)],
        "hovertemplate": "<b>%{y}</b><br>Aantal: %{customdata[0]}<br>Aandeel: %{customdata[1]} van %{customdata[2]}"
                         "<extra></extra>",
        "showlegend": False,
    }
    layout = layout_json(title)
    layout["xaxis"] = axis_json(X_TITLE, range=[0, max(counts) * 1.25], tickformat=",d")
    layout["yaxis"] = axis_json(y_title, categoryorder="array", categoryarray=labels, autorange="reversed",
                                showgrid=False, ticklabelstandoff=8)
    if total is not None and sum(counts) > whole:
        add_subtitle(layout, f"Percentages van het totaal ({formatting.number(whole)}).<br>"
                             "Samen meer dan 100%: één item kan in meerdere categorieën vallen.", 110)
    return {"data": [bar], "layout": layout}
