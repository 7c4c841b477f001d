"""The web view without a browser: gating like /_emulator, an empty tenant, escaping, the tree's shapes."""

from __future__ import annotations

import base64

import pytest
import requests

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.web.teams import tree
from tests.web.support import seeded_emulator

PAGES = ("/", "/teams", "/scorecards", "/workflows", "/secrets", "/deploys", "/requests")


def _basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"anyone:{password}".encode()).decode()}


def test_no_admin_turns_the_web_view_off() -> None:
    with Emulator(admin_enabled=False) as emu:
        for path in PAGES:
            answer = requests.get(emu.url + path, timeout=30)
            assert answer.status_code == 404 and "--no-admin" in answer.text


def test_the_admin_key_protects_every_page() -> None:
    with Emulator(admin_key="root-key") as emu:
        for path in PAGES:
            refused = requests.get(emu.url + path, timeout=30)
            assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Basic")
            assert requests.get(emu.url + path, headers=_basic("wrong"), timeout=30).status_code == 401
            assert requests.get(emu.url + path, headers=_basic("root-key"), timeout=30).status_code == 200
            bearer = {"Authorization": "Bearer root-key"}
            assert requests.get(emu.url + path, headers=bearer, timeout=30).status_code == 200


def test_an_empty_tenant_says_so_on_every_page() -> None:
    with Emulator() as emu:
        for path in PAGES:
            answer = requests.get(emu.url + path, timeout=30)
            assert answer.status_code == 200
            assert "No " in answer.text or "is empty" in answer.text, path


@pytest.mark.parametrize("path", ["/teams/nobody", "/scorecards/none", "/workflows/none"])
def test_an_unknown_object_is_a_404_page_naming_it(path: str) -> None:
    with Emulator() as emu:
        answer = requests.get(emu.url + path, timeout=30)
        assert answer.status_code == 404 and path.rsplit("/", 1)[1] in answer.text
        assert answer.headers["content-type"].startswith("text/html")


def test_names_are_escaped_and_program_links_never_run_script() -> None:
    with seeded_emulator() as emu:
        team = requests.get(emu.url + "/teams/markup", timeout=30).text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in team and "<script" not in team
        assert "&lt;img src=x onerror=alert(1)&gt;" in team
        platform = requests.get(emu.url + "/teams/platform", timeout=30).text
        assert 'href="https://wiki.example.com/platform"' in platform and 'href="javascript:' not in platform


def test_the_api_keeps_its_json_404_for_unknown_paths() -> None:
    with Emulator() as emu:
        answer = requests.get(emu.url + "/api/v1/no-such-thing", headers={"Authorization": "Bearer local-admin-token"},
                              timeout=30)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("application/")


def _tags(nodes: list[dict]) -> list[tuple[str, bool, bool, list]]:
    return [(n["tag"], n["repeat"], n["cycle"], _tags(n["children"])) for n in nodes]


def test_tree_writes_a_second_parent_once_and_states_a_cycle() -> None:
    teams = {t: {"tag": t, "name": t.upper(), "archived": False, "members": 0, "type": "CORTEX"}
             for t in ("a", "b", "c", "x", "y")}
    children = {"a": ["b", "c"], "b": ["c"], "x": ["y"], "y": ["x"]}
    assert _tags(tree(teams, children)) == [
        ("a", False, False, [("b", False, False, [("c", False, False, [])]), ("c", True, False, [])]),
        ("x", False, False, [("y", False, False, [("x", False, True, [])])]),
    ]


@pytest.mark.parametrize(("flags", "announced"), [((), True), (("--no-admin",), False)])
def test_the_command_line_announces_the_web_view_unless_it_is_off(flags: tuple[str, ...], announced: bool) -> None:
    from cortex_pulumi.emulator.process import EmulatorProcess

    emulator = EmulatorProcess(*flags).start()
    try:
        assert emulator.process is not None and emulator.process.stdout is not None
        requests.get(emulator.url + "/_emulator/health", timeout=30)
    finally:
        emulator.stop()
        rest = emulator.process.stdout.read() if emulator.process and emulator.process.stdout else ""
    assert (f"Web view of the tenant: {emulator.url}/" in rest) is announced


def test_every_page_module_is_served_and_the_header_links_each_section_once() -> None:
    # Pages are found by discovery: every module's routes are served, and the header is built from the pages
    # that declare a menu entry, in their declared order, marking the section the page belongs to.
    import re

    from cortex_pulumi.emulator import web

    assert {route.path for route in web.routes} >= set(PAGES) | {"/teams/{tag}", "/scorecards/{tag}", "/workflows/{tag}"}
    with Emulator() as emu:
        html = requests.get(emu.url + "/scorecards", timeout=30).text
    header = html[html.index("<nav>"):html.index("</nav>")]
    assert re.findall(r'href="([^"]+)"', header) == list(PAGES)
    assert re.findall(r'href="([^"]+)" class="on" aria-current="page"', header) == ["/scorecards"]
