"""Cost limits of "Your own data" (issue 18, items 3, 4 and 6): refused early, with a reason.

The hostile uploads of the issue (10 MB of blank lines, 10 MB of `a` lines, both under a
trade header; the same text posted as a forged upload store to a panel callback) are refused
with a reason and with bounded memory: Python's peak allocation (tracemalloc) stays under
500 MB, where the code before the limits built millions of problems and rows (1.7-3.9 GB). No
timing is asserted here; `python benchmarks/hardening.py` prints the seconds and RSS. An
accepted upload is always usable by the panels (the 200,000-row case), and the README's
limits are the enforced ones.
"""

from __future__ import annotations

import gc
import json
import re
import tracemalloc

import pytest
from test_app import TRADE_OUT, VIEW_INPUTS, call
from test_upload import TRADE_HEADER, data_url, upload_call

from dashboard.app import create_app
from dashboard.config import ASSETS_DIR, ROOT, Settings
from dashboard.data.upload import MAX_BYTES, MAX_PROBLEMS, MAX_ROWS, parse_upload
from dashboard.i18n import translator
from dashboard.web import ids
from dashboard.web.upload_ui import (
    REQUEST_LIMIT,
    STORE_LIMIT,
    bundle_with_user_data,
    handle_upload,
    stored_size,
)

PEAK_LIMIT = 500 * 2**20
TEN_MB = 10 * 10**6


def hostile_texts() -> dict[str, str]:
    head = TRADE_HEADER + "\n"
    return {
        "blank lines": head + "\n" * (TEN_MB - len(head)),
        "a lines": head + "a\n" * ((TEN_MB - len(head)) // 2),
        "a lines, no header": "a\n" * (TEN_MB // 2),
    }


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(Settings(reload_interval=0), bundle).server.test_client()


def peak_of(fn):
    """(result, peak bytes Python allocated while fn ran)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["blank lines", "a lines", "a lines, no header"])
def test_ten_mb_hostile_uploads_are_refused_with_a_reason_and_bounded_memory(client, name):
    contents = data_url(hostile_texts()[name])
    assert len(contents) < REQUEST_LIMIT  # an allowed-size request, as in the issue
    resp, peak = peak_of(lambda: upload_call(client, contents, "big.csv"))
    assert resp.status_code == 200
    out = resp.get_json()["response"]
    assert out[ids.UPLOAD_STORE]["data"] is None
    words = str(out[ids.UPLOAD_MESSAGE]["children"])
    expected = "does not match" if "no header" in name else f"more than {MAX_ROWS:,} rows"
    assert expected.replace(",", "") in words.replace(",", ""), words
    assert peak < PEAK_LIMIT, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("name", ["blank lines", "a lines"])
def test_a_forged_upload_store_costs_no_more_than_an_upload(client, name):
    text = hostile_texts()[name]
    # as long as a request may carry (JSON escapes each newline as two bytes)
    text = text[: min(MAX_BYTES, (REQUEST_LIMIT - 2**16) * len(text) // len(json.dumps(text)))]
    stored = {"table": "trade", "filename": "forged.csv", "csv": text}
    inputs = [(i, p, stored if i == ids.UPLOAD_STORE else v) for i, p, v in VIEW_INPUTS]
    resp, peak = peak_of(lambda: call(client, TRADE_OUT, inputs))
    assert resp.status_code == 200
    assert "your data" not in str(resp.get_json()["response"][ids.TRADE]["figure"]["data"])
    assert peak < PEAK_LIMIT, f"{peak / 2**20:.0f} MB"


def rows_csv(n: int) -> str:
    # Test input, not data: n distinct valid rows (value_usd is part of the key).
    return (
        TRADE_HEADER
        + "\n"
        + "".join(f"AZE,2020,FY,turnover,{i + 1},exact,partner,,q,\n" for i in range(n))
    )


def shown_or_refused(bundle, text: str, name: str = "rows.csv"):
    stored, message = handle_upload(data_url(text), name, bundle)
    if stored is None:
        return None, str(message)
    mixed = bundle_with_user_data(bundle, stored)
    return len(mixed.trade) - len(bundle.trade), str(message)


def test_the_200000_row_upload_is_shown_or_refused_with_a_reason(bundle):
    text = rows_csv(200_000)
    assert 8 * 2**20 < len(text) < MAX_BYTES  # the 8.3 MiB file
    added, message = shown_or_refused(bundle, text)
    if added is None:
        assert f"more than {MAX_ROWS}" in message, message
    else:
        assert added == 200_000, message  # accepted means shown


def test_an_upload_at_the_row_limit_is_shown(bundle):
    added, message = shown_or_refused(bundle, rows_csv(MAX_ROWS))
    assert added == MAX_ROWS, message
    added, message = shown_or_refused(bundle, rows_csv(MAX_ROWS + 1))
    assert added is None and f"more than {MAX_ROWS}" in message


def test_an_accepted_upload_always_fits_the_store_the_panels_read(bundle):
    # Quotes are doubled by CSV and escaped again by JSON: a file under the size limit whose
    # store would not fit the request limit is refused, with a reason, never kept unusable.
    quote = '"' * 200
    row = f'AZE,2020,FY,turnover,{{}},exact,partner,,"{quote * 2}",\n'
    n = (MAX_BYTES - len(TRADE_HEADER) - 1) // len(row.format(10**6))
    text = TRADE_HEADER + "\n" + "".join(row.format(10**6 + i) for i in range(n))
    assert len(text.encode()) <= MAX_BYTES
    stored, message = handle_upload(data_url(text), "quotes.csv", bundle)
    if stored is None:
        assert "too large to keep on this page" in str(message)
    else:
        assert stored_size(stored) <= STORE_LIMIT
        assert len(bundle_with_user_data(bundle, stored).trade) == len(bundle.trade) + n


def test_checking_stops_after_the_problem_cap_and_says_how_many_rows_were_not_checked():
    bad = "".join(f"AZE,2020,FY,bogus,{i + 1},exact,partner,,q,\n" for i in range(1000))
    res = parse_upload(data_url(TRADE_HEADER + "\n" + bad), "bad.csv")
    assert len(res.problems) == MAX_PROBLEMS
    assert res.unchecked == 1000 - MAX_PROBLEMS


def test_the_page_says_how_many_rows_were_not_checked(client):
    bad = "".join(f"AZE,2020,FY,bogus,{i + 1},exact,partner,,q,\n" for i in range(1000))
    resp = upload_call(client, data_url(TRADE_HEADER + "\n" + bad), "bad.csv", lang="ru")
    words = str(resp.get_json()["response"][ids.UPLOAD_MESSAGE]["children"])
    _ = translator("ru")
    said = _(
        "Checking stopped after {n} problems: {rows} more row(s) were not checked.",
        n=MAX_PROBLEMS,
        rows=1000 - MAX_PROBLEMS,
    )
    assert "950" in said and "not checked" not in said  # translated
    assert said in words


def test_the_readme_states_the_enforced_limits():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_BYTES:,} bytes" in readme
    assert f"{MAX_ROWS:,} rows" in readme
    assert f"{REQUEST_LIMIT:,} bytes" in readme
    assert not re.search(r"over 12 MiB", readme)


def test_the_page_carries_the_size_limit_and_its_message_for_the_browser(client):
    layout = str(client.get("/_dash-layout?lang=ru").get_json())
    assert f"'data-max-bytes': '{MAX_BYTES}'" in layout
    assert "data-too-large" in layout
    assert (ASSETS_DIR / "upload_limit.js").is_file()


@pytest.mark.browser
def test_a_file_over_the_limit_is_refused_on_the_page_in_its_language(page, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(TRADE_HEADER.encode() + b"\n" + b"x" * (MAX_BYTES + 1_000_000))
    page.goto(page.origin + "/?tab=table&lang=ru")
    sent = []
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")))
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(str(big))
    said = translator("ru")("The file is larger than the {size} MB limit.", size=10)
    page.get_by_text(said).wait_for(timeout=10000)
    assert "big.csv" in page.locator(".upload-limit").inner_text()
    assert max(sent, default=0) < MAX_BYTES  # the file never left the browser
    assert page.foreign_requests == [] and page.console_errors == []
