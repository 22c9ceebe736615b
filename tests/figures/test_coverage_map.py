"""The coverage map builder: offline geo settings, metrics, Dutch hover, status by colour and symbol."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.coverage_map import MAX_FRAMES, METRICS, STATUS_STYLE, coverage_map_figure, marker_size

GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "NL-UT", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[5.0, 52.0], [5.0, 52.2], [5.4, 52.2], [5.4, 52.0], [5.0, 52.0]]]}},
]}


def map_figure(*arguments) -> go.Figure:
    """The map's figure read back into plotly objects (``coverage_map_figure`` gives its plotly JSON)."""
    figure = coverage_map_figure(*arguments)
    assert isinstance(figure, dict)
    return go.Figure(figure)


def metrics(**overrides) -> pd.DataFrame:
    row = {"code": "NL-UT", "province": "Utrecht", "gemeenten": 29, "involved": 15, "trajectories": 11,
           "requests": 12, "dagdelen": 216, "mean_mark": 7.96, "forms": 9, "share": 51.72}
    row.update(overrides)
    return pd.DataFrame([row])


def points(**overrides) -> pd.DataFrame:
    """One gemeente with one trajectory (``coverage.gemeente_points``' shape)."""
    row = {"gemeente": "Zeist", "province": "Utrecht", "lat": 52.09, "lon": 5.23, "trajectories": 1, "running": 0,
           "work_finished": 0, "completed": 1, "withdrawn": 0, "total_dagdelen": 19,
           "first_started_on": dt.date(2006, 11, 1), "nr": 86, "trajectory_gemeenten": "Zeist",
           "organisation": "Alleato", "status": "afgerond", "dagdelen": 19, "received_on": dt.date(2006, 10, 3),
           "started_on": dt.date(2006, 11, 1), "work_finished_on": dt.date(2007, 5, 1),
           "completed_on": dt.date(2007, 8, 1)}
    row.update(overrides)
    return pd.DataFrame([row])


@pytest.mark.parametrize("metric", list(METRICS))
def test_each_metric_draws_offline_with_a_dutch_title(metric):
    fig = map_figure(metrics(), points(), GEOJSON, metric, 35.67)
    # The Netherlands fills the panel: its own extent, not plotly's fit to the provinces' bounds.
    assert fig.layout.geo.lonaxis.range == (3.3, 7.25) and fig.layout.geo.lataxis.range == (50.72, 53.58)
    assert not fig.layout.geo.fitbounds and fig.layout.geo.visible is False
    assert METRICS[metric].name in fig.layout.title.text
    assert fig.data[0].type == "choropleth" and list(fig.data[0].locations) == ["NL-UT"]
    assert fig.data[0].colorbar.title.text == METRICS[metric].unit


def test_share_has_the_national_reference():
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67)
    assert "landelijk 36%" in fig.layout.title.text
    assert "landelijk 36%" in fig.data[0].colorbar.ticktext


def test_hover_texts_are_dutch():
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67)
    assert "15 van 29 gemeenten (52%)" in fig.data[0].text[0]
    assert "Gemiddeld cijfer: 8,0" in fig.data[0].text[0]
    completed = next(t for t in fig.data if t.name == "Gemeente, laatste traject afgerond")
    assert "Traject 86" in completed.text[0] and "afgerond: 1 aug 2007" in completed.text[0]
    assert "Klik om het traject te openen" in completed.text[0]
    assert "Klik voor de trajecten in deze provincie" in fig.data[0].text[0]


def test_for_who_may_not_open_trajectories_the_hover_says_a_click_filters():
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67, None, False)
    assert "Klik om op deze provincie te filteren" in fig.data[0].text[0]
    assert all("Klik" not in text for trace in fig.data[1:] for text in trace.text)


def test_a_gemeente_with_several_trajectories_is_one_point_counting_them():
    several = points(trajectories=3, running=1, completed=2, total_dagdelen=1234, status="lopend", nr=412,
                     trajectory_gemeenten="Zeist, De Bilt", completed_on=None)
    fig = map_figure(metrics(), several, GEOJSON, "share", 35.67)
    running = next(t for t in fig.data if t.name == "Gemeente, laatste traject lopend")
    text = running.text[0]
    assert "3 trajecten (1 lopend, 2 afgerond), 1.234 dagdelen" in text
    assert "Laatste: traject 412 (samen met De Bilt)" in text and "Klik om het laatste traject te openen" in text
    assert list(running.customdata) == [412]


@pytest.mark.parametrize("dagdelen,size", [(0, 4.0), (16, 9.0), (100, 16.5), (400, 18.0)])
def test_marker_size_grows_with_the_square_root_of_the_dagdelen(dagdelen, size):
    assert marker_size(pd.Series([dagdelen]))[0] == pytest.approx(size)


def test_the_largest_point_stays_small_enough_to_leave_the_map_visible():
    national = pd.Series([42_750, 10_000, 19])  # a gemeente with 2,250 trajectories of 19 dagdelen
    sizes = marker_size(national)
    assert sizes[0] == pytest.approx(18.0) and sizes[0] > sizes[1] > sizes[2] > 4
    assert marker_size(pd.Series([19]), largest=42_750)[0] == pytest.approx(sizes[2])


def test_status_is_shown_by_symbol_as_well_as_colour():
    symbols = {symbol for _, symbol in STATUS_STYLE.values()}
    colours = {colour for colour, _ in STATUS_STYLE.values()}
    assert len(symbols) == len(colours) == len(STATUS_STYLE)


def test_play_control_over_months():
    growth = pd.DataFrame({"month": [dt.date(2006, 10, 1), dt.date(2006, 11, 1)], "code": ["NL-UT", "NL-UT"],
                           "province": ["Utrecht"] * 2, "involved": [3, 15], "share": [10.3, 51.7]})
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67, growth)
    assert [frame.name for frame in fig.frames] == ["okt 2006", "nov 2006"]
    assert list(fig.frames[0].data[0].z) == [10.3]
    # The page's own buttons and slider play the frames: plotly's SVG controls take no keyboard.
    assert not fig.layout.updatemenus and not fig.layout.sliders


def test_a_long_programme_gets_at_most_max_frames_ending_with_the_last_month():
    months = pd.period_range("2001-01", "2025-12", freq="M").to_timestamp().date  # 300 months
    growth = pd.DataFrame({"month": months, "code": "NL-UT", "province": "Utrecht", "involved": range(300),
                           "share": [i / 3 for i in range(300)]})
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67, growth)
    names = [frame.name for frame in fig.frames]
    assert len(names) == MAX_FRAMES and names[-1] == "dec 2025" and names[0] == "jan 2001"
    assert len(set(names)) == len(names)


def test_play_control_shows_a_gemeente_from_its_first_trajectory():
    growth = pd.DataFrame({"month": [dt.date(2006, 10, 1), dt.date(2006, 11, 1)], "code": ["NL-UT", "NL-UT"],
                           "province": ["Utrecht"] * 2, "involved": [0, 1], "share": [0.0, 3.4]})
    later = points(trajectories=2, first_started_on=dt.date(2006, 11, 20), started_on=dt.date(2007, 3, 1))
    fig = map_figure(metrics(), later, GEOJSON, "share", 35.67, growth)
    shown = [sum(len(trace.lat) for trace in frame.data[1:]) for frame in fig.frames]
    assert shown == [0, 1]


def test_a_frame_shows_the_first_points_of_each_trace_and_keeps_their_sizes_and_numbers():
    """Frames send only places and names: plotly keeps the trace's sizes and numbers for the first points, so the
    trace lists the gemeenten in the order of their first start."""
    growth = pd.DataFrame({"month": [dt.date(2006, 11, 1), dt.date(2006, 12, 1)], "code": ["NL-UT", "NL-UT"],
                           "province": ["Utrecht"] * 2, "involved": [1, 2], "share": [3.4, 6.9]})
    two = pd.concat([points(gemeente="Amersfoort", lat=52.16, lon=5.39, nr=90, total_dagdelen=40,
                            first_started_on=dt.date(2006, 12, 5)), points()], ignore_index=True)
    fig = map_figure(metrics(), two, GEOJSON, "share", 35.67, growth)
    trace = fig.data[3]  # afgerond
    assert list(trace.customdata) == [86, 90] and list(trace.lat) == [52.09, 52.16]
    assert trace.marker.size[0] < trace.marker.size[1]
    november, december = (frame.data[3] for frame in fig.frames)
    assert list(november.lat) == [52.09] and list(november.text) == ["Zeist"]
    assert list(december.lat) == [52.09, 52.16]
    assert november.marker.size is None and november.customdata is None


def test_earlier_frames_name_the_gemeente_and_the_last_tells_its_story():
    months = [dt.date(2006, 10, 1), dt.date(2006, 11, 1), dt.date(2006, 12, 1)]
    growth = pd.DataFrame({"month": months, "code": "NL-UT", "province": "Utrecht", "involved": [0, 1, 1],
                           "share": [0.0, 3.4, 3.4]})
    fig = map_figure(metrics(), points(), GEOJSON, "share", 35.67, growth)
    texts = [[text for trace in frame.data[1:] for text in trace.text] for frame in fig.frames]
    assert texts[:2] == [[], ["Zeist"]]
    assert len(texts[2]) == 1 and "Organisatie: Alleato" in texts[2][0]
    assert texts[2] == [text for trace in fig.data[1:] for text in trace.text]  # as the map opens


def test_empty_selection_gives_the_empty_state():
    fig = map_figure(metrics(involved=0, share=0.0, trajectories=0), points().iloc[0:0], GEOJSON,
                              "share", None)
    assert fig.layout.annotations[0].text == "Nog geen trajecten voor deze selectie"
