"""Robustness: malformed CSVs, hostile callback requests, and reloading while serving.

Property-based (hypothesis), with modest example counts so the file runs in well under 60 s.
Every generated file ends in a clear validation result, never an exception; the shipped data
is byte-for-byte unchanged afterwards; no HTTP request gets a 500.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import math
import os
import re
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app import SYNC_OUT, TRADE_OUT, VIEW_INPUTS, call, sync_inputs
from test_upload import upload_call

from dashboard.app import create_app
from dashboard.config import ROOT, Settings
from dashboard.data import load_bundle
from dashboard.data.upload import parse_upload
from dashboard.filters import Filters
from dashboard.schema import TABLE_BY_NAME, validate_table
from dashboard.web import ids, panels

DATA = ROOT / "data"
PROBLEM_RE = re.compile(r"^row \d+, column .+: .+$")
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def data_hash() -> str:
    h = hashlib.sha256()
    for p in sorted(DATA.rglob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def shipped_data_untouched():
    before = data_hash()
    yield
    assert data_hash() == before, "a robustness test changed data/"


# ---------------------------------------------------------------- generated CSVs
# Test inputs, not data: a valid-looking row in each table's layout, then broken on purpose.
BASE_ROWS = {
    "trade": ["AZE", "2020", "FY", "turnover", "100", "exact", "partner", "", "q", ""],
    "investment": [
        "AZE",
        "china_to_partner",
        "fdi_flow",
        "2020",
        "FY",
        "100",
        "exact",
        "",
        "",
        "",
        "q",
        "",
    ],  # fmt: skip
    "volumes": ["s1", "Baku", "2020", "FY", "tonnes", "100", "exact", "actual", "", "q", ""],
}
HOSTILE_CELLS = st.sampled_from(
    [
        "",
        "abc",
        "-1",
        "-0",
        "1e400",
        "9" * 400,
        "NaN",
        "inf",
        "-inf",
        "1,000",
        "XXX",
        "ZZZ",
        "=cmd|' /C calc'!A0",
        "+1+1",
        "@SUM(A1)",
        '"quoted"',
        "line\nbreak",
        "semi;colon",
        "\ufeff",
        "2020.5",
        "M13-M14",
        "M09-M01",
        "   ",
        "日本",
    ]
)
MUTATIONS = st.sampled_from(
    [
        "none",
        "drop_column",
        "extra_column",
        "bad_cell",
        "short_row",
        "empty_file",
        "header_only",
        "duplicate_rows",
        "semicolons",
        "blank_header",
        "swap_header",
    ]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1251"])


@st.composite
def malformed_csv(draw) -> tuple[str, bytes]:
    table = draw(st.sampled_from(sorted(BASE_ROWS)))
    header = list(TABLE_BY_NAME[table].columns)
    rows = [list(BASE_ROWS[table]) for _ in range(draw(st.integers(1, 4)))]
    mutations = draw(st.lists(MUTATIONS, min_size=1, max_size=3))
    for mutation in mutations:
        col = draw(st.integers(0, max(len(header) - 1, 0)))
        if mutation == "drop_column" and header:
            header.pop(col)
            rows = [r[:col] + r[col + 1 :] for r in rows]
        elif mutation == "extra_column":
            header.append(draw(st.sampled_from(["extra", "note", "", "country"])))
            rows = [r + ["x"] for r in rows]
        elif mutation == "bad_cell" and rows:
            row = rows[draw(st.integers(0, len(rows) - 1))]
            if row:
                row[min(col, len(row) - 1)] = draw(HOSTILE_CELLS)
        elif mutation == "short_row" and rows:
            rows[0] = rows[0][:col]
        elif mutation == "empty_file":
            header, rows = [], []
        elif mutation == "header_only":
            rows = []
        elif mutation == "duplicate_rows" and rows:
            rows.append(list(rows[0]))
        elif mutation == "blank_header" and header:
            header[min(col, len(header) - 1)] = ""
        elif mutation == "swap_header" and len(header) > 1:
            header[0], header[-1] = header[-1], header[0]
    out = io.StringIO()
    delimiter = ";" if "semicolons" in mutations else ","
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(ENCODINGS)
    return table, out.getvalue().encode(encoding, errors="replace")


def _data_url(raw: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


@FAST
@given(malformed_csv())
def test_any_generated_csv_gives_a_clear_result(case):
    _, raw = case
    res = parse_upload(_data_url(raw), "generated.csv", countries={"AZE", "KAZ"})
    assert res.message  # always something to show the user
    assert all(PROBLEM_RE.match(p) for p in res.problems), res.problems
    if res.ok:
        assert res.problems == [] and len(res.frame) > 0
        assert set(res.frame["source_id"]) == {"your-upload"}
        for col in ("value_usd", "value"):
            if col in res.frame:
                assert all(math.isfinite(v) and v >= 0 for v in res.frame[col])
        if "country" in res.frame:
            assert set(res.frame["country"]) <= {"AZE", "KAZ"}
    else:
        assert res.frame is None


@FAST
@given(malformed_csv())
def test_schema_validator_never_raises_on_generated_text(case):
    table, raw = case
    text = raw.decode("utf-8", errors="replace")
    res = validate_table(TABLE_BY_NAME[table], text)
    for p in res.problems:
        assert p.row >= 1 and p.column and p.rule


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=50),
        st.lists(st.integers(), max_size=5),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.text(), max_size=3)),
)
def test_parse_upload_takes_any_json_value(contents, filename):
    res = parse_upload(contents, filename)
    assert not res.ok and res.message


def test_formula_cells_stay_plain_text():
    header = ",".join(TABLE_BY_NAME["trade"].columns)
    text = header + "\nAZE,2020,FY,turnover,1,exact,partner,,=cmd|' /C calc'!A0,@SUM(A1)\n"
    res = parse_upload(_data_url(text.encode()), "f.csv")
    assert res.ok and res.frame["quote"].iloc[0] == "=cmd|' /C calc'!A0"


# ---------------------------------------------------------------- hostile HTTP requests
@pytest.fixture(scope="module")
def hostile_client():
    app = create_app(Settings(reload_interval=0), load_bundle(DATA))
    return app.server.test_client()


JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**12), max_value=10**12),
        st.sampled_from([1000, 2013, 2024, 99999, -5, "2015", "AZE", "XXX", "<script>"]),
        st.text(max_size=20),
    ),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


def _with_values(values: list) -> list:
    """The trade callback's inputs (test_app.VIEW_INPUTS: URL query, image format), new values."""
    return [(i, p, v) for (i, p, _), v in zip(VIEW_INPUTS, values, strict=True)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSONISH, min_size=3, max_size=3))
def test_trade_callback_never_500s(hostile_client, values):
    inputs = _with_values(values)
    resp = call(hostile_client, TRADE_OUT, inputs)
    assert resp.status_code == 200
    assert resp.get_json()["response"][ids.TRADE]["figure"]["layout"]["title"]["text"]


CONTROL_NAMES = panels.CONTROL_NAMES


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSONISH, min_size=len(CONTROL_NAMES) + 1, max_size=len(CONTROL_NAMES) + 1))
def test_url_sync_callback_never_500s_and_writes_a_valid_url(hostile_client, values):
    inputs = sync_inputs(values[0], **dict(zip(CONTROL_NAMES, values[1:], strict=True)))
    resp = call(hostile_client, SYNC_OUT, inputs, changed=[f"{ids.YEARS}.value"])
    assert resp.status_code == 200
    search = resp.get_json()["response"][ids.URL]["search"]
    assert Filters.from_query(search)[1] == []


@pytest.mark.parametrize(
    "values",
    [
        ["?years=1000..99999&countries=" + ",".join(["XXX"] * 5000), None, "tiff"],
        ["?years=2030..1990&countries=", {"csv": 5, "filename": []}, None],
        [[["deep"]], ["x"], 5],
        ["?" + "&".join(f"p{i}=1" for i in range(5000)), {"csv": "a,b\n1,2"}, "png"],
    ],
)
def test_out_of_range_and_huge_inputs(hostile_client, values):
    inputs = _with_values(values)
    assert call(hostile_client, TRADE_OUT, inputs).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"output": 5},
        {"output": "nope.children", "outputs": {"id": "nope", "property": "children"}},
        {"output": "..trade-chart.figure..", "inputs": "x"},
        {"output": "..trade-chart.figure..", "inputs": [5]},
    ],
)
def test_malformed_callback_requests_get_400_not_500(hostile_client, body):
    resp = hostile_client.post("/_dash-update-component", json=body)
    assert resp.status_code == 400 and "bad callback request" in resp.get_json()["error"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSONISH, JSONISH)
def test_upload_callback_never_500s(hostile_client, contents, filename):
    resp = upload_call(hostile_client, contents, filename)
    assert resp.status_code == 200
    assert resp.get_json()["response"][ids.UPLOAD_STORE]["data"] is None


def test_upload_over_the_limit_gets_a_message_not_413(hostile_client):
    big = _data_url(b"x" * (10 * 1024 * 1024 + 10))
    resp = upload_call(hostile_client, big, "big.csv")
    assert resp.status_code == 200
    assert "larger than the 10 MB limit" in str(resp.get_json()["response"])


# ---------------------------------------------------------------- reload while serving
def _swap(path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # readers see the old file or the new one, never half of one


def _wait(predicate, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_reload_keeps_serving_last_good_data_then_takes_a_valid_file(data_copy):
    app = create_app(Settings(reload_interval=0.05, data_dir=str(data_copy)))
    store = app.server.extensions["data_store"]
    before = len(store.get().trade)
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def hammer():
        client = app.server.test_client()
        while not stop.is_set():
            resp = client.get("/healthz")
            seen.append((resp.status_code, resp.get_json()["rows"]["trade"]))

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        path = data_copy / "trade.csv"
        good = path.read_text(encoding="utf-8")
        _swap(path, good.replace(",FY,", ",FYX,", 1) + "AZE,2011,FY,turnover,-1,exact,x,y,q,\n")
        assert _wait(lambda: store.last_error is not None), "broken file was not noticed"
        n_broken = len(seen)
        assert _wait(lambda: len(seen) > n_broken + 20)
        src = store.get().sources["source_id"].iloc[0]
        _swap(path, good + f"AZE,2011,FY,turnover,1,exact,partner,{src},q,\n")
        assert _wait(lambda: seen and seen[-1][1] == before + 1), "valid file was not picked up"
        assert store.last_error is None
    finally:
        stop.set()
        for t in threads:
            t.join(5)
    assert len(seen) > 40
    assert all(status == 200 for status, _ in seen)
    rows = [n for _, n in seen]
    assert set(rows) <= {before, before + 1}
    first_new = rows.index(before + 1)
    assert all(n == before + 1 for n in rows[first_new:])  # never back to old data


def test_unreadable_file_during_reload_is_refused(data_copy):
    app = create_app(Settings(reload_interval=0.01, data_dir=str(data_copy)))
    store = app.server.extensions["data_store"]
    before = len(store.get().trade)
    (data_copy / "trade.csv").write_bytes("país,año\n".encode("latin-1"))
    time.sleep(0.02)
    client = app.server.test_client()
    assert client.get("/healthz").get_json()["rows"]["trade"] == before
    assert "not UTF-8" in str(store.last_error.problems[0])
