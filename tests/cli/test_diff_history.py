"""`cortex-pulumi diff` of two tenants built from one program through different histories: equal; and a
difference is shown with both values, not only the field's name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cortex_pulumi.cli import main
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.provider.conftest import checked, configured
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT, api

RULE = {"title": "Has on-call", "expression": 'custom("oncall") != null'}
ACTION = {"name": "Say", "slug": "say", "schema": {"type": "SLACK", "channel": "deploys", "message": "hi"}}
#: (provider, the program, an earlier program the second tenant went through first)
PROGRAM: list[tuple[type[Any], dict[str, Any], dict[str, Any]]] = [
    (_TeamProvider, {"team_tag": "platform", "name": "Platform", "members": [{"email": "ada@example.com", "name": "Ada"}]},
     {"team_tag": "platform", "name": "Platform team", "description": "draft",
      "members": [{"email": "bob@example.com", "name": "Bob"}]}),
    (_ScorecardProvider, {"tag": "ready", "name": "Ready", "rules": [RULE]},
     {"tag": "ready", "name": "Ready", "description": "first cut", "rules": [{**RULE, "weight": 3}]}),
    (_WorkflowProvider, {"tag": "hello", "name": "Hello", "actions": [ACTION]},
     {"tag": "hello", "name": "Hi", "is_draft": True, "actions": [ACTION]}),
    (_SecretProvider, {"tag": "db", "name": "DB", "value": "secret-value-2"},
     {"tag": "db", "name": "Database", "value": "secret-value-1"}),
]


@pytest.fixture
def tenants(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Emulator, Emulator]]:
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    pair = [Emulator(api_keys={ADMIN_TOKEN: "ADMIN"}, rate_limit=TEST_RATE_LIMIT) for _ in range(2)]
    for emu in pair:
        emu.start()
    try:
        yield pair[0], pair[1]
    finally:
        for emu in pair:
            emu.stop()


def test_one_program_two_histories_are_equal(tenants: tuple[Emulator, Emulator],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tenants
    for provider_type, program, earlier in PROGRAM:
        p = configured(provider_type, first)
        p.create(checked(p, program))
        q = configured(provider_type, second)
        old = q.create(checked(q, earlier))
        q.update(old.id, old.outs, checked(q, program))
    assert main(["diff", "--base-url", first.url, "--against", second.url]) == 0, capsys.readouterr().out
    assert "the tenants are equal" in capsys.readouterr().out

    text = api(second).get("/api/v1/scorecards/ready/descriptor").text.replace('custom("oncall") != null',
                                                                              'custom("oncall") == true')
    r = api(second).post("/api/v1/scorecards/descriptor", data=text, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200
    assert main(["diff", "--base-url", first.url, "--against", second.url]) == 1
    out = capsys.readouterr().out
    assert ("scorecards: ready differs (rules): "
            "rules[0].expression: 'custom(\"oncall\") != null' -> 'custom(\"oncall\") == true'") in out
