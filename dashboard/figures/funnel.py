"""The funnel from request to completed trajectory, with withdrawn and rejected requests set apart."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting
from dashboard.figures.style import GREY, PALETTE, SMALL_SIZE, axis_json, empty_figure_json, layout_json

STAGE_ORDER = ("received", "intake", "running", "work_finished", "completed", "withdrawn", "rejected")
PATH_KIND = "pad"
DROPOUT_KIND = "uitval"

TITLE = "Van aanvraag tot afgerond traject"
X_TITLE = "Aantal aanvragen"
PATH_NAME = "Fase bereikt"
DROPOUT_NAME = "Uitval (teruggetrokken of afgewezen)"
# Extra vertical space, in bar slots, between the path stages and the drop-outs.
GAP = 0.7


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` sorted path first, then drop-outs, each in ``STAGE_ORDER`` (unknown stages last)."""
    rank = {stage: i for i, stage in enumerate(STAGE_ORDER)}
    ordered = frame.assign(
        _group=(frame["kind"] != PATH_KIND).astype(int),
        _rank=frame["stage"].map(lambda stage: rank.get(stage, len(rank))),
    )
    return ordered.sort_values(["_group", "_rank"], kind="stable").reset_index(drop=True)


def funnel_figure(frame: pd.DataFrame) -> dict:
    """Draw how many requests reached each stage (with their share of received) and how many dropped out (as
    plotly JSON, see ``style.layout_json``)."""
    if frame.empty or int(frame["count"].sum()) == 0:
        return empty_figure_json(title=TITLE)
    rows = _ordered(frame)
    received_rows = rows.loc[rows["stage"] == "received", "count"]
    received = int(received_rows.iloc[0]) if len(received_rows) else 0

    path = rows[rows["kind"] == PATH_KIND]
    dropouts = rows[rows["kind"] != PATH_KIND]
    path_y = list(range(len(path)))
    dropout_y = [len(path) + GAP + i for i in range(len(dropouts))]

    def share_text(count: int) -> str:
        """Return the share of received requests, e.g. '87%', or '–' when nothing was received."""
        return formatting.percentage(count, received)

    traces = []
    for part, positions, name, colour, pattern, with_share in (
        (path, path_y, PATH_NAME, PALETTE["blue"], "", True),
        (dropouts, dropout_y, DROPOUT_NAME, PALETTE["vermillion"], "/", False),
    ):
        if part.empty:
            continue
        counts = [int(c) for c in part["count"]]
        texts = [
            f"{formatting.number(c)} ({share_text(c)})" if with_share and received else formatting.number(c)
            for c in counts
        ]
        # The last item, the stage, tells a click which trajectories the bar counted.
        customdata = [[label, formatting.number(c), share_text(c), stage]
                      for label, c, stage in zip(part["label"], counts, part["stage"])]
        traces.append({
            "type": "bar", "name": name, "orientation": "h", "x": counts, "y": positions, "width": 0.72,
            "marker": {"color": colour, "pattern": {"shape": pattern, "fgcolor": "white", "solidity": 0.25}},
            "text": texts, "textposition": "outside", "textfont": {"size": SMALL_SIZE + 1}, "cliponaxis": False,
            "customdata": customdata,
            "hovertemplate": ("<b>%{customdata[0]}</b><br>%{customdata[1]} aanvragen"
                              "<br>%{customdata[2]} van de ontvangen aanvragen<extra></extra>"),
        })

    layout = layout_json(TITLE)
    largest = int(rows["count"].max())
    layout["xaxis"] = axis_json(X_TITLE, range=[0, max(largest, 1) * 1.2], rangemode="tozero", tickformat=",d")
    layout["yaxis"] = axis_json(tickmode="array", tickvals=path_y + dropout_y,
                                ticktext=list(path["label"]) + list(dropouts["label"]), autorange="reversed",
                                showgrid=False, ticklabelstandoff=8)
    if len(path) and len(dropouts):
        divider = len(path) - 1 + (1 + GAP) / 2
        layout["shapes"] = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": divider,
                             "y1": divider, "line": {"color": GREY, "width": 1, "dash": "dot"}}]
    layout.update(bargap=0.2, showlegend=True)
    return {"data": traces, "layout": layout}
