"""Load and validate every CSV in data/ once, into an immutable bundle.

Nothing here runs at import time and nothing touches the network. `load_bundle(dir)` either
returns a complete, valid `DataBundle` or raises `DataError` listing every problem as
`file:row:column: rule`. `DataStore` keeps serving the last good bundle when files change to
something invalid.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from ..schema import TABLES, Problem, TableResult, check_references, read_csv_text, validate_table
from . import geo

log = logging.getLogger(__name__)

UPLOAD_SOURCE_ID = "your-upload"  # source_id of every row a user uploads (dashboard/upload.py)


class DataError(Exception):
    """The data folder does not satisfy the schema. `problems` lists every violation."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n" + self.report())

    def report(self, limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class DataBundle:
    """All datasets, validated and typed, plus geometry computed once."""

    data_dir: str
    tables: dict[str, pd.DataFrame]
    network: geo.Network

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @cached_property
    def sources_by_id(self) -> dict[str, dict]:
        """source_id -> source row (empty strings for blanks), built once per bundle."""
        src = self.tables["sources"].drop(columns="_row")
        return src.astype(object).where(src.notna(), "").set_index("source_id").to_dict("index")

    def with_upload(
        self, table_name: str, frame: pd.DataFrame, filename: str, replace: bool = False
    ) -> DataBundle:
        """A new bundle with a user's validated rows (dashboard/upload.py) added to one table,
        or replacing it when `replace`. The rows get source_id "your-upload" and a sources row
        "Your upload: <filename>" so figures can mark them. This bundle is not changed."""
        uploaded = frame.assign(source_id=UPLOAD_SOURCE_ID)
        tables = dict(self.tables)
        parts = [uploaded] if replace else [tables[table_name], uploaded]
        tables[table_name] = pd.concat(parts, ignore_index=True)
        source = pd.DataFrame(
            [
                {
                    "_row": 0,
                    "source_id": UPLOAD_SOURCE_ID,
                    "publisher": "You",
                    "title": f"Your upload: {filename}",
                    "url": "",
                    "accessed": date.today(),
                    "licence": "",
                    "note": "uploaded in the browser; not checked against a publication",
                }
            ],
            columns=tables["sources"].columns,
        )
        others = tables["sources"][tables["sources"]["source_id"] != UPLOAD_SOURCE_ID]
        tables["sources"] = pd.concat([others, source], ignore_index=True)
        return DataBundle(self.data_dir, tables, self.network)

    # Callbacks must not scan the whole trade table: with millions of rows one scan costs tens of
    # milliseconds. The index below is built once per bundle; a selection then touches only the
    # rows it returns.
    @cached_property
    def trade_index(self) -> dict[tuple, tuple[np.ndarray, np.ndarray]]:
        """(country, reporter, flow, period) -> (row positions sorted by year, their years)."""
        trade = self.tables["trade"]
        years = trade["year"].to_numpy(dtype="int64")
        index = {}
        for key, pos in trade.groupby(list(TRADE_INDEX_KEYS), sort=False).indices.items():
            pos = pos[np.argsort(years[pos], kind="stable")]
            index[key] = (pos, years[pos])
        return index

    def trade_select(
        self,
        countries: Iterable[str],
        years: tuple[int, int],
        reporters: Iterable[str],
        flows: Iterable[str],
        periods: Iterable[str] = ("FY",),
    ) -> pd.DataFrame:
        """The trade rows matching every argument (years inclusive), in the table's row order:
        the same frame a boolean mask over the whole table gives, at the cost of its size."""
        parts = []
        for key in product(countries, reporters, flows, periods):
            hit = self.trade_index.get(key)
            if hit is not None:
                pos, yrs = hit
                lo = np.searchsorted(yrs, years[0], side="left")
                hi = np.searchsorted(yrs, years[1], side="right")
                parts.append(pos[lo:hi])
        trade = self.tables["trade"]
        if not parts:
            return trade.iloc[:0]
        return trade.take(np.sort(np.concatenate(parts)))

    def sources_for(self, source_ids: Iterable[str]) -> pd.DataFrame:
        """The sources rows for these ids only (figures build lookups from what they are given)."""
        sources = self.tables["sources"]
        return sources[sources["source_id"].isin(set(source_ids))]

    @cached_property
    def memo(self) -> Memo:
        """Results per view for this bundle; a reload brings a new bundle, hence an empty memo."""
        return Memo()

    def prepare(self) -> DataBundle:
        """Build the per-bundle indexes now, before a request needs them."""
        _ = self.trade_index, self.sources_by_id
        return self


TRADE_INDEX_KEYS = ("country", "reporter", "flow", "period")


class Memo:
    """A small thread-safe LRU of built results keyed by the view (Filters are hashable).

    Many visitors open the same views (the default first of all): each is built once per
    process. Bounded so memory stays flat however many views are asked for.
    """

    def __init__(self, maxsize: int = 256):
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize

    def get(self, key, build: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two threads may build one view; both get a result
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value


def _frame(res: TableResult) -> pd.DataFrame:
    cols = ["_row", *res.table.columns]
    df = pd.DataFrame(res.rows, columns=cols)
    for f in res.table.fields:
        if f.type == "integer":
            df[f.name] = pd.array(df[f.name], dtype="Int64")
        elif f.type == "number":
            df[f.name] = pd.to_numeric(df[f.name]).astype("float64")
    return df


frame_of = _frame  # the public name, for uploads validated outside load_bundle


def validate_dir(data_dir: str | Path) -> tuple[dict[str, TableResult], list[Problem]]:
    """Validate every table in data_dir; never raises for bad content."""
    data_dir = Path(data_dir)
    results: dict[str, TableResult] = {}
    problems: list[Problem] = []
    for table in TABLES:
        path = data_dir / table.filename
        if not path.exists():
            problems.append(Problem(table.filename, 0, "-", "file is missing"))
            results[table.name] = TableResult(table)
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:  # unreadable (permissions, a folder named like the file, ...)
            rule = f"file cannot be read ({exc.strerror or exc})"
            problems.append(Problem(table.filename, 0, "-", rule))
            results[table.name] = TableResult(table)
            continue
        text, decode_problems = read_csv_text(raw, table.filename)
        if text is None:
            problems.extend(decode_problems)
            results[table.name] = TableResult(table)
            continue
        res = validate_table(table, text)
        problems.extend(res.problems)
        results[table.name] = res
    problems.extend(check_references(results))
    return results, problems


def load_bundle(data_dir: str | Path) -> DataBundle:
    results, problems = validate_dir(data_dir)
    if problems:
        raise DataError(problems)
    return bundle_from(results, data_dir)


def bundle_from(results: dict[str, TableResult], data_dir: str | Path) -> DataBundle:
    """The bundle from tables already validated without problems (validate_dir): typed
    frames and the geometry, which can still fail (DataError)."""
    tables = {name: _frame(res) for name, res in results.items()}
    try:
        network = geo.build_network(tables["nodes"], tables["segments"], Path(data_dir))
    except geo.GeometryError as exc:
        raise DataError([Problem(exc.file, exc.row, exc.column, exc.rule)]) from exc
    return DataBundle(str(data_dir), tables, network)


def data_files(data_dir: Path) -> list[Path]:
    """Every file load_bundle reads: what DataStore watches and what the cache key hashes."""
    return sorted(data_dir.glob("*.csv")) + sorted(
        p for p in data_dir.glob("boundaries/*") if p.is_file()
    )


def _fingerprint(data_dir: Path) -> tuple:
    out = []
    for p in data_files(data_dir):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


class DataStore:
    """Holds the current bundle; reloads it when files change, keeping the last good one.

    `get()` is called by every callback. At most once per `interval` seconds it compares the
    files' (name, mtime, size); on a change it validates the whole folder, and swaps the bundle
    only when it is valid. A refused change is logged with every problem and remembered in
    `last_error`; the old bundle keeps serving.
    """

    def __init__(
        self,
        bundle: DataBundle,
        interval: float = 2.0,
        loader: Callable[[Path], DataBundle] | None = None,
    ):
        self._bundle = bundle.prepare()
        self._load = loader or load_bundle
        self._dir = Path(bundle.data_dir)
        self._interval = interval
        self._seen = _fingerprint(self._dir)
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self.last_error: DataError | None = None

    def get(self) -> DataBundle:
        if self._interval > 0 and time.monotonic() - self._checked >= self._interval:
            self.check()
        return self._bundle

    def check(self) -> bool:
        """Reload now if the files changed. Returns True when a new bundle was swapped in."""
        with self._lock:
            self._checked = time.monotonic()
            fp = _fingerprint(self._dir)
            if fp == self._seen:
                return False
            self._seen = fp
            try:
                bundle = self._load(self._dir)
            except DataError as exc:
                self.last_error = exc
                log.error(
                    "data change refused; still serving the last good data:\n%s",
                    exc.report(limit=50),
                )
                return False
            except Exception:  # a bug must not take the data down either
                log.exception("data reload failed; still serving the last good data")
                return False
            self._bundle = bundle.prepare()
            self.last_error = None
            log.info("data reloaded from %s", self._dir)
            return True
