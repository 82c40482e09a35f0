"""Screenshot the running dashboard in Debian's headless Chromium.

python scripts/screenshot.py http://127.0.0.1:8050/ docs/screenshot.png [--width 1400 --height 900]
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("out")
    p.add_argument("--width", type=int, default=1400)
    p.add_argument("--height", type=int, default=900)
    p.add_argument("--full-page", action="store_true")
    a = p.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": a.width, "height": a.height})
        page.goto(a.url)
        page.wait_for_selector(".js-plotly-plot .geo .countries path", timeout=30000)
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 6", timeout=30000
        )
        page.wait_for_timeout(1500)
        page.screenshot(path=a.out, full_page=a.full_page)
        browser.close()


if __name__ == "__main__":
    main()
