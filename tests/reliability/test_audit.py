"""`cortex_pulumi.audit` against the in-process emulator: each kind of finding, interrupted creates and repair."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi import audit as audit_mod
from cortex_pulumi.audit import SECRET, audit, repair
from cortex_pulumi.cli import audit as audit_cli
from cortex_pulumi.client.models.team import TeamMetadata
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.deploy import _DeployProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider, shape as card_shape
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider, shape as workflow_shape
from tests.provider.conftest import checked, configured
from tests.support import ADMIN_TOKEN, api

SIG = "4dabf18193072939515e22adb298388d"
STACK = "urn:pulumi:test::audit"


def urn(kind: str, name: str) -> str:
    return f"{STACK}::pulumi-python:dynamic/cortex:{kind}::{name}"


def resource(kind: str, name: str, id_: str, inputs: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
    return {"urn": urn(kind, name), "custom": True, "id": id_, "type": f"pulumi-python:dynamic/cortex:{kind}",
            "inputs": inputs, "outputs": outputs}


class Fleet:
    """Creates objects through the real providers and keeps the export Pulumi would hold."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.resources: list[dict[str, Any]] = []
        self.pending: list[dict[str, Any]] = []

    def create(self, kind: str, provider_type: type, name: str, news: dict[str, Any]) -> dict[str, Any]:
        provider: Any = configured(provider_type, self.emu)
        inputs = checked(provider, news)
        made = provider.create(inputs)
        self.resources.append(resource(kind, name, made.id, inputs, dict(made.outs)))
        return self.resources[-1]

    def team(self, tag: str, **extra: Any) -> dict[str, Any]:
        return self.create("Team", _TeamProvider, tag, {"team_tag": tag, "name": f"Team {tag}",
                                                        "members": [{"email": f"{tag}@example.com", "name": tag}],
                                                        **extra})

    def export(self) -> dict[str, Any]:
        deployment: dict[str, Any] = {"manifest": {}, "resources": self.resources}
        if self.pending:
            deployment["pending_operations"] = self.pending
        return {"version": 3, "deployment": deployment}


@pytest.fixture
def fleet(emu: Emulator) -> Fleet:
    return Fleet(emu)


def run(emu: Emulator, export: dict[str, Any], *prefixes: str) -> Any:
    with configured(_TeamProvider, emu).client as client:  # the provider's client, built from the same config
        return audit(export, client, prefixes)


def test_a_stack_that_agrees_with_cortex_has_no_findings(emu: Emulator, fleet: Fleet) -> None:
    fleet.team("au-a")
    fleet.team("au-b")
    fleet.create("Secret", _SecretProvider, "s", {"tag": "au_s", "name": "S", "value": "v4lue-xyz"})
    fleet.create("Deploy", _DeployProvider, "d", {"entity": "au-a", "title": "au 1", "sha": "abc"})
    fleet.create("TeamHierarchy", _TeamHierarchyProvider, "h", {"edges": [{"parent": "au-a", "child": "au-b"}]})
    report = run(emu, fleet.export(), "au-", "au_")
    assert report.ok, report.to_text()
    assert report.counts["Team"]["in_state"] == report.counts["Team"]["in_cortex"] == 2
    assert report.counts["Deploy"]["in_cortex"] == 1
    assert "OK" in report.to_text()


def test_missing_orphan_mismatch_and_duplicates_are_reported(emu: Emulator, fleet: Fleet) -> None:
    a = fleet.team("au-a")
    gone = fleet.team("au-gone")
    fleet.create("Deploy", _DeployProvider, "d", {"entity": "au-a", "title": "au 1", "sha": "abc"})
    client = configured(_TeamProvider, emu).client
    client.delete_team_by_tag_or_id(tag_or_id="au-gone")  # deleted behind Pulumi's back
    orphan = configured(_TeamProvider, emu)
    orphan.create(checked(orphan, {"team_tag": "au-orphan", "name": "Orphan"}))
    configured(_SecretProvider, emu).create({"tag": "au_orphan", "name": "O", "value": "x"})
    configured(_TeamProvider, emu).create(checked(orphan, {"team_tag": "other-team", "name": "Not ours"}))
    client.update_team_metadata(tag_or_id="au-a", metadata=TeamMetadata(name="Renamed in the UI"), type="CORTEX")
    deploy = configured(_DeployProvider, emu)
    deploy.create(checked(deploy, {"entity": "au-a", "title": "au 1", "sha": "abc"}))  # same deploy again
    fleet.resources.append(dict(gone, urn=urn("Team", "copy")))  # two resources claim one team
    report = run(emu, fleet.export(), "au-", "au_")
    problems = {(f.kind, f.problem, f.object) for f in report.findings}
    assert ("Team", "missing", "au-gone") in problems
    assert ("Team", "duplicate", "au-gone") in problems
    assert ("Team", "orphan", "au-orphan") in problems
    assert ("Secret", "orphan", "au_orphan") in problems
    assert not any(f.object == "other-team" for f in report.findings), "no prefix, no ownership"
    assert any(f.kind == "Team" and f.problem == "mismatch" and "Renamed in the UI" in f.detail
               for f in report.findings)
    assert ("Deploy", "duplicate", "au-a") in problems
    assert ("Deploy", "orphan") in {(k, p) for k, p, _ in problems}
    assert a["id"] == "au-a"
    assert not report.ok


def test_hierarchy_drift_and_unmanaged_edges(emu: Emulator, fleet: Fleet) -> None:
    fleet.team("au-a")
    fleet.team("au-b")
    fleet.team("au-c")
    fleet.create("TeamHierarchy", _TeamHierarchyProvider, "h", {"edges": [{"parent": "au-a", "child": "au-b"}]})
    client = configured(_TeamProvider, emu).client
    client.replace_all_team_hierarchy_relationships(edges=[("au-a", "au-b"), ("au-a", "au-c")])
    report = run(emu, fleet.export(), "au-")
    assert [f.problem for f in report.findings] == ["mismatch"]
    assert "au-c" in report.findings[0].detail
    fleet.resources = [r for r in fleet.resources if "TeamHierarchy" not in r["type"]]
    report = run(emu, fleet.export(), "au-")
    assert {(f.problem, f.object) for f in report.findings} == {
        ("orphan", "au-a -> au-b"), ("orphan", "au-a -> au-c")}


def test_interrupted_creates_are_found_and_repaired(emu: Emulator, fleet: Fleet) -> None:
    fleet.team("au-a")
    landed = configured(_TeamProvider, emu)
    inputs = checked(landed, {"team_tag": "au-landed", "name": "Landed"})
    landed.create(inputs)  # the create reached Cortex, but pulumi was killed before it saved the state
    never = checked(landed, {"team_tag": "au-never", "name": "Never"})
    deploy_inputs = {"entity": "au-a", "title": "au 9", "sha": "f00", "environment": "prod"}
    configured(_DeployProvider, emu).create(checked(configured(_DeployProvider, emu), deploy_inputs))
    for kind, name, props in (("Team", "landed", inputs), ("Team", "never", never), ("Deploy", "d9", deploy_inputs)):
        fleet.pending.append({"type": "creating", "resource": {
            "urn": urn(kind, name), "custom": True, "type": f"pulumi-python:dynamic/cortex:{kind}",
            "inputs": {**props, "__provider": {SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"}},
            "dependencies": [urn("Team", "au-a")] if kind == "Deploy" else [urn("Team", "gone")]}})
    report = run(emu, fleet.export(), "au-")
    pending = {f.object: f for f in report.findings if f.problem == "pending"}
    assert set(pending) == {"landed", "never", "d9"}
    assert "landed in Cortex as 'au-landed'" in pending["landed"].detail
    assert "--repair" in (pending["landed"].command or "")
    assert "did not land" in pending["never"].detail
    assert pending["never"].command == "pulumi refresh --yes --clear-pending-creates"
    assert {f.object for f in report.findings if f.problem == "orphan"} == {"au-landed", "au-a/" + _uuid(emu, "au 9")}

    with configured(_TeamProvider, emu).client as client:
        repaired, notes = repair(fleet.export(), client)
    deployment = repaired["deployment"]
    assert deployment["pending_operations"] == []
    adopted = {r["urn"]: r for r in deployment["resources"]}
    assert adopted[urn("Team", "landed")]["id"] == "au-landed"
    assert adopted[urn("Team", "landed")]["outputs"]["__provider"]["ciphertext"] == "v1:abc"
    assert adopted[urn("Team", "landed")]["dependencies"] == []  # a dependency absent from the state is dropped
    assert adopted[urn("Deploy", "d9")]["id"] == f"au-a/{_uuid(emu, 'au 9')}"
    assert urn("Team", "never") not in adopted
    assert any("dropped" in n and "never" in n for n in notes)
    assert run(emu, repaired, "au-").ok


def _uuid(emu: Emulator, title: str) -> str:
    client = configured(_TeamProvider, emu).client
    return next(d.uuid for d in client.iter_deploys(tag_or_id="au-a") if d.title == title)


def test_secret_values_are_never_compared_or_printed(emu: Emulator, fleet: Fleet) -> None:
    made = fleet.create("Secret", _SecretProvider, "s", {"tag": "au_s", "name": "S", "value": "pl4intext-value"})
    made["inputs"]["value"] = {SIG: "1b47061264138c4ac30d75fd1eb44270", "plaintext": json.dumps("pl4intext-value")}
    made["inputs"]["name"] = {SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:zzz"}
    made["outputs"]["name"] = made["inputs"]["name"]
    assert audit_mod._plain(made["inputs"]["name"]) is SECRET
    report = run(emu, fleet.export(), "au_")
    assert report.ok, report.to_text()
    assert "pl4intext-value" not in report.to_text() + json.dumps(report.to_json())


def test_command_line(emu: Emulator, fleet: Fleet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    fleet.team("au-a")
    state = tmp_path / "state.json"
    state.write_text(json.dumps(fleet.export()))
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    monkeypatch.setenv("CORTEX_BASE_URL", emu.url)
    assert audit_cli.standalone([str(state), "--prefix", "au-"]) == 0
    assert "OK: the state and Cortex agree" in capsys.readouterr().out
    configured(_TeamProvider, emu).client.delete_team_by_tag_or_id(tag_or_id="au-a")
    assert audit_cli.standalone([str(state), "--prefix", "au-", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["kinds"]["Team"]["missing"] == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(state.read_text()))
    assert audit_cli.standalone(["-"]) == 1
    capsys.readouterr()
    # Could not audit: exit 2 and a message, never the token.
    monkeypatch.setenv("CORTEX_API_TOKEN", "wrong-token-value-123")
    assert audit_cli.standalone([str(state)]) == 2
    err = capsys.readouterr().err
    assert "401" in err and "wrong-token-value-123" not in err
    monkeypatch.delenv("CORTEX_API_TOKEN")
    assert audit_cli.standalone([str(state)]) == 2
    assert "CORTEX_API_TOKEN" in capsys.readouterr().err
    state.write_text("{not json")
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    assert audit_cli.standalone([str(state)]) == 2
    assert "audit failed" in capsys.readouterr().err


def _edit_in_cortex(emu: Emulator) -> None:
    """What a colleague changes in the UI: a link, a channel's flag, a member's name, a rule's level, the
    scorecard's filter, a workflow action's message."""
    client = configured(_TeamProvider, emu).client
    team = api(emu).get("/api/v1/teams/au-t").json()
    team["links"][0]["url"] = "https://changed.example.com"
    team["slackChannels"][0]["notificationsEnabled"] = True
    team["cortexTeam"]["members"][0]["name"] = "Ada L."
    api(emu).put("/api/v1/teams/au-t", json=team).raise_for_status()
    card = card_shape.from_api(client.get_scorecard_descriptor(tag="au-card"), {})
    card["rules"][0]["level"] = "Gold"
    card["filter"] = {"query": 'hasGroup("everyone")'}
    client.create_or_update_scorecard(descriptor=card_shape.to_api(card))
    flow = workflow_shape.from_api(client.get_workflow(tag_or_id="au-flow"), {})
    flow["actions"][0]["schema"]["message"] = "changed in the UI"
    client.create_or_update_workflow(workflow=workflow_shape.to_api(flow))


def _up_with_refresh(emu: Emulator, fleet: Fleet, providers: dict[str, type]) -> None:
    """What `pulumi up --refresh` does to each resource: read Cortex into the state, diff against the program
    (the recorded inputs), update what differs."""
    for res in fleet.resources:
        provider: Any = configured(providers[res["type"].rsplit(":", 1)[1]], emu)
        assert not provider.diff(res["id"], res["outputs"], res["inputs"]).changes, "a plain `up` sees nothing"
        refreshed = provider.read(res["id"], res["outputs"])
        if provider.diff(res["id"], dict(refreshed.outs), res["inputs"]).changes:
            res["outputs"] = dict(provider.update(res["id"], dict(refreshed.outs), res["inputs"]).outs)


def test_audit_compares_every_managed_field_and_its_advice_repairs(emu: Emulator, fleet: Fleet) -> None:
    fleet.team("au-t", links=[{"name": "Docs", "type": "documentation", "url": "https://docs.example.com"}],
               slack_channels=[{"name": "#au-t"}])
    fleet.create("Scorecard", _ScorecardProvider, "card", {
        "tag": "au-card", "name": "Card", "levels": [{"name": "Bronze", "rank": 1, "color": "#CD7F32"},
                                                     {"name": "Gold", "rank": 2, "color": "#FFD700"}],
        "rules": [{"title": "Has docs", "expression": 'custom("docs") != null', "level": "Bronze"}]})
    fleet.create("Workflow", _WorkflowProvider, "flow", {"tag": "au-flow", "name": "Flow", "actions": [
        {"name": "Say", "slug": "say", "schema": {"type": "SLACK", "channel": "x", "message": "hi"}}]})
    assert run(emu, fleet.export(), "au-").ok
    _edit_in_cortex(emu)
    report = run(emu, fleet.export(), "au-")
    found = {(f.object, f.detail.split(":")[0]) for f in report.findings if f.problem == "mismatch"}
    assert found == {("au-t", "links"), ("au-t", "slack_channels"), ("au-t", "members"), ("au-card", "rules"),
                     ("au-card", "filter"), ("au-flow", "actions")}, report.to_text()
    assert all("pulumi up --refresh" in (f.command or "") for f in report.findings)
    _up_with_refresh(emu, fleet, {"Team": _TeamProvider, "Scorecard": _ScorecardProvider,
                                  "Workflow": _WorkflowProvider})
    assert run(emu, fleet.export(), "au-").ok, "running the advice repairs every finding"
