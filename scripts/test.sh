#!/usr/bin/env bash
# README's second command and what CI runs (.ci/run): install everything the tests need, run all.
# - Debian's chromium (after apt-get update) when /usr/bin/chromium is missing; never a
#   downloaded browser (Playwright drives /usr/bin/chromium).
# - Debian's fonts-noto-cjk when no font covers Chinese (fc-list :lang=zh is empty).
# - a virtual environment in .venv with the project and its [test] extras.
# - ruff, then the whole pytest suite with the browser tests REQUIRED (a missing browser fails).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# A CJK font so the Chinese interface renders offline (not boxes): Debian's fonts-noto-cjk.
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh)" ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

.venv/bin/ruff check .
.venv/bin/ruff format --check .

export DASHBOARD_REQUIRE_BROWSER=1
.venv/bin/python -m pytest "$@"
