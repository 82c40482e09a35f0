"""Uploading your own CSV: parse_upload, DataBundle.with_upload, the callback, the templates."""

from __future__ import annotations

import base64

import pytest

from dashboard.app import create_app
from dashboard.config import ROOT, Settings
from dashboard.data.upload import MAX_PROBLEMS, detect_table, parse_upload
from dashboard.schema import TABLE_BY_NAME
from dashboard.web import ids
from dashboard.web.upload_ui import (
    bundle_with_user_data,
    handle_upload,
)

TRADE_HEADER = ",".join(TABLE_BY_NAME["trade"].columns)
# Test inputs, not data: invented values in a valid layout.
GOOD_TRADE = TRADE_HEADER + "\nAZE,2030,FY,turnover,123,exact,partner,,my figure,\n"


def data_url(text: str | bytes, mime: str = "text/csv") -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return f"data:{mime};base64," + base64.b64encode(raw).decode()


def test_valid_trade_upload_becomes_your_upload_rows():
    res = parse_upload(data_url(GOOD_TRADE), "mine.csv", countries={"AZE"})
    assert res.ok and res.table_name == "trade" and res.problems == []
    assert list(res.frame["source_id"]) == ["your-upload"]
    assert res.frame["value_usd"].iloc[0] == 123.0
    assert "1 trade row(s) loaded" in res.message


def test_users_own_source_id_is_kept_in_the_note():
    text = GOOD_TRADE.replace(",partner,,", ",partner,imf-dots-2024,")
    res = parse_upload(data_url(text), "mine.csv")
    assert res.frame["note"].iloc[0] == "source given: imf-dots-2024"


def test_source_id_column_may_be_missing():
    header = [c for c in TABLE_BY_NAME["trade"].columns if c != "source_id"]
    text = ",".join(header) + "\nAZE,2030,FY,turnover,123,exact,partner,q,\n"
    res = parse_upload(data_url(text), "mine.csv")
    assert res.ok, res.problems


def test_bom_is_fine():
    res = parse_upload(data_url(b"\xef\xbb\xbf" + GOOD_TRADE.encode()), "mine.csv")
    assert res.ok


@pytest.mark.parametrize(
    "contents, filename, words",
    [
        (data_url(GOOD_TRADE), "mine.xlsx", "not a .csv file"),
        (data_url(GOOD_TRADE), None, "no file name"),
        ("garbage", "mine.csv", "did not arrive as a file"),
        ("data:text/csv;base64,@@@@", "mine.csv", "not valid base64"),
        (data_url(GOOD_TRADE.encode("utf-16")), "mine.csv", "UTF-16"),
        (data_url("país".encode("latin-1") + b"\n"), "mine.csv", "not UTF-8"),
        (data_url(""), "mine.csv", "empty"),
        (data_url(TRADE_HEADER.replace(",", ";") + "\n"), "mine.csv", "';'"),
        (data_url("a,b,c\n1,2,3\n"), "mine.csv", "does not match"),
        (data_url(TRADE_HEADER + "\n"), "mine.csv", "no rows"),
    ],
)
def test_refusals_say_why(contents, filename, words):
    res = parse_upload(contents, filename)
    assert not res.ok and words in res.message


def test_size_limit_is_enforced_server_side():
    big = GOOD_TRADE + ("#" * 2000)
    res = parse_upload(data_url(big), "mine.csv", max_bytes=1000)
    assert not res.ok and "larger than" in res.message


def test_problems_are_row_and_column_and_capped():
    bad = "".join(f"AZE,20x{i},FY,bogus,{i + 1},exact,partner,,q,\n" for i in range(40))
    res = parse_upload(data_url(TRADE_HEADER + "\n" + bad), "mine.csv")
    assert not res.ok
    assert res.problems[0].startswith("row 2, column flow: not one of the allowed values")
    assert res.problems[1] == "row 2, column year: not an integer ('20x0')"
    assert len(res.problems) == MAX_PROBLEMS and res.n_more == 80 - MAX_PROBLEMS


def test_unknown_country_is_a_problem():
    res = parse_upload(data_url(GOOD_TRADE.replace("AZE", "XXX")), "m.csv", countries={"AZE"})
    assert res.problems == ["row 2, column country: unknown country code ('XXX')"]


@pytest.mark.parametrize("name", ["trade", "investment", "volumes"])
def test_detect_table_by_header(name):
    assert detect_table(TABLE_BY_NAME[name].columns) == name


def test_with_upload_adds_rows_and_a_source_without_touching_the_bundle(bundle):
    res = parse_upload(data_url(GOOD_TRADE), "mine.csv")
    before = len(bundle.trade), len(bundle.sources)
    mixed = bundle.with_upload("trade", res.frame, "mine.csv")
    assert (len(bundle.trade), len(bundle.sources)) == before
    assert len(mixed.trade) == before[0] + 1 and len(mixed.sources) == before[1] + 1
    assert mixed.sources_by_id["your-upload"]["title"] == "Your upload: mine.csv"
    only = bundle.with_upload("trade", res.frame, "mine.csv", replace=True)
    assert list(only.trade["source_id"]) == ["your-upload"]


def test_stored_value_is_revalidated_never_trusted(bundle):
    stored, _ = handle_upload(data_url(GOOD_TRADE), "mine.csv", bundle)
    assert len(bundle_with_user_data(bundle, stored).trade) == len(bundle.trade) + 1
    forged = dict(stored, csv=stored["csv"].replace(",123,", ",-5,"))
    for hostile in (forged, None, "x", {"csv": 5}, {"csv": "a", "filename": ["x"]}):
        assert bundle_with_user_data(bundle, hostile) is bundle


@pytest.fixture()
def upload_app(bundle):
    return create_app(Settings(reload_interval=0), bundle)


UPLOAD_OUT = [
    (ids.UPLOAD_STORE, "data"),
    (ids.UPLOAD_MESSAGE, "children"),
    (ids.UPLOAD, "contents"),
]


def upload_call(client, contents, filename, clear_clicks=0, lang="en"):
    """POST the upload callback the way dash-renderer does (test_app.call has no State)."""
    outputs = UPLOAD_OUT
    body = {
        "output": "..{}..".format("...".join(f"{i}.{p}" for i, p in outputs)),
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": ids.UPLOAD, "property": "contents", "value": contents},
            {"id": ids.UPLOAD_CLEAR, "property": "n_clicks", "value": clear_clicks},
        ],
        "changedPropIds": [f"{ids.UPLOAD}.contents"],
        "state": [
            {"id": ids.UPLOAD, "property": "filename", "value": filename},
            {"id": ids.PAGE_LANG, "property": "data", "value": lang},
        ],
    }
    return client.post("/_dash-update-component", json=body)


def test_upload_callback_over_http(upload_app):
    client = upload_app.server.test_client()
    resp = upload_call(client, data_url(GOOD_TRADE), "mine.csv")
    assert resp.status_code == 200
    out = resp.get_json()["response"]
    assert out[ids.UPLOAD_STORE]["data"]["table"] == "trade"
    resp = upload_call(client, data_url("a,b\n"), "mine.csv")
    out = resp.get_json()["response"]
    assert out[ids.UPLOAD_STORE]["data"] is None
    assert "does not match" in str(out[ids.UPLOAD_MESSAGE]["children"])


def test_templates_are_header_only_csv(upload_app):
    client = upload_app.server.test_client()
    for name in ("trade", "investment", "volumes"):
        resp = client.get(f"/templates/{name}.csv")
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        assert resp.get_data(as_text=True) == ",".join(TABLE_BY_NAME[name].columns) + "\n"
    assert client.get("/templates/sources.csv").status_code == 404
    # A path outside the route falls to Dash's page, never to a file from disk.
    resp = client.get("/templates/..%2Fdata%2Ftrade.csv")
    header = ",".join(TABLE_BY_NAME["trade"].columns).encode()
    assert resp.mimetype == "text/html" and header not in resp.data


def test_readme_documents_the_templates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("trade", "investment", "volumes"):
        assert f"/templates/{name}.csv" in readme


@pytest.fixture()
def app(upload_app):
    """The live_server/page fixtures (conftest.py) serve this app: the layout plus uploads."""
    return upload_app


@pytest.mark.browser
def test_upload_in_chromium_shows_rows_or_problems(page, tmp_path):
    good, bad = tmp_path / "mine.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_TRADE, encoding="utf-8")
    bad.write_text(GOOD_TRADE.replace(",123,", ",-1,"), encoding="utf-8")
    page.goto(page.origin + "/?tab=table")  # the upload box is in the data tab
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    upload.set_input_files(str(good))
    message = page.locator(f"#{ids.UPLOAD_MESSAGE}")
    message.get_by_text("1 trade row(s) loaded").wait_for(timeout=10000)
    upload.set_input_files(str(bad))
    message.get_by_text("row 2, column value_usd: negative value (-1)").wait_for(timeout=10000)
    page.click(f"#{ids.UPLOAD_CLEAR}")
    message.get_by_text("removed").wait_for(timeout=10000)
    assert page.foreign_requests == []
    assert page.console_errors == []
