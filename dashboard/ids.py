"""Component ids shared by page layouts and callbacks, in one place and one naming style."""

URL = "url"
DB_BANNER = "db-banner"

OVERZICHT_KPIS = "overzicht-kpis"
OVERZICHT_SUMMARY = "overzicht-summary"
OVERZICHT_AS_OF = "overzicht-as-of"

TRAJECTEN_GRID = "trajecten-grid"
TRAJECTEN_SEARCH = "trajecten-search"
TRAJECTEN_DETAIL = "trajecten-detail"
TRAJECTEN_COUNT = "trajecten-count"
