"""The benchmark's stack: a realistic, deterministic mix of N Cortex objects, its 10% change, and its files.

Per block of ten objects: two teams with members, one scorecard with a three-level ladder and 5-10 rules
(a GitOps descriptor file), three secrets, two workflows (YAML definition files) and two deploys recorded
on catalog services. Any prefix of the sequence is a mix, so every N is comparable.

`write_stack(n, directory)` writes what the Pulumi program, the official-CLI script and the bare client
all read: `stack.json` (one entry per object) plus the descriptor, definition and request-body files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

#: The kind of each object in a block of ten.
BLOCK = ("team", "secret", "scorecard", "workflow", "secret", "deploy", "team", "secret", "workflow", "deploy")
KINDS = ("team", "scorecard", "secret", "workflow", "deploy")
#: Deploys per catalog service (services are registered in the emulator before the run).
DEPLOYS_PER_SERVICE = 10
_EXPRESSIONS = (
    'custom("on-call") != null',
    'hasGroup("tier-1")',
    'custom("runbook") != null',
    'deploys(lookback=duration("P7D")).length > 0',
    'custom("owner-slack") != null',
    '!hasGroup("deprecated")',
    'custom("sla") == "gold"',
    'deploys(lookback=duration("P30D")).length > 2',
    'custom("pager") != null',
    'hasGroup("payments") || hasGroup("platform")',
)
_LEVELS = (("Bronze", "#CD7F32"), ("Silver", "#C0C0C0"), ("Gold", "#D7AC58"))


@attrs.frozen
class BenchObject:
    """One object of the stack: its kind, Pulumi resource name, Cortex key and revision."""

    kind: str
    index: int
    revision: int = 0

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.index:05d}"

    @property
    def tag(self) -> str:
        return f"bench-{self.kind}-{self.index:05d}" if self.kind != "secret" else f"bench_secret_{self.index:05d}"


def kinds(n: int) -> Iterator[BenchObject]:
    for i in range(n):
        yield BenchObject(BLOCK[i % len(BLOCK)], i)


def changed(index: int) -> bool:
    """The 10% changed by the update step: one object per block, at a position that rotates with the block
    so that every kind is changed in proportion."""
    return index % len(BLOCK) == (index // len(BLOCK)) % len(BLOCK)


def service_tags(n: int) -> list[str]:
    deploys = sum(1 for o in kinds(n) if o.kind == "deploy")
    return [f"bench-svc-{i:03d}" for i in range(max(1, -(-deploys // DEPLOYS_PER_SERVICE)))]


def _suffix(obj: BenchObject) -> str:
    return "" if obj.revision == 0 else f" (revision {obj.revision})"


def team(obj: BenchObject) -> dict[str, Any]:
    members = [{"email": f"member{obj.index}.{m}@example.com", "name": f"Member {obj.index}.{m}"}
               for m in range(2 + obj.index % 3)]
    return {"team_tag": obj.tag, "name": f"Team {obj.index}", "description": f"Bench team {obj.index}{_suffix(obj)}",
            "members": members}


def secret(obj: BenchObject) -> dict[str, Any]:
    return {"tag": obj.tag, "name": f"Secret {obj.index}{_suffix(obj)}", "value": f"s3cr3t-value-{obj.index}"}


def deploy(obj: BenchObject, services: list[str]) -> dict[str, Any]:
    ordinal = obj.index // len(BLOCK) * 2 + (obj.index % len(BLOCK) > 5)
    return {"entity": services[ordinal // DEPLOYS_PER_SERVICE % len(services)],
            "title": f"release {obj.index}{_suffix(obj)}", "type": "DEPLOY", "sha": f"{obj.index:040x}",
            "environment": "prod", "timestamp": "2026-01-01T00:00:00Z"}


def scorecard_descriptor(obj: BenchObject) -> dict[str, Any]:
    rules = []
    for r in range(5 + obj.index % 6):
        rules.append({
            "title": f"Rule {r}", "expression": _EXPRESSIONS[(obj.index + r) % len(_EXPRESSIONS)], "weight": 1,
            "level": _LEVELS[r % len(_LEVELS)][0],
            "description": f"Rule {r} of scorecard {obj.index}" + (_suffix(obj) if r == 0 else ""),
        })
    return {
        "tag": obj.tag, "name": f"Scorecard {obj.index}", "description": f"Bench scorecard {obj.index}",
        "draft": False,
        "ladder": {"name": "Default Ladder", "levels": [
            {"name": name, "rank": rank, "color": color} for rank, (name, color) in enumerate(_LEVELS, 1)]},
        "filter": {"kind": "GENERIC", "types": {"include": ["service"]}},
        "rules": rules,
    }


def workflow_definition(obj: BenchObject) -> dict[str, Any]:
    return {
        "name": f"Workflow {obj.index}", "tag": obj.tag, "description": f"Bench workflow {obj.index}{_suffix(obj)}",
        "isDraft": False, "filter": {"type": "GLOBAL"}, "runRestrictionPolicies": [],
        "actions": [
            {"name": "Post", "slug": "post", "isRootAction": True, "outgoingActions": ["done"],
             "schema": {"type": "SLACK", "channel": "deploys", "message": f"Workflow {obj.index} ran"}},
            {"name": "Done", "slug": "done", "outgoingActions": [], "schema": {"type": "JQ", "expression": '. | "ok"'}},
        ],
    }


def team_request(args: dict[str, Any]) -> dict[str, Any]:
    """The official CLI's `teams create -f` body (Cortex's CreateTeamRequest) for a team's arguments."""
    return {"teamTag": args["team_tag"], "type": "CORTEX",
            "metadata": {"name": args["name"], "description": args["description"]},
            "cortexTeam": {"members": [{**m, "notificationsEnabled": True} for m in args["members"]]},
            "links": [], "slackChannels": []}


def deploy_request(args: dict[str, Any]) -> dict[str, Any]:
    return {k: args[k] for k in ("title", "type", "sha", "environment", "timestamp")}


def write_stack(n: int, directory: Path, *, revision_changed: int = 0) -> Path:
    """Write the stack's files for N objects (changed objects at `revision_changed`); returns stack.json."""
    directory.mkdir(parents=True, exist_ok=True)
    services = service_tags(n)
    entries = []
    for base in kinds(n):
        obj = attrs.evolve(base, revision=revision_changed if changed(base.index) else 0)
        entry: dict[str, Any] = {"kind": obj.kind, "name": obj.name, "tag": obj.tag}
        if obj.kind == "team":
            entry["args"] = team(obj)
            entry["cli_body"] = _write(directory / "cli" / f"{obj.name}.json", json.dumps(team_request(entry["args"])))
        elif obj.kind == "secret":
            entry["args"] = secret(obj)
            entry["cli_body"] = _write(directory / "cli" / f"{obj.name}.json",
                                       json.dumps({"tag": obj.tag, "name": entry["args"]["name"],
                                                   "secret": entry["args"]["value"]}))
        elif obj.kind == "deploy":
            entry["args"] = deploy(obj, services)
            entry["cli_body"] = _write(directory / "cli" / f"{obj.name}.json", json.dumps(deploy_request(entry["args"])))
        elif obj.kind == "scorecard":
            entry["file"] = _write(directory / "scorecards" / f"{obj.name}.yaml",
                                   yaml.safe_dump(scorecard_descriptor(obj), sort_keys=False))
        else:
            entry["file"] = _write(directory / "workflows" / f"{obj.name}.yaml",
                                   yaml.safe_dump(workflow_definition(obj), sort_keys=False))
        entries.append(entry)
    path = directory / "stack.json"
    path.write_text(json.dumps({"objects": entries, "services": services}, indent=1))
    return path


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def load_stack(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data
