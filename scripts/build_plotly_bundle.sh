#!/usr/bin/env bash
# Build dashboard/web/assets/vendor/plotly-dashboard.min.js: plotly.js with only the trace types this
# dashboard draws (scatter, bar, scattergeo, choropleth), the same version as the plotly
# Python package's plotly.js. It is 1.4 MB against 4.8 MB for the full bundle, so the browser
# downloads and evaluates a third of it (README, "Performance"). dashboard/plotly_js.py serves
# it at the URL where Dash serves plotly.js.
#
# Needs node and npm (a developer's machine, not the app or CI: the built file is committed).
# Re-run after upgrading plotly, or when a figure starts using another trace type
# (tests/test_plotly_bundle.py fails until then).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/package.json" <<JSON
{"name": "plotly-dashboard-bundle", "version": "1.0.0", "private": true}
JSON
cat > "$work/entry.js" <<'JS'
var Plotly = require('plotly.js/lib/core'); // core includes the scatter trace
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/choropleth'),
]);
module.exports = Plotly;
JS
(cd "$work" && npm install --no-audit --no-fund --silent "plotly.js@$version" esbuild@0.28.2)
# The options of plotly.js's own esbuild-config.js, minus the plugins only WebGL and map
# traces need; maplibre's CSS (map traces only) is left out of the bundle.
(cd "$work" && node_modules/.bin/esbuild entry.js --bundle --minify --format=iife \
    --global-name=Plotly --target=es2016 --define:global=window --define:define.amd=false \
    --define:process.env.NODE_DEBUG=false --log-level=warning --outfile=bundle.js)
{
    printf '/*! plotly.js v%s, partial bundle for the Middle Corridor dashboard: ' "$version"
    printf 'traces scatter, bar, scattergeo, choropleth. Built by scripts/build_plotly_bundle.sh.\n'
    printf ' * plotly.js: Copyright 2012-2026, Plotly, Inc.; MIT licence (its notices below). */\n'
    cat "$work/bundle.js"
    printf '\nwindow.Plotly = Plotly;\n'
} > dashboard/web/assets/vendor/plotly-dashboard.min.js
ls -l dashboard/web/assets/vendor/plotly-dashboard.min.js
