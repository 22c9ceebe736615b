"""Horizontal bar charts of counts per category (theme, region, kind of organisation) with their shares."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.style import PALETTE, SMALL_SIZE, base_layout, empty_figure

X_TITLE = "Aantal"


def share_figure(frame: pd.DataFrame, title: str, total: int | None = None, y_title: str = "") -> go.Figure:
    """Draw ``frame``'s counts per label, largest on top, labelled '73 (56%)' of ``total`` or of their sum."""
    if frame.empty or int(frame["count"].sum()) == 0:
        return empty_figure(title=title)
    rows = frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    counts = [int(c) for c in rows["count"]]
    labels = [str(label) for label in rows["label"]]
    whole = int(total) if total is not None else sum(counts)
    shares = [formatting.percentage(c, whole) for c in counts]

    fig = go.Figure(go.Bar(
        orientation="h",
        x=counts,
        y=labels,
        marker={"color": PALETTE["blue"]},
        text=[f"{formatting.number(c)} ({s})" for c, s in zip(counts, shares)],
        textposition="outside",
        textfont={"size": SMALL_SIZE + 1},
        cliponaxis=False,
        customdata=[[formatting.number(c), s, formatting.number(whole)] for c, s in zip(counts, shares)],
        hovertemplate="<b>%{y}</b><br>Aantal: %{customdata[0]}<br>Aandeel: %{customdata[1]} van %{customdata[2]}"
                      "<extra></extra>",
        showlegend=False,
    ))
    base_layout(fig, title, x_title=X_TITLE, y_title=y_title)
    fig.update_xaxes(range=[0, max(counts) * 1.25], tickformat=",d")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", showgrid=False,
                     ticklabelstandoff=8)
    if total is not None and sum(counts) > whole:
        fig.update_layout(title_subtitle={
            "text": f"Percentages van het totaal ({formatting.number(whole)}).<br>"
                    "Samen meer dan 100%: één item kan in meerdere categorieën vallen.",
            "font": {"size": SMALL_SIZE},
        })
        fig.update_layout(margin_t=110)
    return fig
