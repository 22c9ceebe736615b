"""The evaluation forms as figures: mean mark per aspect with its interval, the spread of marks, and breakdowns.

Pure builders: small DataFrames in (from ``dashboard.data.queries.evaluations``,
breakdowns already passed through ``suppress_small_groups``), figures out as plotly JSON
dicts (``go.Figure(...)`` reads one back): validating seven ``go.Figure`` objects took longer than all the
page's queries.
Marks are on the Dutch school scale of 1 to 10; below 6 is insufficient.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import pandas as pd
from plotly.subplots import make_subplots

from dashboard import formatting
from dashboard.figures.style import GREY, PALETTE, SMALL_SIZE, add_subtitle, axis_json, empty_figure_json, layout_json
from dashboard.statistics import COMPLEMENTARY, SMALL, MeanInterval

MARK_MIN, MARK_MAX = 1, 10
PASS_MARK = 6
MARK_AXIS = "Gemiddeld cijfer (schaal 1-10)"
AXIS_START = 4  # marks below 4 are rare; the axis starts lower only when a mean does
MAX_GROUPS = 15
"""A breakdown shows at most this many groups, so that each stays readable on a projector."""
COUNTS_UP_TO = 1_000
"""The mark distribution labels its dots with counts below this, with percentages from it on (they fit)."""
NO_FORMS = "Nog geen evaluatieformulieren ontvangen"
ASPECTS_TITLE = "Gemiddeld cijfer per aspect, met 95%-betrouwbaarheidsinterval"
DISTRIBUTION_TITLE = "Verdeling van de cijfers per aspect"
MONTHLY_TITLE = "Cijfer en aantal formulieren per maand van ontvangst"
NUMBERS_AT = MARK_MAX + 0.35
"""Where the printed means and intervals start: a column right of the scale, clear of every error bar (which ends
at 10 at most)."""
TOP_WITH_OVERALL = 124
"""The top margin of a chart with a title, a one-line subtitle and the overall mean's label above the plot, so that
the label sits under the subtitle, not on it."""
HIDDEN_MARK = "niet getoond*"


def suppression_note(reason: str, threshold: int) -> str:
    """Why a group's mark is not shown, in Dutch ('' when it is shown)."""
    if reason == SMALL:
        return f"minder dan {threshold} formulieren: niet getoond"
    if reason == COMPLEMENTARY:
        return "niet getoond, anders is een kleine groep terug te rekenen"
    return ""


def small_groups_rule(threshold: int, stuurgroep_threshold: int) -> str:
    """The small-number rule as it applies to the reader: groups under ``threshold`` forms are hidden, or (0,
    the project leaders) they see every group that the stuurgroep, with ``stuurgroep_threshold``, does not."""
    if threshold:
        return (f"Groepen met minder dan {formatting.number(threshold)} formulieren worden niet getoond, zodat geen "
                "adviseur of opdrachtgever herkenbaar is; is er dan maar één kleine groep, dan blijft ook de "
                "kleinste andere groep weg, anders is hij terug te rekenen.")
    return (f"Voor de stuurgroep blijven groepen met minder dan {formatting.number(stuurgroep_threshold)} "
            "formulieren weg, zodat geen adviseur of opdrachtgever herkenbaar is; als projectleiding ziet u alle "
            "groepen.")


def selection_too_small(forms: int, threshold: int) -> str:
    """The message for a whole selection with fewer than ``threshold`` forms."""
    return (f"{formatting.number(forms)} {'formulier' if forms == 1 else 'formulieren'} in deze selectie; "
            f"minder dan {threshold}: niet getoond")


def interval_text(mean: float | None, low: float | None, high: float | None) -> str:
    """'7,5 (7,3–7,7)'; just the mean when there is no interval."""
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "–"
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return formatting.number(mean, 1)
    return f"{formatting.number(mean, 1)} ({formatting.number(low, 1)}–{formatting.number(high, 1)})"


def wrap_label(label: str, width: int = 20) -> str:
    """Break a long category label over lines (Plotly's ``<br>``), so the plot keeps its width."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def _forms(n: int) -> str:
    """'1 formulier' / '12 formulieren'."""
    return f"{formatting.number(n)} {'formulier' if n == 1 else 'formulieren'}"


def _clip(value: float) -> float:
    """Keep an interval end on the 1-10 scale (a t-interval of few forms can reach beyond it)."""
    return min(max(value, MARK_MIN), MARK_MAX)


def _interval_traces(labels: list[str], rows: pd.DataFrame, name: str, hover_title: list[str]) -> list[dict]:
    """A dot per row at its mean with error bars for its interval, and the numbers printed in a column right of
    the scale (``NUMBERS_AT``), never on an error bar or the overall line."""
    means = [float(m) for m in rows["mean"]]
    lows = [_clip(float(v)) if pd.notna(v) else m for v, m in zip(rows["ci_low"], means)]
    highs = [_clip(float(v)) if pd.notna(v) else m for v, m in zip(rows["ci_high"], means)]
    texts = [interval_text(m, lo, hi) for m, lo, hi in zip(rows["mean"], rows["ci_low"], rows["ci_high"])]
    hover = [
        f"<b>{title}</b><br>Gemiddeld cijfer: {formatting.number(m, 1)}<br>"
        + (f"95%-betrouwbaarheidsinterval: {formatting.number(lo, 1)} – {formatting.number(hi, 1)}<br>"
           if pd.notna(lo) and pd.notna(hi) else "Geen interval: één formulier<br>")
        + f"{_forms(int(n))}"
        for title, m, lo, hi, n in zip(hover_title, means, rows["ci_low"], rows["ci_high"], rows["forms"])
    ]
    dots = {
        "type": "scatter", "x": means, "y": labels, "mode": "markers", "name": name,
        "marker": {"color": PALETTE["blue"], "size": 13, "symbol": "circle", "line": {"color": "white", "width": 1}},
        "error_x": {"type": "data", "symmetric": False, "array": [h - m for h, m in zip(highs, means)],
                    "arrayminus": [m - lo for m, lo in zip(means, lows)], "color": PALETTE["blue"],
                    "thickness": 2.5, "width": 7},
        "hovertext": hover, "hoverinfo": "text", "showlegend": True,
    }
    numbers = {
        "type": "scatter", "x": [NUMBERS_AT] * len(labels), "y": labels, "mode": "text", "text": texts,
        "textposition": "middle right", "textfont": {"size": SMALL_SIZE, "color": "#222222"}, "hoverinfo": "skip",
        "showlegend": False, "cliponaxis": False,
    }
    return [dots, numbers]


def _vertical_line(x: float, line: dict) -> dict:
    """A line at ``x`` over the plot's full height (the shape of plotly's ``add_vline``)."""
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}


def _overall_line(layout: dict, overall: MeanInterval | None, label: str) -> None:
    """A dashed vertical line at the overall mean with its interval as a light band, labelled in text."""
    if overall is None or overall.mean is None:
        return
    shapes = layout.setdefault("shapes", [])
    if overall.low is not None and overall.high is not None:
        shapes.append({"type": "rect", "x0": _clip(overall.low), "x1": _clip(overall.high), "xref": "x", "y0": 0,
                       "y1": 1, "yref": "y domain", "fillcolor": PALETTE["sky"], "opacity": 0.18, "line": {"width": 0},
                       "layer": "below"})
    shapes.append(_vertical_line(overall.mean, {"color": PALETTE["black"], "dash": "dash", "width": 1.5}))
    layout.setdefault("annotations", []).append({
        "x": overall.mean, "y": 1, "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
        "text": f"{label}: {formatting.number(overall.mean, 1)}", "font": {"size": SMALL_SIZE, "color": "#222222"},
        "bgcolor": "white"})


def axis_start(means) -> int:
    """The first mark on the axis: 4, or lower when a mean lies below 5 (dots need no zero baseline)."""
    values = [float(m) for m in means if pd.notna(m)]
    return max(MARK_MIN, min([AXIS_START, *(math.floor(v) - 1 for v in values)]))


def _mark_axis(start: int) -> dict:
    """The mark axis from ``start`` to 10 with whole-number ticks, and room on the right for the printed numbers."""
    return {"range": [start - 0.2, MARK_MAX + 2.7], "tickvals": list(range(start, MARK_MAX + 1)), "zeroline": False}


def _category_axis(labels: list[str], **properties) -> dict:
    """An axis of ``labels`` in their own order, the first on top."""
    return {"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "ticklabelstandoff": 8,
            **properties}


def aspect_means_figure(aspects: pd.DataFrame, overall: MeanInterval | None = None,
                        suppressed: str | None = None, earlier: pd.DataFrame | None = None,
                        earlier_name: str = "") -> dict:
    """The report's Figure 5 done well: per aspect the mean mark with its 95% t-interval, and the overall mean.

    ``aspects`` has label, forms, mean, ci_low, ci_high (``aspect_summary``);
    ``suppressed`` replaces the chart by that message (too few forms); ``earlier`` (the same, on a comparison
    date) adds each aspect's mean then as a faint open diamond, named ``earlier_name`` in the legend.
    """
    if suppressed:
        return empty_figure_json(suppressed, ASPECTS_TITLE)
    shown = aspects[aspects["forms"] > 0] if not aspects.empty else aspects
    if shown.empty:
        return empty_figure_json(NO_FORMS, ASPECTS_TITLE)
    labels = [wrap_label(label) for label in shown["label"]]
    layout = layout_json(ASPECTS_TITLE, x_title=MARK_AXIS)
    layout["xaxis"].update(_mark_axis(axis_start(shown["mean"])))
    layout["yaxis"].update(_category_axis(labels, showgrid=False))
    if overall is not None and overall.mean is not None:
        _overall_line(layout, overall, "alle aspecten")
        add_subtitle(layout, f"{_forms(overall.n)}; over alle aspecten gemiddeld "
                             f"{interval_text(overall.mean, overall.low, overall.high)}", TOP_WITH_OVERALL)
    layout["showlegend"] = True
    layout["margin"]["b"] = 64
    traces = _interval_traces(labels, shown, "Gemiddelde met 95%-betrouwbaarheidsinterval",
                              [str(label) for label in shown["label"]])
    if earlier is not None and not earlier.empty:
        then = earlier[(earlier["forms"] > 0) & earlier["label"].isin(shown["label"])]
        traces.append({
            "type": "scatter", "mode": "markers", "name": earlier_name, "x": [float(m) for m in then["mean"]],
            "y": [wrap_label(label) for label in then["label"]],
            "marker": {"symbol": "diamond-open", "size": 13, "color": GREY, "line": {"width": 2, "color": GREY}},
            "hovertemplate": f"<b>%{{y}}</b><br>{earlier_name}: %{{x:.1f}}<extra></extra>",
        })
    return {"data": traces, "layout": layout}


def mark_distribution_figure(distribution: pd.DataFrame, suppressed: str | None = None) -> dict:
    """How many forms gave each mark, per aspect: a dot per mark sized and labelled by its count.

    Insufficient marks (below 6) are orange squares, sufficient ones blue
    circles, so the difference shows by shape and position, not colour alone.
    """
    if suppressed:
        return empty_figure_json(suppressed, DISTRIBUTION_TITLE)
    if distribution.empty or int(distribution["count"].sum()) == 0:
        return empty_figure_json(NO_FORMS, DISTRIBUTION_TITLE)
    rows = distribution[distribution["count"] > 0]
    labels = list(dict.fromkeys(wrap_label(label) for label in rows["label"]))
    totals = rows.groupby("label")["count"].sum().to_dict()
    largest = int(rows["count"].max())
    shares = largest >= COUNTS_UP_TO  # larger counts do not fit in a dot: show the share of the aspect's forms
    traces = []
    for name, mask, colour, symbol, text_colour in (
        ("Onvoldoende (lager dan 6)", rows["mark"] < PASS_MARK, PALETTE["orange"], "square", "#000000"),
        ("Voldoende (6 of hoger)", rows["mark"] >= PASS_MARK, PALETTE["blue"], "circle", "#ffffff"),
    ):
        part = rows[mask]
        if part.empty:
            continue
        counts = [int(c) for c in part["count"]]
        traces.append({
            "type": "scatter", "x": [int(m) for m in part["mark"]], "y": [wrap_label(label) for label in part["label"]],
            "mode": "markers+text", "name": name, "textposition": "middle center",
            "text": [formatting.percentage(c, totals[label]) if shares else formatting.number(c)
                     for label, c in zip(part["label"], counts)],
            "textfont": {"size": SMALL_SIZE - 1, "color": text_colour},
            "marker": {"color": colour, "symbol": symbol, "line": {"color": "white", "width": 1},
                       "size": [20 + 26 * math.sqrt(c / largest) for c in counts]},
            "hovertext": [f"<b>{label}</b><br>Cijfer {int(mark)}: {_forms(c)} van "
                          f"{formatting.number(totals[label])} ({formatting.percentage(c, totals[label])})"
                          for label, mark, c in zip(part["label"], part["mark"], counts)],
            "hoverinfo": "text", "cliponaxis": False,
        })
    layout = layout_json(DISTRIBUTION_TITLE, x_title="Cijfer (1-10); het getal is " + (
        "het % van de formulieren" if shares else "het aantal formulieren"))
    start = max(MARK_MIN, min(AXIS_START, int(rows["mark"].min())))
    layout["xaxis"].update(range=[start - 0.5, MARK_MAX + 0.5], tickvals=list(range(start, MARK_MAX + 1)),
                           zeroline=False, showgrid=False)
    layout["yaxis"].update(_category_axis(labels))
    layout["shapes"] = [_vertical_line(PASS_MARK - 0.5, {"color": GREY, "dash": "dot", "width": 1.5})]
    layout["margin"]["b"] = 64
    return {"data": traces, "layout": layout}


def breakdown_figure(frame: pd.DataFrame, title: str, group_title: str, threshold: int,
                     overall: MeanInterval | None = None, suppressed: str | None = None) -> dict:
    """Per group the mean mark with its 95% interval and number of forms; small groups say they are hidden.

    ``frame`` comes from ``breakdown`` through ``suppress_small_groups``
    (label, forms, mean, ci_low, ci_high, suppressed); groups without forms are left out.
    ``suppressed`` replaces the chart by that message (the whole selection has too few forms).
    """
    if suppressed:
        return empty_figure_json(suppressed, title)
    rows = frame[frame["forms"] > 0] if not frame.empty else frame
    if rows.empty:
        return empty_figure_json(NO_FORMS, title)
    subtitle = f"{group_title}; tussen haakjes het aantal formulieren"
    if len(rows) > MAX_GROUPS:  # more rows would not be readable: the largest groups, in their own order
        subtitle += (f"<br>De {MAX_GROUPS} met de meeste formulieren, van {formatting.number(len(rows))}; "
                     "alle staan in de download")
        rows = rows.loc[sorted(rows.nlargest(MAX_GROUPS, "forms", keep="first").index)]
    labels = [f"{label} ({formatting.number(n)})" for label, n in zip(rows["label"], rows["forms"])]
    hidden = (rows["suppressed"] != "").to_numpy()
    start = axis_start(rows["mean"])
    layout = layout_json(title, x_title=MARK_AXIS)
    traces = []
    if (~hidden).any():
        shown = rows[~hidden]
        traces += _interval_traces([lab for lab, h in zip(labels, hidden) if not h], shown,
                                   "Gemiddelde met 95%-betrouwbaarheidsinterval", [str(label) for label in shown["label"]])
    if hidden.any():
        notes = [suppression_note(reason, threshold) for reason in rows["suppressed"][hidden]]
        hidden_labels = [lab for lab, h in zip(labels, hidden) if h]
        # Invisible points carry the hover; the notes are annotations on white, readable over the overall line.
        traces.append({
            "type": "scatter", "x": [start + 1] * len(notes), "y": hidden_labels, "mode": "markers",
            "marker": {"opacity": 0, "size": 18},
            "hovertext": [f"<b>{label}</b><br>{_forms(int(n))}: {note}" for label, n, note in
                          zip(rows["label"][hidden], rows["forms"][hidden], notes)],
            "hoverinfo": "text", "name": "Niet getoond", "showlegend": False,
        })
        layout["annotations"] = [{"x": start, "y": label, "text": note, "showarrow": False, "xanchor": "left",
                                  "bgcolor": "white", "font": {"size": SMALL_SIZE - 1, "color": GREY}}
                                 for label, note in zip(hidden_labels, notes)]
    layout["xaxis"].update(_mark_axis(start))
    layout["yaxis"].update(_category_axis(labels, showgrid=False))
    _overall_line(layout, overall, "alle formulieren")
    layout["showlegend"] = False
    add_subtitle(layout, subtitle, TOP_WITH_OVERALL + 30 * subtitle.count("<br>"))
    return {"data": traces, "layout": layout}


MONTHLY_AXES = {name: axis for name, axis in make_subplots(
    rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.08).layout.to_plotly_json().items()
    if name.startswith(("xaxis", "yaxis"))}
"""The axes of the chart of marks (top) and forms (bottom) per month, as ``make_subplots`` lays them out."""


def hidden_months_note(reasons, threshold: int) -> str:
    """The footnote to ``HIDDEN_MARK``: why the months' means are not shown (the ``reasons`` that occur)."""
    why = []
    if SMALL in reasons:
        why.append(f"minder dan {formatting.number(threshold)} formulieren in de maand")
    if COMPLEMENTARY in reasons:
        why.append("de kleinste andere maand, anders is een maand met minder dan "
                   f"{formatting.number(threshold)} formulieren terug te rekenen")
    return "* Geen gemiddelde getoond: " + "; of ".join(why) + "."


def monthly_figure(frame: pd.DataFrame, threshold: int, through: dt.date | None = None,
                   as_of: dt.date | None = None) -> dict:
    """Per month of receipt: the mean mark with its interval (top) and the number of forms (bottom).

    A month whose mean is hidden says so (``HIDDEN_MARK``) with a footnote saying why. When the months run
    ``through`` the last form's date and it lies in a month before ``as_of``'s, the subtitle says that no forms
    came in after it.
    """
    if frame.empty or int(frame["forms"].sum()) == 0:
        return empty_figure_json(NO_FORMS, MONTHLY_TITLE)
    months = [str(label) for label in frame["label"]]
    counts = [int(n) for n in frame["forms"]]
    reasons = list(frame["suppressed"]) if "suppressed" in frame else [""] * len(frame)
    shown = [n > 0 and not r for n, r in zip(counts, reasons)]
    means = [float(m) if s else None for m, s in zip(frame["mean"], shown)]
    lows = [_clip(float(v)) if s and pd.notna(v) else m for v, m, s in zip(frame["ci_low"], means, shown)]
    highs = [_clip(float(v)) if s and pd.notna(v) else m for v, m, s in zip(frame["ci_high"], means, shown)]
    marks = {"xaxis": "x", "yaxis": "y"}
    traces = [{
        "type": "scatter", **marks, "x": months, "y": means, "mode": "markers",
        "name": "Gemiddelde met 95%-betrouwbaarheidsinterval",
        "marker": {"color": PALETTE["blue"], "size": 12, "line": {"color": "white", "width": 1}},
        "error_y": {"type": "data", "symmetric": False,
                    "array": [h - m if m is not None else None for h, m in zip(highs, means)],
                    "arrayminus": [m - lo if m is not None else None for m, lo in zip(means, lows)],
                    "color": PALETTE["blue"], "thickness": 2.5, "width": 6},
        "hovertext": [f"<b>{month}</b><br>Gemiddeld cijfer: {interval_text(m, lo, hi)}<br>{_forms(n)}"
                      if s else f"<b>{month}</b><br>{_forms(n)}" for month, m, lo, hi, n, s in
                      zip(months, frame["mean"], frame["ci_low"], frame["ci_high"], counts, shown)],
        "hoverinfo": "text",
    }]
    start = axis_start(means)
    hidden = [i for i, (n, r) in enumerate(zip(counts, reasons)) if n > 0 and r]
    if hidden:
        traces.append({
            "type": "scatter", **marks, "x": [months[i] for i in hidden], "y": [start + 0.5] * len(hidden),
            "mode": "text", "text": [HIDDEN_MARK] * len(hidden), "textfont": {"size": SMALL_SIZE - 2, "color": GREY},
            "hovertext": [f"<b>{months[i]}</b><br>{_forms(counts[i])}: {suppression_note(reasons[i], threshold)}"
                          for i in hidden], "hoverinfo": "text", "showlegend": False,
        })
    traces.append({
        "type": "bar", "xaxis": "x2", "yaxis": "y2", "x": months, "y": counts, "name": "Formulieren ontvangen",
        "marker": {"color": PALETTE["sky"]}, "text": [formatting.number(n) if n else "" for n in counts],
        "textposition": "outside", "cliponaxis": False, "textfont": {"size": SMALL_SIZE - 1},
        "hovertext": [f"<b>{month}</b><br>{_forms(n)} ontvangen" for month, n in zip(months, counts)],
        "hoverinfo": "text",
    })
    layout = layout_json(MONTHLY_TITLE)
    month_axis = {"type": "category", "categoryorder": "array", "categoryarray": months}
    layout.update(
        xaxis=axis_json(**MONTHLY_AXES["xaxis"], **month_axis),
        yaxis=axis_json("Cijfer (1-10)", **MONTHLY_AXES["yaxis"], range=[start, MARK_MAX + 0.3],
                        tickvals=list(range(start, MARK_MAX + 1))),
        xaxis2=axis_json("Maand van ontvangst", **MONTHLY_AXES["xaxis2"], **month_axis, tickangle=-45),
        yaxis2=axis_json("Formulieren", **MONTHLY_AXES["yaxis2"], range=[0, max(counts) * 1.3], tickformat=",d",
                         rangemode="tozero"),
        showlegend=True, hovermode="closest")
    layout["margin"]["b"] = 72
    if through and as_of and (through.year, through.month) < (as_of.year, as_of.month):
        add_subtitle(layout, f"Tot en met {months[-1]}: van {formatting.date(through + dt.timedelta(days=1))} tot "
                             f"{formatting.date(as_of)} kwamen er geen formulieren binnen", 96)
    if hidden:  # the footnote under the month axis's title, where the axis makes room for it
        layout["xaxis2"]["title"]["text"] += (f"<br><span style='font-size:{SMALL_SIZE - 2}px;color:{GREY}'>"
                                              f"{hidden_months_note({reasons[i] for i in hidden}, threshold)}</span>")
    return {"data": traces, "layout": layout}
