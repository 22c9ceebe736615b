"""Requests, running and completed trajectories per period against the target, with the programme's events."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd

from dashboard import formatting
from dashboard.figures.style import GREY, PALETTE, SMALL_SIZE, axis_json, empty_figure_json, layout_json

TITLE = "Aanvragen, lopende en afgeronde trajecten"
X_TITLE = "Periode"
Y_TITLE = "Aantal"
RECEIVED_NAME = "Aanvragen (cumulatief)"
TARGET_COLOUR = PALETTE["vermillion"]
NOTE_NAME = "Notities"
NOTE_COLOUR = PALETTE["purple"]

# Stacked from the bottom up: (column, legend name, colour, bar pattern, text colour, legend rank).
STACK = (
    ("completed_cum", "Afgerond (administratief)", PALETTE["blue"], "", "white", 4),
    ("work_done_admin_open", "Werk klaar, administratie open", PALETTE["sky"], "/", "black", 3),
    ("in_progress", "Lopend, werk bezig", PALETTE["orange"], "", "black", 2),
)
# The Trajecten page's ``fase`` of each bar of the stack, for a click on it.
STACK_STAGES = {"completed_cum": "afgerond", "work_done_admin_open": "administratie-open", "in_progress": "werk-bezig"}

# Event labels are staggered over levels at the top of the plot so that they never overlap. The widths are
# estimates for a half-width card on a 1366 px laptop, so they err on the side of an extra level.
PLOT_WIDTH_PX = 600
CHAR_WIDTH_PX = 8.0
LABEL_PADDING_PX = 14
LEVEL_HEIGHT = 0.075  # paper units per level of event labels
MAX_LEVELS = 6
MAX_TICKS = 24  # weekly periods: label every second or third week rather than crowd the axis


@dataclass(frozen=True)
class EventMark:
    """One dotted line with its label: the category it stands on, the text, its level and its anchor."""

    category: str
    text: str
    level: int
    anchor: str


def _as_date(value: object) -> dt.date:
    """Return ``value`` (a date, datetime, Timestamp or ISO string) as a plain date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def _period_end(starts: list[dt.date]) -> dt.date:
    """Return the first day after the last period: a month when periods start on the 1st, else the last step."""
    last = starts[-1]
    steps = [(b - a).days for a, b in zip(starts, starts[1:])]
    if all(d.day == 1 for d in starts) and all(28 <= s <= 31 for s in steps):
        return dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    if steps:
        return last + dt.timedelta(days=steps[-1])
    return last + dt.timedelta(days=7)


def _period_indexes(starts: list[dt.date], days) -> list[tuple[int | None, dt.date]]:
    """For each of ``days``: the index of the period it falls in (None outside the periods) and the day itself."""
    end = _period_end(starts)
    found = []
    for value in days:
        day = _as_date(value)
        inside = starts[0] <= day < end
        found.append((max(i for i, start in enumerate(starts) if start <= day) if inside else None, day))
    return found


def note_trace(starts: list[dt.date], labels: list[str], notes: pd.DataFrame | None, height: float) -> dict | None:
    """The project leaders' notes as numbered diamonds at ``height`` on their periods (the number is the note's
    place in ``notes``, as in the page's list); the hover gives each note's date, subject and text."""
    if notes is None or notes.empty or not starts:
        return None
    by_index: dict[int, list[tuple[int, str]]] = {}
    for number, ((index, day), text, about) in enumerate(
            zip(_period_indexes(starts, notes["noted_on"]), notes["text"], note_subjects(notes)), start=1):
        if index is not None:
            line = f"{number}. {formatting.date(day)}{f' ({about})' if about else ''}: {html.escape(str(text))}"
            by_index.setdefault(index, []).append((number, line))
    if not by_index:
        return None
    shown = sorted(by_index)
    return {
        "type": "scatter", "name": NOTE_NAME, "x": [labels[i] for i in shown], "y": [height] * len(shown),
        "mode": "markers+text", "cliponaxis": False,
        "marker": {"symbol": "diamond", "size": 15, "color": NOTE_COLOUR, "line": {"color": "white", "width": 1}},
        "text": [", ".join(str(number) for number, _ in by_index[i]) for i in shown], "textposition": "top center",
        "textfont": {"size": SMALL_SIZE, "color": "#222222"},
        "customdata": ["<br>".join(line for _, line in by_index[i]) for i in shown],
        "hovertemplate": f"{NOTE_NAME}:<br>%{{customdata}}<extra></extra>", "legendrank": 5,
    }


def note_subjects(notes: pd.DataFrame) -> list[str]:
    """What each note is about, in words: '' for the programme, else its organisation or province."""
    return ["" if scope == "programme" else str(organisation if scope == "organisation" else province)
            for scope, organisation, province in zip(notes["scope"], notes["organisation"], notes["province"])]


def event_marks(starts: list[dt.date], labels: list[str], events: pd.DataFrame | None) -> list[EventMark]:
    """Place each event within the periods on its period's category; events on one period share a label."""
    if events is None or events.empty or not starts:
        return []
    by_index: dict[int, list[tuple[dt.date, str]]] = {}
    for (index, day), label in zip(_period_indexes(starts, events["occurred_on"]), events["label"]):
        if index is not None:
            by_index.setdefault(index, []).append((day, str(label)))

    n = len(starts)
    category_px = PLOT_WIDTH_PX / n
    levels: list[list[tuple[float, float]]] = []
    marks = []
    for index in sorted(by_index):
        text = " / ".join(label for _, label in sorted(by_index[index]))
        centre = (index + 0.5) * category_px
        width = len(text) * CHAR_WIDTH_PX + LABEL_PADDING_PX
        anchor = "left" if centre + width <= PLOT_WIDTH_PX else "right"
        span = (centre, centre + width) if anchor == "left" else (centre - width, centre)
        for level, taken in enumerate(levels):
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                break
        else:
            level = len(levels)
            levels.append([])
        level = min(level, MAX_LEVELS - 1)
        levels[level].append(span)
        marks.append(EventMark(category=labels[index], text=text, level=level, anchor=anchor))
    return marks


def _target_line(target: int, note: str = "") -> tuple[dict, dict]:
    """The dashed line at ``target`` over the plot's full width (the shape of plotly's ``add_hline``) and its
    label at the left, with ``note`` (e.g. that the target is national) after it."""
    line = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": target, "y1": target,
            "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"}}
    label = {"text": f"Doel: {formatting.number(target)} aanvragen{note}", "xref": "paper", "x": 0, "xanchor": "left",
             "yref": "y", "y": target, "yanchor": "bottom", "showarrow": False,
             "font": {"color": TARGET_COLOUR, "size": SMALL_SIZE}, "bgcolor": "rgba(255,255,255,0.85)"}
    return line, label


def _event_line(mark: EventMark) -> tuple[dict, dict]:
    """The dotted line of ``mark`` from the bottom of the plot to its level, and its label hanging from there."""
    top = 1 - LEVEL_HEIGHT * mark.level
    line = {"type": "line", "xref": "x", "x0": mark.category, "x1": mark.category, "yref": "paper", "y0": 0,
            "y1": top, "line": {"color": GREY, "width": 1.5, "dash": "dot"}, "layer": "above"}
    label = {"text": mark.text, "xref": "x", "x": mark.category, "xanchor": mark.anchor,
             "xshift": 3 if mark.anchor == "left" else -3, "yref": "paper", "y": top, "yanchor": "top",
             "showarrow": False, "font": {"color": "#222222", "size": SMALL_SIZE},
             "bgcolor": "rgba(255,255,255,0.85)"}
    return line, label


def timeline_figure(frame: pd.DataFrame, events: pd.DataFrame | None, target: int, target_note: str = "",
                    notes: pd.DataFrame | None = None) -> dict:
    """Draw stacked trajectories per period, cumulative requests, the target line (with ``target_note``), dotted
    event lines and the notes (``queries.notes``) as numbered diamonds (as plotly JSON, see
    ``style.layout_json``)."""
    columns = ["received_cum"] + [column for column, *_ in STACK]
    if frame.empty or int(frame[columns].to_numpy().sum()) == 0:
        return empty_figure_json(title=TITLE)
    rows = frame.assign(_start=frame["period_start"].map(_as_date)).sort_values("_start", kind="stable")
    starts = list(rows["_start"])
    labels = [str(label) for label in rows["label"]]
    last = len(labels) - 1
    # The last day of each period (the day before the next starts; the last is cut off at the as-of date by a click).
    ends = [(day - dt.timedelta(days=1)).isoformat() for day in [*starts[1:], _period_end(starts)]]

    traces = []
    for column, name, colour, pattern, text_colour, rank in STACK:
        values = [int(v) for v in rows[column]]
        traces.append({
            "type": "bar", "name": name, "x": labels, "y": values,
            "marker": {"color": colour, "pattern": {"shape": pattern, "fgcolor": "white", "solidity": 0.3}},
            # Only the latest period is labelled: it is the state the committee asks about.
            "text": [formatting.number(v) if i == last and v else "" for i, v in enumerate(values)],
            "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
            "textfont": {"color": text_colour, "size": SMALL_SIZE},
            "customdata": [[formatting.number(v), end, STACK_STAGES[column]] for v, end in zip(values, ends)],
            "hovertemplate": f"{name}: %{{customdata[0]}}<extra></extra>", "legendrank": rank,
        })
    received = [int(v) for v in rows["received_cum"]]
    traces.append({
        "type": "scatter", "name": RECEIVED_NAME, "x": labels, "y": received, "mode": "lines+markers+text",
        "line": {"color": PALETTE["black"], "width": 3},
        "marker": {"color": PALETTE["black"], "size": 8 if len(labels) <= 40 else 5, "symbol": "circle"},
        "text": [formatting.number(v) if i == last else "" for i, v in enumerate(received)],
        "textposition": "top center", "textfont": {"size": SMALL_SIZE + 1, "color": PALETTE["black"]},
        "cliponaxis": False, "customdata": [formatting.number(v) for v in received],
        "hovertemplate": f"{RECEIVED_NAME}: %{{customdata}}<extra></extra>", "legendrank": 1,
    })

    marks = event_marks(starts, labels, events)
    n_levels = max((mark.level + 1 for mark in marks), default=0)
    stacked = rows[[column for column, *_ in STACK]].sum(axis=1).max()
    data_top = max(int(stacked), max(received), int(target)) * 1.12
    free = 1 - LEVEL_HEIGHT * n_levels - (0.03 if n_levels else 0)
    noted = note_trace(starts, labels, notes, data_top * 0.96)
    if noted:
        traces.append(noted)
    lines_and_labels = (([_target_line(target, target_note)] if target > 0 else [])
                        + [_event_line(mark) for mark in marks])

    layout = layout_json(TITLE)
    layout["legend"]["traceorder"] = "normal"
    layout.update(
        xaxis=axis_json(X_TITLE, type="category", categoryorder="array", categoryarray=labels, tickangle=-45,
                        nticks=MAX_TICKS),
        yaxis=axis_json(Y_TITLE, range=[0, data_top / free], rangemode="tozero", tickformat=",d"),
        barmode="stack",
        bargap=0.25,
        hovermode="x unified",
        uniformtext={"mode": "hide", "minsize": SMALL_SIZE - 1},
    )
    if lines_and_labels:
        layout["shapes"] = [line for line, _ in lines_and_labels]
        layout["annotations"] = [label for _, label in lines_and_labels]
    return {"data": traces, "layout": layout}
