"""The portfolio's small multiples: per programme its requests over time against an even pace to its target."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from dashboard import formatting
from dashboard.data.queries.portfolio import ProgrammeFigures
from dashboard.figures.style import GREY, PALETTE, SMALL_SIZE, axis_json, empty_figure_json, layout_json

COLUMNS = 3
ROW_HEIGHT = 300
TITLE = "Aanvragen per programma tegen een gelijkmatig tempo naar het doel"


def figure_height(programmes: int) -> int:
    """The height in pixels of the small multiples of ``programmes`` programmes (at least one row)."""
    return ROW_HEIGHT * max(1, math.ceil(programmes / COLUMNS)) + 110


def _axis(index: int, letter: str) -> str:
    """The plotly name of subplot ``index``'s axis: ``x``, ``x2``, ... (``xaxis``, ``xaxis2`` as layout keys)."""
    return letter if index == 0 else f"{letter}{index + 1}"


def burn_up_figure(figures: list[ProgrammeFigures], history: pd.DataFrame, as_of: dt.date) -> dict:
    """One small chart per programme: its requests at every month's end and on ``as_of`` (a solid line), the even
    pace from nothing at its start to its target at its end (dashed), and its target (dotted); a programme behind
    its pace says so in its title, not by colour alone."""
    if not figures:
        return empty_figure_json("Nog geen programma's", TITLE)
    rows = math.ceil(len(figures) / COLUMNS)
    layout = layout_json(TITLE)
    layout.update(grid={"rows": rows, "columns": min(COLUMNS, len(figures)), "pattern": "independent",
                        "ygap": 0.45, "xgap": 0.12},
                  showlegend=True, annotations=[])
    traces = []
    for index, figure in enumerate(figures):
        x, y = _axis(index, "x"), _axis(index, "y")
        own = history[(history["slug"] == figure.slug) & (history["month_end"] >= figure.starts_on)
                      & (history["month_end"] < as_of)]
        days = [figure.starts_on, *own["month_end"], *([as_of] if as_of >= figure.starts_on else [])]
        counts = [0, *own["received"].astype(int), *([figure.requests] if as_of >= figure.starts_on else [])]
        first = index == 0
        traces += [
            {"type": "scatter", "mode": "lines", "x": days, "y": counts, "xaxis": x, "yaxis": y,
             "name": "Aanvragen", "legendgroup": "aanvragen", "showlegend": first,
             "line": {"color": PALETTE["blue"], "width": 3},
             "hovertemplate": "%{x|%-d %b %Y}: %{y} aanvragen<extra>" + figure.slug + "</extra>"},
            {"type": "scatter", "mode": "lines", "x": [figure.starts_on, figure.ends_on], "y": [0, figure.target],
             "xaxis": x, "yaxis": y, "name": "Gelijkmatig tempo naar het doel", "legendgroup": "tempo",
             "showlegend": first, "line": {"color": PALETTE["orange"], "width": 2, "dash": "dash"},
             "hovertemplate": "gelijkmatig tempo: %{y:.0f} aanvragen op %{x|%-d %b %Y}<extra></extra>"},
            {"type": "scatter", "mode": "lines", "x": [figure.starts_on, figure.ends_on],
             "y": [figure.target, figure.target], "xaxis": x, "yaxis": y, "name": "Doel", "legendgroup": "doel",
             "showlegend": first, "line": {"color": GREY, "width": 1, "dash": "dot"},
             "hovertemplate": f"doel: {formatting.number(figure.target)} aanvragen<extra></extra>"},
        ]
        layout[f"xaxis{'' if first else index + 1}"] = axis_json(
            None, type="date", range=[figure.starts_on.isoformat(), figure.ends_on.isoformat()], tickformat="%b %Y",
            nticks=4)
        layout[f"yaxis{'' if first else index + 1}"] = axis_json(
            "Aanvragen", rangemode="tozero", range=[0, max(figure.target, figure.requests) * 1.1])
        pace = " · achter op schema" if figure.lags else ""
        layout["annotations"].append({
            "text": f"<b>{figure.name}</b><br>{formatting.number(figure.requests)} van "
                    f"{formatting.number(figure.target)} aanvragen{pace}",
            "xref": f"{x} domain", "yref": f"{y} domain", "x": 0, "y": 1.04, "xanchor": "left", "yanchor": "bottom",
            "showarrow": False, "align": "left", "font": {"size": SMALL_SIZE}})
    layout["margin"] = {**layout["margin"], "t": 110, "b": 70}
    return {"data": traces, "layout": layout}
