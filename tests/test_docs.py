"""README documents every setting and both commands (datasette's test_docs idea)."""

from __future__ import annotations

import re

import pytest

from dashboard.config import ROOT, SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    flag = "--" + setting.name.replace("_", "-")
    env = f"DASHBOARD_{setting.name.upper()}"
    row = next((line for line in README.splitlines() if f"`{flag}`" in line), "")
    assert env in row, f"README settings table lacks a row for {flag} / {env}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"```sh\n(?P<cmd>[^\n]*scripts/test\.sh[^\n]*)\n```", README)
    assert m, "README's second command must be the test script"
    assert "scripts/test.sh" in ci
