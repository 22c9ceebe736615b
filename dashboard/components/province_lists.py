"""The Kaart's text side: the report's province table and, per province, its gemeenten with links to open."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import comparison, formatting, ids
from dashboard.view_state import ViewState, to_search, with_changes


def _share(value: float | None) -> str:
    """'36%', or '–' without gemeenten."""
    return "–" if value is None or pd.isna(value) else f"{formatting.number(value)}%"


def province_table(metrics: pd.DataFrame, totals: dict, earlier: dict[str, int] | None = None,
                   since: dt.date | None = None) -> dbc.Table:
    """The report's table of gemeenten per province (1-1-2008), involved, share and trajectories, with totals;
    with ``earlier`` (the involved gemeenten per province on the comparison date ``since``, and "Totaal") a
    column with the change since then ("Sinds 15 mrt 2007", on two lines)."""
    columns = ("province", "gemeenten", "involved", "share", "trajectories")

    def cells(row: dict, tag) -> list:
        shown = [tag(row["province"])] + [
            tag(_share(row[name]) if name == "share" else formatting.number(row[name]), className="text-end")
            for name in columns[1:]]
        if earlier is not None:
            shown.insert(3, tag(comparison.change(row["involved"], earlier.get(row["province"], 0)),
                                className="text-end"))
        return shown

    names = ["Provincie", "Gemeenten (1-1-2008)", "Betrokken", "%", "Trajecten"]
    if earlier is not None:
        names.insert(3, ["Sinds", html.Br(), formatting.date(since)])
    header = html.Tr([html.Th(text, scope="col", className="" if i == 0 else "text-end")
                      for i, text in enumerate(names)])
    body = [html.Tr(cells(row, html.Td)) for row in metrics[list(columns)].to_dict("records")]
    return dbc.Table([html.Thead(header), html.Tbody(body), html.Tfoot(html.Tr(cells(totals, html.Th)))],
                     size="sm", striped=True, bordered=False, className="mb-0 align-middle")


def _gemeente_item(row, state: ViewState, can_open: bool) -> html.Li:
    """One gemeente: its name (a link to its latest trajectory for who may open it), status and trajectories."""
    facts = f" – {row.status}, {formatting.number(row.trajectories)} traject{'en' if row.trajectories != 1 else ''}"
    if not can_open:
        return html.Li(row.gemeente + facts)
    href = dash.get_relative_path("/trajecten") + to_search(with_changes(state, trajectory=int(row.nr)))
    return html.Li([dcc.Link(row.gemeente, href=href), facts])


def province_blocks(metrics: pd.DataFrame, points: pd.DataFrame, state: ViewState, can_open: bool) -> list:
    """Per province a block (hidden until chosen) with what a click on the map does: open its trajectories
    (``can_open``) or filter every page on it, and its involved gemeenten, each opening its latest trajectory."""
    blocks = []
    for row in metrics.itertuples():
        here = points[points.province == row.province]
        filtered = with_changes(state, province=row.province, trajectory=None)
        actions = [dcc.Link(f"Alle pagina's op {row.province} filteren",
                            href=dash.get_relative_path("/kaart") + to_search(filtered))]
        if can_open:
            actions.insert(0, dcc.Link(f"De {formatting.number(row.trajectories)} trajecten in {row.province}",
                                       href=dash.get_relative_path("/trajecten") + to_search(filtered)))
        gemeenten = (html.Ul([_gemeente_item(point, state, can_open) for point in here.itertuples()],
                             className="small mb-0 kaart-gemeenten-list") if len(here)
                     else html.P("Nog geen gemeente betrokken.", className="small text-muted mb-0"))
        blocks.append(html.Div([
            html.P(f"{row.province}: {formatting.number(row.involved)} van {formatting.number(row.gemeenten)} "
                   f"gemeenten betrokken.", className="small mb-1"),
            html.Ul([html.Li(action) for action in actions], className="list-unstyled small mb-1"),
            gemeenten,
        ], id={"type": ids.KAART_PROVINCE_BLOCK, "province": row.province}, hidden=True))
    return blocks
