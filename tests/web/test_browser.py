"""The emulator's web view in a real browser (headless Debian Chromium): every page type against a seeded
tenant renders, shows the seeded objects, raises no console error, links only to pages that answer 200 and
never shows a secret value; each page is saved as a screenshot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from cortex_pulumi.emulator import Emulator
from tests.web import tenant
from tests.web.support import TOKEN, VIEWER_TOKEN, VIEWPORT, browser, screenshot, seeded_emulator

pytestmark = pytest.mark.timeout(300)

#: Each page type, what it must show of the seed.
PAGES: dict[str, tuple[str, ...]] = {
    "/": ("The emulated tenant", "Teams", "Scorecards", "Workflows", "Secrets", "Deploys", "API requests logged"),
    "/teams": ("Engineering", "Platform", "Site reliability", "also under another parent", "archived",
               tenant.HOSTILE_NAME),
    "/teams/platform": ("Platform", "Linus Torvalds", "grace@example.com", "Runbook", "#platform", "Engineering",
                        "Site reliability", "Identity"),
    "/teams/identity": ("Identity", "identity@groups.example.com", "OKTA", "Barbara Liskov"),
    "/teams/legacy": ("Legacy billing", "archived", "Payments"),
    "/teams/markup": (tenant.HOSTILE_NAME, "<img src=x onerror=alert(1)>"),
    "/scorecards": ("Service readiness", "Bronze", "Silver", "Gold", "SLOs land next quarter"),
    "/scorecards/service-readiness": ("Readiness", "Has an owner", "Has a runbook", "Has SLOs", "Checkout", "Search",
                                      "Ledger", "types include service", "approved by an admin", "approved", "pending",
                                      "The runbook is being written", "Has SLOs: exempt"),
    "/workflows": ("Release a service", "5"),
    "/workflows/release": ("Ask for the version", "Approval by platform", "Call the deploy hook", "Announce in Slack",
                           "Record the result", "version", "starts here"),
    "/secrets": ("PagerDuty key", "pager_key", "Deploy webhook token", "<i>Markup</i> secret"),
    "/deploys": ("checkout 2.4.0", "ROLLBACK", "portal 1.8", "b7e41c09d2aa"),
    "/requests": ("/api/v1/scorecards/service-readiness/entity/search/exemption", "401", "404", "PUT"),
    "/requests?status=4xx": ("401", "404"),
}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with seeded_emulator() as emu:
        yield emu


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: CORTEX_SCREENSHOT_DIR when set (to keep them), else the test's temporary folder."""
    return Path(os.environ.get("CORTEX_SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def visits(emulator: Emulator, shots: Path) -> dict[str, dict[str, Any]]:
    """Every page type opened in Chromium: status, text, HTML, links, console errors; a screenshot each."""
    out: dict[str, dict[str, Any]] = {}
    with browser() as chromium:
        page = chromium.new_page(viewport=VIEWPORT)
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in PAGES:
            errors.clear()
            answer = page.goto(emulator.url + path)
            name = path.strip("/").replace("/", "-").replace("?status=", "-") or "home"
            screenshot(page, shots / f"{name}.png")
            out[path] = {"status": answer.status if answer else 0, "text": page.inner_text("body"),
                         "html": page.content(), "errors": list(errors),
                         "links": page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"),
                         "scripts": page.locator("script").count(), "images": page.locator("img").count(),
                         "shot": shots / f"{name}.png"}
    return out


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_the_seeded_objects_without_console_errors(visits: dict[str, Any], path: str) -> None:
    visit = visits[path]
    assert visit["status"] == 200
    assert visit["errors"] == []
    for expected in PAGES[path]:
        assert expected in visit["text"], f"{path} does not show {expected!r}"
    assert visit["shot"].stat().st_size > 10_000


@pytest.mark.parametrize("path", list(PAGES))
def test_no_page_shows_a_secret_value_or_runs_a_script(visits: dict[str, Any], path: str) -> None:
    for value in (*tenant.SECRET_VALUES, TOKEN, VIEWER_TOKEN):
        assert value not in visits[path]["html"]
    assert visits[path]["scripts"] == 0 and visits[path]["images"] == 0  # seeded markup stays text


def test_every_link_answers_200_and_every_page_type_is_linked(emulator: Emulator, visits: dict[str, Any]) -> None:
    internal: set[str] = set()
    for path, visit in visits.items():
        for href in visit["links"]:
            target = urlsplit(urljoin(emulator.url + path, href))
            if f"{target.scheme}://{target.netloc}" == emulator.url:
                internal.add(target.path + (f"?{target.query}" if target.query else ""))
            else:
                assert target.scheme in ("http", "https", "mailto"), href  # never javascript:
    failing = {p: s for p in sorted(internal) if (s := requests.get(emulator.url + p, timeout=30).status_code) != 200}
    assert failing == {}
    for page_type in ("/teams/", "/scorecards/", "/workflows/", "/secrets", "/deploys", "/requests?status="):
        assert any(p.startswith(page_type) for p in internal), page_type


def test_the_tree_folds_without_javascript(emulator: Emulator) -> None:
    with browser() as chromium:
        page = chromium.new_page(viewport=VIEWPORT)
        page.goto(emulator.url + "/teams")
        assert page.get_by_role("link", name="Site reliability").first.is_visible()
        page.locator("summary", has_text="Platform").first.click()
        assert not page.locator("details details", has_text="Platform").first.get_attribute("open")
        assert page.get_by_role("link", name="Payments").is_visible()


def test_the_request_log_filters_by_status(visits: dict[str, Any]) -> None:
    rows = [line for line in visits["/requests?status=4xx"]["text"].splitlines() if "/api/v1/" in line]
    assert rows and all(("\t401" in row or "\t404" in row) for row in rows)
    assert any("\t200" in line for line in visits["/requests"]["text"].splitlines())
