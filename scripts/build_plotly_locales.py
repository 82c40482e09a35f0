"""Build assets/plotly-locales.js: plotly.js's own translations of its UI strings (modebar
tooltips, date names, number format) for the page's languages, served locally.

Source: the npm package `plotly.js-locales` (MIT, the plotly.js team), unchanged apart from the
wrapper that registers each locale once `window.Plotly` exists (Dash loads plotly.js lazily,
after the assets). Re-run after changing LOCALES:

    npm pack plotly.js-locales@3.7.0 && tar xzf plotly.js-locales-3.7.0.tgz
    python scripts/build_plotly_locales.py package/ assets/plotly-locales.js
"""

from __future__ import annotations

import sys
from pathlib import Path

# page language -> plotly.js locale file (and name)
LOCALES = {"ru": "ru", "az": "az", "zh": "zh-cn"}

HEAD = """/* plotly.js UI strings for the page's languages, from the npm package plotly.js-locales
 * 3.7.0 (MIT licence, (c) plotly.js contributors). Built by scripts/build_plotly_locales.py;
 * do not edit. Each locale is registered as soon as plotly.js has loaded. */
(function () {
  var locales = [];
"""
TAIL = """  function register() {
    if (!window.Plotly || !window.Plotly.register) return false;
    locales.forEach(function (l) { window.Plotly.register(l); });
    return true;
  }
  if (!register()) {
    var timer = setInterval(function () { if (register()) clearInterval(timer); }, 25);
  }
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
