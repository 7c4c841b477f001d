"""Regenerate the README's screenshots of the emulator's web view: the team tree and a scorecard page.

    .venv/bin/python scripts/screenshots.py      # needs Chromium and the dev extra (scripts/install-browser-tools)

Starts an emulator seeded with the browser tests' tenant (tests/web/tenant.py), opens the pages in headless
Debian Chromium and writes docs/images/web-teams.png and docs/images/web-scorecard.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.web.support import VIEWPORT, browser, screenshot, seeded_emulator  # noqa: E402

IMAGES = ROOT / "docs" / "images"
#: (page, file, how much of the page's top to keep in pixels: the README shows the part that says the most).
SHOTS = (("/teams", "web-teams.png", 520), ("/scorecards/service-readiness", "web-scorecard.png", 900))


def main() -> int:
    with seeded_emulator() as emulator, browser() as chromium:
        page = chromium.new_page(viewport=VIEWPORT, device_scale_factor=1)
        for path, name, height in SHOTS:
            page.goto(emulator.url + path)
            print(screenshot(page, IMAGES / name, clip_height=height).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
