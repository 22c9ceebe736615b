"""Median lead times per month between request, start, work finished and administrative completion."""

from __future__ import annotations

import math

import pandas as pd

from dashboard import formatting
from dashboard.figures.style import GREY, PALETTE, axis_json, empty_figure_json, layout_json

TITLE = "Doorlooptijden per maand (mediaan)"
X_TITLE = "Maand waarin de tweede gebeurtenis viel"
Y_TITLE = "Mediaan (dagen)"

# measure code -> (Dutch name, colour, line dash, marker symbol); colour is never the only difference.
MEASURES: dict[str, tuple[str, str, str, str]] = {
    "request_to_start": ("Aanvraag → start", PALETTE["blue"], "solid", "circle"),
    "start_to_work_finished": ("Start → werk klaar", PALETTE["orange"], "dash", "square"),
    "start_to_completed": ("Start → administratief afgerond", PALETTE["green"], "dot", "diamond"),
}
FALLBACK_STYLE = (GREY, "dashdot", "triangle-up")


def _days(value: float) -> str:
    """Format a median in days: whole days without decimals, halves (medians of even n) with one."""
    return formatting.number(value, 0 if float(value).is_integer() else 1)


def lead_time_figure(frame: pd.DataFrame) -> dict:
    """Draw one line per measure of the monthly median lead time in days, with n in the hover (as plotly JSON,
    see ``style.layout_json``)."""
    usable = frame[frame["median_days"].notna() & (frame["n"] > 0)] if not frame.empty else frame
    if usable.empty:
        return empty_figure_json(title=TITLE)
    months = usable[["period_start", "label"]].drop_duplicates("period_start").sort_values("period_start")
    categories = [str(label) for label in months["label"]]
    label_of = dict(zip(months["period_start"], categories))

    known = [code for code in MEASURES if code in set(usable["measure"])]
    unknown = sorted(set(usable["measure"]) - set(MEASURES))
    traces = []
    for code in known + unknown:
        name, colour, dash, symbol = MEASURES.get(code, (str(code), *FALLBACK_STYLE))
        rows = usable[usable["measure"] == code]
        by_label = {label_of[start]: (float(m), int(n)) for start, m, n in
                    zip(rows["period_start"], rows["median_days"], rows["n"])}
        # Every month is present so that months without trajectories show as a gap, not a straight line.
        y = [by_label[c][0] if c in by_label else None for c in categories]
        customdata = [[_days(by_label[c][0]), formatting.number(by_label[c][1])] if c in by_label else ["", ""]
                      for c in categories]
        traces.append({
            "type": "scatter", "name": name, "x": categories, "y": y, "mode": "lines+markers", "connectgaps": False,
            "line": {"color": colour, "dash": dash, "width": 3},
            "marker": {"color": colour, "symbol": symbol, "size": 9},
            "customdata": customdata,
            "hovertemplate": f"<b>{name}</b><br>%{{x}}<br>Mediaan: %{{customdata[0]}} dagen "
                             "(n = %{customdata[1]})<extra></extra>",
        })
    highest = max(float(v) for v in usable["median_days"] if not math.isnan(v))
    layout = layout_json(TITLE)
    layout.update(
        xaxis=axis_json(X_TITLE, type="category", categoryorder="array", categoryarray=categories, tickangle=-45),
        yaxis=axis_json(Y_TITLE, range=[0, max(highest, 1) * 1.1], tickformat=",d"),
        hovermode="closest",
    )
    return {"data": traces, "layout": layout}
