"""The factory: fresh apps, callbacks on each app, the page served, no tracebacks."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.filters import GROUPS, Filters
from dashboard.web import ids, panels
from dashboard.web.callbacks import CONTROL_IDS, GROUP_BUTTONS


def call(client, outputs, inputs, changed=None):
    """POST one callback the way dash-renderer does; return the response JSON."""
    out_str = "..{}..".format("...".join(f"{i}.{p}" for i, p in outputs))
    body = {
        "output": out_str,
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": changed or [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [],
    }
    resp = client.post("/_dash-update-component", json=body)
    return resp


SEARCH = "?years=2015..2020&countries=KAZ"
VIEW_INPUTS = [
    (ids.VIEW_URL, "search", SEARCH),
    (ids.UPLOAD_STORE, "data", None),
    (ids.IMAGE_FORMAT, "value", "svg"),
]
TRADE_OUT = [(ids.TRADE, "figure"), (ids.TRADE_SUMMARY, "children"), (ids.TRADE, "config")]
SYNC_OUT = [(CONTROL_IDS[n], "value") for n in panels.CONTROL_NAMES] + [
    (ids.URL, "search"),
    (ids.NOTICE, "children"),
]


def sync_inputs(search="", click=None, **values):
    """Inputs of the URL/controls sync callback: the URL, every control, the group buttons,
    the map's clickData."""
    defaults = dict(zip(panels.CONTROL_NAMES, panels.control_values(Filters()), strict=True))
    defaults.update(values)
    return (
        [(ids.URL, "search", search)]
        + [(CONTROL_IDS[n], "value", defaults[n]) for n in panels.CONTROL_NAMES]
        + [(b, "n_clicks", 0) for b in GROUP_BUTTONS]
        + [(ids.MAP, "clickData", click)]
    )


def test_index_and_assets_served(client):
    resp = client.get("/")
    assert resp.status_code == 200
    assert b"Middle Corridor" in resp.data
    assert b"cdn." not in resp.data and b"unpkg" not in resp.data
    assert client.get("/assets/topojson/world_50m.json").status_code == 200
    assert client.get("/assets/topojson/world_110m.json").status_code == 200


def test_health_endpoint(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["rows"]["trade"] > 0


def test_two_apps_in_one_process_both_have_callbacks(bundle):
    first = create_app(Settings(reload_interval=0), bundle)
    second = create_app(Settings(reload_interval=0), bundle)
    for app in (first, second):
        client = app.server.test_client()
        deps = client.get("/_dash-dependencies").get_json()
        outputs = " ".join(d["output"] for d in deps)
        assert ids.TRADE in outputs and ids.MAP in outputs and ids.INVESTMENT in outputs
        resp = call(client, TRADE_OUT, VIEW_INPUTS)
        assert resp.status_code == 200
        fig = resp.get_json()["response"][ids.TRADE]["figure"]
        assert [t["name"] for t in fig["data"]][0] == "Kazakhstan"


def on_tab(client, output: tuple[str, str], tab: str, state: tuple[str, str, object]):
    """POST a one-output callback driven by the tab's value, with one state value."""
    (oid, prop), (sid, sprop, value) = output, state
    body = {
        "output": f"{oid}.{prop}",
        "outputs": {"id": oid, "property": prop},
        "inputs": [{"id": ids.TAB, "property": "value", "value": tab}],
        "changedPropIds": [f"{ids.TAB}.value"],
        "state": [{"id": sid, "property": sprop, "value": value}],
    }
    return client.post("/_dash-update-component", json=body)


def test_the_sources_table_is_filled_when_its_tab_opens_not_with_the_page(client, bundle):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert bundle.sources["title"].iloc[0] not in layout  # 525 rows stay out of every page load

    def fill(tab, rows):
        table = (ids.SOURCES_TABLE, "data")
        return on_tab(client, table, tab, (*table, rows))

    rows = fill("sources", []).get_json()["response"][ids.SOURCES_TABLE]["data"]
    assert [r["source_id"] for r in rows] == list(bundle.sources["source_id"])
    url = bundle.sources["url"].iloc[0]
    assert rows[0]["url"] == f"[{url}]({url})" and rows[0]["publisher"]
    # another tab, or a table already filled: nothing is sent again
    for again in (fill("charts", []), fill("sources", rows)):
        assert again.status_code in (200, 204)
        assert ids.SOURCES_TABLE not in ((again.get_json(silent=True) or {}).get("response") or {})


def test_the_claims_tab_is_checked_when_it_opens_in_the_pages_language(client, bundle):
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert bundle.claims["claim_id"].iloc[0] not in layout

    def fill(tab, lang):
        resp = on_tab(client, (ids.CLAIMS, "children"), tab, (ids.PAGE_LANG, "data", lang))
        assert resp.status_code in (200, 204)
        return json.dumps((resp.get_json(silent=True) or {}).get("response") or {})

    english = fill("claims", "en")
    assert ids.CLAIMS_TABLE in english and '"contradicted"' in english
    russian = json.loads(fill("claims", "ru"))
    assert "опровергается" in json.dumps(russian, ensure_ascii=False)
    assert fill("claims", "<script>") == english  # an unknown language: English
    assert ids.CLAIMS not in fill("charts", "en")  # another tab: nothing sent


def test_trade_callback_follows_filters(client):
    resp = call(client, TRADE_OUT, VIEW_INPUTS)
    payload = resp.get_json()["response"]
    fig = payload[ids.TRADE]["figure"]
    assert fig["layout"]["xaxis"]["range"] == [2014.5, 2020.5]
    assert payload[ids.TRADE]["config"]["toImageButtonOptions"]["filename"] == (
        "china-trade_turnover_china_usd_KAZ_2015-2020"
    )
    assert payload[ids.TRADE]["config"]["toImageButtonOptions"]["format"] == "svg"


@pytest.mark.parametrize(
    "hostile",
    [None, 12, "KAZ", ["XXX"] * 1000, [{"a": 1}], "<script>", [2015], "?years=1..2&tab=<x>"],
)
def test_hostile_inputs_give_a_valid_view(client, hostile):
    # a hostile URL and format into a panel callback ...
    resp = call(client, TRADE_OUT, [(i, p, hostile) for i, p, _ in VIEW_INPUTS])
    assert resp.status_code == 200
    fig = resp.get_json()["response"][ids.TRADE]["figure"]
    assert fig["layout"]["title"]["text"]
    # ... and hostile values in every control of the sync callback
    inputs = sync_inputs("", **{n: hostile for n in panels.CONTROL_NAMES})
    resp = call(client, SYNC_OUT, inputs, changed=[f"{ids.YEARS}.value"])
    assert resp.status_code == 200
    search = resp.get_json()["response"][ids.URL]["search"]
    assert Filters.from_query(search)[1] == []


def test_url_sync_from_bad_query_gives_defaults_and_notice(client):
    inputs = sync_inputs("?years=3000..1&countries=AZE")
    resp = call(client, SYNC_OUT, inputs, changed=[f"{ids.URL}.search"])
    got = resp.get_json()["response"]
    assert got[ids.COUNTRIES]["value"] == ["AZE"]
    assert got[ids.YEARS]["value"] == [2013, 2024]
    assert "year range" in got[ids.NOTICE]["children"]


def test_controls_write_the_canonical_url(client):
    inputs = sync_inputs("", years=[2015, 2024], countries=["AZE", "GEO"], mode="yoy", events=[])
    resp = call(client, SYNC_OUT, inputs, changed=[f"{ids.MODE}.value"])
    got = resp.get_json()["response"]
    assert got[ids.URL]["search"] == "?years=2015..2024&countries=AZE,GEO&mode=yoy&events=off"


def test_a_map_click_toggles_the_country(client):
    click = {"points": [{"location": "UZB", "curveNumber": 0, "pointNumber": 0}]}
    resp = call(
        client,
        SYNC_OUT,
        sync_inputs("", click, countries=["AZE"]),
        changed=[f"{ids.MAP}.clickData"],
    )
    got = resp.get_json()["response"]
    assert got[ids.COUNTRIES]["value"] == ["AZE", "UZB"]
    assert got[ids.URL]["search"] == "?countries=AZE,UZB"
    resp = call(
        client,
        SYNC_OUT,
        sync_inputs("", click, countries=["AZE", "UZB"]),
        changed=[f"{ids.MAP}.clickData"],
    )
    assert resp.get_json()["response"][ids.COUNTRIES]["value"] == ["AZE"]


def test_a_group_button_selects_its_members(client):
    inputs = sync_inputs("", countries=["AZE"])
    resp = call(client, SYNC_OUT, inputs, changed=[f"{ids.GROUP_PREFIX}central_asia.n_clicks"])
    got = resp.get_json()["response"]
    assert got[ids.COUNTRIES]["value"] == list(GROUPS["central_asia"])
    assert "countries=KAZ,UZB,TKM,KGZ,TJK" in got[ids.URL]["search"]


def test_debug_off_by_default_and_no_traceback(app, client, monkeypatch):
    assert Settings().debug is False
    from dashboard.web import panels

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(panels, "make_trade_figure", boom)
    resp = call(client, TRADE_OUT, VIEW_INPUTS)
    assert resp.status_code == 200
    text = json.dumps(resp.get_json())
    assert "secret internals" not in text and "Traceback" not in text
    assert "could not be drawn" in text
