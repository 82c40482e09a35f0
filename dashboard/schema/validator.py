"""The validator: one CSV's text against its table spec (dashboard/schema/tables.py), then the
references across files. Never raises on bad input; every problem is `file:row:column: rule`,
where row is the line number a spreadsheet shows (the header is row 1).

Hand-written rather than frictionless or pandera, deliberately: both report problems in their
own English words and shapes, while every rule here is a translatable template with named
values (the upload box shows it in the page's language), rows keep their spreadsheet line
numbers, and the cross-column rules (periods, claims) would be custom checks in either library
anyway. Frictionless still reads data/datapackage.json, which tests keep equal to these specs.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from ..i18n import N_
from .problems import Problem, Rule, params
from .tables import Field, Table


@dataclass
class TableResult:
    table: Table
    rows: list[dict] = field(default_factory=list)  # typed values; row numbers in "_row"
    problems: list[Problem] = field(default_factory=list)


# ASCII digits only: Python's int() and float() also read "1_000" and full-width "２０１５".
INTEGER_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_partial_date(text: str) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the first day it can mean. Raises ValueError."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
    if not m:
        raise ValueError(text)
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    return date(y, mo, d)


def _typed(f: Field, raw: str) -> tuple[object, Rule | None]:
    """Return (value, problem rule or None)."""
    bad = params(value=repr(raw))  # the cell as the rule quotes it
    if f.type == "integer":
        if not INTEGER_RE.fullmatch(raw):
            return None, (N_("not an integer ({value})"), bad)
        value: object = int(raw)
    elif f.type == "number":
        if not NUMBER_RE.fullmatch(raw):  # float() also takes 1_000, "nan" and non-ASCII digits
            if raw.lower().lstrip("+-") in ("nan", "inf", "infinity"):
                return None, (N_("not a finite number ({value})"), bad)
            return None, (N_("not a number ({value})"), bad)
        value = float(raw)
        if value != value or value in (float("inf"), float("-inf")):
            return None, (N_("not a finite number ({value})"), bad)
    elif f.type == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            return None, (N_("not a date YYYY-MM-DD ({value})"), bad)
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            return None, (N_("not a valid date ({value})"), bad)
    elif f.type == "partial_date":
        try:
            parse_partial_date(raw)
        except ValueError:
            return None, (N_("not a date YYYY, YYYY-MM or YYYY-MM-DD ({value})"), bad)
        value = raw
    elif f.type == "list":
        value = tuple(p.strip() for p in raw.split(";") if p.strip())
        if f.pattern:
            wrong = [p for p in value if not re.fullmatch(f.pattern, p)]
            if wrong:
                rule = N_("list item does not match {pattern} ({value})")
                return None, (rule, params(pattern=f.pattern, value=repr(wrong[0])))
        return value, None
    else:
        value = raw
    rule = _bounds_rule(f, raw, value)
    return (None, rule) if rule else (value, None)


def _bounds_rule(f: Field, raw: str, value: object) -> Rule | None:
    """Allowed values, pattern, minimum and maximum of a typed value."""
    if f.enum is not None and raw not in f.enum:
        rule = N_("not one of the allowed values {allowed} ({value})")
        return rule, params(allowed=", ".join(f.enum), value=repr(raw))
    if f.pattern and f.type == "string" and not re.fullmatch(f.pattern, raw):
        return N_("does not match {pattern} ({value})"), params(pattern=f.pattern, value=repr(raw))
    if f.minimum is not None and isinstance(value, int | float) and value < f.minimum:
        if f.minimum == 0:
            return N_("negative value ({value})"), params(value=raw)
        return N_("below the minimum {minimum} ({value})"), params(
            minimum=f"{f.minimum:g}", value=raw
        )
    if f.maximum is not None and isinstance(value, int | float) and value > f.maximum:
        return N_("above the maximum {maximum} ({value})"), params(
            maximum=f"{f.maximum:g}", value=raw
        )
    return None


def read_csv_text(raw: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """Decode bytes as UTF-8 (a BOM is allowed). Other encodings are refused, not guessed."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        rule = N_("not UTF-8 text (byte {byte})")
        return None, [Problem(filename, 1, "-", rule, params(byte=exc.start))]


def validate_table(table: Table, text: str, filename: str | None = None) -> TableResult:
    """Check one CSV's text against its spec. Never raises on bad input."""
    filename = filename or table.filename
    result = TableResult(table)
    problems = result.problems
    if "\x00" in text:
        problems.append(Problem(filename, 1, "-", N_("file contains NUL bytes")))
        return result
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        rule = N_("not a readable CSV ({error})")
        problems.append(Problem(filename, 1, "-", rule, params(error=exc)))
        return result
    if not records or not any(cell.strip() for cell in records[0]):
        problems.append(Problem(filename, 1, "-", N_("empty file: no header row")))
        return result
    header = [h.strip() for h in records[0]]
    expected = table.columns
    for col in expected:
        if col not in header:
            problems.append(Problem(filename, 1, col, N_("missing column")))
    for col in header:
        if col not in expected:
            problems.append(Problem(filename, 1, col or "-", N_("unknown column")))
    dupes = {c for c in header if header.count(c) > 1}
    for col in sorted(dupes):
        problems.append(Problem(filename, 1, col or "-", N_("column appears twice")))
    if problems:
        return result
    index = {c: i for i, c in enumerate(header)}
    seen_keys: dict[tuple, int] = {}
    for rowno, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(header):
            rule = N_("has {cells} cells, header has {columns}")
            problems.append(
                Problem(filename, rowno, "-", rule, params(cells=len(cells), columns=len(header)))
            )
            continue
        row: dict = {"_row": rowno}
        bad: set[str] = set()  # columns whose cell failed its check
        for f in table.fields:
            raw = cells[index[f.name]].strip()
            if raw == "":
                if f.required:
                    rule = N_("required value is empty")
                    problems.append(Problem(filename, rowno, f.name, rule))
                    bad.add(f.name)
                row[f.name] = None
                continue
            value, rule = _typed(f, raw)
            if rule:
                problems.append(Problem(filename, rowno, f.name, *rule))
                bad.add(f.name)
            row[f.name] = value
        for check in table.row_checks:
            for col, rule in check(row):
                problems.append(Problem(filename, rowno, col, *rule))
                bad.add(col)
        key = tuple(row.get(k) for k in table.primary_key)
        if bad & set(table.primary_key):
            pass  # a key cell that failed is not a value: two bad years are not one key
        elif key in seen_keys:
            problems.append(
                Problem(
                    filename,
                    rowno,
                    table.primary_key[0]
                    if len(table.primary_key) == 1
                    else "+".join(table.primary_key),
                    N_("duplicate key (same as row {row})"),
                    params(row=seen_keys[key]),
                )
            )
            bad.add("-")
        else:
            seen_keys[key] = rowno
        if not bad:
            result.rows.append(row)
    return result


def check_references(results: dict[str, TableResult]) -> list[Problem]:
    """Foreign keys across files (source ids, country codes, node ids)."""
    problems = []
    for name, res in results.items():
        for fk in res.table.foreign_keys:
            target = results.get(fk.table)
            if target is None:
                continue
            known = {r[fk.ref] for r in target.rows}
            keep = []
            for row in res.rows:
                value = row.get(fk.field)
                values = value if isinstance(value, tuple) else (value,)
                bad = [v for v in values if v is not None and v not in known]
                if bad:
                    problems.append(
                        Problem(
                            res.table.filename,
                            row["_row"],
                            fk.field,
                            fk.rule,
                            params(value=repr(bad[0])),
                        )
                    )
                else:
                    keep.append(row)
            res.rows = keep
        del name
    return problems
