"""The shared look of every figure: Okabe-Ito colours, fonts, margins, Dutch separators and the empty state."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable with the common forms of colour blindness, on a projector and in grey print.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
GREY = "#595959"

FONT_FAMILY = "Arial, Helvetica, sans-serif"
FONT_SIZE = 15
TITLE_SIZE = 20
SMALL_SIZE = 14
FONT: dict[str, object] = {"family": FONT_FAMILY, "size": FONT_SIZE, "color": "#222222"}

DRAWN_TRACES = ("bar", "scatter", "heatmap", "choropleth", "scattergeo")
"""The kinds of trace the dashboard draws."""


def _template() -> go.layout.Template:
    """Plotly's 'plotly_white' with the trace defaults of ``DRAWN_TRACES`` only: copying its defaults for all
    24 kinds of trace into every figure took about 10 ms a figure."""
    white = pio.templates["plotly_white"]
    return go.layout.Template(layout=white.layout, data={kind: white.data[kind] for kind in DRAWN_TRACES})


TEMPLATE = _template()
# Decimal comma and thousands dot, as in dashboard.formatting.
SEPARATORS = ",."
# Small outer margins; axes use automargin so long category labels still fit a 1366 px wide card.
MARGIN: dict[str, int] = {"l": 16, "r": 24, "t": 64, "b": 16}

EMPTY_MESSAGE = "Geen gegevens voor deze selectie"


def _house_style(title: str) -> dict:
    """The project's title, fonts, separators, margins, legend and hover style, as layout properties."""
    return {
        "separators": SEPARATORS,
        "font": dict(FONT),
        "title": {
            "text": title,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "pad": {"l": MARGIN["l"]},
            "font": {"size": TITLE_SIZE},
        },
        "margin": dict(MARGIN),
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "font": {"size": SMALL_SIZE},
            "title": {"text": ""},
        },
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": SMALL_SIZE}, "bgcolor": "white"},
    }


def _message(message: str) -> dict:
    """The empty state's annotation: ``message`` centred on the plot."""
    return {"text": message, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "xanchor": "center",
            "yanchor": "middle", "showarrow": False, "font": {"size": 18, "color": GREY}}


# Figures are built as plain plotly JSON dicts, without ``go.Figure``'s validation of every property (seven
# validated figures took a quarter of a second); ``go.Figure(...)`` reads such a dict back.

TEMPLATE_JSON = TEMPLATE.to_plotly_json()
"""``TEMPLATE`` as plotly JSON; shared by the plain figures, so never to be changed."""


def axis_json(title: str | None = None, **properties) -> dict:
    """An axis with room for its labels, its ``title`` if given, and ``properties``, as plotly JSON."""
    return {"automargin": True, **({"title": {"text": title}} if title is not None else {}), **properties}


def layout_json(title: str, x_title: str | None = None, y_title: str | None = None) -> dict:
    """The project's title, fonts, separators, template, margins, legend and hover style for a figure of one x
    and one y axis, as plotly JSON."""
    return {"template": TEMPLATE_JSON, **_house_style(title), "xaxis": axis_json(x_title), "yaxis": axis_json(y_title)}


def add_subtitle(layout: dict, text: str, margin_top: int) -> None:
    """Put ``text`` under the title of the plotly JSON ``layout``, in the small size, with ``margin_top`` pixels
    above the plot for both."""
    layout["title"]["subtitle"] = {"text": text, "font": {"size": SMALL_SIZE}}
    layout["margin"]["t"] = margin_top


def empty_figure_json(message: str = EMPTY_MESSAGE, title: str = "") -> dict:
    """A blank figure with hidden axes and ``message`` centred, optionally under the chart's ``title``, as plotly
    JSON."""
    layout = layout_json(title)
    layout["xaxis"]["visible"] = layout["yaxis"]["visible"] = False
    return {"data": [], "layout": {**layout, "annotations": [_message(message)]}}
