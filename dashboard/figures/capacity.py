"""The utilisation heatmap: organisations × months, utilisation in %, the number printed in every cell."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures.style import SMALL_SIZE, base_layout, empty_figure

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
EMPTY_MESSAGE = "Nog geen maanden om te tonen: het programma begon op 1 juni 2006."


def heatmap_height(organisations: int) -> int:
    """Pixels for the heatmap's graph: 30 per organisation plus title and month labels, at least 320."""
    return max(320, 190 + 30 * organisations)


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


def _hover(row, horizon_weeks: int) -> str:
    """Dutch hover text of one cell."""
    if row.allocated == 0:
        state = "geen lopend werk"
    elif row.utilisation is None or pd.isna(row.utilisation):
        state = "geen capaciteit: geen adviseur beschikbaar"
    else:
        state = f"{formatting.number(row.utilisation)}%"
        if row.utilisation > 100:
            state += f", tekort {formatting.number(row.allocated - row.capacity)} dagdelen"
    return (f"<b>{row.organisation}</b><br>{formatting.MONTHS[row.month.month - 1]} {row.month.year} "
            f"(stand {formatting.date(row.day)})<br>Bezetting: {state}<br>Toegewezen: "
            f"{formatting.number(row.allocated)} dagdelen<br>Capaciteit: {formatting.number(row.capacity)} dagdelen "
            f"in {horizon_weeks} weken")


def utilisation_heatmap(frame: pd.DataFrame, horizon_weeks: int) -> go.Figure:
    """Draw ``frame`` (month, day, organisation, allocated, capacity, utilisation), first organisation on top."""
    if frame.empty:
        return empty_figure(EMPTY_MESSAGE, title=TITLE)
    organisations = list(dict.fromkeys(frame["organisation"]))
    months = sorted(set(frame["month"]))
    labels = [f"{formatting.MONTHS[m.month - 1]} {m.year}" for m in months]
    cells = {(row.organisation, row.month): row for row in frame.itertuples()}
    z, text, hover = [], [], []
    for organisation in organisations:
        rows = [cells[(organisation, month)] for month in months]
        utilisations = [None if pd.isna(r.utilisation) else float(r.utilisation) for r in rows]
        z.append([cell_colour_value(r.allocated, u) for r, u in zip(rows, utilisations)])
        text.append([cell_text(r.allocated, r.capacity, u) for r, u in zip(rows, utilisations)])
        hover.append([_hover(r, horizon_weeks) for r in rows])
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=organisations, text=text, texttemplate="%{text}", textfont={"size": SMALL_SIZE - 2},
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        colorscale=COLORSCALE, zmin=0, zmax=Z_MAX, xgap=2, ygap=2, hoverongaps=False,
        colorbar={"title": {"text": COLORBAR_TITLE, "side": "right"}, "tickvals": [0, 50, 100, 125, 150],
                  "ticktext": ["0", "50", "100", "125", "≥ 150"], "thickness": 14},
    ))
    base_layout(fig, TITLE, x_title=X_TITLE, y_title=Y_TITLE)
    fig.update_layout(
        plot_bgcolor="#e9ecef",
        title_subtitle={"text": f"Toegewezen dagdelen als % van de capaciteit in de komende {horizon_weeks} weken; "
                                f"{OVER} = meer werk dan capaciteit, {NO_WORK} = geen lopend werk",
                        "font": {"size": SMALL_SIZE}},
        margin_t=96,
    )
    fig.update_xaxes(type="category", tickangle=-45, showgrid=False)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=organisations, autorange="reversed",
                     showgrid=False, ticklabelstandoff=6)
    return fig
