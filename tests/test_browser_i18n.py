"""The page in Russian, in real Chromium: picked with the language control, kept on reload."""

from __future__ import annotations

import re

import pytest
from test_browser import wait_drawn  # tests/ is on sys.path (rootdir-relative imports)

from dashboard.web import ids

pytestmark = pytest.mark.browser

H1 = "Средний коридор: китайский «Пояс и путь» на Южном Кавказе и в Центральной Азии"
TEXTS = "sel => Array.from(document.querySelectorAll(sel)).map(e => e.textContent)"
# Russian numbers: comma decimals, a non-breaking space before "млрд" and between thousands.
RU_BILLIONS = re.compile(r"^\d{1,3},\d{1,2}\u00a0млрд\u00a0\$$")


def in_russian(page) -> None:
    page.wait_for_function(
        f"() => (document.querySelector('h1') || {{}}).textContent === {H1!r}",
        timeout=20000,
    )
    wait_drawn(page)
    page.wait_for_function(
        "() => document.querySelectorAll('.headline-value').length > 0", timeout=20000
    )
    # the map legend, in Russian
    legend = page.evaluate(TEXTS, f"#{ids.MAP} .legendtext")
    assert "Железная дорога" in legend
    assert "Паром по Каспийскому / Чёрному морю" in legend
    # an axis title and the chart title
    assert any("долл. США" in t for t in page.evaluate(TEXTS, f"#{ids.TRADE} .ytitle"))
    assert page.evaluate(TEXTS, f"#{ids.TRADE} .gtitle")[0].startswith("Товарооборот с Китаем")
    # a headline figure with Russian number formatting
    values = page.evaluate(TEXTS, ".headline-value")
    assert any(RU_BILLIONS.match(v) for v in values), values
    summary = page.text_content(f"#{ids.MAP_SUMMARY}")
    assert re.search(r"\d\u00a0\d{3} км", summary), summary
    separators = page.evaluate(
        f"() => document.querySelector('#{ids.TRADE} .js-plotly-plot').layout.separators"
    )
    assert separators == ",\u00a0"
    assert page.evaluate("() => document.documentElement.lang") == "ru"
    # plotly's own UI strings, from assets/plotly-locales.js (plotly.js-locales), served locally
    page.hover(f"#{ids.TRADE} .js-plotly-plot")
    titles = page.evaluate(
        f"() => Array.from(document.querySelectorAll('#{ids.TRADE} .modebar-btn'))"
        ".map(b => b.getAttribute('data-title'))"
    )
    assert "Автоматическое шкалирование" in titles and "Autoscale" not in titles, titles


def test_switch_to_russian_and_reload(page):
    page.goto(page.origin + "/?years=2015..2024")
    wait_drawn(page)
    assert page.text_content("h1").startswith("The Middle Corridor")

    page.click(f"#{ids.LANG}")
    page.get_by_role("option", name="Русский").click()
    page.wait_for_url(re.compile(r"lang=ru"), timeout=20000)
    in_russian(page)
    assert "years=2015..2024" in page.url  # the rest of the view survived the switch

    page.reload()
    in_russian(page)
    assert "lang=ru" in page.url

    assert page.foreign_requests == []
    assert page.console_errors == []


def test_browser_language_picks_the_first_page(browser, live_server):
    """A Chinese browser (Accept-Language: zh-CN) opens the page in Chinese, lang=zh in the URL."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.wait_for_url(re.compile(r"lang=zh"), timeout=20000)
        page.wait_for_function(
            "() => (document.querySelector('h1') || {textContent: ''}).textContent"
            ".startsWith('中间走廊')",
            timeout=20000,
        )
        assert page.evaluate("() => document.documentElement.lang") == "zh"
    finally:
        context.close()
