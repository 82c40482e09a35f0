"""Every component id, once. Layout, callbacks and browser tests import these names."""

URL = "url"
YEARS = "year-range"
COUNTRIES = "country-select"
REPORTER = "reporter-select"
MEASURE = "measure-select"
PRESET = "map-preset"
NOTICE = "url-notice"
IMAGE_FORMAT = "image-format"

MAP = "corridor-map"
TRADE = "trade-chart"
INVESTMENT = "investment-chart"

TRADE_SUMMARY = "trade-summary"
INVESTMENT_SUMMARY = "investment-summary"
MAP_SUMMARY = "map-summary"

# Your own data (dashboard/upload_ui.py)
UPLOAD = "upload-file"
UPLOAD_STORE = "upload-store"
UPLOAD_MESSAGE = "upload-message"
UPLOAD_CLEAR = "upload-clear"
