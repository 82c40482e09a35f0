"""What the browser sends on a filter change, rebuilt from the app itself.

`CallbackPlan` reads the app's `/_dash-dependencies` and `/_dash-layout` (the same JSON
dash-renderer reads) and builds, for a change of one control, the POST bodies the renderer sends
to `/_dash-update-component`: one per server-side callback that has the changed property as an
input, with every input's and state's current value. Nothing is hard-coded but the control ids
and their allowed values, so the payloads follow the layout when it changes.

`filter_walk` is the user: a seeded random walk of single-control changes, each giving a view
not seen before in the run (so a cache keyed by the filter never answers a measured request).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from dashboard.filters import FOCUS_COUNTRIES, PRESETS, YEAR_MAX, YEAR_MIN
from dashboard.schema import MEASURES, REPORTERS, TRADE_FLOWS
from dashboard.web import ids

UPDATE_PATH = "/_dash-update-component"
# A dcc.Location that no callback writes but that follows the address bar when another one
# changes it (dashboard/ids.py VIEW_URL): a callback's new URL.search reaches it too.
MIRRORS = {(ids.URL, "search"): (ids.VIEW_URL, "search")} if hasattr(ids, "VIEW_URL") else {}


def _walk_props(node, out: dict) -> None:
    if isinstance(node, list):
        for child in node:
            _walk_props(child, out)
    elif isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            if isinstance(props.get("id"), str):
                for prop, value in props.items():
                    out[(props["id"], prop)] = value
            _walk_props(props.get("children"), out)
        for value in node.values():
            if isinstance(value, dict | list) and value is not props:
                _walk_props(value, out)


def _outputs(spec: str) -> tuple[bool, list[tuple[str, str]]]:
    """'..a.b...c.d..' (several outputs) or 'a.b' (one) -> (multi, [(id, prop), ...])."""
    multi = spec.startswith("..")
    parts = spec.strip(".").split("...") if multi else [spec]
    return multi, [tuple(p.rsplit(".", 1)) for p in parts]


class CallbackPlan:
    def __init__(self, dependencies: list[dict], layout: dict):
        self.values: dict[tuple[str, str], object] = {}
        _walk_props(layout, self.values)
        self.callbacks = []
        for dep in dependencies:
            if dep.get("clientside_function"):
                continue  # runs in the browser, never reaches the server
            multi, outs = _outputs(dep["output"])
            deps = dep["inputs"] + dep.get("state", [])
            if not all(isinstance(d["id"], str) for d in deps):
                continue  # pattern-matching ids: none in this app
            self.callbacks.append((dep, multi, outs))

    def set(self, key: tuple[str, str], value) -> None:
        self.values[key] = value

    def apply(self, response: dict, done: set) -> list[tuple[str, str]]:
        """Store a callback response's output values; return the changed (id, prop) pairs that
        other callbacks (not yet run for this change) take as input, as dash-renderer would."""
        changed = []
        for cid, props in (response.get("response") or {}).items():
            for prop, value in props.items():
                if self.values.get((cid, prop)) == value:
                    continue
                self.values[(cid, prop)] = value
                changed.append((cid, prop))
                mirror = MIRRORS.get((cid, prop))
                if mirror and (mirror[0], "id") in self.values:  # the mirror is on the page
                    self.values[mirror] = value  # the browser updates it, then its listeners
                    changed.append(mirror)
        return [c for c in changed if self.payloads(c, done)]

    def payloads(self, changed: tuple[str, str], done: set | None = None) -> list[tuple[str, dict]]:
        """[(name, body)] for every server callback that has `changed` as an input (and whose
        output spec is not in `done`: a callback runs once per change, as in the browser)."""
        out = []
        for dep, multi, outs in self.callbacks:
            if done is not None and dep["output"] in done:
                continue
            if not any((d["id"], d["property"]) == changed for d in dep["inputs"]):
                continue
            outputs = [{"id": i, "property": p} for i, p in outs]
            body = {
                "output": dep["output"],
                "outputs": outputs if multi else outputs[0],
                "inputs": [self._value(d) for d in dep["inputs"]],
                "changedPropIds": [f"{changed[0]}.{changed[1]}"],
                "state": [self._value(d) for d in dep.get("state", [])],
            }
            out.append((outs[0][0], body))
        return out

    def _value(self, d: dict) -> dict:
        return {**d, "value": self.values.get((d["id"], d["property"]))}


def controls() -> dict[str, list]:
    """Control id -> allowed values (the ids that exist in this version of ids.py)."""
    choices = {
        "YEARS": None,  # drawn as ranges
        "COUNTRIES": None,  # drawn as subsets
        "REPORTER": list(REPORTERS) + ["both"],
        "FLOW": [*TRADE_FLOWS, "balance"],
        "MODE": ["usd", "yoy", "share"],
        "MEASURE": list(MEASURES),
        "UNIT": ["tonnes", "teu", "trains"],
        "INDICATOR": ["turnover", "turnover_change", "none"],
        "PRESET": list(PRESETS),
    }
    return {getattr(ids, name): vals for name, vals in choices.items() if hasattr(ids, name)}


def _draw(rng: random.Random, cid: str, allowed):
    if cid == ids.YEARS:
        a, b = sorted(rng.sample(range(YEAR_MIN, YEAR_MAX + 1), 2))
        return [a, b]
    if cid == ids.COUNTRIES:
        k = rng.randint(1, len(FOCUS_COUNTRIES))
        return sorted(rng.sample(FOCUS_COUNTRIES, k), key=FOCUS_COUNTRIES.index)
    return rng.choice(allowed)


def filter_walk(plan: CallbackPlan, rng: random.Random, n: int) -> Iterator[tuple[str, object]]:
    """n single-control changes (control id, new value), each to a view not seen before."""
    ctl = {cid: allowed for cid, allowed in controls().items() if (cid, "value") in plan.values}
    order = list(ctl)
    seen = {tuple(repr(plan.values[(c, "value")]) for c in order)}
    made = 0
    while made < n:
        cid = rng.choice(order)
        value = _draw(rng, cid, ctl[cid])
        state = tuple(repr(value if c == cid else plan.values[(c, "value")]) for c in order)
        if state in seen:
            continue
        seen.add(state)
        plan.set((cid, "value"), value)
        made += 1
        yield cid, value
