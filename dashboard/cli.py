"""Command line: `python -m dashboard [serve|validate|coverage|claims|datapackage|ingest|update|
export]`.

Every flag falls back to a DASHBOARD_* environment variable, then to the default (config.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .config import SETTINGS, Settings

log = logging.getLogger("dashboard")


def _add_setting_flags(p: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    for s in SETTINGS:
        if s.name not in names:
            continue
        flag, env = s.flag, s.env
        if s.type is bool:
            p.add_argument(
                flag,
                dest=s.name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{s.help} [env {env}; default {s.default}]",
            )
        else:
            p.add_argument(
                flag, dest=s.name, default=None, help=f"{s.help} [env {env}; default {s.default}]"
            )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Middle Corridor dashboard. With no command, serves the app.",
    )
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="Serve the dashboard (the default).")
    SERVE = ("host", "port", "data_dir", "debug", "reload_interval", "compress", "cache_dir")
    _add_setting_flags(serve, SERVE)
    val = sub.add_parser("validate", help="Check every CSV against the schema.")
    _add_setting_flags(val, ("data_dir",))
    cov = sub.add_parser(
        "coverage",
        help="Print the trade coverage (country x year x reporter: filled / empty / conflict).",
    )
    _add_setting_flags(cov, ("data_dir",))
    cl = sub.add_parser("claims", help="Check the 2019 PONARS memo's claims against the data.")
    _add_setting_flags(cl, ("data_dir",))
    cl.add_argument("--format", choices=("text", "csv", "markdown"), default="text")
    dp = sub.add_parser("datapackage", help="Print (or --write) the datapackage.json schema part.")
    _add_setting_flags(dp, ("data_dir",))
    dp.add_argument("--write", action="store_true", help="Update data/datapackage.json in place.")
    _add_ingest_parser(sub)
    up = sub.add_parser(
        "update",
        help="Fetch the eight countries' trade with China from the IMF or UN Comtrade API.",
    )
    up.add_argument("service", choices=("imf", "comtrade"))
    up.add_argument("--apply", action="store_true", help="Append added/revised rows to data/.")
    up.add_argument("--base-url", help="API base URL [env DASHBOARD_IMF_API / _COMTRADE_API].")
    up.add_argument("--staging-dir", type=Path, help="Where the staging files go [./staging].")
    up.add_argument(
        "--unit",
        choices=("usd", "thousand_usd", "million_usd"),
        help="imf: scale of the values where the response states none (never guessed).",
    )
    _add_setting_flags(up, ("data_dir",))
    from .export_cli import add_export_arguments

    exp = sub.add_parser(
        "export", help="Write a view's CSV, PNG/SVG/PDF images, PDF report or offline HTML."
    )
    _add_setting_flags(exp, ("data_dir",))
    add_export_arguments(exp)
    return parser


def _add_ingest_parser(sub) -> None:
    ing = sub.add_parser(
        "ingest", help="Convert a UN Comtrade, IMF IMTS or IMF DOTS CSV into trade.csv rows."
    )
    ing.add_argument(
        "service",
        choices=("comtrade", "imf", "dots", "auto"),
        help="Which export FILE is (auto: detected from its header).",
    )
    ing.add_argument("file", type=Path, help="The downloaded CSV.")
    ing.add_argument("--out", type=Path, help="Trade rows to write [default FILE-stem.trade.csv].")
    ing.add_argument("--sources-out", type=Path, help="Source row [default OUT-stem.sources.csv].")
    ing.add_argument(
        "--unit",
        choices=("usd", "thousand_usd", "million_usd"),
        help="The scale of the file's values where the file does not state it (dots, the IMF "
        "portal CSV, SDMX-CSV without UNIT_MULT/SCALE).",
    )
    ing.add_argument("--source-id", help="source_id for the rows and the source row.")
    ing.add_argument(
        "--turnover", action="store_true", help="Also write turnover = exports + imports."
    )
    ing.add_argument("--force", action="store_true", help="Overwrite existing output files.")
    _add_setting_flags(ing, ("data_dir",))


def _settings(args: argparse.Namespace) -> Settings:
    flags = {s.name: getattr(args, s.name, None) for s in SETTINGS}
    return Settings.resolve(flags)


def summary_lines(results) -> list[str]:
    lines = []
    source_ids = {r["source_id"] for r in results["sources"].rows}
    for name, res in results.items():
        table = res.table
        rows = res.rows
        span = ""
        if table.year_field and rows:
            years = [r[table.year_field] for r in rows]
            span = f", years {min(years)}–{max(years)}"
        elif name == "events" and rows:
            years = [int(r["date"][:4]) for r in rows]
            span = f", years {min(years)}–{max(years)}"
        if name == "sources":
            share = "n/a (the sources themselves)"
        else:
            ok = sum(1 for r in rows if r.get("source_id") in source_ids)
            share = (
                f"{100.0 * ok / len(rows):.0f}% rows with a resolvable source"
                if rows
                else ("no rows")
            )
        lines.append(f"{table.filename}: {len(rows)} rows{span}; {share}")
    return lines


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["serve", *argv]  # serving is the default command: `python -m dashboard --port 9000`
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        settings = _settings(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not Path(settings.data_dir).is_dir():
        print(
            f"error: the data folder {settings.data_dir} does not exist or is not a folder "
            "(--data-dir or DASHBOARD_DATA_DIR)",
            file=sys.stderr,
        )
        return 2
    try:
        return _run(command, args, settings)
    except OSError as exc:  # unreadable input, unwritable output, a port in use: one line
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


def _run(command: str | None, args: argparse.Namespace, settings: Settings) -> int:
    if command == "validate":
        return validate(settings)
    if command == "coverage":
        from .views.coverage import (
            counts,
            coverage_cells,
            coverage_summary,
            coverage_text,
            trade_matrix,
        )

        bundle = load_or_report(settings)
        if bundle is None:
            return 1
        cells = coverage_cells(bundle.trade)
        print(coverage_text(cells))
        print()
        print("\n".join(coverage_summary(cells)))
        print()
        print(trade_matrix(bundle.trade))
        print()
        print(counts(bundle.tables))
        return 0
    if command == "claims":
        return claims(settings, args.format)
    if command == "ingest":
        return _ingest(args, settings)
    if command == "update":
        from .data.update import run as run_update

        return run_update(
            args.service,
            Path(settings.data_dir),
            apply=args.apply,
            base=args.base_url,
            staging_dir=args.staging_dir,
            unit=args.unit,
        )
    if command == "export":
        from .export_cli import run_export

        return run_export(args, lambda: load_or_report(settings))
    if command == "datapackage":
        from .data.datapackage import descriptor_with_schema

        path = Path(settings.data_dir) / "datapackage.json"
        text = json.dumps(descriptor_with_schema(path), indent=2, ensure_ascii=False) + "\n"
        if args.write:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
        else:
            sys.stdout.write(text)
        return 0
    return serve(settings)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .data.ingest import run

    if args.service == "dots" and args.unit is None:
        print("error: ingest dots needs --unit usd or --unit million_usd (the file does not say)")
        return 2
    return run(
        args.service,
        args.file,
        Path(settings.data_dir),
        args.out,
        args.sources_out,
        unit=args.unit,
        turnover=args.turnover,
        force=args.force,
        source_id=args.source_id,
    )


def validate(settings: Settings) -> int:
    from .data import DataError, bundle_from, validate_dir

    results, problems = validate_dir(settings.data_dir)
    if not problems:
        try:
            bundle_from(results, settings.data_dir)  # the geometry's own checks
        except DataError as exc:
            problems = exc.problems
    if problems:
        for p in sorted(problems):
            print(p)
        print(f"INVALID: {len(problems)} problem(s) in {settings.data_dir}")
        return 1
    for line in summary_lines(results):
        print(line)
    print(f"OK: {settings.data_dir}")
    return 0


def load_or_report(settings: Settings):
    """The data bundle, or None after printing every problem to stderr (exit status 1)."""
    from .data import DataError, load_bundle

    try:
        return load_bundle(settings.data_dir)
    except DataError as exc:
        print(f"The data in {settings.data_dir} is not valid:", file=sys.stderr)
        print(exc.report(), file=sys.stderr)
        return None


def claims(settings: Settings, fmt: str) -> int:
    from .views.claims import evaluate_claims, render

    bundle = load_or_report(settings)
    if bundle is None:
        return 1
    sys.stdout.write(render(evaluate_claims(bundle), fmt))
    return 0


def serve(settings: Settings) -> int:
    from .app import create_app
    from .data import DataError

    try:
        app = create_app(settings)
    except DataError as exc:
        print(f"The data in {settings.data_dir} is not valid; not starting.", file=sys.stderr)
        print(exc.report(), file=sys.stderr)
        return 1
    log.info(
        "serving on http://%s:%s/ (debug %s)",
        settings.host,
        settings.port,
        "on" if settings.debug else "off",
    )
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0
