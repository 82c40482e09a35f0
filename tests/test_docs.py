"""README documents every setting and both commands (datasette's test_docs idea)."""

from __future__ import annotations

import re

import pytest

from dashboard.config import ROOT, SETTINGS
from dashboard.filters import PARAMETERS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    flag = "--" + setting.name.replace("_", "-")
    env = f"DASHBOARD_{setting.name.upper()}"
    row = next((line for line in README.splitlines() if f"`{flag}`" in line), "")
    assert env in row, f"README settings table lacks a row for {flag} / {env}"


def test_ci_runs_the_readme_test_command():
    """.ci/run runs exactly the README's second command (not merely a file that mentions it)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"```sh\n(?P<cmd>[^\n]*scripts/test\.sh[^\n]*)\n```", README)
    assert m, "README's second command must be the test script"
    runs = [
        line.strip().removeprefix("exec ")
        for line in ci.splitlines()
        if line.strip() and not line.lstrip().startswith("#") and "scripts/" in line
    ]
    assert runs == [m["cmd"].strip()], f"CI runs {runs}, the README says {m['cmd']!r}"


def test_every_setting_default_is_documented():
    for s in SETTINGS:
        row = next(line for line in README.splitlines() if f"`{s.flag}`" in line)
        if s.type is bool:
            assert ("on" if s.default else "off") in row, row
        elif s.name not in ("data_dir", "cache_dir"):  # paths: the README says them in words
            assert f"`{s.default:g}`" in row if s.type is float else f"`{s.default}`" in row, row


@pytest.mark.parametrize("name", list(PARAMETERS))
def test_every_url_parameter_is_documented(name):
    line = next(line for line in README.splitlines() if line.startswith("- **URL**"))
    block = README[README.index(line) :].split("\n- ", 1)[0]
    assert f"`{name}`" in block, f"README's URL paragraph does not name the parameter {name!r}"


@pytest.mark.parametrize("name", [n for n, p in PARAMETERS.items() if p.allowed])
def test_every_choice_is_an_export_flag(name):
    from dashboard.cli import build_parser

    export = build_parser()._subparsers._group_actions[0].choices["export"]
    flags = {o for a in export._actions for o in a.option_strings}
    assert f"--{name}" in flags
