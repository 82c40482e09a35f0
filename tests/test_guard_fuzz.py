"""The callback guard: every malformed callback request gets 400 before Dash sees it.

Real payloads are rebuilt from the app's own /_dash-dependencies and /_dash-layout (the
benchmark's CallbackPlan, exactly what dash-renderer sends), then mutated: the triggers found
against the production setup (issue 18: wrong input count, inputs/outputs missing, an output id
that is not a string, a list in changedPropIds, JSON nested 1,000 deep) one by one, and a
hypothesis fuzz of 2,000 random mutations (marked slow) in which no answer may be a 500.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.common import CallbackPlan
from dashboard.app import create_app
from dashboard.config import Settings

UPDATE = "/_dash-update-component"


@pytest.fixture(scope="module")
def guarded(bundle):
    app = create_app(Settings(reload_interval=0), bundle)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    layout = client.get("/_dash-layout").get_json()
    plan = CallbackPlan(deps, layout)
    bodies = []
    for dep, _multi, _outs in plan.callbacks:
        first = dep["inputs"][0]
        for _name, body in plan.payloads((first["id"], first["property"])):
            if body["output"] == dep["output"]:
                bodies.append(body)
    assert len(bodies) >= 10  # every server callback of the page
    return client, bodies


def post(client, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(UPDATE, data=data, content_type="application/json")


def test_real_payloads_pass_the_guard(guarded):
    client, bodies = guarded
    for body in bodies:
        resp = post(client, body)
        assert resp.status_code in (200, 204), (body["output"], resp.data[:300])


def _download_links(bodies):
    return next(b for b in bodies if b["output"] == "download-links.children")


def _multi(bodies):
    return next(b for b in bodies if b["output"].startswith("..trade-chart"))


def _with(body, **changes):
    out = copy.deepcopy(body)
    for key, value in changes.items():
        if value is _DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


_DROP = object()


def _triggers(bodies):
    one, multi = _download_links(bodies), _multi(bodies)
    return {
        # the curl example: no inputs at all
        "empty inputs": {
            "output": "download-links.children",
            "outputs": {"id": "download-links", "property": "children"},
            "inputs": [],
            "changedPropIds": [],
        },
        "extra input": _with(one, inputs=one["inputs"] * 2),
        "duplicated input, multi": _with(multi, inputs=[multi["inputs"][0]] * 3),
        "input of another id": _with(
            multi, inputs=[{**multi["inputs"][0], "id": "nope"}, *multi["inputs"][1:]]
        ),
        "inputs missing": _with(one, inputs=_DROP),
        "outputs missing": _with(one, outputs=_DROP),
        "outputs missing, multi": _with(multi, outputs=_DROP),
        "output id not a string": _with(one, outputs={"id": 5, "property": "children"}),
        "output id a dict, multi": _with(
            multi, outputs=[{"id": {"a": 1}, "property": "figure"}, *multi["outputs"][1:]]
        ),
        "too few outputs": _with(multi, outputs=multi["outputs"][:1]),
        "list in changedPropIds": _with(one, changedPropIds=[["view-url.search"]]),
        "changedPropIds a dict": _with(one, changedPropIds={"a": 1}),
        "state missing": _with(
            next(b for b in bodies if b["output"] == "sources-table.data"), state=_DROP
        ),
        "clientside output": {
            "output": "page-lang.data",
            "outputs": {"id": "page-lang", "property": "data"},
            "inputs": [{"id": "url", "property": "search", "value": ""}],
            "state": [{"id": "page-lang", "property": "data", "value": "en"}],
            "changedPropIds": [],
        },
    }


@pytest.mark.parametrize(
    "name",
    [
        "empty inputs",
        "extra input",
        "duplicated input, multi",
        "input of another id",
        "inputs missing",
        "outputs missing",
        "outputs missing, multi",
        "output id not a string",
        "output id a dict, multi",
        "too few outputs",
        "list in changedPropIds",
        "changedPropIds a dict",
        "state missing",
        "clientside output",
    ],
)
def test_each_trigger_of_a_500_gets_400(guarded, name):
    client, bodies = guarded
    resp = post(client, _triggers(bodies)[name])
    assert resp.status_code == 400, resp.data[:300]
    assert "bad callback request" in resp.get_json()["error"]


@pytest.mark.parametrize("depth", [40, 1000, 5000])
def test_deeply_nested_json_gets_400(guarded, depth):
    client, bodies = guarded
    one = json.dumps(_download_links(bodies))
    value = "[" * depth + "]" * depth
    text = one.replace('"value": ', f'"value": {value}, "was": ', 1)
    resp = post(client, text)
    assert resp.status_code == 400, resp.data[:300]
    assert "nested" in resp.get_json()["error"]


def test_a_body_over_the_request_limit_gets_413_with_a_reason(guarded):
    client, _bodies = guarded
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    resp = client.post(UPDATE, data=b"x" * (limit + 1), content_type="application/json")
    assert resp.status_code == 413
    assert f"{limit}-byte limit" in resp.get_json()["error"]


# ---------------------------------------------------------------- fuzz
JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**6), max_value=10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "AZE", "view-url", "search", "value", "children", "..", "..."]),
        st.text(max_size=8),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
KEYS = ["output", "outputs", "inputs", "state", "changedPropIds"]


@st.composite
def mutated(draw, bodies):
    body = copy.deepcopy(draw(st.sampled_from(bodies)))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(KEYS))
        kind = draw(
            st.sampled_from(["drop", "replace", "dup", "remove", "item", "field", "deep", "swap"])
        )
        value = body.get(key)
        if kind == "drop":
            body.pop(key, None)
        elif kind == "replace":
            body[key] = draw(JSONISH)
        elif kind == "dup" and isinstance(value, list) and value:
            value.insert(
                draw(st.integers(0, len(value))), copy.deepcopy(draw(st.sampled_from(value)))
            )
        elif kind == "remove" and isinstance(value, list) and value:
            value.pop(draw(st.integers(0, len(value) - 1)))
        elif kind == "item" and isinstance(value, list) and value:
            value[draw(st.integers(0, len(value) - 1))] = draw(JSONISH)
        elif kind == "field":
            items = value if isinstance(value, list) else [value]
            targets = [i for i in items if isinstance(i, dict)]
            if targets:
                target = draw(st.sampled_from(targets))
                field = draw(st.sampled_from(["id", "property", "value", "extra"]))
                target[field] = draw(JSONISH)
        elif kind == "deep":
            depth = draw(st.sampled_from([33, 100, 999, 1000, 3000]))
            return json.dumps(body).replace("{", "[" * depth + "0" + "]" * depth + ",{", 1)
        elif kind == "swap":
            other = draw(st.sampled_from(bodies))
            body[key] = copy.deepcopy(other.get(key))
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        return [body]
    return body


@pytest.mark.slow
def test_fuzzed_callback_payloads_never_get_a_500(guarded):
    client, bodies = guarded
    statuses = {}

    @settings(
        max_examples=2000,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(bodies))
    def check(body):
        resp = post(client, body)
        statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
        assert resp.status_code < 500, body if isinstance(body, dict) else str(body)[:200]

    check()
    assert sum(statuses.values()) >= 2000
    print("statuses", statuses)
