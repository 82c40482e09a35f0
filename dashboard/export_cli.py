"""`python -m dashboard export`: write a view's data, images, PDF report or standalone HTML
without a browser. The view flags are the URL's vocabulary (--years 2015..2024 --countries
AZE,GEO --reporter partner ...), parsed by Filters.from_query exactly like a shared link, except
that a bad value is an error (exit 2) instead of a silent fallback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from . import export
from .export import FORMATS, SINGLE_FILE, ExportError, check_scale, resolve_panels
from .filters import CHOICES, PARAMETERS, Filters

# The view flags are the URL parameters (filters.PARAMETERS): lists and ranges, then choices.
VIEW_LISTS = {n: p.help for n, p in PARAMETERS.items() if p.allowed is None}


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--panels",
        default=None,
        help="comma-separated panels (default: all, in page order); see --help for names",
    )
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="pdf", help="default pdf")
    p.add_argument(
        "--out",
        default=None,
        help="file or folder to write; default: the current folder with descriptive names. "
        "csv/png/svg of several panels need a folder.",
    )
    p.add_argument(
        "--image-scale",
        default="1",
        help="pixel density of PNG images (0.5-4; default 1). Not --scale: that is the "
        "chart's axis scale (linear|log), as in the URL.",
    )
    view = p.add_argument_group("view (same vocabulary as the page's URL)")
    for name, words in VIEW_LISTS.items():
        view.add_argument(f"--{name}", default=None, help=words)
    for name, allowed in CHOICES.items():
        view.add_argument(f"--{name}", choices=allowed, default=None, help=PARAMETERS[name].help)


def view_from_args(args: argparse.Namespace) -> Filters:
    """The Filters the flags describe; ValueError naming each flag that is not valid."""
    names = [*VIEW_LISTS, *CHOICES]
    given = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    f, rejected = Filters.from_query(urlencode(given))
    if rejected:
        bad = "; ".join(
            f"--{n} {given.get(n)!r} is not valid ({VIEW_LISTS.get(n, 'see --help')})"
            for n in rejected
        )
        raise ValueError(bad)
    return f


def _targets(out: str | None, fmt: str, n_files: int) -> tuple[Path, bool]:
    """(path, is_folder) for --out: a folder unless it names one file of the format (pdf and
    html are always one file)."""
    if out is None:
        return Path.cwd(), True
    path = Path(out)
    if path.is_dir() or out.endswith(("/", "\\")):
        return path, True
    if fmt in SINGLE_FILE:
        return path, False
    if path.suffix == f".{fmt}":
        if n_files > 1:
            raise ValueError(f"--out {out!r} is one file, but {n_files} {fmt} files are made")
        return path, False
    return path, True


def run_export(args: argparse.Namespace, load_bundle: Callable[[], object]) -> int:
    """The export command; `load_bundle` gives the data (or None after reporting why)."""
    try:
        f = view_from_args(args)
        panels = [p.strip() for p in args.panels.split(",")] if args.panels else None
        specs = resolve_panels(panels)
        scale = check_scale(args.image_scale)
        base, is_folder = _targets(args.out, args.fmt, len(specs))
    except (ValueError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bundle = load_bundle()
    if bundle is None:
        return 1
    try:
        files = export.make(bundle, f, args.fmt, [s.name for s in specs], scale)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, data in files:
        path = base / name if is_folder else base
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0
