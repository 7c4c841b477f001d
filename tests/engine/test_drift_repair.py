"""Drift, as the real Pulumi CLI shows it and as `cortex-pulumi audit` repairs it, on the composed program.

1. After a one-field edit in Cortex, `pulumi preview --refresh --diff` shows that field and nothing else (no member
   defaults such as `notifications_enabled: true`, no empty lists).
2. After edits the old audit missed (a member's name, a channel's flag, a rule's level), `audit` finds each one,
   its advice is the command that repairs, and after running that command it finds nothing.
"""

from __future__ import annotations

import re
import shlex

from cortex_pulumi.audit import audit
from cortex_pulumi.client import CortexClient
from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.test_platform import PlatformLifecycle

#: A changed property in `--diff` output: `~ description: "a" => "b"`, `- notifications_enabled: true`.
PROPERTY = re.compile(r"^\s*[-+~]\s*\[?(\w+)\]?\s*:")


def _changed_properties(output: str) -> set[str]:
    """The changed input properties of the Cortex resources in a `--diff` preview (not the stack's outputs)."""
    found, inside = set(), False
    for line in output.splitlines():
        if "pulumi-python:dynamic/cortex:" in line or "--outputs:--" in line or "pulumi:pulumi:Stack" in line:
            inside = "pulumi-python:dynamic/cortex:" in line
        elif inside and (m := PROPERTY.match(line)):
            found.add(m.group(1))
    return found


def _audit(emulator: Emulator, export: dict[str, object]) -> list[tuple[str, str, str, str]]:
    with CortexClient(base_url=emulator.base_url, api_token=emulator.token, rate_limit_per_minute=None) as client:
        report = audit(export, client)
    return [(f.kind, f.problem, f.object, f"{f.detail.split(':')[0]}|{f.command}") for f in report.findings]


def test_one_field_drift_shows_alone_and_audit_advice_repairs(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    platform = PlatformLifecycle(workspace, emulator, "drift")
    platform.set_up()
    platform.up_result(what="first up")
    stack = platform.stack
    team = emulator.get_json("/api/v1/teams/platform")
    emulator.api("PUT", "/api/v1/teams/platform", json={**team, "metadata": {**team["metadata"], "description": "Edited in the UI"}},
                 expect=200)
    preview = stack.run("preview", "--refresh", "--diff")
    assert _changed_properties(preview.output) == {"description"}, preview.output

    team = emulator.get_json("/api/v1/teams/platform")
    team["cortexTeam"]["members"][0]["name"] = "Ada King"
    team["slackChannels"][0]["notificationsEnabled"] = False
    emulator.api("PUT", "/api/v1/teams/platform", json=team, expect=200)
    findings = _audit(emulator, stack.export())
    assert {(kind, problem, obj, detail.split("|")[0]) for kind, problem, obj, detail in findings} == {
        ("Team", "mismatch", "platform", "description"), ("Team", "mismatch", "platform", "members"),
        ("Team", "mismatch", "platform", "slack_channels")}
    advice = {detail.split("|")[1].split("   ")[0] for *_, detail in findings}
    assert advice == {"pulumi up --refresh --yes"}
    stack.run(*shlex.split(advice.pop())[1:], "--skip-preview")  # the advice, as printed
    assert _audit(emulator, stack.export()) == []
    assert emulator.get_json("/api/v1/teams/platform")["metadata"]["description"] != "Edited in the UI"
    stack.destroy()
