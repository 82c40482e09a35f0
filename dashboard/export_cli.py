"""`python -m dashboard export`: write a view's data, images, PDF report or standalone HTML
without a browser. The view flags are the URL's vocabulary (--years 2015..2024 --countries
AZE,GEO --reporter partner ...), parsed by Filters.from_query exactly like a shared link, except
that a bad value is an error (exit 2) instead of a silent fallback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from .export import FORMATS, ExportError, check_scale, resolve_panels
from .filters import CHOICES, Filters

SINGLE_FILE = ("pdf", "html")  # several panels still make one file: a report, one page
VIEW_LISTS = {
    "years": "year range, e.g. 2015..2024",
    "countries": "ISO3 codes, e.g. AZE,GEO, or a group: middle_corridor, south_caucasus, "
    "central_asia",
    "categories": "event categories, comma-separated",
    "series": "volume series ids, comma-separated (default: the unit's six longest series)",
}


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
        view.add_argument(f"--{name}", choices=allowed, default=None)


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


def run_export(settings, args: argparse.Namespace) -> int:
    from . import export
    from .cli import load_or_report

    try:
        f = view_from_args(args)
        panels = [p.strip() for p in args.panels.split(",")] if args.panels else None
        specs = resolve_panels(panels)
        scale = check_scale(args.image_scale)
        base, is_folder = _targets(args.out, args.fmt, len(specs))
    except (ValueError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bundle = load_or_report(settings)
    if bundle is None:
        return 1
    names = [s.name for s in specs]
    try:
        if args.fmt in SINGLE_FILE:
            if args.fmt == "pdf":
                name, data = export.pdf_report(bundle, f, names)
            else:
                data = export.export_html(bundle, f, names).encode("utf-8")
                name = export.report_filename(f, specs, "html")
            files = [(name, data)]
        elif args.fmt == "csv":
            files = [export.export_csv(bundle, f, n) for n in names]
        else:
            files = export.panel_images(bundle, f, names, args.fmt, scale)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, data in files:
        path = base / name if is_folder else base
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0
