"""Preview-time checks against Cortex: a taken key, a rejected or missing token; one listing per kind, no write."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import VIEWER_TOKEN, api

from .conftest import configured, failures

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _writes(emu: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emu.requests() if r["method"] in WRITES]


def _secret(tag: str, **over: Any) -> dict[str, Any]:
    return {"tag": tag, "name": tag, "value": "v", **over}


def test_a_taken_key_fails_with_the_adopt_hint_and_adopt_passes(make: Any, emu: Emulator) -> None:
    for i in range(5):
        api(emu).post("/api/v1/secrets", json={"tag": f"taken_{i}", "name": "Theirs", "secret": "x"}).raise_for_status()
    emu.clear_requests()
    p = make(_SecretProvider)
    found = [failures(p, _secret(f"taken_{i}")) for i in range(5)]
    assert all("Cortex already has a secret with tag" in f["tag"] and "adopt=True" in f["tag"] for f in found)
    assert failures(p, _secret("taken_0", adopt=True)) == {}
    assert failures(p, _secret("free")) == {}
    # An object already in the stack (its old inputs carry the key) is not a create: no listing needed.
    assert p.check(_secret("taken_1"), _secret("taken_1")).failures == []
    # A replacement that moves to a taken key is checked like a create.
    assert p.check(_secret("free"), _secret("taken_2")).failures[0].property == "tag"
    gets = [r["path"] for r in emu.requests("GET")]
    # At most one token check per process (providers of one configuration share it) and one listing.
    assert gets.count("/api/v1/secrets") == 1 and set(gets) <= {"/api/v1/scorecards", "/api/v1/secrets"}, gets
    assert _writes(emu) == []


def test_every_cached_kind_is_checked(make: Any, emu: Emulator) -> None:
    api(emu).post("/api/v1/teams", json={"teamTag": "ops", "type": "CORTEX", "metadata": {"name": "Ops"}, "links": [],
                                         "slackChannels": [], "cortexTeam": {"members": []}}).raise_for_status()
    body = {"tag": "hello", "name": "Theirs", "isDraft": False, "filter": {"type": "GLOBAL"},
            "actions": [{"name": "x", "slug": "x", "schema": {"type": "JQ", "expression": "."}, "isRootAction": True,
                         "outgoingActions": []}]}
    api(emu).post("/api/v1/workflows", json=body).raise_for_status()
    emu.clear_requests()
    team = failures(make(_TeamProvider), {"team_tag": "ops", "name": "Ops"})
    assert "Cortex already has a team with team_tag 'ops'" in team["team_tag"]
    flow = {"tag": "hello", "name": "Hello", "actions": [{"name": "x", "slug": "x", "schema": {"type": "JQ", "expression": "."}}]}
    assert "adopt=True" in failures(make(_WorkflowProvider), flow)["tag"]
    assert _writes(emu) == []


@pytest.mark.parametrize(("token", "status"), [("definitely-wrong-token", "401 Unauthorized"),
                                               (VIEWER_TOKEN, "403 Forbidden")])
def test_a_rejected_token_fails_the_preview(emu: Emulator, token: str, status: str) -> None:
    p = configured(_SecretProvider, emu, token=token)
    reason = failures(p, _secret("mine"))[""]
    assert status in reason and "Hint:" in reason and "cortex:previewChecks" in reason and token not in reason
    assert _writes(emu) == []


def test_a_missing_token_fails_unless_checks_are_off(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORTEX_API_TOKEN", raising=False)
    p = _SecretProvider()
    p.configure(ConfigureRequest(Config({"cortex:baseUrl": emu.url}, "proj")))
    reason = failures(p, _secret("mine"))[""]
    assert "cortex:apiToken" in reason and "CORTEX_API_TOKEN" in reason and "CORTEX_PREVIEW_CHECKS=false" in reason
    off = _SecretProvider()
    off.configure(ConfigureRequest(Config({"cortex:baseUrl": emu.url, "cortex:previewChecks": "false"}, "proj")))
    assert failures(off, _secret("mine")) == {}
    monkeypatch.setenv("CORTEX_PREVIEW_CHECKS", "false")
    env_off = _SecretProvider()
    env_off.configure(ConfigureRequest(Config({"cortex:baseUrl": emu.url}, "proj")))
    assert failures(env_off, _secret("mine")) == {}
    assert emu.requests() == []


def test_an_unreachable_cortex_is_not_said_to_refuse(emu: Emulator) -> None:
    p = _SecretProvider()
    p.configure(ConfigureRequest(Config({"cortex:apiToken": "some-token-0123456789", "cortex:maxRetries": "0",
                                         "cortex:baseUrl": "http://127.0.0.1:9"}, "proj")))
    reason = failures(p, _secret("mine"))[""]
    assert reason.startswith("Cortex could not be reached for the preview's read-only check: connection refused by "
                             "127.0.0.1:9 on GET /api/v1/"), reason
    assert "is Cortex (or the emulator) running at http://127.0.0.1:9?" in reason


def test_one_listing_answers_a_long_preview() -> None:
    from cortex_pulumi.client.models.common import Page
    from cortex_pulumi.provider._preview import LISTING_TTL
    from cortex_pulumi.provider._read_cache import KindCache

    now = [0.0]
    pages: list[int] = []

    def page(n: int) -> Page[str]:
        pages.append(n)
        return Page(items=("a", "b"), page=0, total=2, total_pages=1)

    cache: KindCache[str] = KindCache("things", page, lambda item: item, clock=lambda: now[0])
    assert cache.listed_keys(LISTING_TTL) == {"a", "b"}
    now[0] = 120.0  # past the reads' 30 s, well within a preview's listing
    assert "a" in cache.listed_keys(LISTING_TTL) and pages == [0]
    now[0] = LISTING_TTL + 1
    cache.listed_keys(LISTING_TTL)
    assert pages == [0, 0]


def test_a_same_key_replacement_is_not_a_create(make: Any, emu: Emulator) -> None:
    """The engine checks a replacement again without old inputs; the object is the stack's own."""
    p = make(_TeamProvider)
    old = {"team_tag": "people", "name": "People", "idp_group": {"group": "a@example.com", "provider": "OKTA"}}
    outs = p.create(p.check({}, old).inputs).outs
    new = {**old, "idp_group": {"group": "b@example.com", "provider": "OKTA"}}
    q = make(_TeamProvider)  # the next deployment: its listing holds the team
    assert q.check(outs, new).failures == []
    assert q.check({}, new).failures == []  # the replacement's second check
