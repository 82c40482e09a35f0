"""One labels module (dashboard/i18n/labels.py): every value of the data's vocabulary and of the
URL's choices has its label in each table that shows it, translated in every language."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from dashboard.filters import CHOICES, PARAMETERS
from dashboard.i18n import LANGUAGES, LOCALE_DIR
from dashboard.i18n import labels as L

# URL choices -> the label tables that show them (the data's vocabulary is in L.COVERAGE)
URL_COVERAGE = {
    "REPORTER_OPTIONS": "reporter",
    "REPORTER_PHRASES": "reporter",
    "REPORTER_VIEW_WORDS": "reporter",
    "FLOW_TITLES": "flow",
    "MODE_WORDS": "mode",
    "MODE_LABELS": "mode",
    "SCALE_LABELS": "scale",
    "MEASURE_TITLES": "measure",
    "UNIT_NAMES": "unit",
    "UNIT_WORDS": "unit",
    "INDICATOR_OPTIONS": "indicator",
    "PRESET_WORDS": "preset",
    "TAB_WORDS": "tab",
    "DATASET_WORDS": "dataset",
}
CASES = [(name, values) for name, (values, _t) in L.COVERAGE.items()]
CASES += [(name, CHOICES[param]) for name, param in URL_COVERAGE.items()]
CASES += [("PARAM_WORDS", tuple(PARAMETERS))]


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id and not m.fuzzy}


@pytest.mark.parametrize(("name", "values"), CASES, ids=[c[0] for c in CASES])
def test_every_value_has_a_label(name, values):
    table = getattr(L, name)
    assert set(values) - set(table) == set(), f"{name} has no label for these values"


@pytest.mark.parametrize("lang", [x for x in LANGUAGES if x != "en"])
def test_every_label_is_translated(lang):
    messages = catalog(lang)
    missing = sorted(
        f"{name}[{value!r}]"
        for name, values in CASES
        for value in values
        if value in getattr(L, name) and not messages.get(getattr(L, name)[value])
    )
    assert missing == []


def test_labels_live_in_one_module():
    # the tables the issue found scattered (or twice) are defined here only
    import dashboard.figures.map as fmap
    import dashboard.web.layout as layout

    assert fmap.PRESET_WORDS is L.PRESET_WORDS
    assert not hasattr(fmap, "INDICATOR_WORDS") and not hasattr(layout, "INDICATOR_WORDS")
