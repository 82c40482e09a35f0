"""The factory: fresh apps, callbacks on each app, the page served, no tracebacks."""

from __future__ import annotations

import json

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings


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


CONTROL_INPUTS = [
    (ids.YEARS, "value", [2015, 2020]),
    (ids.COUNTRIES, "value", ["KAZ"]),
    (ids.REPORTER, "value", "china"),
    (ids.MEASURE, "value", "fdi_flow"),
    (ids.PRESET, "value", "corridor"),
]
FORMAT_INPUT = [(ids.IMAGE_FORMAT, "value", "svg")]
TRADE_OUT = [(ids.TRADE, "figure"), (ids.TRADE_SUMMARY, "children"), (ids.TRADE, "config")]


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
        resp = call(client, TRADE_OUT, CONTROL_INPUTS + FORMAT_INPUT)
        assert resp.status_code == 200
        fig = resp.get_json()["response"][ids.TRADE]["figure"]
        assert [t["name"] for t in fig["data"]][0] == "KAZ"


def test_trade_callback_follows_filters(client):
    resp = call(client, TRADE_OUT, CONTROL_INPUTS + FORMAT_INPUT)
    payload = resp.get_json()["response"]
    fig = payload[ids.TRADE]["figure"]
    assert fig["layout"]["xaxis"]["range"] == [2014.5, 2020.5]
    assert payload[ids.TRADE]["config"]["toImageButtonOptions"]["filename"] == (
        "china-trade_turnover_china_KAZ_2015-2020"
    )
    assert payload[ids.TRADE]["config"]["toImageButtonOptions"]["format"] == "svg"


@pytest.mark.parametrize(
    "hostile",
    [None, 12, "KAZ", ["XXX"] * 1000, [{"a": 1}], "<script>", [2015]],
)
def test_hostile_inputs_give_a_valid_view(client, hostile):
    inputs = [(i, p, hostile) for i, p, _ in CONTROL_INPUTS + FORMAT_INPUT]
    resp = call(client, TRADE_OUT, inputs)
    assert resp.status_code == 200
    fig = resp.get_json()["response"][ids.TRADE]["figure"]
    assert fig["layout"]["title"]["text"]


def test_url_sync_from_bad_query_gives_defaults_and_notice(client):
    outputs = [
        (ids.YEARS, "value"),
        (ids.COUNTRIES, "value"),
        (ids.REPORTER, "value"),
        (ids.MEASURE, "value"),
        (ids.PRESET, "value"),
        (ids.URL, "search"),
        (ids.NOTICE, "children"),
    ]
    inputs = [(ids.URL, "search", "?years=3000..1&countries=AZE")] + CONTROL_INPUTS
    resp = call(client, outputs, inputs, changed=[f"{ids.URL}.search"])
    got = resp.get_json()["response"]
    assert got[ids.COUNTRIES]["value"] == ["AZE"]
    assert got[ids.YEARS]["value"] == [2013, 2024]
    assert "year range" in got[ids.NOTICE]["children"]


def test_debug_off_by_default_and_no_traceback(app, client, monkeypatch):
    assert Settings().debug is False
    from dashboard import panels

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(panels, "make_trade_figure", boom)
    resp = call(client, TRADE_OUT, CONTROL_INPUTS + FORMAT_INPUT)
    assert resp.status_code == 200
    text = json.dumps(resp.get_json())
    assert "secret internals" not in text and "Traceback" not in text
    assert "could not be drawn" in text
