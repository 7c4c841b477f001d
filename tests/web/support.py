"""A seeded emulator and a headless Debian Chromium driven over the DevTools protocol (Playwright's Python
package with the system browser: nothing is downloaded), shared by the browser tests and scripts/screenshots."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cortex_pulumi.emulator import Emulator
from tests.support.browser import chromium
from tests.web import tenant

TOKEN = "web-view-admin-token"
VIEWER_TOKEN = "web-view-viewer-token"
VIEWPORT = {"width": 1280, "height": 800}


@contextlib.contextmanager
def seeded_emulator(**settings: Any) -> Iterator[Emulator]:
    """An emulator seeded with tests/web/tenant.py and its API activity (for the request log)."""
    with tempfile.TemporaryDirectory() as folder:
        seed = Path(folder) / "seed.yaml"
        seed.write_text(yaml.safe_dump(tenant.seed()))
        emulator = Emulator(api_keys={TOKEN: "ADMIN", VIEWER_TOKEN: "VIEWER"}, seed=str(seed), **settings).start()
        try:
            tenant.activity(emulator.url, TOKEN, VIEWER_TOKEN)
            yield emulator
        finally:
            emulator.stop()


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's, never a downloaded one), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def screenshot(page: Any, path: Path, *, full_page: bool = True, clip_height: int | None = None) -> Path:
    """A PNG of the page (the whole page, or its top `clip_height` pixels)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if clip_height is not None:
        height = min(clip_height, page.evaluate("document.documentElement.scrollHeight"))
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height},
                        full_page=True)
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path
