"""Every component id, once. Layout, callbacks and browser tests import these names."""

URL = "url"
# The same address bar, read only: the panels listen to it, and no callback writes it, so on
# a page load they run at once, beside the URL sync, not after it (one round trip, not two).
# URL (refresh="callback-nav") tells it when the sync changes the query string.
VIEW_URL = "view-url"
NOTICE = "url-notice"

# filters (their values round-trip through the URL query string)
YEARS = "year-range"
COUNTRIES = "country-select"
CATEGORIES = "event-categories"
EVENTS = "events-toggle"
REPORTER = "reporter-select"
FLOW = "flow-select"
MODE = "mode-select"
SCALE = "scale-select"
MEASURE = "measure-select"
UNIT = "unit-select"
# the volume series shown: written to the URL by its own callback (callbacks.pick_series)
SERIES = "volume-series"
INDICATOR = "map-indicator"
PRESET = "map-preset"
TAB = "tabs"
DATASET = "dataset-select"

# one-click country groups: GROUP_PREFIX + group key
GROUP_PREFIX = "group-"
GROUP_MEMBERS = "group-members"

# not in the URL: a download preference
IMAGE_FORMAT = "image-format"
# not in the URL either: the camera button draws the events layer only when this is ticked
# (assets/export_image.js reads it)
IMAGE_EVENTS = "image-events"

MAP = "corridor-map"
TRADE = "trade-chart"
INVESTMENT = "investment-chart"
VOLUMES = "volumes-chart"

MAP_SUMMARY = "map-summary"
TRADE_SUMMARY = "trade-summary"
INVESTMENT_SUMMARY = "investment-summary"
VOLUMES_SUMMARY = "volumes-summary"

HEADLINES = "headlines"
DOWNLOADS = "download-links"
TABLE_DOWNLOAD = "table-download"
ROUTES = "route-table"
TRANSIT = "transit-times"
DEALS = "deals-table"
TABLE = "data-table"
TABLE_CAPTION = "data-table-caption"
SOURCES_TABLE = "sources-table"
COVERAGE_TABLE = "coverage-table"  # the Sources tab's coverage matrix (dashboard/coverage.py)
COVERAGE_CAPTION = "coverage-caption"
COVERAGE_CELL = "coverage-cell"  # what a clicked cell is
COVERAGE_ROWS = "coverage-rows"  # the rows behind it
CLAIMS = "claims-view"
CLAIMS_TABLE = "claims-table"

# Your own data (dashboard/upload_ui.py)
UPLOAD = "upload-file"
UPLOAD_STORE = "upload-store"
UPLOAD_MESSAGE = "upload-message"
UPLOAD_CLEAR = "upload-clear"

# Interface language (dashboard/web/language.py)
LANG = "lang-picker"
PAGE_LANG = "page-lang"
