"""File names that say what is inside an export, safe on every OS and in HTTP headers."""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME = 150

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))} | {
    f"LPT{i}" for i in range(10)
}


def safe_filename(name: str, max_len: int = MAX_FILENAME) -> str:
    """A file name that is safe on every OS and in a Content-Disposition header: ASCII letters,
    digits, '.', '_', '-' only; no path separators, no '..', no leading dot or dash, no control
    characters, at most `max_len` characters (the extension is kept when shortening)."""
    text = "".join(
        c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c)
    )
    text = _UNSAFE.sub("-", text)  # anything else, non-ASCII included, becomes a dash
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text).strip(".-_")
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 8:
        stem, ext = text, ""
    stem = stem.strip(".-_") or "export"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"file-{stem}"
    suffix = f".{ext}" if ext else ""
    stem = stem[: max(1, max_len - len(suffix))].rstrip(".-_") or "export"
    return (stem + suffix)[:max_len]
