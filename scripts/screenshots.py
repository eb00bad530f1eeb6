"""Refresh the screenshots in the README and docs/ from the example changes, in Debian's
chromium: `.venv-test/bin/python scripts/screenshots.py` (needs the test extras for Playwright).

The site is built as the docs say (`--now 2026-12-14T10:00`), so the pictures match the text.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOW = "2026-12-14T10:00"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        subprocess.run([sys.executable, "-m", "cmcheck", "-C", str(ROOT), "calendar", "--out",
                        str(site), "--now", NOW], check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            # The desktop size the browser tests measure the first screen at.
            wide = browser.new_page(viewport={"width": 1280, "height": 1600})
            wide.goto((site / "index.html").as_uri())
            wide.screenshot(path=str(DOCS / "calendar-first-screen.png"))
            wide.locator("section.month").first.screenshot(path=str(DOCS / "calendar.png"))
            wide.locator("section.week").screenshot(path=str(DOCS / "calendar-week.png"))
            wide.goto((site / "statistics.html").as_uri())
            wide.screenshot(path=str(DOCS / "statistics.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            phone.goto((site / "index.html").as_uri())
            phone.locator("#m-2026-12").scroll_into_view_if_needed()
            phone.screenshot(path=str(DOCS / "calendar-phone.png"))
            phone.goto((site / "statistics.html").as_uri())
            phone.evaluate("document.getElementById('charts').scrollIntoView()")
            phone.screenshot(path=str(DOCS / "statistics-phone.png"))
            browser.close()


if __name__ == "__main__":
    main()
