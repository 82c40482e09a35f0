"""Settings: one documented table (datasette's SETTINGS idea), resolved flag > env > default.

Every setting here must appear in README.md's settings table (tests/test_docs.py checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "DASHBOARD_"
CACHE_DIR = str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "middle-corridor-dashboard"
)


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    type: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface to listen on."),
    Setting("port", 8050, "TCP port to listen on.", int),
    Setting("data_dir", str(ROOT / "data"), "Folder with the CSV datasets and datapackage.json."),
    Setting(
        "debug", False, "Dash debug mode (tracebacks in the browser). Never in production.", bool
    ),
    Setting(
        "reload_interval",
        2.0,
        "Seconds between checks of the data files for changes (0 turns reloading off).",
        float,
    ),
    Setting("compress", True, "Gzip responses (flask-compress).", bool),
    Setting(
        "cache_dir",
        CACHE_DIR,
        "Folder for the validated data kept between starts, keyed by a hash of the data files, "
        "the code and the library versions (empty: no cache).",
    ),
)


def _coerce(setting: Setting, raw: object) -> object:
    if setting.type is bool and isinstance(raw, str):
        value = raw.strip().lower()
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{ENV_PREFIX}{setting.name.upper()}: expected true/false, got {raw!r}")
    try:
        return setting.type(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{setting.name}: expected {setting.type.__name__}, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: str = str(ROOT / "data")
    debug: bool = False
    reload_interval: float = 2.0
    compress: bool = True
    cache_dir: str = CACHE_DIR

    @classmethod
    def resolve(cls, flags: dict | None = None, environ: dict | None = None) -> Settings:
        """Flag (when not None) > DASHBOARD_<NAME> environment variable > default."""
        flags = flags or {}
        environ = os.environ if environ is None else environ
        values = {}
        for s in SETTINGS:
            if flags.get(s.name) is not None:
                values[s.name] = _coerce(s, flags[s.name])
            elif f"{ENV_PREFIX}{s.name.upper()}" in environ:
                values[s.name] = _coerce(s, environ[f"{ENV_PREFIX}{s.name.upper()}"])
            else:
                values[s.name] = s.default
        return cls(**values)


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
