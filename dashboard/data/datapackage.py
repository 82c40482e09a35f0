"""data/datapackage.json (Frictionless Data Package) from the schema in code.

The descriptor's hand-written parts (title, description, licenses, sources, each resource's
title/description) are kept; its `schema` parts are derived here from dashboard/schema.py, and
tests/test_datapackage.py fails when the committed file differs from this derivation.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import TABLES, Field, Table

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "partial_date": "string",
    "list": "string",
}


def field_descriptor(f: Field) -> dict:
    d: dict = {"name": f.name, "type": _TYPES[f.type], "description": f.description}
    if f.type == "date":
        d["format"] = "%Y-%m-%d"
    if f.unit:
        d["unit"] = f.unit
    c: dict = {}
    if f.required:
        c["required"] = True
    if f.enum is not None:
        c["enum"] = list(f.enum)
    if f.minimum is not None:
        c["minimum"] = f.minimum
    if f.maximum is not None:
        c["maximum"] = f.maximum
    if f.type == "partial_date":
        c["pattern"] = r"\d{4}(-\d{2}(-\d{2})?)?"
    elif f.pattern and f.type == "string":
        c["pattern"] = f.pattern.removeprefix("^").removesuffix("$")
    if f.type == "list":
        d["description"] += " Items match " + (f.pattern or "any") + "."
    if c:
        d["constraints"] = c
    return d


def schema_descriptor(t: Table) -> dict:
    schema: dict = {
        "fields": [field_descriptor(f) for f in t.fields],
        "primaryKey": list(t.primary_key),
        "missingValues": [""],
    }
    fks = [
        {"fields": fk.field, "reference": {"resource": fk.table, "fields": fk.ref}}
        for fk in t.foreign_keys
        if fk.field != "countries"  # a ';' list: checked in code, not expressible here
    ]
    if fks:
        schema["foreignKeys"] = fks
    return schema


def descriptor_with_schema(path: Path) -> dict:
    """The descriptor at `path` (or a skeleton) with every resource's schema regenerated."""
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    by_name = {r.get("name"): r for r in current.get("resources", [])}
    resources = []
    for t in TABLES:
        old = by_name.get(t.name, {})
        resources.append(
            {
                "name": t.name,
                "path": t.filename,
                "title": old.get("title", t.title),
                "description": old.get("description", t.description),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **({"licenses": old["licenses"]} if "licenses" in old else {}),
                "schema": schema_descriptor(t),
            }
        )
    out = {k: v for k, v in current.items() if k != "resources"}
    out.setdefault("profile", "tabular-data-package")
    out.setdefault("name", "middle-corridor")
    out["resources"] = resources
    return out
