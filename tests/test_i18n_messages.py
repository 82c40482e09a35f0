"""Validation rules, upload messages, the claims checker's notes and the data tables' words in
the page's language (issue #9).

A rule is a marked template plus named values (schema.Problem): `str(problem)` stays the
English `file:row:column: rule` the CLI and logs print, `problem.text(lang)` is the sentence the
page shows. Under the pseudo-locale "qps" nothing of these may reach the page unwrapped.
"""

from __future__ import annotations

import re

import pytest
from test_i18n import collect_data_text, to_json, unwrapped, visible_strings
from test_schema import GOOD, trade
from test_upload import GOOD_TRADE, TRADE_HEADER, data_url, upload_app, upload_call

from dashboard.data.upload import MAX_PROBLEMS, parse_upload
from dashboard.i18n import LANGUAGES, PSEUDO
from dashboard.schema import TABLE_BY_NAME, read_csv_text, validate_table
from dashboard.views.claims import evaluate_claims
from dashboard.web import ids
from dashboard.web.claims import claims_view
from dashboard.web.layout import build_layout
from dashboard.web.upload_ui import handle_upload, message_children, removed_message

__all__ = ["upload_app"]  # the fixture, shared with test_upload.py

PLACEHOLDER = re.compile(r"\{(\w+)\}")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)

# One bad input per rule the validator knows (header, cell, row, key and encoding rules).
BAD_TRADE = [
    GOOD.replace("1300000000", "-5"),
    GOOD.replace("1300000000", "lots"),
    GOOD.replace("1300000000", "inf"),
    GOOD.replace("2018", "20x8"),
    GOOD.replace("2018", "1850"),
    GOOD.replace("2018", "2031"),
    GOOD.replace(",FY,", ",H1,"),
    GOOD.replace(",FY,", ",M09-M01,"),
    GOOD.replace(",FY,", ",M01-M12,"),
    GOOD.replace("turnover", "transit"),
    GOOD.replace(",s1,", ",,"),
    GOOD.replace("trade reached $1.3 billion", "in January-September trade reached $1bn"),
    GOOD + ",extra",
]


def all_problems():
    table = TABLE_BY_NAME["trade"]
    found = validate_table(table, trade(*BAD_TRADE, GOOD, GOOD)).problems  # + a duplicate key
    header = "country,year,year,bogus,period,flow,value_usd,qualifier,reporter,source_id,quote"
    found += validate_table(table, trade(GOOD, header=header)).problems
    found += validate_table(table, "").problems + validate_table(table, "a\x00b").problems
    found += read_csv_text("país".encode("latin-1"), "x.csv")[1]
    claims = TABLE_BY_NAME["claims"]
    rows = [
        {"check": "rank", "table": "trade"},
        {"check": "not_recorded", "table": "trade"},
        {"check": "event_date", "table": "trade", "match_field": "bogus", "claimed_high": "1"},
    ]
    text = ",".join(claims.columns) + "\n"
    for i, row in enumerate(rows, start=1):
        cells = {"claim_id": f"c{i}", "memo_claim": "1", "claim": "words", "unit": "usd"}
        cells |= {"claimed_value": "5", "source_id": "m"} | row
        text += ",".join(cells.get(c, "") for c in claims.columns) + "\n"
    found += validate_table(claims, text).problems
    return found


def test_str_stays_english_and_text_follows_the_language():
    (p,) = validate_table(TABLE_BY_NAME["trade"], trade(GOOD.replace("2018", "20x8"))).problems
    assert str(p) == "trade.csv:2:year: not an integer ('20x8')"
    assert p.text("en") == "row 2, column year: not an integer ('20x8')"
    assert p.text("ru") == "строка 2, столбец year: не целое число ('20x8')"
    assert p.text("zh") == "第 2 行，year 列：不是整数（'20x8'）"
    assert p.text("tr") == "satır 2, sütun year: tam sayı değil ('20x8')"
    assert p.text(PSEUDO) == "⟦row 2, column year: ⟦not an integer ('20x8')⟧⟧"


def test_every_rule_is_translated_with_its_values_filled_in():
    problems = all_problems()
    templates = {p.template for p in problems}
    assert len(templates) >= 25  # the fixtures reach most rules
    for p in problems:
        for lang in LANGUAGES[1:]:
            text = p.rule_text(lang)
            assert text != p.rule, (lang, p.template)
            for name in PLACEHOLDER.findall(p.template):
                assert "{" + name + "}" not in text, (lang, p.template)
            for _name, value in p.params:
                assert value in text, (lang, p.template, value)


def test_bad_upload_in_russian_names_row_and_column(bundle):
    bad = GOOD_TRADE.replace("2030", "20x0") + "XXX,2020,FY,turnover,1,exact,partner,,q,\n"
    stored, children = handle_upload(data_url(bad), "mine.csv", bundle, "ru")
    assert stored is None
    shown = list(visible_strings(to_json(children)))
    assert shown[0] == "mine.csv не загружен: проблем в файле trade: 2."
    assert shown[1:] == [
        "строка 2, столбец year: не целое число ('20x0')",
        "строка 3, столбец country: неизвестный код страны ('XXX')",
    ]


def test_the_upload_callback_answers_in_the_pages_language(upload_app):
    client = upload_app.server.test_client()
    bad = TRADE_HEADER + "\nAZE,20x0,FY,turnover,1,exact,partner,,q,\n"
    resp = upload_call(client, data_url(bad), "mine.csv", lang="az")
    message = str(resp.get_json()["response"][ids.UPLOAD_MESSAGE]["children"])
    assert "sətir 2, sütun year: tam ədəd deyil ('20x0')" in message
    resp = upload_call(client, data_url(GOOD_TRADE), "mine.csv", lang="zh")
    message = str(resp.get_json()["response"][ids.UPLOAD_MESSAGE]["children"])
    assert "已加载 1 行 trade 数据" in message
    resp = upload_call(client, data_url(GOOD_TRADE), "mine.csv", lang="xx")  # never trusted
    assert "1 trade row(s) loaded" in str(resp.get_json()["response"])


REFUSALS = [
    ("garbage", "mine.csv"),
    ("data:text/csv;base64,@@@@", "mine.csv"),
    ("data:text/csv,plain", "mine.csv"),
    (data_url(GOOD_TRADE.encode("utf-16")), "mine.csv"),
    (data_url("país".encode("latin-1") + b"\n"), "mine.csv"),
    (data_url("a\x00b\n"), "mine.csv"),
    (data_url(""), "mine.csv"),
    (data_url(TRADE_HEADER.replace(",", ";") + "\n"), "mine.csv"),
    (data_url(TRADE_HEADER.replace(",", "\t") + "\n"), "mine.csv"),
    (data_url("a,b,c\n1,2,3\n"), "mine.csv"),
    (data_url(TRADE_HEADER + "\n"), "mine.csv"),
    (data_url(GOOD_TRADE), "mine.xlsx"),
    (data_url(GOOD_TRADE), ""),
    (data_url(GOOD_TRADE + "#" * 2000), "big.csv"),
]


@pytest.mark.parametrize(("contents", "filename"), REFUSALS)
def test_refusals_are_in_russian(contents, filename):
    english = parse_upload(contents, filename, max_bytes=1000)
    russian = parse_upload(contents, filename, max_bytes=1000, lang="ru")
    assert not russian.ok and russian.message != english.message
    assert CYRILLIC.search(russian.message), russian.message


def upload_messages(bundle) -> list:
    """Every kind of message the upload box can show, built under the pseudo-locale."""
    out = [parse_upload(c, f, max_bytes=1000, lang=PSEUDO) for c, f in REFUSALS]
    many = TRADE_HEADER + "\n" + "AZE,20x0,FY,turnover,1,exact,partner,,q,\n" * (MAX_PROBLEMS + 5)
    unnamed = TRADE_HEADER + ",\n"  # a header cell left blank: column "(unnamed)"
    for text in (many, unnamed, GOOD_TRADE, GOOD_TRADE.replace("AZE", "XXX")):
        out.append(parse_upload(data_url(text), "mine.csv", countries={"AZE"}, lang=PSEUDO))
    children = [message_children(r, PSEUDO) for r in out]
    children.append(removed_message(PSEUDO))
    children.append(handle_upload(data_url(GOOD_TRADE), "mine.csv", None, PSEUDO)[1])  # a bug
    return children


def test_pseudo_locale_wraps_every_upload_message(bundle):
    data_text = collect_data_text(bundle)
    strings = list(visible_strings(to_json(upload_messages(bundle))))
    assert len(strings) > len(REFUSALS) + MAX_PROBLEMS
    assert any("(unnamed)" in s for s in strings) and any("more problem" in s for s in strings)
    left = sorted({s for s in strings if unwrapped(s, data_text)})
    assert left == [], left


def test_pseudo_locale_wraps_the_claims_checkers_notes(bundle):
    data_text = collect_data_text(bundle)
    view = to_json(claims_view(bundle, PSEUDO))
    strings = list(visible_strings(view))
    notes = set(evaluate_claims(bundle, PSEUDO)["note"]) - {""}
    computed = {n for n in notes if n.startswith("⟦")}
    assert computed and computed <= set(strings)  # the notes reach the page (hover titles)
    left = sorted({s for s in strings if unwrapped(s, data_text)})
    assert left == [], left
    # the same check finds the notes when they are not translated
    assert any(unwrapped(n, data_text) for n in set(evaluate_claims(bundle)["note"]))


def test_claims_notes_and_verdicts_in_russian(bundle):
    table = evaluate_claims(bundle, "ru")
    notes = " ".join(table["note"])
    assert "нет значений за" in notes or "не сравнивалось" in notes or "нет строк" in notes
    assert "rows in" not in notes and "not compared" not in notes
    assert set(table["verdict"]) == set(evaluate_claims(bundle)["verdict"])  # machine words
    page = str(to_json(claims_view(bundle, "ru")))
    assert "подтверждается" in page


def test_claimed_values_and_evidence_in_the_pages_language(bundle):
    english, russian = evaluate_claims(bundle), evaluate_claims(bundle, "ru")
    assert list(english["claim_id"]) == list(russian["claim_id"])
    by_id = dict(zip(russian["claim_id"], russian.to_dict("records"), strict=False))
    usd = next(r for r in english.to_dict("records") if "$" in r["claimed"] and r["data_value"])
    ru = {
        k: v.replace("\xa0", " ") if isinstance(v, str) else v
        for k, v in by_id[usd["claim_id"]].items()
    }
    assert "млрд $" in ru["claimed"] or "млн $" in ru["claimed"]  # CLDR puts no-break spaces
    assert " bn" not in ru["data_value"] and "[match]" not in ru["data_value"]
    assert "[совпадает]" in ru["data_value"] or "[не совпадает]" in ru["data_value"]
    rank = english[english["check"] == "rank"].iloc[0]
    assert rank["claimed"].startswith("rank ")
    assert by_id[rank["claim_id"]]["claimed"].startswith("место ")
    # the same comparisons, only written differently: as many evidence items, same verdicts
    for en, other in zip(english["data_value"], russian["data_value"], strict=True):
        assert en.count("[") == other.count("[")
    assert list(english["verdict"]) == list(russian["verdict"])


def test_data_tables_filter_placeholder_follows_the_language(bundle):
    def placeholders(lang):
        page = to_json(build_layout(bundle, "/x/", lang))
        return {
            node["props"]["id"]: node["props"]["filter_options"]["placeholder_text"]
            for node in walk(page)
            if node.get("type") == "DataTable" and "filter_options" in node["props"]
        }

    filterable = (ids.TABLE, ids.SOURCES_TABLE, ids.COVERAGE_ROWS)  # the coverage matrix is not
    assert placeholders("en") == dict.fromkeys(filterable, "filter data...")
    assert set(placeholders("ru").values()) == {"фильтр данных..."}
    assert set(placeholders(PSEUDO).values()) == {"⟦filter data...⟧"}


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)
