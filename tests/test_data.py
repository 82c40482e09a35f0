"""The shipped data, the validate command, and reloading without losing the last good data."""

from __future__ import annotations

import time

from dashboard.cli import main
from dashboard.config import ROOT
from dashboard.data import DataStore, load_bundle

DATA = ROOT / "data"


def test_shipped_data_is_valid_and_every_row_sourced(bundle):
    known = set(bundle.sources["source_id"])
    for name, df in bundle.tables.items():
        if name != "sources":
            assert df["source_id"].isin(known).all(), name
    assert bundle.sources["url"].str.match(r"^https?://").all()


def test_trade_rows_say_who_reported(bundle):
    assert set(bundle.trade["reporter"]) == {"china", "partner"}


def test_validate_prints_summary_and_exits_0(capsys):
    assert main(["validate", "--data-dir", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "trade.csv:" in out and "100% rows with a resolvable source" in out
    assert out.strip().splitlines()[-1].startswith("OK:")


def test_validate_lists_every_problem_and_exits_1(data_copy, capsys):
    path = data_copy / "trade.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",FY,", ",FYX,", 1)
    lines[2] = lines[2].split(",", 1)[0] + ",19x9," + lines[2].split(",", 2)[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("trade.csv:2:period: does not match") for line in out)
    assert any(line.startswith("trade.csv:3:year: not an integer") for line in out)
    assert out[-1].startswith("INVALID: 2 problem(s)")


def test_env_var_is_the_fallback_for_data_dir(data_copy, monkeypatch, capsys):
    (data_copy / "events.csv").unlink()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_copy))
    assert main(["validate"]) == 1
    assert "events.csv:0:-: file is missing" in capsys.readouterr().out
    # an explicit flag wins over the environment
    assert main(["validate", "--data-dir", str(DATA)]) == 0


def test_store_keeps_last_good_data_then_takes_a_valid_change(data_copy):
    store = DataStore(load_bundle(data_copy), interval=0.01)
    before = len(store.get().trade)
    path = data_copy / "trade.csv"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "AZE,2011,FY,turnover,-1,exact,partner,nope,q,\n", encoding="utf-8")
    time.sleep(0.02)
    assert len(store.get().trade) == before  # refused: still the last good data
    assert store.last_error is not None
    assert any("negative value" in str(p) for p in store.last_error.problems)
    src = store.get().sources["source_id"].iloc[0]
    path.write_text(good + f"AZE,2011,FY,turnover,1,exact,partner,{src},q,\n", encoding="utf-8")
    time.sleep(0.02)
    assert len(store.get().trade) == before + 1
    assert store.last_error is None


def test_every_investment_row_says_who_put_up_the_money(bundle):
    """The AIIB is a multilateral bank with a Chinese lead, never coded as China itself; every
    shipped row names its financier kind, and the deals table and hover show it."""
    from dashboard.figures.common import financier_text
    from dashboard.i18n import translator
    from dashboard.i18n.labels import FINANCIER_KIND_WORDS

    inv = bundle.investment
    assert inv["financier_kind"].notna().all()
    assert set(inv["financier_kind"]) <= set(FINANCIER_KIND_WORDS)
    aiib = inv[inv["investor"] == "AIIB"]
    assert len(aiib) >= 1
    assert set(aiib["financier_kind"]) == {"multilateral_chinese_led"}
    exim = inv[inv["investor"] == "Export-Import Bank of China"]
    assert set(exim["financier_kind"]) == {"chinese_state"}
    _ = translator("en")
    assert financier_text("AIIB", "multilateral_chinese_led", _) == (
        "AIIB (multilateral bank, Chinese-led)"
    )
    assert financier_text(None, "chinese_company", _) == "Chinese company"


def test_deals_table_names_the_financier_kind(bundle):
    from dashboard.filters import Filters
    from dashboard.web.panels import deals_table

    f = Filters(countries=("AZE",), years=(2013, 2024), measure="loan")
    text = str(deals_table(bundle, f, limit=50).to_plotly_json())
    assert "multilateral bank, Chinese-led" in text
