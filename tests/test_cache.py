"""The data cache between starts (dashboard/cache.py): same result, never stale, never hides
an error."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DataError, load_bundle
from dashboard.data.cache import cache_key, load_bundle_cached


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("bundle-*.pickle"))


def _same(a, b) -> None:
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    # as JSON: NaN (a segment to the sea has no country) equals NaN there, not in ==
    assert json.dumps(asdict(a.network), sort_keys=True) == json.dumps(
        asdict(b.network), sort_keys=True
    )


def test_a_cached_bundle_equals_a_fresh_load(data_copy, tmp_path):
    cache = tmp_path / "cache"
    first = load_bundle_cached(data_copy, cache)
    assert len(_entries(cache)) == 1
    second = load_bundle_cached(data_copy, cache)  # read back from the entry
    _same(first, second)
    _same(second, load_bundle(data_copy))
    assert (cache.stat().st_mode & 0o777) == 0o700


def test_a_changed_byte_is_a_new_key_and_the_change_is_served(data_copy, tmp_path):
    cache = tmp_path / "cache"
    load_bundle_cached(data_copy, cache)
    before = cache_key(data_copy)
    trade = data_copy / "trade.csv"
    lines = trade.read_text(encoding="utf-8").splitlines(keepends=True)
    trade.write_text("".join(lines[:-1]), encoding="utf-8")  # one row fewer
    assert cache_key(data_copy) != before
    bundle = load_bundle_cached(data_copy, cache)
    assert len(bundle.trade) == len(lines) - 2  # header and the removed row
    assert len(_entries(cache)) == 2


def test_invalid_data_raises_even_when_an_older_entry_exists(data_copy, tmp_path):
    cache = tmp_path / "cache"
    load_bundle_cached(data_copy, cache)
    trade = data_copy / "trade.csv"
    trade.write_text(trade.read_text(encoding="utf-8") + "not,a,valid,row\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_bundle_cached(data_copy, cache)
    assert "trade.csv" in str(err.value)
    assert len(_entries(cache)) == 1  # nothing cached for the bad version


def test_an_unreadable_entry_is_rebuilt(data_copy, tmp_path):
    cache = tmp_path / "cache"
    load_bundle_cached(data_copy, cache)
    (entry,) = _entries(cache)
    entry.write_bytes(b"not a pickle")
    _same(load_bundle_cached(data_copy, cache), load_bundle(data_copy))
    assert entry.read_bytes() != b"not a pickle"


def test_no_cache_dir_writes_nothing(data_copy, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = sorted(data_copy.rglob("*"))
    _same(load_bundle_cached(data_copy, ""), load_bundle(data_copy))
    assert list(cwd.iterdir()) == [] and sorted(data_copy.rglob("*")) == before


def test_a_start_from_the_cache_needs_no_geometry_libraries(data_copy, tmp_path):
    cache = tmp_path / "cache"
    load_bundle_cached(data_copy, cache)
    code = (
        "import sys\n"
        "from dashboard.data.cache import load_bundle_cached\n"
        f"b = load_bundle_cached({str(data_copy)!r}, {str(cache)!r})\n"
        "print(len(b.network.segments), sorted(m for m in ('geopandas', 'shapely', 'pyproj')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n = len(load_bundle(data_copy).network.segments)
    assert out.stdout.split("[", 1) == [f"{n} ", "]\n"]
