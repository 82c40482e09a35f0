#!/usr/bin/env bash
# Re-extract the English source strings and merge them into every language's catalog, then
# compile (README "Languages"). New or changed strings arrive empty or fuzzy in the .po files;
# tests/test_i18n.py fails until every one is translated and unfuzzied.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
"$PYBABEL" extract -F babel.cfg -k N_ --no-location --sort-output \
  -o dashboard/i18n/locale/messages.pot dashboard
"$PYBABEL" update -i dashboard/i18n/locale/messages.pot -d dashboard/i18n/locale -D messages \
  --ignore-obsolete --width 100
"$PYBABEL" compile -d dashboard/i18n/locale -D messages --statistics
