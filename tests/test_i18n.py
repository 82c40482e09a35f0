"""The interface in several languages: catalogs complete, every visible string translated.

The pseudo-locale "qps" wraps every string that went through `_` in ⟦…⟧. Rendering the page and
every figure under it and finding English letters outside ⟦…⟧ means a string skipped `_`.

Exempt (and nothing else): text without letters (numbers, years, punctuation); ISO3 codes; the
data's own free text (names, titles, publishers, quotes, projects, notes, source ids: the UI
says they stay in their original language); country names from CLDR; each language's own
name in the picker; CSV file names; CSV column names in the data tables (not walked); elements
marked class "data-text" (route places and quoted transit claims; on the claims tab the memo's
claims and the checker's computed values, whose notes and verdicts are translated); the
methodology Markdown, which has its own file per language (test below). Upload messages and the
claims notes: tests/test_i18n_messages.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.filters import CHOICES, FOCUS_COUNTRIES, Filters
from dashboard.i18n import LANGUAGES, LOCALE_DIR, PSEUDO
from dashboard.web import ids, panels
from dashboard.web.downloads import download_links
from dashboard.web.layout import build_layout

PLACEHOLDER = re.compile(r"\{(\w*)\}")
INNERMOST = re.compile(r"⟦[^⟦⟧]*⟧")  # removed repeatedly: _(.. _(..) ..) nests
LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of two or more letters (any script)
ISO3 = re.compile(r"\b[A-Z]{3}\b")
VISIBLE_PROPS = ("children", "label", "placeholder", "title", "aria-label", "labels")
FREE_TEXT_COLUMNS = {
    "publisher",
    "title",
    "licence",
    "note",
    "name",
    "quote",
    "investor",
    "project",
    "location",
    "description",
    "line",
    "claim",
    "source_id",
}
SKIP_CLASSES = ("data-text", "methodology")


# ---------------------------------------------------------------- catalogs
@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_catalog_is_complete_and_placeholders_match(lang):
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        template = read_po(fh)
    wanted = {m.id for m in template if m.id}
    have = {m.id for m in catalog if m.id}
    assert wanted - have == set(), "messages missing from the catalog (run update_catalogs.sh)"
    problems = []
    for m in catalog:
        if not m.id:
            continue
        if not m.string:
            problems.append(f"untranslated: {m.id!r}")
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string or "")):
            problems.append(f"placeholders differ: {m.id!r} -> {m.string!r}")
        # the compiled catalog the app reads says the same as the .po (i.e. it was compiled)
        if m.string and i18n._catalog(lang).gettext(m.id) != m.string:
            problems.append(f"not compiled: {m.id!r}")
    assert problems == []


def test_template_matches_the_code(tmp_path):
    """messages.pot is what `pybabel extract` finds in the code now (no stale catalog)."""
    from babel.messages.frontend import CommandLineInterface

    from dashboard.config import ROOT

    out = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
         "--no-location", "-o", str(out), str(ROOT / "dashboard")]
    )  # fmt: skip
    with out.open("rb") as fresh, (LOCALE_DIR / "messages.pot").open("rb") as kept:
        assert {m.id for m in read_po(fresh)} == {m.id for m in read_po(kept)}


def test_gettext_fills_named_placeholders_in_the_translation_order():
    assert i18n.gettext("ru", "{n} countries", n=3) == "стран: 3"
    assert i18n.gettext("en", "{n} countries", n=3) == "3 countries"
    assert i18n.gettext(PSEUDO, "Years") == "⟦Years⟧"


def test_numbers_and_country_names_follow_the_locale():
    assert i18n.number(1234567.8, "ru", 1) == "1\xa0234\xa0567,8"
    assert i18n.number(1234567.8, "az", 1) == "1.234.567,8"
    assert i18n.compact_usd(1.3e9, "ru") == "1,3\xa0млрд\xa0$"
    assert i18n.compact_usd(1.3e9, "zh") == "US$13亿"
    assert i18n.plotly_separators("ru") == ",\xa0"
    assert i18n.plotly_separators("en") == ".,"
    assert i18n.country_name("AZE", "ru") == "Азербайджан"
    assert i18n.country_name("GEO", "zh") == "格鲁吉亚"
    assert i18n.country_name("KAZ", "az") == "Qazaxıstan"
    assert i18n.number(1234567.8, "tr", 1) == "1.234.567,8"
    assert i18n.plotly_separators("tr") == ",."
    assert i18n.country_name("GEO", "tr") == "Gürcistan"
    assert set(i18n.ALPHA2) >= set(FOCUS_COUNTRIES) | {"CHN"}


def test_lang_round_trips_in_the_url():
    f, rejected = Filters.from_query("?lang=zh&years=2015..2020")
    assert (f.lang, rejected) == ("zh", [])
    assert "lang=zh" in f.to_query()
    assert Filters().to_query() == ""
    assert Filters.from_query("?lang=xx") == (Filters(), ["lang"])
    assert CHOICES["lang"] == LANGUAGES


# ---------------------------------------------------------------- pseudo-locale
@pytest.fixture(scope="module")
def data_text(bundle) -> list[str]:
    return collect_data_text(bundle)


def collect_data_text(bundle) -> list[str]:
    """The data's own words, longest first (so a long name is removed before its parts)."""
    words = set()
    for df in bundle.tables.values():
        for col in FREE_TEXT_COLUMNS.intersection(df.columns):
            words.update(v for v in df[col].dropna() if isinstance(v, str))
    words.update(n["name"] for n in bundle.network.nodes)
    words.update(n["name"].split(" (")[0] for n in bundle.network.nodes)  # map labels
    words.update(f"{c}.csv" for c in ("trade", "investment", "volumes", "events"))
    words.update(i18n.country_name(c, "en") for c in i18n.ALPHA2)
    words.update(i18n.LANGUAGE_NAMES.values())
    return sorted((w for w in words if LETTERS.search(w)), key=len, reverse=True)


def unwrapped(text: str, data_text: list[str]) -> str:
    """What is left of a visible string once translated parts and exempt text are removed."""
    rest, before = text, None
    while rest != before:
        before, rest = rest, INNERMOST.sub(" ", rest)
    rest = re.sub(r"<[^>]+>", " ", rest)  # plotly's <br>, <b>
    for w in data_text:
        if w in rest:
            rest = rest.replace(w, " ")
    rest = ISO3.sub(" ", rest)
    return rest if LETTERS.search(rest) else ""


def visible_strings(node, skip_ids=()):
    """Every user-visible string in a Dash component tree (as JSON)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict) and "props" not in node:  # dcc.Dropdown's labels
        for value in node.values():
            yield from visible_strings(value, skip_ids)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from visible_strings(child, skip_ids)
    elif isinstance(node, dict) and "props" in node:
        props = node["props"]
        if props.get("id") in skip_ids or any(
            c in str(props.get("className", "")).split() for c in SKIP_CLASSES
        ):
            return
        for key in VISIBLE_PROPS:
            if key in props:
                yield from visible_strings(props[key], skip_ids)
        filter_options = props.get("filter_options")  # a DataTable's filter placeholder
        if isinstance(filter_options, dict):
            yield from visible_strings(filter_options.get("placeholder_text"), skip_ids)
        for option in props.get("options") or []:
            if isinstance(option, dict):
                yield from visible_strings(option.get("label"), skip_ids)
        for key, value in props.items():  # components inside other props (dcc.Loading, …)
            if key not in VISIBLE_PROPS:
                yield from visible_strings(components_in(value), skip_ids)


def components_in(value) -> list:
    """The components in a non-text prop (its plain strings are values, not text)."""
    if isinstance(value, dict) and "props" in value:
        return [value]
    if isinstance(value, list):
        return [c for v in value for c in components_in(v)]
    return []


def to_json(component):
    import json

    import plotly

    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def test_pseudo_locale_wraps_every_string_in_the_page(bundle, data_text):
    page = to_json(build_layout(bundle, "/assets/topojson/", PSEUDO))
    strings = list(visible_strings(page, skip_ids={ids.SOURCES_TABLE}))
    assert len(strings) > 100  # the walk reaches the page
    assert any(s.startswith("⟦") for s in strings)
    left = sorted({s for s in strings if unwrapped(s, data_text)})
    assert left == [], left


def test_the_walk_finds_an_unwrapped_string(bundle, data_text):
    """The check above can fail: an English label outside _ is found."""
    from dash import html

    page = to_json(html.Div([build_layout(bundle, "/x/", PSEUDO), html.Span("Plain English")]))
    left = {s for s in visible_strings(page) if unwrapped(s, data_text)}
    assert left == {"Plain English"}


VIEWS = [
    Filters(),
    Filters(reporter="both"),
    Filters(reporter="both", mode="yoy", scale="log"),
    Filters(flow="balance", mode="share"),
    Filters(reporter="partner", flow="partner_exports", indicator="turnover_change"),
    Filters(unit="teu", measure="loan", preset="world", years=(2010, 2024)),
    Filters(unit="containers", measure="cumulative_investment", indicator="none"),
    Filters(countries=(), preset="caspian"),
    Filters(countries=("TKM",), years=(2005, 2006), unit="wagons", measure="contract"),
]


HOVER_FIELD = re.compile(r"%\{[^}]*\}")  # plotly's %{y:$,.3s}: filled in by plotly.js


def hover_strings(trace: dict) -> list[str]:
    """A trace's hover words: its template without the %{…} fields, and its hover texts."""
    out = [HOVER_FIELD.sub(" ", trace.get("hovertemplate") or "")]
    for key in ("text", "hovertext"):
        value = trace.get(key)
        out += [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return out


def figure_strings(fig) -> list[str]:
    """Title, axis and colour-bar titles, legend names, annotations and hover text."""
    js = fig.to_plotly_json()
    layout = js["layout"]
    out = [layout.get("title", {}).get("text", "")]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), dict):
            out.append(axis["title"].get("text") or "")
        elif key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), str):
            out.append(axis["title"])
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in js["data"]:
        if trace.get("showlegend", True) and trace.get("name"):
            out.append(trace["name"])
        out += hover_strings(trace)
        title = (trace.get("colorbar") or {}).get("title") or {}
        out.append(title.get("text", "") if isinstance(title, dict) else title)
    return [s for s in out if s]


@pytest.mark.parametrize("view", VIEWS, ids=lambda f: f.to_query() or "default")
def test_pseudo_locale_wraps_every_string_in_figures_and_panels(bundle, data_text, view):
    f = replace(view, lang=PSEUDO)
    texts = []
    for build in (panels.map_panel, panels.trade_panel, panels.investment_panel):
        fig, summary, _config = build(bundle, f, "/x/")
        texts += [*figure_strings(fig), summary]
    fig, summary, _config = panels.volumes_panel(bundle, f, "/x/")
    texts += [*figure_strings(fig), summary]
    for item in panels.headlines(bundle, f):
        texts += [item["label"], item["value"], item["detail"]]
    texts += list(visible_strings(to_json(panels.deals_table(bundle, f))))
    texts.append(panels.table_data(bundle, f)[2])
    texts += list(visible_strings(to_json(download_links(f))))
    texts += list(visible_strings(to_json(panels.table_download(f))))
    assert len(texts) > 10
    left = sorted({t for t in texts if unwrapped(t, data_text)})
    assert left == [], left


def test_figures_carry_the_locale_separators(bundle):
    fig = panels.trade_panel(bundle, Filters(lang="ru"), "/x/")[0]
    assert fig.layout.separators == ",\xa0"
    assert fig.layout.title.text.startswith("<b>Товарооборот с Китаем")
    fig = panels.map_panel(bundle, Filters(lang="zh"), "/x/")[0]
    assert "中间走廊" in fig.layout.title.text
    fig = panels.trade_panel(bundle, Filters(lang="tr"), "/x/")[0]
    assert fig.layout.separators == ",."
    assert fig.layout.title.text.startswith("<b>Çin ile ticaret hacmi")


def test_every_language_has_plotly_js_ui_strings():
    """plotly.js's own UI strings (modebar) ship for every interface language but English."""
    from dashboard.config import ASSETS_DIR
    from dashboard.web.layout import PLOTLY_LOCALES

    shipped = (ASSETS_DIR / "plotly-locales.js").read_text(encoding="utf-8")
    names = set(re.findall(r"name: '([^']+)'", shipped))
    # plotly.js registers 'zh-CN' also as 'zh', and looks 'zh-cn' up as 'zh' when it must
    registered = names | {n.split("-")[0] for n in names}
    for lang in LANGUAGES[1:]:
        wanted = PLOTLY_LOCALES[lang]
        assert {wanted, wanted.split("-")[0]} & registered, lang


# ---------------------------------------------------------------- choosing the language
def test_accept_language_redirects_to_a_url_naming_the_language(client):
    r = client.get("/?years=2015..2024", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/?years=2015..2024&lang=ru")
    assert "Accept-Language" in r.headers["Vary"]
    r = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert r.status_code == 200


def test_url_then_cookie_then_accept_language(client):
    r = client.get("/?lang=az", headers={"Accept-Language": "ru"})
    assert r.status_code == 200
    assert "dashboard_lang=az" in r.headers["Set-Cookie"]
    # the layout request (no query, no referrer) follows the cookie the page load just set
    layout = client.get("/_dash-layout", headers={"Accept-Language": "ru"}).get_data(True)
    assert "Dil" in layout and "Язык" not in layout
    # a page without lang follows the remembered choice, here English: no redirect
    client.set_cookie("dashboard_lang", "en")
    assert client.get("/", headers={"Accept-Language": "ru"}).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_methodology_in_each_language(lang):
    """One Markdown file per language, with the same sections as the English one."""
    from dashboard.web.layout import METHODOLOGY, methodology_text

    english = METHODOLOGY.read_text(encoding="utf-8")
    text = methodology_text(lang)
    assert text != english
    assert text.count("**") == english.count("**")  # the same bold section heads
    assert "`data/README.md`" in text


def test_dates_and_months_follow_the_locale_and_never_gain_precision():
    from dashboard.figures.volumes import period_words

    assert i18n.date_text("2017-10-30", "ru") == "30 окт. 2017\u202fг."  # narrow nbsp (CLDR)
    assert i18n.date_text("2017-10-30", "zh") == "2017年10月30日"
    assert i18n.date_text("2015-08", "zh") == "2015年8月"  # no day the data does not give
    assert i18n.date_text("2017-10-30", "tr") == "30 Eki 2017"
    assert i18n.date_text("1992", "ru") == "1992"
    assert period_words("M01-M07", "ru") == "янв.–июль"
    assert period_words("M01-M07") == "Jan–Jul"
    assert period_words("FY", "az") == "tam il"


def test_exported_chart_and_csv_carry_the_language(client):
    """The download links carry `lang`, so the exported chart is the page's, in its language;
    CSV column names stay the stable machine names."""
    csv = client.get("/download/trade.csv?lang=ru")
    assert csv.status_code == 200
    header = next(line for line in csv.get_data(True).splitlines() if not line.startswith("#"))
    assert header.startswith("country,")
    assert "# Вид: KAZ, AZE, GEO; 2013–2024; Товарооборот с Китаем" in csv.get_data(True)
    svg = client.get("/download/trade.svg?lang=ru")
    assert svg.status_code == 200
    text = svg.get_data(True)
    assert "Товарооборот с Китаем" in text
    assert "по данным таможни Китая" in text  # the filter in words under the title
    assert "as reported" not in text


def test_the_page_names_its_language_in_html_lang(client):
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en"}).get_data(True)
    assert '<html lang="az">' in client.get("/?lang=az").get_data(True)
    # and the choice is remembered: a link without lang now opens in Azerbaijani
    assert (
        client.get("/", headers={"Accept-Language": "en"}).headers["Location"].endswith("lang=az")
    )
