"""Preview sees what the key may not do: a key without `Edit Scorecards` (or `Create secrets`) fails the check of
a create and the diff of an update of that kind, naming the permission, with no write; one read-only call per
kind proves it. Also the cost in API calls of a preview of 1,000 objects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT

from .conftest import configured

LIMITED = "no-scorecards-token"  # everything but Edit Scorecards and Create secrets
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def limited(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    perms = ["View Scorecards", "Configure Scorecard exemptions", "Edit entities", "View Workflows", "Edit Workflows"]
    emu = Emulator(api_keys={ADMIN_TOKEN: "ADMIN", LIMITED: perms}, rate_limit=TEST_RATE_LIMIT)
    emu.start()
    yield emu
    emu.stop()


def _card(tag: str, name: str = "Ready") -> dict[str, Any]:
    return {"tag": tag, "name": name, "rules": [{"title": "On call", "expression": "true"}]}


def test_a_key_without_edit_scorecards_fails_the_preview_of_a_scorecard_write(limited: Emulator) -> None:
    p = configured(_ScorecardProvider, limited, token=LIMITED)
    failures = p.check({}, _card("ready")).failures
    assert len(failures) == 1 and "lacks the `Edit Scorecards` permission" in failures[0].reason, failures
    admin = configured(_ScorecardProvider, limited)
    outs = admin.create(admin.check({}, _card("ready")).inputs).outs
    limited.clear_requests()
    again = configured(_ScorecardProvider, limited, token=LIMITED)
    with pytest.raises(CortexResourceError, match="Cortex would refuse to update scorecard 'ready': the API key may not "
                                                  "write scorecards: it lacks the `Edit Scorecards` permission"):
        again.diff("ready", outs, again.check(outs, _card("ready", "Renamed")).inputs)
    assert again.diff("ready", outs, again.check(outs, _card("ready")).inputs).changes is False  # no write, no check
    assert [r for r in limited.requests() if r["method"] in WRITES and "dryRun=true" not in r.get("query", "")] == []
    # Secrets: the listing needs `Create secrets`.
    secret = configured(_SecretProvider, limited, token=LIMITED)
    reasons = [f.reason for f in secret.check({}, {"tag": "s", "name": "S", "value": "v", "adopt": True}).failures]
    assert any("lacks the `Create secrets` permission" in r for r in reasons), reasons


def test_the_first_403_of_up_names_the_permission(limited: Emulator) -> None:
    p = configured(_ScorecardProvider, limited, token=LIMITED, previewChecks="false")
    with pytest.raises(CortexResourceError, match="Hint: the API key lacks the `Edit Scorecards` permission"):
        p.create(p.check({}, _card("ready")).inputs)


def test_the_cost_of_a_preview_of_1000_objects(emu: Emulator) -> None:
    """Creates and updates of 1,000 objects (250 each of teams, secrets, scorecards, workflows): the permission
    checks add one call per kind that has one (a scorecard dry run; the secrets listing is shared with the key
    check), whatever the number of objects."""
    flow = {"name": "W", "actions": [{"name": "x", "slug": "x", "schema": {"type": "JQ", "expression": "."}}]}
    kinds = [(_TeamProvider, lambda n: {"team_tag": f"t{n}", "name": "T"}),
             (_SecretProvider, lambda n: {"tag": f"s{n}", "name": "S", "value": "v"}),
             (_ScorecardProvider, lambda n: _card(f"c{n}")),
             (_WorkflowProvider, lambda n: {"tag": f"w{n}", **flow})]
    emu.clear_requests()
    for provider_type, props in kinds:
        p = configured(provider_type, emu)
        for n in range(250):
            assert p.check({}, props(n)).failures == []
    creates = emu.requests()
    emu.clear_requests()
    for provider_type, props in kinds:
        p = configured(provider_type, emu, timeout="29")  # another process: nothing known yet
        for n in range(250):
            old = p.check(props(n), props(n)).inputs  # held by the stack: no listing for its key
            changed = p.check(old, {**old, "name": "Renamed"}).inputs
            assert p.diff(str(n), old, changed).changes
    updates = emu.requests()
    dry_runs = [r for r in creates + updates if r["path"] == "/api/v1/scorecards/descriptor"]
    print(f"\npermission-check cost: a preview of 1,000 creates made {len(creates)} API calls in all, "
          f"1,000 updates {len(updates)} ({len(dry_runs)} scorecard dry runs in all)")
    assert all(r["method"] == "GET" or r["path"] == "/api/v1/scorecards/descriptor" for r in creates + updates)
    assert len(creates) <= 1 + 4 + 1  # the token check, one listing per kind, one dry run
    assert sorted(r["path"] for r in updates) == [  # the token check, then one call per kind that has a check
        "/api/v1/scorecards", "/api/v1/scorecards/descriptor", "/api/v1/secrets"]
