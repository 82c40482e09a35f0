"""The analysts' panels in real Chromium: reporter switch, groups, table, keyboard, axe, phone."""

from __future__ import annotations

import pytest

from dashboard.web import ids

pytestmark = pytest.mark.browser

TRACES = (
    "id => { const g = document.querySelector('#' + id + ' .js-plotly-plot');"
    " return Array.from((g && g.data) || []).map(t => ({name: t.name, y: t.y, meta: t.meta,"
    " customdata: t.customdata})); }"
)


def traces(page, graph_id):
    return page.evaluate(TRACES, graph_id)


def wait_traces(page, graph_id, predicate_js="d => d.length > 0", timeout=20000):
    page.wait_for_function(
        f"() => {{ const d = ({TRACES})('{graph_id}'); return ({predicate_js})(d); }}",
        timeout=timeout,
    )


def test_both_reporters_draw_the_mirror_gap_bars(page):
    """Bars (the mirror gap) are drawn by the partial plotly.js bundle (dashboard/plotly_js.py)."""
    page.goto(page.origin + "/?countries=KAZ&reporter=both&years=2015..2024")
    wait_traces(page, ids.TRADE, "d => d.some(t => t.meta === 'gap:KAZ')")
    page.wait_for_selector(f"#{ids.TRADE} .barlayer .point path", timeout=20000)
    assert page.foreign_requests == [] and page.console_errors == []


def test_switching_reporter_changes_the_plotted_values(page):
    page.goto(page.origin + "/?countries=GEO&years=2015..2024")
    wait_traces(page, ids.TRADE, "d => d.some(t => t.name === 'Georgia')")
    china = next(t for t in traces(page, ids.TRADE) if t["name"] == "Georgia")["y"]
    page.get_by_label("Partner's statistics").check()
    page.wait_for_url("**reporter=partner**", timeout=10000)
    wait_traces(
        page,
        ids.TRADE,
        f"d => d.some(t => t.name === 'Georgia' && JSON.stringify(t.y) !== '{_js(china)}')",
    )
    partner = next(t for t in traces(page, ids.TRADE) if t["name"] == "Georgia")["y"]
    assert partner != china
    assert any(v is not None for v in partner)
    # both: two lines and the mirror-gap bars
    page.get_by_label("Both").check()
    wait_traces(page, ids.TRADE, "d => d.some(t => t.meta === 'gap:GEO')")
    names = {t["name"] for t in traces(page, ids.TRADE)}
    assert {"Georgia (China)", "Georgia (partner)"} <= names
    assert page.foreign_requests == [] and page.console_errors == []


def _js(values) -> str:
    import json

    return json.dumps(values, separators=(",", ":")).replace("NaN", "null")


def test_a_group_button_selects_its_members(page):
    page.goto(page.origin + "/")
    wait_traces(page, ids.TRADE)
    page.click(f"#{ids.GROUP_PREFIX}central_asia")
    page.wait_for_url("**countries=KAZ,UZB,TKM,KGZ,TJK**", timeout=10000)
    chips = page.locator(f"#{ids.COUNTRIES}").inner_text()
    for name in ("Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan"):
        assert name in chips or "5 selected" in chips
    wait_traces(page, ids.TRADE, "d => d.some(t => t.name === 'Uzbekistan')")
    assert page.foreign_requests == [] and page.console_errors == []


def test_keyboard_only_years_and_countries(page):
    page.goto(page.origin + "/?countries=AZE")
    wait_traces(page, ids.TRADE)
    # Tab from the top of the page reaches the year handles, then the country dropdown.
    page.keyboard.press("Tab")
    for _ in range(15):
        active = page.evaluate("() => document.activeElement.getAttribute('role')")
        if active == "slider":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "slider"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**years=2015..2024**", timeout=10000)
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement.closest('#{ids.COUNTRIES}')"):
            break
    assert page.evaluate(f"() => !!document.activeElement.closest('#{ids.COUNTRIES}')")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#{ids.COUNTRIES}[aria-expanded=true]", timeout=5000)
    page.keyboard.type("Georgia")
    page.get_by_role("option", name="Georgia (GEO)").wait_for(timeout=5000)
    # Enter picks the highlighted option: wait until the search has left only this one
    page.wait_for_function("() => document.querySelectorAll('[role=option]').length === 1")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url("**countries=AZE,GEO**", timeout=10000)
    wait_traces(page, ids.TRADE, "d => d.some(t => t.name === 'Georgia')")
    # the focused control shows a visible focus ring
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert (
        outline != "none"
        or page.evaluate("() => getComputedStyle(document.activeElement).boxShadow") != "none"
    )


def test_table_tab_shows_the_rows_behind_the_view(page, bundle):
    from dashboard.filters import Filters
    from dashboard.web.panels import table_rows

    query = "?countries=AZE,GEO&reporter=partner&tab=table"
    page.goto(page.origin + "/" + query)
    page.wait_for_selector(f"#{ids.TABLE_CAPTION}:has-text('rows from trade.csv')", timeout=20000)
    expected = len(table_rows(bundle, Filters.from_query(query)[0]))
    caption = page.locator(f"#{ids.TABLE_CAPTION}").inner_text()
    assert caption.startswith(f"{expected} rows")
    # the rows arrive after the caption (dash_table's async-table.js loads on first use): wait
    # for the count instead of reading it once
    rows = f"#{ids.TABLE} tbody tr:has(td)"
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=[rows, min(expected, 25)],
        timeout=20000,
    )
    assert page.locator(rows).count() == min(expected, 25)
    assert page.foreign_requests == [] and page.console_errors == []


@pytest.mark.parametrize("tab", ["charts", "table", "sources", "claims"])
def test_accessibility_no_serious_or_critical_violations(page, tab):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(page.origin + "/" + ("" if tab == "charts" else f"?tab={tab}"))
    if tab == "charts":
        wait_traces(page, ids.TRADE)
        wait_traces(page, ids.VOLUMES)
    else:
        selector = {
            "table": f"#{ids.TABLE} td",
            "sources": f"#{ids.SOURCES_TABLE} td",
            "claims": f"#{ids.CLAIMS_TABLE} td",  # filled when the tab opens
        }
        page.wait_for_selector(selector[tab], timeout=20000)
    page.wait_for_timeout(300)  # let assets/a11y.js finish its repairs after the last render
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    assert page.foreign_requests == []


def test_phone_viewport_has_no_horizontal_scroll(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    try:
        pg.goto(live_server.url + "/")
        pg.wait_for_function(
            f"() => {{ const g = document.querySelector('#{ids.TRADE} .js-plotly-plot');"
            " return g && g.data && g.data.length > 0; }",
            timeout=20000,
        )
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()


def test_uploaded_rows_reach_the_table_and_the_chart_marked_as_yours(page, bundle, tmp_path):
    from dashboard.schema import TABLE_BY_NAME

    header = ",".join(TABLE_BY_NAME["trade"].columns)
    path = tmp_path / "mine.csv"
    path.write_text(header + "\nAZE,2019,FY,turnover,1234000000,exact,partner,,my figure,\n")
    page.goto(page.origin + "/?countries=AZE&reporter=partner&tab=table")
    caption = page.locator(f"#{ids.TABLE_CAPTION}")
    caption.get_by_text("rows from trade.csv").wait_for(timeout=20000)
    before = int(caption.inner_text().split()[0])
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        f"() => document.querySelector('#{ids.TABLE_CAPTION}').innerText"
        f".startsWith('{before + 1} rows')",
        timeout=10000,
    )
    page.get_by_role("tab", name="Charts").focus()  # tabs work from the keyboard too
    page.keyboard.press("Enter")
    wait_traces(page, ids.TRADE, "d => d.some(t => t.meta === 'upload:AZE')")
    mine = next(t for t in traces(page, ids.TRADE) if t["meta"] == "upload:AZE")
    # drawn in the axis's unit (US$ billion), the hover names the figure as uploaded
    assert mine["name"] == "Azerbaijan: your data" and mine["y"] == [1.234]
    assert mine["customdata"][0][1] == "$1.23 bn"
    assert page.foreign_requests == [] and page.console_errors == []
