"""The CMO's figures: the utilisation heatmap (organisations × months, utilisation in %, the number printed in every
cell) and, with several programmes, the allocated dagdelen per organisation split by programme against capacity."""

from __future__ import annotations

import html

import pandas as pd

from dashboard import comparison, formatting
from dashboard.figures.style import GREY, PALETTE, SMALL_SIZE, add_subtitle, axis_json, empty_figure_json, layout_json

TITLE = "Bezetting per organisatie per maand"
X_TITLE = "Maand (stand op de laatste dag)"
Y_TITLE = "Organisatie"
COLORBAR_TITLE = "Bezetting (%)"
# Diverging at 100%: light blue below (spare capacity), near white at 100%, orange above (a gap) and
# quickly strong, so that a gap stands out more than spare capacity; blue and orange stay apart for the
# common colour-vision deficiencies. Colours run from 0% to 150%; higher values get the darkest orange.
Z_MAX = 150
CENTRE = 100 / Z_MAX
COLORSCALE = [[0.0, "#7fb1dd"], [CENTRE / 2, "#bcd8ef"], [CENTRE, "#f7f7f7"], [CENTRE + 0.001, "#fbd9b8"],
              [CENTRE + 0.1, "#f0a057"], [1.0, "#a84300"]]
NO_WORK = "–"
NO_CAPACITY = "geen"
OVER = "▲"
NOTE_MARK = "◆"
NOTE_COLOUR = "#7a3b69"  # a dark shade of Okabe-Ito's reddish purple, readable on every cell colour
EMPTY_MESSAGE = "Nog geen maanden om te tonen: de peildatum ligt vóór de eerste maand van het programma."


def heatmap_height(organisations: int) -> int:
    """Pixels for the heatmap's graph: 30 per organisation plus title and month labels, at least 320."""
    return max(320, 190 + 30 * organisations)


def split_height(organisations: int) -> int:
    """Pixels for the split by programme: 30 per organisation (so that the capacity marks of neighbouring rows stay
    apart) plus the title, subtitle, axis and legend, at least 360."""
    return max(360, 240 + 30 * organisations)


def cell_text(allocated: int, capacity: float, utilisation: float | None) -> str:
    """What a cell says: '–' without work, 'geen' without capacity, '▲125%' over capacity, else '64%'."""
    if allocated == 0:
        return NO_WORK
    if utilisation is None:
        return NO_CAPACITY
    rounded = formatting.number(utilisation)
    return f"{OVER}{rounded}%" if utilisation > 100 else f"{rounded}%"


def cell_colour_value(allocated: int, utilisation: float | None) -> float | None:
    """The value behind a cell's colour: None (blank) without work, the top of the scale without capacity."""
    if allocated == 0:
        return None
    if utilisation is None:
        return Z_MAX
    return min(utilisation, Z_MAX)


def hover_state(allocated: int, capacity: float, utilisation: float | None) -> str:
    """What a cell's hover says of its utilisation: no work, no capacity, '64%' or '125%, tekort 26 dagdelen'."""
    if allocated == 0:
        return "geen lopend werk"
    if utilisation is None:
        return "geen capaciteit: geen adviseur beschikbaar"
    state = f"{formatting.number(utilisation)}%"
    if utilisation > 100:
        state += f", tekort {formatting.number(allocated - capacity)} dagdelen"
    return state


def hover_template(horizon_weeks: int) -> str:
    """The Dutch hover of every cell: organisation and month from the axes, the rest from the cell's customdata
    (``hover_data``), so that each cell sends only its own few values."""
    return ("<b>%{y}</b><br>%{x} (stand %{customdata[0]})<br>Bezetting: %{customdata[1]}<br>Toegewezen: "
            f"%{{customdata[2]}} dagdelen<br>Capaciteit: %{{customdata[3]}} dagdelen in {horizon_weeks} weken"
            "<extra></extra>")


def hover_data(day, allocated: int, capacity: float, utilisation: float | None) -> list[str]:
    """A cell's values in ``hover_template``: the day it is measured on, its utilisation, allocated and capacity;
    last the day as ISO text, which tells a click on the cell the date of the trajectories it counted."""
    return [formatting.date(day), hover_state(allocated, capacity, utilisation), formatting.number(allocated),
            formatting.number(capacity), pd.Timestamp(day).date().isoformat()]


def month_label(day) -> str:
    """The heatmap's label of the month ``day`` lies in: 'okt 2006'."""
    day = pd.Timestamp(day)
    return f"{formatting.MONTHS[day.month - 1]} {day.year}"


def note_marks(notes: pd.DataFrame | None, labels: list[str], organisations: list[str]) -> list[dict]:
    """A ◆ in the top right corner of the cell of each note's organisation (``row``: for a province note its CMO)
    and month, with the notes of that cell as its hover text; notes off the heatmap are left out."""
    if notes is None or notes.empty:
        return []
    cells: dict[tuple[str, str], list[str]] = {}
    for day, row, text in zip(notes["noted_on"], notes["row"], notes["text"]):
        label = month_label(day)
        if isinstance(row, str) and row in organisations and label in labels:
            cells.setdefault((row, label), []).append(f"{formatting.date(pd.Timestamp(day).date())}: "
                                                      f"{html.escape(str(text))}")
    return [{"text": NOTE_MARK, "x": label, "y": row, "xref": "x", "yref": "y", "showarrow": False,
             "xanchor": "right", "yanchor": "top", "xshift": 9, "yshift": 13,
             "font": {"size": SMALL_SIZE - 2, "color": NOTE_COLOUR},
             "hovertext": f"<b>Notitie {row}</b><br>" + "<br>".join(lines),
             "hoverlabel": {"bgcolor": "white", "font": {"color": "#222222"}}}
            for (row, label), lines in cells.items()]


def comparison_line(months: list, compared) -> tuple[dict, dict] | None:
    """The dotted line between the months measured by the comparison date ``compared`` and those measured after
    it, labelled 'Stand 15 mrt 2007' above the plot (the line and its label; None when every month is older)."""
    compared = pd.Timestamp(compared)
    known = sum(1 for month in months if pd.Timestamp(month) + pd.offsets.MonthEnd(0) <= compared)
    if known == len(months):
        return None
    x = known - 0.5
    line = {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
            "line": {"color": "#222222", "width": 2, "dash": "dot"}, "layer": "above"}
    label = {"text": comparison.earlier_name(compared.date()), "xref": "x", "x": x, "xanchor": "center",
             "yref": "paper", "y": 1, "yanchor": "bottom", "showarrow": False,
             "font": {"size": SMALL_SIZE - 2, "color": GREY}, "bgcolor": "rgba(255,255,255,0.85)"}
    return line, label


def utilisation_heatmap(frame: pd.DataFrame, horizon_weeks: int, notes: pd.DataFrame | None = None,
                        compared=None) -> dict:
    """Draw ``frame`` (month, day, organisation, allocated, capacity, utilisation), first organisation on top, with
    a ◆ on the cells that have a note (``queries.notes``) and, with a comparison date ``compared``, a dotted line
    after the months measured by then (as plotly JSON, see ``style.layout_json``)."""
    if frame.empty:
        return empty_figure_json(EMPTY_MESSAGE, title=TITLE)
    organisations = list(dict.fromkeys(frame["organisation"]))
    months = sorted(set(frame["month"]))
    labels = [month_label(m) for m in months]
    utilisations = [None if pd.isna(value) else float(value) for value in frame["utilisation"]]
    cells = {(organisation, month): (day, int(allocated), capacity, value) for organisation, month, day, allocated,
             capacity, value in zip(frame["organisation"], frame["month"], frame["day"], frame["allocated"],
                                    frame["capacity"], utilisations)}
    z, text, hover = [], [], []
    for organisation in organisations:
        rows = [cells[(organisation, month)] for month in months]
        z.append([cell_colour_value(allocated, value) for _, allocated, _, value in rows])
        text.append([cell_text(allocated, capacity, value) for _, allocated, capacity, value in rows])
        hover.append([hover_data(*row) for row in rows])
    heatmap = {
        "type": "heatmap", "z": z, "x": labels, "y": organisations, "text": text, "texttemplate": "%{text}",
        "textfont": {"size": SMALL_SIZE - 2}, "customdata": hover, "hovertemplate": hover_template(horizon_weeks),
        "colorscale": COLORSCALE, "zmin": 0, "zmax": Z_MAX, "xgap": 2, "ygap": 2, "hoverongaps": False,
        "colorbar": {"title": {"text": COLORBAR_TITLE, "side": "right"}, "tickvals": [0, 50, 100, 125, 150],
                     "ticktext": ["0", "50", "100", "125", "≥ 150"], "thickness": 14},
    }
    marks = note_marks(notes, labels, organisations)
    layout = layout_json(TITLE)
    # two short lines rather than one long one: a subtitle does not wrap, and one line is wider than A4
    add_subtitle(layout, f"Toegewezen dagdelen als % van de capaciteit in de komende {horizon_weeks} weken;<br>"
                         f"{OVER} = meer werk dan capaciteit, {NO_WORK} = geen lopend werk"
                         + (f", {NOTE_MARK} = notitie (wijs aan)" if marks else ""), 112)
    since = comparison_line(months, compared) if compared is not None else None
    if marks or since:
        layout["annotations"] = marks + ([since[1]] if since else [])
    if since:
        layout["shapes"] = [since[0]]
    layout.update(
        plot_bgcolor="#e9ecef",
        xaxis=axis_json(X_TITLE, type="category", tickangle=-45, showgrid=False),
        # every organisation named, also where large type (presentation) would make plotly skip every other one
        yaxis=axis_json(Y_TITLE, type="category", categoryorder="array", categoryarray=organisations,
                        tickmode="array", tickvals=organisations, ticktext=organisations,
                        autorange="reversed", showgrid=False, ticklabelstandoff=6),
    )
    return {"data": [heatmap], "layout": layout}


SPLIT_TITLE = "Toegewezen dagdelen per organisatie en programma, tegenover de gedeelde capaciteit"
SPLIT_X_TITLE = "Toegewezen dagdelen (lopend werk)"
SPLIT_EMPTY = "Geen lopend werk op deze datum: aan geen enkele getoonde organisatie zijn dagdelen toegewezen."
SPLIT_NO_ORGANISATIONS = "Geen organisaties voor deze selectie."
CAPACITY_COLOUR = PALETTE["black"]
OTHER_COLOUR = "#a6a6a6"  # light grey: the programmes the user may not see, grouped
# The shown programme in blue and plain, the others in the next Okabe-Ito colours and each with a hatching of its
# own, so that the segments differ in more than colour (also in grey print).
SPLIT_COLOURS = [PALETTE[name] for name in ("blue", "orange", "green", "sky", "purple", "vermillion", "yellow")]
SPLIT_PATTERNS = ["", "/", "x", "\\", "-", "|", "+"]
OTHER_PATTERN = "."


def split_styles(labels: list[str], other: str) -> dict[str, tuple[str, str]]:
    """A colour and a hatching per programme label, in the order shown (the shown programme first, plain): Okabe-Ito
    colours, ``other`` grey and dotted."""
    named = [label for label in labels if label != other]
    styles = {label: (SPLIT_COLOURS[index % len(SPLIT_COLOURS)], SPLIT_PATTERNS[index % len(SPLIT_PATTERNS)])
              for index, label in enumerate(named)}
    return {**styles, other: (OTHER_COLOUR, OTHER_PATTERN)}


def total_text(allocated: int, capacity: float) -> str:
    """What the end of an organisation's bar says: '95 van 312' or, over capacity, '▲ 210 van 156'."""
    text = f"{formatting.number(allocated)} van {formatting.number(capacity)}"
    return f"{OVER} {text}" if allocated > capacity else text


def programme_split_figure(split: pd.DataFrame, workload: pd.DataFrame, horizon_weeks: int, other: str) -> dict:
    """Per organisation of ``workload`` (organisation, allocated, capacity), first on top, one bar of its allocated
    dagdelen stacked by programme from ``split`` (organisation, label, position, allocated; ``other`` is the label of
    the grouped programmes), a mark at its capacity and 'allocated van capacity' after both, so that work beyond
    capacity shows even when no single programme goes beyond it (as plotly JSON, see ``style.layout_json``)."""
    if workload.empty:
        return empty_figure_json(SPLIT_NO_ORGANISATIONS, title=SPLIT_TITLE)
    organisations = list(workload["organisation"])
    split = split[split["organisation"].isin(organisations)]
    if int(split["allocated"].sum()) == 0:
        return empty_figure_json(SPLIT_EMPTY, title=SPLIT_TITLE)
    totals = dict(zip(workload["organisation"], workload["allocated"]))
    labels = list(split.sort_values("position", kind="stable")["label"].drop_duplicates())
    styles = split_styles(labels, other)
    bars = []
    for label in labels:
        rows = split[split["label"] == label]
        values = [int(value) for value in rows["allocated"]]
        colour, pattern = styles[label]
        bars.append({
            "type": "bar", "orientation": "h", "name": label, "x": values, "y": list(rows["organisation"]),
            "width": 0.6, "marker": {"color": colour, "line": {"color": "white", "width": 1},
                                     "pattern": {"shape": pattern, "fgcolor": "white", "fgopacity": 0.6}},
            "customdata": [[formatting.number(value), formatting.percentage(value, totals[organisation]),
                            formatting.number(totals[organisation])]
                           for value, organisation in zip(values, rows["organisation"])],
            "hovertemplate": f"<b>%{{y}}</b><br>{html.escape(label)}: %{{customdata[0]}} dagdelen<br>"
                             "%{customdata[1]} van %{customdata[2]} toegewezen dagdelen<extra></extra>",
        })
    allocated = [int(value) for value in workload["allocated"]]
    capacities = [float(value) for value in workload["capacity"]]
    capacity = {
        "type": "scatter", "mode": "markers", "name": f"Capaciteit ({horizon_weeks} weken, gedeeld)",
        "x": capacities, "y": organisations,
        "marker": {"symbol": "line-ns", "size": 20, "line": {"color": CAPACITY_COLOUR, "width": 3},
                   "color": CAPACITY_COLOUR},
        "customdata": [[formatting.number(c, 1), formatting.number(a), _gap_text(a, c)]
                       for a, c in zip(allocated, capacities)],
        "hovertemplate": f"<b>%{{y}}</b><br>Capaciteit: %{{customdata[0]}} dagdelen in {horizon_weeks} weken<br>"
                         "Toegewezen, alle programma's: %{customdata[1]} dagdelen<br>%{customdata[2]}<extra></extra>",
    }
    ends = [max(a, c) for a, c in zip(allocated, capacities)]
    summary = {
        "type": "scatter", "mode": "text", "x": ends, "y": organisations, "showlegend": False, "hoverinfo": "skip",
        "text": ["\u2002" + total_text(a, c) for a, c in zip(allocated, capacities)], "textposition": "middle right",
        "textfont": {"size": SMALL_SIZE - 1}, "cliponaxis": False,
    }
    layout = layout_json(SPLIT_TITLE)
    add_subtitle(layout, f"Gestapeld per programma, het getoonde eerst; ┃ = capaciteit in de komende {horizon_weeks} "
                         f"weken, die alle programma's delen;<br>achter elke balk: toegewezen van capaciteit, {OVER} = "
                         "meer werk dan capaciteit", 112)
    layout.update(
        barmode="stack",
        legend={**layout["legend"], "traceorder": "normal"},
        xaxis=axis_json(SPLIT_X_TITLE, range=[0, max(ends) * 1.2], tickformat=",d"),
        yaxis=axis_json(Y_TITLE, type="category", categoryorder="array", categoryarray=organisations,
                        autorange="reversed", showgrid=False, ticklabelstandoff=6),
    )
    layout["margin"]["b"] = 72  # room for the legend under the axis title
    return {"data": [*bars, capacity, summary], "layout": layout}


def _gap_text(allocated: int, capacity: float) -> str:
    """'Tekort: 12,3 dagdelen' when the work of all programmes exceeds the capacity, else 'Ruimte over: 40 dagdelen'."""
    if allocated > capacity:
        return f"{OVER} Tekort: {formatting.number(allocated - capacity, 1)} dagdelen"
    return f"Ruimte over: {formatting.number(capacity - allocated, 1)} dagdelen"
