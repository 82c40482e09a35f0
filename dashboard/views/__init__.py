"""The view layer, below the UI: (data, view) -> each panel's figure and rows, and the names of
the files they export to. The page, the downloads and the command line all read panels here."""

from .filenames import MAX_FILENAME, safe_filename
from .panels import (
    PanelError,
    PanelSpec,
    map_figure,
    map_rows,
    panel_specs,
    report_filename,
    resolve_panels,
    table_rows,
    trade_view,
)

__all__ = [
    "MAX_FILENAME",
    "PanelError",
    "PanelSpec",
    "map_figure",
    "map_rows",
    "panel_specs",
    "report_filename",
    "resolve_panels",
    "safe_filename",
    "table_rows",
    "trade_view",
]
