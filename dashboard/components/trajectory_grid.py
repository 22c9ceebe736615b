"""Column definitions of the trajectory grid (Dutch headers, Dutch dates)."""

# AG Grid renders cell values as text, never as HTML, so result texts cannot inject markup.
# Dates travel as ISO text (so they sort correctly) and show as "30 nov 2007" (assets/dashAgGridFunctions.js).
DATE_FORMATTER = {"function": "dutchDate(params.value)"}

COLUMN_DEFS = [
    {"field": "nr", "headerName": "Nr", "width": 80, "filter": "agNumberColumnFilter"},
    {"field": "gemeenten", "headerName": "Gemeente(n)", "minWidth": 200, "flex": 2},
    {"field": "province", "headerName": "Provincie", "width": 140},
    {"field": "organisation", "headerName": "Organisatie", "width": 160},
    {"field": "status", "headerName": "Status", "width": 130},
    {"field": "dagdelen", "headerName": "Dagdelen", "width": 110, "filter": "agNumberColumnFilter"},
    {"field": "received_on", "valueFormatter": DATE_FORMATTER, "headerName": "Aanvraag", "width": 120},
    {"field": "started_on", "valueFormatter": DATE_FORMATTER, "headerName": "Start", "width": 120},
    {"field": "work_finished_on", "valueFormatter": DATE_FORMATTER, "headerName": "Werk klaar", "width": 120},
    {"field": "completed_on", "valueFormatter": DATE_FORMATTER, "headerName": "Afgerond", "width": 120},
    {"field": "result", "headerName": "Resultaat", "minWidth": 300, "flex": 3, "tooltipField": "result"},
]
