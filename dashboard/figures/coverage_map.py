"""The province coverage map: a choropleth of one metric with the involved gemeenten as points, offline."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import comparison, formatting
from dashboard.figures.style import PALETTE, empty_figure_json, layout_json


@dataclass(frozen=True)
class Metric:
    """A map metric: its column, Dutch name, unit for the legend and number of decimals."""

    column: str
    name: str
    unit: str
    decimals: int = 0


METRICS: dict[str, Metric] = {
    "share": Metric("share", "Aandeel gemeenten betrokken", "% van de gemeenten"),
    "trajectories": Metric("trajectories", "Trajecten", "aantal trajecten"),
    "requests": Metric("requests", "Aanvragen", "aantal aanvragen"),
    "dagdelen": Metric("dagdelen", "Dagdelen", "dagdelen"),
    "mean_mark": Metric("mean_mark", "Gemiddeld rapportcijfer", "cijfer (1-10)", 1),
}
# Status of a point: colour and marker symbol, so status is never told by colour alone.
STATUS_STYLE = {
    "lopend": (PALETTE["orange"], "circle"),
    "werk klaar": (PALETTE["sky"], "diamond"),
    "afgerond": (PALETTE["blue"], "square"),
    "teruggetrokken": (PALETTE["vermillion"], "x"),
}
# Count columns of ``coverage.gemeente_points`` -> the Dutch status, for the hover.
POINT_STATUS_COLUMNS = {"running": "lopend", "work_finished": "werk klaar", "completed": "afgerond",
                        "withdrawn": "teruggetrokken"}
MAX_FRAMES = 24  # of the play control
NEW = "nieuw"  # the gemeenten new since the comparison date, drawn as rings
# The Netherlands' own extent (longitude 3.36-7.23, latitude 50.75-53.56, with a small margin), so that the land
# fills the panel: fitting plotly's bounds to the provinces left most of the panel empty.
GEO_LAYOUT = {
    "lonaxis": {"range": [3.3, 7.25]}, "lataxis": {"range": [50.72, 53.58]}, "visible": False, "scope": "europe", "resolution": 50,
    "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
}
COLOURS = go.Choropleth(colorscale="Cividis").colorscale
"""Plotly's Cividis colour scale written out, as a validated figure sends it."""


def _province_facts(metrics: pd.DataFrame, opens: bool) -> dict[str, str]:
    """Per province code: the Dutch hover lines after its involvement, which every month of the play control shares;
    the last says what a click does (``opens`` its trajectories, or filters on the province)."""
    hint = "Klik voor de trajecten in deze provincie" if opens else "Klik om op deze provincie te filteren"
    facts = {}
    for row in metrics.itertuples():
        mark = formatting.number(row.mean_mark, 1) if pd.notna(row.mean_mark) else "–"
        facts[row.code] = (
            f"<br>Trajecten: {formatting.number(row.trajectories)}<br>Aanvragen: {formatting.number(row.requests)}"
            f"<br>Dagdelen: {formatting.number(row.dagdelen)}<br>Gemiddeld cijfer: {mark} "
            f"({formatting.number(row.forms)} formulieren)<br><i>{hint}</i>"
        )
    return facts


def _province_hover(metrics: pd.DataFrame, opens: bool = True) -> Callable[[pd.DataFrame], list[str]]:
    """Dutch hover text for each province of an involvement frame (code, province, involved): of the map's
    ``metrics``, or of a month of the play control, with each province's gemeenten and facts taken from
    ``metrics`` once for all of them."""
    gemeenten, facts = dict(zip(metrics.code, metrics.gemeenten)), _province_facts(metrics, opens)

    def texts(involvement: pd.DataFrame) -> list[str]:
        return [f"<b>{province}</b><br>Betrokken: {formatting.number(involved)} van "
                f"{formatting.number(gemeenten[code])} gemeenten ({formatting.percentage(involved, gemeenten[code])})"
                f"{facts[code]}"
                for code, province, involved in zip(involvement.code, involvement.province, involvement.involved)]

    return texts


def _status_counts(row) -> str:
    """'1 lopend, 2 afgerond': a gemeente's trajectories per status, leaving out statuses with none."""
    counts = [(getattr(row, code, 0), label) for code, label in POINT_STATUS_COLUMNS.items()]
    return ", ".join(f"{formatting.number(count)} {label}" for count, label in counts if count)


def _point_hover(points: pd.DataFrame, opens: bool = True) -> list[str]:
    """Dutch hover text for each gemeente point: its trajectories, then its latest trajectory, and (when a click
    ``opens`` it) how to open that."""
    texts = []
    for row in points.itertuples():
        others = [name for name in row.trajectory_gemeenten.split(", ") if name != row.gemeente]
        joint = f" (samen met {', '.join(others)})" if others else ""
        several = row.trajectories > 1
        summary = (f"<br>{formatting.number(row.trajectories)} trajecten ({_status_counts(row)}), "
                   f"{formatting.number(row.total_dagdelen)} dagdelen<br>Laatste: traject {row.nr}{joint}"
                   if several else f"<br>Traject {row.nr}{joint}")
        texts.append(
            f"<b>{row.gemeente}</b>{summary}<br>Organisatie: {row.organisation}"
            f"<br>Status: {row.status}<br>Dagdelen: {formatting.number(row.dagdelen)}"
            f"<br>Aanvraag: {formatting.date(row.received_on)} · start: {formatting.date(row.started_on)}"
            f"<br>Werk klaar: {formatting.date(row.work_finished_on)} · afgerond: "
            f"{formatting.date(row.completed_on)}"
            + (f"<br><i>Klik om het {'laatste ' if several else ''}traject te openen</i>" if opens else "")
        )
    return texts


MAX_GROWTH = 14.0
"""How much larger than the smallest (4 px) a point may grow, so that the largest gemeenten do not cover the map."""


def marker_size(dagdelen: pd.Series, largest: float | None = None) -> list[float]:
    """Marker sizes that grow with the square root of a gemeente's dagdelen (one trajectory of 19: about 9),
    scaled down when the ``largest`` (by default that of ``dagdelen``) would grow more than ``MAX_GROWTH``."""
    roots = dagdelen.astype(float).clip(lower=0) ** 0.5
    top = max(float(dagdelen.max() if largest is None else largest), 0.0) ** 0.5
    scale = min(1.25, MAX_GROWTH / top) if top else 1.25
    return (4 + scale * roots).tolist()


def _with_marks(points: pd.DataFrame, opens: bool = True) -> pd.DataFrame:
    """``points`` with each point's hover text, its name for the play control's earlier months, and its size
    (``hover``, ``brief``, ``size``), worked out once for all frames; places to 4 decimals (about 10 m). In
    the order of their first start, so that the gemeenten shown in any earlier month come first in each trace."""
    marked = points.assign(hover=_point_hover(points, opens), brief=points.gemeente, lat=points.lat.round(4),
                           lon=points.lon.round(4),
                           size=[round(size, 1) for size in marker_size(points.total_dagdelen)])
    return marked.sort_values("first_started_on", kind="stable", ignore_index=True)


@dataclass(frozen=True)
class _StatusPoints:
    """The gemeenten of one status of their latest trajectory, as the lists of a trace, in order of first start."""

    status: str
    first_started: list[dt.date]
    lat: list[float]
    lon: list[float]
    size: list[float]
    hover: list[str]
    brief: list[str]
    nr: list[int]

    def trace(self) -> dict:
        """The whole trace as plotly JSON."""
        colour, symbol = STATUS_STYLE[self.status]
        # Plain lists, not numpy arrays: Dash's graph does not decode typed arrays nested in ``marker``.
        return {
            "type": "scattergeo", "lat": self.lat, "lon": self.lon, "mode": "markers",
            "name": f"Gemeente, laatste traject {self.status}",
            "marker": {"size": self.size, "color": colour, "symbol": symbol,
                       "line": {"width": 1, "color": "white"}, "opacity": 0.9},
            "text": self.hover, "hoverinfo": "text", "customdata": self.nr,
        }

    def ring_trace(self, name: str) -> dict:
        """The points as rings around the gemeenten' own marks, named ``name`` in the legend: the gemeenten
        new since the comparison date (told by the ring and its name, not by colour)."""
        return {
            "type": "scattergeo", "lat": self.lat, "lon": self.lon, "mode": "markers", "name": name,
            "marker": {"size": [size + 7 for size in self.size], "color": "#000000", "symbol": "circle-open",
                       "line": {"width": 2}},
            "text": self.hover, "hoverinfo": "text", "customdata": self.nr,
        }

    def started_by(self, day: dt.date, last: bool) -> dict:
        """What a frame changes in the trace to show the gemeenten started by ``day``: the first of its points.

        Plotly merges a frame into the trace and draws as many points as there are places, so sizes and
        trajectory numbers of the whole trace hold for these first points and are not sent again; the hover
        is the full story in the ``last`` frame, the gemeente's name in earlier ones.
        """
        shown = bisect.bisect_right(self.first_started, day)
        return {"type": "scattergeo", "lat": self.lat[:shown], "lon": self.lon[:shown],
                "text": (self.hover if last else self.brief)[:shown]}


def _points(status: str, subset: pd.DataFrame) -> _StatusPoints:
    """The points of ``subset`` (through ``_with_marks``) as the lists of a trace."""
    return _StatusPoints(status, subset.first_started_on.tolist(), subset.lat.tolist(), subset.lon.tolist(),
                         subset["size"].tolist(), subset.hover.tolist(), subset.brief.tolist(), subset.nr.tolist())


def _by_status(points: pd.DataFrame, compared: dt.date | None = None) -> list[_StatusPoints]:
    """``points`` (through ``_with_marks``) split per status of their latest trajectory, in ``STATUS_STYLE``'s
    order; with a comparison date ``compared``, last the gemeenten whose first trajectory started after it."""
    parts = [_points(status, points[points.status == status]) for status in STATUS_STYLE]
    if compared is not None:
        parts.append(_points(NEW, points[points.first_started_on > compared]))
    return parts


def _choropleth(metrics: pd.DataFrame, geojson: dict, metric: Metric, national: float | None,
                zmax: float, hover: Callable[[pd.DataFrame], list[str]]) -> dict:
    """The province layer for ``metric``, as plotly JSON."""
    colorbar = {"title": {"text": metric.unit, "side": "right"}, "thickness": 14, "len": 0.75}
    if metric.column == "share" and national is not None:
        colorbar.update(tickvals=[0, national, zmax], ticktext=[
            "0%", f"landelijk {formatting.number(national)}%", f"{formatting.number(zmax)}%"])
    return {
        "type": "choropleth", "geojson": geojson, "featureidkey": "id", "locations": metrics.code.tolist(),
        "z": metrics[metric.column].fillna(0).tolist(), "zmin": 0, "zmax": zmax, "colorscale": COLOURS,
        "reversescale": True, "marker": {"line": {"color": "white", "width": 1}}, "colorbar": colorbar,
        "text": hover(metrics), "hoverinfo": "text", "customdata": metrics.province.tolist(),
        "name": metric.name, "showlegend": False,
    }


def coverage_map_figure(metrics: pd.DataFrame, points: pd.DataFrame, geojson: dict, metric_key: str,
                        national: float | None, growth: pd.DataFrame | None = None, opens: bool = True,
                        compared: dt.date | None = None) -> dict:
    """The map of ``metric_key`` per province, the gemeenten as points, and (for the share) a play control; the
    hover says what a click does: it ``opens`` trajectories, or (for the stuurgroep) filters on the province.
    With a comparison date ``compared`` the gemeenten involved since then get a ring ("Nieuw sinds ...").

    ``growth`` (month, code, share) animates the share month by month up to the as-of date. The figure comes
    as its plotly JSON (``go.Figure(...)`` reads it back), built without validating every gemeente's point in
    every frame, which took longer than all the map's queries.
    """
    metric = METRICS[metric_key]
    title = f"{metric.name} per provincie"
    if metrics.empty or metrics[metric.column].fillna(0).sum() == 0:
        return empty_figure_json("Nog geen trajecten voor deze selectie", title)
    zmax = max(float(metrics[metric.column].max()), 1.0)
    if metric.column == "share":
        title += f" (landelijk {formatting.number(national)}%)"
    by_status, hover = _by_status(_with_marks(points, opens), compared), _province_hover(metrics, opens)
    layout = {**layout_json(title), "geo": GEO_LAYOUT,
              "margin": {"l": 0, "r": 0, "t": 56, "b": 40}, "clickmode": "event"}
    frames = (_play_control(hover, by_status, growth, metric)
              if metric.column == "share" and growth is not None and not growth.empty else [])
    return {"data": [_choropleth(metrics, geojson, metric, national, zmax, hover),
                     *(part.ring_trace(f"Nieuw {comparison.since(compared)}") if part.status == NEW
                       else part.trace() for part in by_status)],
            "layout": layout, "frames": frames}


def _play_control(hover: Callable[[pd.DataFrame], list[str]], by_status: list[_StatusPoints],
                  growth: pd.DataFrame, metric: Metric) -> list[dict]:
    """Frames per month (coverage, with the provinces' ``hover``, and the gemeenten with a trajectory by then),
    which the page's own play and pause buttons and month slider show (HTML controls a keyboard reaches, where
    plotly's own are not).

    At most ``MAX_FRAMES`` frames, evenly spaced and ending with the last month, so that a programme of
    many years still sends a map of bounded size (each frame carries every gemeente's point).
    """
    frames = []
    months = sorted(growth["month"].unique())
    step = math.ceil(len(months) / MAX_FRAMES)
    shown_months = set(months[::-1][::step])  # evenly spaced, counted back from the last month
    last = max(shown_months)
    for month, group in growth[growth["month"].isin(shown_months)].groupby("month", sort=True):
        label = month_label(month)
        month_end = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
        # A frame only carries what changes (colours, hover, points); plotly merges it into the full traces,
        # so the GeoJSON, the points' sizes and numbers are sent once, not once per month. Earlier months name
        # each point's gemeente only (every point's full story in every frame made a national map 6 MB).
        frames.append({"name": label, "data": [
            {"type": "choropleth", "z": group[metric.column].fillna(0).tolist(),
             "text": hover(group)},
            *(part.started_by(month_end, month == last) for part in by_status)]})
    return frames


def month_label(month: dt.date) -> str:
    """'okt 2006' for the month starting on ``month``."""
    return f"{formatting.MONTHS[month.month - 1]} {month.year}"
