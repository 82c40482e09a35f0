"""Every figure the app serves is valid plotly, exactly as built.

The figure functions skip plotly's per-property validation for speed (`figures.common.figure`),
so nothing coerces a shorthand for them: `"title": "US$"` stays a string, which plotly.js 3
ignores. Here each figure is rebuilt WITH validation (which raises on an unknown property or a
bad value, and coerces shorthands) and must come out identical to what was served.
"""

from __future__ import annotations

import itertools
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.filters import GROUPS, PRESETS, Filters
from dashboard.schema import MEASURES
from dashboard.web import panels

URL = "/assets/topojson/"


def _served(fig: go.Figure) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _differences(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in sorted(set(a) | set(b))
            for d in _differences(a.get(k), b.get(k), f"{path}.{k}")
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: served {a!r:.80}, validated {b!r:.80}"]


def assert_valid(fig: go.Figure) -> None:
    served = _served(fig)
    checked = go.Figure(served)  # validates every property; raises ValueError if invalid
    assert _differences(served, _served(checked)) == []


def _views():
    groups = [GROUPS["middle_corridor"], GROUPS["central_asia"], ("ARM",), ()]
    for lang, countries, years in itertools.product(
        ("en", "ru", "zh", "tr"), groups, ((2000, 2025), (2017, 2019))
    ):
        base = {"lang": lang, "countries": countries, "years": years}
        yield Filters(**base, reporter="both", flow="turnover", mode="usd", preset="corridor")
        yield Filters(**base, reporter="china", flow="balance", mode="usd", scale="log")
        yield Filters(**base, reporter="partner", mode="yoy", unit="tonnes", events="off")
        yield Filters(**base, reporter="partner", mode="share", unit="containers", scale="log")
        for measure, preset in zip(MEASURES, itertools.cycle(PRESETS), strict=False):
            yield Filters(**base, measure=measure, preset=preset, unit="trains")


VIEWS = list(_views())


@pytest.mark.slow
@pytest.mark.parametrize("panel", ["map", "trade", "investment", "volumes"])
def test_every_served_figure_is_valid_plotly_as_built(bundle, panel):
    build = getattr(panels, f"{panel}_panel")
    for f in VIEWS:
        fig = build(bundle, f, URL)[0]
        assert_valid(fig)


def test_the_validity_check_catches_what_validation_would_have_fixed():
    from dashboard.figures.common import figure

    # a shorthand title: valid input for a validated figure, but not what plotly.js 3 reads
    with pytest.raises(AssertionError):
        assert_valid(figure([], {"yaxis": {"title": "US$"}}))
    with pytest.raises(ValueError):  # an unknown property
        assert_valid(figure([{"type": "scatter", "x": [1], "colour": "red"}], {}))
    assert_valid(figure([{"type": "scatter", "x": [1]}], {"yaxis": {"title": {"text": "US$"}}}))
