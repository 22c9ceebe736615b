"""Import: the project leaders upload the programme's spreadsheets; every row is checked, then all is written.

For projectleiding only: the request guard refuses others, the layout checks the role too, and the
navbar offers it to projectleiding only. With several programmes the template and export links carry the
programme the page shows (``programma=``), as the import does.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import ids
from dashboard.components.restricted import restricted
from dashboard.data.transfer.importing.reading import Limits
from dashboard.data.transfer.templates import DAGDELEN_MAX, DAGDELEN_MIN, KINDS, template_name
from dashboard.programme_window import shown_programme

dash.register_page(__name__, path="/import", name="Import", title="Import – AVI 130 monitor", order=90)


def _href(path: str, programme: str | None) -> str:
    """The app-relative address of a download, for ``programme`` (a slug) when given."""
    return dash.get_relative_path(path) + (f"?programma={programme}" if programme else "")


def _templates(programme: str | None) -> dbc.Table:
    """One row per kind of file, with its template as CSV and as Excel (its example row in ``programme``)."""
    rows = []
    for kind in KINDS.values():
        links = [html.A(f"{fmt.upper() if fmt == 'csv' else 'Excel'}",
                        href=_href(f"/import/sjabloon/{kind.name}.{fmt}", programme),
                        download=template_name(kind.name, fmt), className="me-3",
                        **{"aria-label": f"Sjabloon {kind.title.lower()} als {fmt.upper()}"})
                 for fmt in ("xlsx", "csv")]
        rows.append(html.Tr([html.Td(kind.title), html.Td(kind.row_is),
                             html.Td(", ".join(kind.column_names), className="small font-monospace"),
                             html.Td(links)]))
    return dbc.Table([html.Thead(html.Tr([html.Th("Soort"), html.Th("Eén rij is"), html.Th("Kolommen"),
                                          html.Th("Sjabloon")])), html.Tbody(rows)],
                     bordered=False, hover=True, responsive=True, size="sm", className="import-kinds")


def _megabytes(count: int) -> str:
    """A byte count as whole megabytes or kilobytes, in Dutch."""
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count // 1024} kB"


def _shown(programma: str | None) -> str | None:
    """The programme the page shows (None with one programme, or while the database is unreachable: then the links
    give the default programme, and the import reports the outage itself)."""
    try:
        return shown_programme(programma)
    except SQLAlchemyError:
        return None


@restricted("/import")
def layout(programma: str | None = None, **_query: str) -> html.Div:
    """The Import page for the programme ``programma`` shows; checking and writing are done by
    ``callbacks.importeren``."""
    limits = Limits.from_env()
    programme = _shown(programma)
    return html.Div([
        html.H1("Gegevens importeren", className="page-title"),
        dbc.Alert([
            html.Strong("Voor de projectleiding. "),
            "Hier neemt de projectleiding de administratie over die het projectsecretariaat in spreadsheets "
            "bijhoudt: nieuwe aanvragen, intakeresultaten, toegewezen adviseurs, statuswijzigingen, overdrachten, "
            "afwezigheden en evaluatieformulieren. Alleen de projectleiding ziet deze pagina.",
        ], color="info", className="mb-4"),
        html.Section([
            html.H2("1. Kies het sjabloon", className="h4"),
            html.P([
                "Elk bestand (of elk blad van een Excel-werkmap) bevat één soort gegevens; de soort wordt aan de "
                "kopregel herkend. Rij 1 is de kopregel, rij 2 een voorbeeld: vervang of verwijder die. Datums "
                "als JJJJ-MM-DD of DD-MM-JJJJ, lijsten gescheiden door |, een traject heeft "
                f"{DAGDELEN_MIN} tot {DAGDELEN_MAX} dagdelen. Gemeenten en organisaties moeten al bekend zijn. ",
                "Alle kolommen en foutmeldingen staan in de handleiding (docs/import.md).",
            ]),
            _templates(programme),
            html.P([
                "Alle gegevens die nu in de monitor staan, in dezelfde sjablonen"
                + (f" (van programma {programme}, met alle adviseurs en afwezigheden): " if programme else ": "),
                html.A("Excel (zip)", href=_href("/import/export-xlsx.zip", programme), className="me-3"),
                html.A("CSV (zip)", href=_href("/import/export-csv.zip", programme)),
                ". Een export kan ongewijzigd weer worden geïmporteerd; dan verandert er niets.",
            ], className="text-muted"),
        ], className="mb-4", **{"aria-label": "Sjablonen"}),
        html.Section([
            html.H2("2. Controleer de bestanden", className="h4"),
            html.P(f"Kies een of meer CSV- of Excel-bestanden (hoogstens {_megabytes(limits.max_bytes)} en "
                   f"{f'{limits.max_rows:,}'.replace(',', '.')} rijen elk). Ze worden eerst alleen "
                   "gecontroleerd; er verandert nog niets."
                   + (f" Rijen zonder programma horen bij {programme}; een rij van een ander programma wordt "
                      "geweigerd." if programme else "")),
            dcc.Upload(
                html.Div([html.Span("Sleep bestanden hierheen of "),
                          html.Span("kies bestanden", className="import-drop-link")]),
                id=ids.IMPORT_UPLOAD, multiple=True, accept=".csv,.xlsx,text/csv", className="import-drop",
                className_active="import-drop active",
            ),
            dcc.Loading(html.Div(id=ids.IMPORT_CHECK, className="mt-3", **{"aria-live": "polite"}),
                        type="default", delay_show=300),
        ], className="mb-4", **{"aria-label": "Bestanden controleren"}),
        html.Section([
            html.H2("3. Importeer", className="h4"),
            html.P("Importeren schrijft alles in één keer, of – als er intussen iets niet meer klopt – niets. "
                   "Rijen die al in de monitor staan, blijven zoals ze zijn."),
            dbc.Button("Importeren", id=ids.IMPORT_BUTTON, color="primary", disabled=True),
            dcc.Loading(html.Div(id=ids.IMPORT_RESULT, className="mt-3", **{"aria-live": "polite"}),
                        type="default", delay_show=300),
        ], className="mb-4", **{"aria-label": "Importeren"}),
        dcc.Store(id=ids.IMPORT_FILES),
    ], className="import-page")
