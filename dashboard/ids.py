"""Component ids shared by page layouts and callbacks, in one place and one naming style."""

# The frame around every page
URL = "url"
ROOT = "root"
DB_BANNER = "db-banner"
NAV_LINK = "nav-link"  # pattern-matching type: {"type": NAV_LINK, "path": "/tijdlijn"}
STATE_SUMMARY = "state-summary"

# Shared controls
FILTER_AS_OF = "filter-as-of"
FILTER_TODAY = "filter-today"
FILTER_PROVINCE = "filter-province"
FILTER_ORGANISATION = "filter-organisation"
FILTER_THEME = "filter-theme"
FILTER_APPLICANT = "filter-applicant"
FILTER_RESET = "filter-reset"

# Live updates and presentation mode
LIVE_INTERVAL = "live-interval"
DATA_VERSION = "data-version"
LAST_UPDATED = "last-updated"
PRESENTATION_INTERVAL = "presentation-interval"

# Downloads: pattern-matching types {"type": DOWNLOAD_BUTTON, "chart": name, "format": "csv"|"xlsx"}
DOWNLOAD_BUTTON = "download-button"
DOWNLOAD = "download"

OVERZICHT_KPIS = "overzicht-kpis"
OVERZICHT_SUMMARY = "overzicht-summary"
OVERZICHT_FUNNEL = "overzicht-funnel"
OVERZICHT_APPLICANTS = "overzicht-applicants"
OVERZICHT_CHANNELS = "overzicht-channels"
OVERZICHT_THEMES = "overzicht-themes"

TIJDLIJN_FREQ = "tijdlijn-freq"
TIJDLIJN_FIGURE = "tijdlijn-figure"
TIJDLIJN_LEAD_TIMES = "tijdlijn-lead-times"
TIJDLIJN_GAP = "tijdlijn-gap"

TRAJECTEN_GRID = "trajecten-grid"
TRAJECTEN_SEARCH = "trajecten-search"
TRAJECTEN_DETAIL = "trajecten-detail"
TRAJECTEN_COUNT = "trajecten-count"
