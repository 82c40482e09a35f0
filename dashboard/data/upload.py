"""Validate a CSV uploaded in the browser (dcc.Upload contents) against the published schema.

Decisions (documented in the README, "Your own data"):
- Only trade, investment and volumes can be uploaded; the table is recognised by its header.
- Only `.csv` files, UTF-8 (a BOM is fine), at most `MAX_BYTES`; anything else gets a clear
  message, never a guess at the encoding.
- Every uploaded row gets source_id `your-upload` (a sources row "Your upload: <file name>" is
  added by `DataBundle.with_upload`), so figures can mark them. A source_id the user wrote is
  kept in the row's note; the source_id column may be blank or missing.
- Unknown country codes are problems when the known codes are passed in.
- Problems read `row N, column C: rule` (row = the line a spreadsheet shows, header = row 1):
  the first `MAX_PROBLEMS`, plus a count of the rest.
- Every message is in the page's language (`lang`; English by default).
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import N_, translator
from ..schema import TABLE_BY_NAME, Problem, params, read_csv_text, validate_table
from .bundle import UPLOAD_SOURCE_ID, frame_of

MAX_BYTES = 10 * 1024 * 1024
MAX_PROBLEMS = 50
UPLOAD_TABLES = ("trade", "investment", "volumes")


@dataclass
class UploadResult:
    table_name: str | None
    frame: pd.DataFrame | None
    problems: list[str] = field(default_factory=list)
    n_more: int = 0
    message: str = ""
    text: str | None = None  # the normalised CSV (source ids filled) when valid

    @property
    def ok(self) -> bool:
        return self.frame is not None


def _refuse(message: str, table_name: str | None = None) -> UploadResult:
    return UploadResult(table_name, None, [], 0, message)


def _decode_data_url(contents: object, max_bytes: int, _) -> tuple[bytes | None, str]:
    if not isinstance(contents, str) or "," not in contents:
        return None, _("The upload did not arrive as a file; please choose the file again.")
    head, _sep, payload = contents.partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        return None, _("The upload did not arrive as a base64 file; please choose the file again.")
    too_large = _("The file is larger than the {size} MB limit.", size=max_bytes // 2**20)
    # Refuse by size before decoding, so a huge upload is never held twice in memory.
    if len(payload) * 3 // 4 > max_bytes + 2:
        return None, too_large
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None, _("The upload is damaged (not valid base64); please choose the file again.")
    if len(raw) > max_bytes:
        return None, too_large
    return raw, ""


def _decode_text(raw: bytes, filename: str, lang: str) -> tuple[str | None, str]:
    _ = translator(lang)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, _("The file is UTF-16 text. Save it as 'CSV UTF-8' and upload it again.")
    text, problems = read_csv_text(raw, filename)
    if text is None:
        return None, _(
            "The file is not UTF-8 text ({problem}). Save it as 'CSV UTF-8' (comma delimited) "
            "and upload it again.",
            problem=problems[0].rule_text(lang),
        )
    if "\x00" in text:
        return None, _("The file contains NUL bytes: it is not a text CSV.")
    return text, ""


def detect_table(header: list[str]) -> str | None:
    """The uploadable table whose columns the header matches best (at least half of them)."""
    cols = {h.strip() for h in header} | {"source_id"}
    best, score = None, 0.0
    for name in UPLOAD_TABLES:
        expected = set(TABLE_BY_NAME[name].columns)
        overlap = len(cols & expected) / len(expected | cols)
        if overlap > score:
            best, score = name, overlap
    return best if score >= 0.5 else None


def _header_message(header: list[str], _) -> str:
    if len(header) == 1 and ";" in header[0]:
        return _("The file uses ';' between columns. Save it with ',' (CSV UTF-8) and try again.")
    if len(header) == 1 and "\t" in header[0]:
        return _("The file uses tabs between columns. Save it as CSV (commas) and try again.")
    return _(
        "The header does not match the trade, investment or volumes template. Download a "
        "template from this page and keep its column names."
    )


def _with_upload_source(records: list[list[str]]) -> tuple[str, list[str]]:
    """Rows with source_id set to your-upload (the user's id kept in note). Returns CSV text
    and the header as read."""
    header = [h.strip() for h in records[0]]
    out_header = header + [c for c in ("source_id", "note") if c not in header]
    src, note = out_header.index("source_id"), out_header.index("note")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(out_header)
    for cells in records[1:]:
        if len(cells) != len(header):
            writer.writerow(cells)  # the validator reports the cell count with its row number
            continue
        row = cells + [""] * (len(out_header) - len(header))
        given = row[src].strip()
        if given and given != UPLOAD_SOURCE_ID:
            row[note] = "; ".join(p for p in (row[note].strip(), f"source given: {given}") if p)
        row[src] = UPLOAD_SOURCE_ID
        writer.writerow(row)
    return out.getvalue(), header


def _country_problems(frame: pd.DataFrame, countries: Collection[str]) -> list[Problem]:
    bad = frame[~frame["country"].isin(list(countries))]
    rule = N_("unknown country code ({value})")  # the same words as schema.py's check
    return [
        Problem("upload", int(r["_row"]), "country", rule, params(value=repr(r["country"])))
        for _, r in bad.iterrows()
    ]


def validate_upload_text(
    text: str, filename: str, countries: Collection[str] | None = None, lang: str = "en"
) -> UploadResult:
    """Validate decoded CSV text; messages in lang. Never raises on bad input."""
    _ = translator(lang)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return _refuse(_("The file is not a readable CSV ({error}).", error=exc))
    if not records or not any(c.strip() for c in records[0]):
        return _refuse(_("The file is empty: it has no header row."))
    table_name = detect_table(records[0])
    if table_name is None:
        return _refuse(_header_message(records[0], _))
    normalised, _header = _with_upload_source(records)
    table = TABLE_BY_NAME[table_name]
    res = validate_table(table, normalised, filename)
    problems = list(res.problems)
    frame = frame_of(res)
    if countries is not None and "country" in table.columns:
        problems += _country_problems(frame, countries)
    if problems:
        shown = [p.text(lang) for p in sorted(problems, key=lambda p: (p.row, p.column))]
        n_more = max(0, len(shown) - MAX_PROBLEMS)
        message = _(
            "{file} was not loaded: {n} problem(s) in the {table} file.",
            file=filename,
            n=len(shown),
            table=table_name,
        )
        return UploadResult(table_name, None, shown[:MAX_PROBLEMS], n_more, message)
    if frame.empty:
        message = _("{file} has a {table} header but no rows.", file=filename, table=table_name)
        return _refuse(message, table_name)
    message = _(
        "{file}: {n} {table} row(s) loaded as your data (this page only).",
        file=filename,
        n=len(frame),
        table=table_name,
    )
    return UploadResult(table_name, frame, [], 0, message, normalised)


def parse_upload(
    contents: object,
    filename: object,
    max_bytes: int = MAX_BYTES,
    countries: Collection[str] | None = None,
    lang: str = "en",
) -> UploadResult:
    """dcc.Upload `contents` (a base64 data URL) + `filename` -> UploadResult, its messages in
    lang. Never raises."""
    _ = translator(lang)
    if not isinstance(filename, str) or not filename.strip():
        return _refuse(_("The upload has no file name; please choose the file again."))
    filename = filename.strip()
    if not filename.lower().endswith(".csv"):
        return _refuse(
            _("{file} is not a .csv file. Only CSV files can be uploaded.", file=filename)
        )
    raw, message = _decode_data_url(contents, max_bytes, _)
    if raw is None:
        return _refuse(message)
    text, message = _decode_text(raw, filename, lang)
    if text is None:
        return _refuse(message)
    return validate_upload_text(text, filename, countries, lang)
