"""The data layer: the CSV files of data/ read, validated and typed once into an immutable
DataBundle, and everything else that reads or writes data files.

    bundle.py       load + validate once -> DataBundle; DataStore keeps the last good data
    geo.py          geopandas/shapely/pyproj: segments -> geodesic lines and lengths, once
    cache.py        the validated bundle kept between starts (key: SHA-256 of files and code)
    upload.py       a CSV uploaded in the browser, validated against the same schema
    ingest.py       UN Comtrade / IMF exports -> trade.csv rows
    update.py       the IMF / Comtrade APIs -> staging files (data/ only with --apply)
    datapackage.py  data/datapackage.json's schema parts, derived from dashboard/schema

The contract itself (columns, types, rules) is dashboard/schema.
"""

from .bundle import (
    UPLOAD_SOURCE_ID,
    DataBundle,
    DataError,
    DataStore,
    Memo,
    bundle_from,
    data_files,
    frame_of,
    load_bundle,
    validate_dir,
)

__all__ = [
    "UPLOAD_SOURCE_ID",
    "DataBundle",
    "DataError",
    "DataStore",
    "Memo",
    "bundle_from",
    "data_files",
    "frame_of",
    "load_bundle",
    "validate_dir",
]
