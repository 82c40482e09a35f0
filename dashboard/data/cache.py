"""The validated data bundle, kept on disk between starts and keyed by what it was built from.

A start validates every CSV row by row and computes the route geometry with geopandas, shapely
and pyproj: about 0.2 s of a 0.7 s cold start, imports included (`python benchmarks/bench.py`).
The result depends only on
- the bytes of every file the loader reads (data/*.csv, data/boundaries/*),
- the code that validates and computes it (every .py file of this package),
- the versions of Python, pandas, numpy, geopandas, shapely and pyproj,
so the key is a SHA-256 of all of them, and a start whose key has an entry reads the bundle back
instead of rebuilding it. One changed byte anywhere gives a new key: a stale entry is never
used. Invalid data is never cached (load_bundle raises first), so a bad file is reported on
every start. An unreadable entry is rebuilt and replaced.

Entries are pickles, written by this process into DASHBOARD_CACHE_DIR (created private, 0700):
anyone who can write there can run code as the server, as with the package's own files. An
empty DASHBOARD_CACHE_DIR turns the cache off.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from .bundle import DataBundle, data_files, load_bundle

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]  # every .py file of the dashboard package
KEEP = 8  # entries kept per cache folder (one per data version or code version seen)
VERSIONED = ("pandas", "numpy", "geopandas", "shapely", "pyproj")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def cache_key(data_dir: str | Path) -> str:
    data_dir = Path(data_dir)
    h = hashlib.sha256()
    h.update(sys.version.encode())
    for dist in VERSIONED:
        h.update(f"{dist}={_version(dist)}\n".encode())
    for root, files in ((PACKAGE, sorted(PACKAGE.rglob("*.py"))), (data_dir, data_files(data_dir))):
        for path in files:
            body = path.read_bytes()
            h.update(f"{path.relative_to(root)}\0{len(body)}\0".encode())
            h.update(body)
    return h.hexdigest()


def load_bundle_cached(data_dir: str | Path, cache_dir: str | Path | None) -> DataBundle:
    """load_bundle(data_dir), read from cache_dir when an entry with the same key exists.
    Raises DataError exactly as load_bundle does."""
    if not cache_dir:
        return load_bundle(data_dir)
    folder = Path(cache_dir).expanduser()
    entry = folder / f"bundle-{cache_key(data_dir)}.pickle"
    try:
        with entry.open("rb") as fh:
            tables, network = pickle.load(fh)
        return DataBundle(str(data_dir), tables, network)
    except FileNotFoundError:
        pass
    except Exception as exc:  # truncated or from an incompatible build: rebuild it
        log.warning("cache entry %s unreadable (%s); rebuilding", entry.name, exc)
    bundle = load_bundle(data_dir)
    _write(folder, entry, (bundle.tables, bundle.network))
    return bundle


def _write(folder: Path, entry: Path, value) -> None:
    """Write atomically (a reader never sees half an entry); a failure only costs speed."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        old = sorted(folder.glob("bundle-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for path in old:
            path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write the data cache in %s: %s", folder, exc)
