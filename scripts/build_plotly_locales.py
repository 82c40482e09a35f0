"""Build assets/plotly-locales.js: plotly.js's own translations of its UI strings (modebar
tooltips, date names, number format) for the page's languages, served locally.

Source: the npm package `plotly.js-locales` (MIT, the plotly.js team), unchanged apart from the
wrapper that registers each locale the moment plotly.js sets `window.Plotly` (Dash loads
plotly.js lazily, after the assets, and draws charts right after). Re-run after changing LOCALES:

    npm pack plotly.js-locales@3.7.0 && tar xzf plotly.js-locales-3.7.0.tgz
    python scripts/build_plotly_locales.py package/ dashboard/web/assets/plotly-locales.js
"""

from __future__ import annotations

import sys
from pathlib import Path

# page language -> plotly.js locale file (and name)
LOCALES = {"ru": "ru", "az": "az", "zh": "zh-cn", "tr": "tr"}

HEAD = """/* plotly.js UI strings for the page's languages, from the npm package plotly.js-locales
 * 3.7.0 (MIT licence, (c) plotly.js contributors). Built by scripts/build_plotly_locales.py;
 * do not edit. Each locale is registered the moment plotly.js sets window.Plotly. */
(function () {
  var locales = [];
"""
TAIL = """  function register(plotly) {
    locales.forEach(function (l) { plotly.register(l); });
  }
  if (window.Plotly && window.Plotly.register) {
    register(window.Plotly);
    return;
  }
  // plotly.js ends with `window.Plotly = Plotly`: catch that assignment and register the
  // locales before any chart is drawn (a chart drawn first keeps English modebar tooltips).
  var value;
  Object.defineProperty(window, 'Plotly', {
    configurable: true,
    enumerable: true,
    get: function () { return value; },
    set: function (plotly) {
      value = plotly;
      Object.defineProperty(window, 'Plotly', {
        value: plotly, writable: true, configurable: true, enumerable: true
      });
      if (plotly && plotly.register) register(plotly);
    }
  });
})();
"""


def build(package: Path) -> str:
    parts = [HEAD]
    for name in LOCALES.values():
        text = (package / f"{name}.js").read_text(encoding="utf-8")
        body = text.split("module.exports =", 1)[1].strip().rstrip(";")
        parts.append(f"  locales.push({body});\n")
    parts.append(TAIL)
    return "".join(parts)


if __name__ == "__main__":
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.write_text(build(src), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
