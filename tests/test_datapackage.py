"""data/datapackage.json agrees with the schema in code; hand-typed dates parse."""

from __future__ import annotations

import json
from datetime import date

from dashboard.config import ROOT
from dashboard.data.datapackage import descriptor_with_schema
from dashboard.schema import TABLES, parse_partial_date

PATH = ROOT / "data" / "datapackage.json"


def test_descriptor_schema_matches_code():
    committed = json.loads(PATH.read_text(encoding="utf-8"))
    assert committed == descriptor_with_schema(PATH), "run: python -m dashboard datapackage --write"


def test_every_table_described_with_fields_in_order():
    committed = json.loads(PATH.read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in committed["resources"]}
    for t in TABLES:
        fields = [f["name"] for f in by_name[t.name]["schema"]["fields"]]
        assert fields == t.columns
        assert (ROOT / "data" / by_name[t.name]["path"]).is_file()


def test_source_dates_parse_and_are_not_in_the_future(bundle):
    today = date.today()
    for value in bundle.sources["published"].dropna():
        assert parse_partial_date(value) <= today
    for value in bundle.sources["accessed"]:
        assert value <= today
    for value in bundle.events["date"]:
        parse_partial_date(value)
