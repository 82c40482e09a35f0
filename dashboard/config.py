"""Settings: one documented table (datasette's SETTINGS idea), resolved flag > env > default.

Every setting here must appear in README.md's settings table (tests/test_docs.py checks it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, make_dataclass
from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("dashboard")))
ROOT = PACKAGE.parent  # the source checkout (tests, scripts); an installed wheel needs none of it
# Served as they are: CSS, scripts, the topojson basemap, the partial plotly.js (inside the
# package, so a wheel install serves them too).
ASSETS_DIR = PACKAGE / "web" / "assets"
TOPOJSON_DIR = ASSETS_DIR / "topojson"
# The data: the checkout's data/ folder when there is one, else the copy a wheel carries
# (setup.py puts data/ into dashboard/data/sample when it builds).
DATA_DIR = (
    ROOT / "data" if (ROOT / "data" / "datapackage.json").is_file() else PACKAGE / "data" / "sample"
)
ENV_PREFIX = "DASHBOARD_"
CACHE_DIR = str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "middle-corridor-dashboard"
)


def _port(value: int) -> None:
    if not 1 <= value <= 65535:
        raise ValueError(f"port: expected a number from 1 to 65535, got {value}")


def _not_negative(name: str):
    def check(value: float) -> None:
        if not value >= 0:  # also refuses nan
            raise ValueError(f"{name}: expected 0 or more, got {value}")

    return check


# The one table of settings: name, default, type, help and check. The Settings dataclass, the
# CLI flags, the environment variables and the README table (tests/test_docs.py) derive from it.
@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    type: type = str
    check: Callable[[object], None] | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return f"{ENV_PREFIX}{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface to listen on."),
    Setting("port", 8050, "TCP port to listen on.", int, _port),
    Setting(
        "data_dir",
        str(DATA_DIR),
        "Folder with the CSV datasets and datapackage.json.",
    ),
    Setting(
        "debug", False, "Dash debug mode (tracebacks in the browser). Never in production.", bool
    ),
    Setting(
        "reload_interval",
        2.0,
        "Seconds between checks of the data files for changes (0 turns reloading off).",
        float,
        _not_negative("reload_interval"),
    ),
    Setting("compress", True, "Gzip responses (flask-compress).", bool),
    Setting(
        "cache_dir",
        CACHE_DIR,
        "Folder for the validated data kept between starts, keyed by a hash of the data files, "
        "the code and the library versions (empty: no cache).",
    ),
)
SETTING_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: object) -> object:
    if setting.type is bool and isinstance(raw, str):
        value = raw.strip().lower()
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{setting.env}: expected true/false, got {raw!r}")
    try:
        return setting.type(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{setting.name}: expected {setting.type.__name__}, got {raw!r}") from exc


def _check(self) -> None:
    for s in SETTINGS:
        if s.check is not None:
            s.check(getattr(self, s.name))


def _resolve(cls, flags: dict | None = None, environ: dict | None = None):
    """Flag (when not None) > DASHBOARD_<NAME> environment variable > default."""
    flags = flags or {}
    environ = os.environ if environ is None else environ
    values = {}
    for s in SETTINGS:
        if flags.get(s.name) is not None:
            values[s.name] = _coerce(s, flags[s.name])
        elif s.env in environ:
            values[s.name] = _coerce(s, environ[s.env])
        else:
            values[s.name] = s.default
    return cls(**values)


# Settings(host=..., port=..., ...): frozen, its fields and defaults made from SETTINGS (never
# written twice); invalid values raise ValueError on construction, however it is built.
Settings = make_dataclass(
    "Settings",
    [(s.name, s.type, field(default=s.default)) for s in SETTINGS],
    frozen=True,
    namespace={
        "__post_init__": _check,
        "resolve": classmethod(_resolve),
        "__doc__": "The resolved settings (see SETTINGS for each one's meaning).",
    },
)
Settings.__module__ = __name__  # make_dataclass's module= is Python 3.12+
