"""Component ids shared by page layouts and callbacks, in one place and one naming style."""

# The frame around every page
URL = "url"
ROOT = "root"
DB_BANNER = "db-banner"
NAV_LINK = "nav-link"  # pattern-matching type: {"type": NAV_LINK, "path": "/tijdlijn"}
STATE_SUMMARY = "state-summary"

# Shared controls
PORTFOLIO_TABLE = "programmas-table"
PORTFOLIO_FIGURE = "programmas-figure"
PORTFOLIO_LINK = "programmas-link"
FILTER_PROGRAMME = "filter-programme"
FILTER_PROGRAMME_BLOCK = "filter-programme-block"  # shown only when the database holds several programmes
FILTER_AS_OF = "filter-as-of"
FILTER_TODAY = "filter-today"
FILTER_AS_OF_FEEDBACK = "filter-as-of-feedback"
FILTER_PROVINCE = "filter-province"
FILTER_ORGANISATION = "filter-organisation"
FILTER_THEME = "filter-theme"
FILTER_APPLICANT = "filter-applicant"
FILTER_RESET = "filter-reset"
FILTER_COMPARE = "filter-compare"

# Live updates and presentation mode
LIVE_INTERVAL = "live-interval"
DATA_VERSION = "data-version"
LAST_UPDATED = "last-updated"

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
TIJDLIJN_NOTES = "tijdlijn-notes"  # the list of notes, for every role

# Writing notes (projectleiding only): "notities-action-" outputs change something, "notities-form-" are reserved.
NOTES_FORM = "notities-form"
NOTES_DATE = "notities-form-date"
NOTES_TEXT = "notities-form-text"
NOTES_SCOPE = "notities-form-scope"
NOTES_TARGET = "notities-form-target"
NOTES_EDITING = "notities-form-editing"
NOTES_SAVE = "notities-form-save"
NOTES_NEW = "notities-form-new"
NOTES_MESSAGE = "notities-action-message"
NOTES_DONE = "notities-action-done"
NOTES_EDIT = "notities-edit"  # pattern-matching type: {"type": NOTES_EDIT, "note": id}
NOTES_DELETE = "notities-delete"  # pattern-matching type: {"type": NOTES_DELETE, "note": id}

TRAJECTEN_GRID = "trajecten-grid"
TRAJECTEN_SEARCH = "trajecten-search"
TRAJECTEN_DETAIL = "trajecten-detail"
TRAJECTEN_COUNT = "trajecten-count"
TRAJECTEN_CHIPS = "trajecten-chips"

KAART_METRIC = "kaart-metric"
KAART_MAP = "kaart-map"
KAART_TABLE = "kaart-table"
KAART_BLANK_PROVINCES = "kaart-blank-provinces"
KAART_WAITING = "kaart-waiting"
KAART_PLAY_CONTROLS = "kaart-play-controls"
KAART_PLAY = "kaart-play"
KAART_PAUSE = "kaart-pause"
KAART_PLAY_TIMER = "kaart-play-timer"
KAART_MONTH = "kaart-month"
KAART_MONTH_LABEL = "kaart-month-label"
KAART_PROVINCE_PICK = "kaart-province-pick"
KAART_GEMEENTEN = "kaart-gemeenten"
KAART_PROVINCE_BLOCK = "kaart-province-block"  # pattern-matching type, one per province

CMOS_NOTE = "cmos-note"
CMOS_SIGNALS = "cmos-signals"
CMOS_TABLE = "cmos-table"
CMOS_HEATMAP = "cmos-heatmap"
CMOS_SPLIT_SECTION = "cmos-split-section"  # shown only when the database holds several programmes
CMOS_SPLIT = "cmos-split"
CMOS_SPLIT_TABLE = "cmos-split-table"
CMOS_REPORT_TABLE = "cmos-report-table"
CMOS_HANDOVERS = "cmos-handovers"
CMOS_PROJECTLEIDING = "cmos-projectleiding"  # the roles issue restricts this section
CMOS_ADVISORS = "cmos-advisors"
CMOS_ADVISOR_HANDOVERS = "cmos-advisor-handovers"

EVALUATIES_KPIS = "evaluaties-kpis"
EVALUATIES_SUMMARY = "evaluaties-summary"
EVALUATIES_ASPECTS = "evaluaties-aspects"
EVALUATIES_DISTRIBUTION = "evaluaties-distribution"
EVALUATIES_BY_ORGANISATION = "evaluaties-by-organisation"
EVALUATIES_BY_PROVINCE = "evaluaties-by-province"
EVALUATIES_BY_APPLICANT = "evaluaties-by-applicant"
EVALUATIES_BY_THEME = "evaluaties-by-theme"
EVALUATIES_BY_MONTH = "evaluaties-by-month"
EVALUATIES_PROJECTLEIDING = "evaluaties-projectleiding"  # the roles issue restricts this section
EVALUATIES_LOW_MARKS = "evaluaties-low-marks"
EVALUATIES_OWED = "evaluaties-owed"
EVALUATIES_REMARKS_SEARCH = "evaluaties-remarks-search"
EVALUATIES_REMARKS_COUNT = "evaluaties-remarks-count"
EVALUATIES_REMARKS = "evaluaties-remarks"

# Import page (for projectleiding; the roles issue restricts it)
IMPORT_UPLOAD = "import-upload"
IMPORT_FILES = "import-files"  # the checked files, kept in the browser until "Importeren"
IMPORT_CHECK = "import-check"
IMPORT_BUTTON = "import-button"
IMPORT_RESULT = "import-result"

BEHEER_AUDIT = "beheer-audit"
BEHEER_USERS = "beheer-users"
BEHEER_ADD_NAME = "beheer-add-name"
BEHEER_ADD_ROLE = "beheer-add-role"
BEHEER_ADD_PASSWORD = "beheer-add-password"
BEHEER_ADD = "beheer-add"
BEHEER_USER = "beheer-user"  # which user the change form changes
BEHEER_NEW_ROLE = "beheer-new-role"
BEHEER_SET_ROLE = "beheer-set-role"
BEHEER_NEW_PASSWORD = "beheer-new-password"
BEHEER_SET_PASSWORD = "beheer-set-password"
BEHEER_DISABLE = "beheer-disable"
BEHEER_ENABLE = "beheer-enable"
BEHEER_REMOVE = "beheer-remove"  # a confirm dialog around the remove button
# Outputs of the changing callback: their prefix makes the guard demand projectleiding and the CSRF token.
BEHEER_ACTION_MESSAGE = "beheer-action-message"
BEHEER_ACTION_DONE = "beheer-action-done"  # counts the changes made, so the lists read again
