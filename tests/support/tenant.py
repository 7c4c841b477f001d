"""A realistic Cortex tenant for import tests and benchmarks: an emulator seed plus approved exemptions.

Teams (every fifth one IdP-backed, with synced members) in a 4-level hierarchy (org -> divisions ->
departments -> teams; some edges synced by Workday), scorecards with filters, ladders and notifications,
workflows of many action types, secrets, and tags that test identifier safety (keywords, leading digits,
collisions such as `prod-readiness` / `prod_readiness`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from tests.engine.harness import Emulator

__all__ = ["ACTIONS", "exemption_targets", "tenant_seed"]

_COLORS = ("#CD7F32", "#C0C0C0", "#FFD700")
#: Scorecard tags beyond the generated ones: a keyword, a leading digit and two that collide as identifiers.
SPECIAL_SCORECARDS = ("class", "2024-readiness", "prod-readiness", "prod_readiness")
SPECIAL_SECRETS = ("import", "db-password")


def _action(kind: str, slug: str, outgoing: list[str]) -> dict[str, Any]:
    schemas: dict[str, dict[str, Any]] = {
        "SLACK": {"channel": "deploys", "message": "Run by {{context.initiatedBy.name}}"},
        "HTTP_REQUEST": {"url": "https://hooks.example.com/{{context.entity.tag}}", "httpMethod": "POST",
                         "headers": {"Authorization": "Bearer {{context.secrets.import}}"}, "payload": "{}"},
        "JQ": {"expression": ".actions | length"},
        "JAVASCRIPT": {"script": "return { ok: true };"},
        "MANUAL_APPROVAL": {"approvingTeamIds": ["org"]},
        "SET_VARIABLES": {"variables": [{"slug": "region", "source": "eu-west-1"}]},
        "USER_INPUT": {"inputs": [{"name": "Reason", "key": "reason", "type": "INPUT_FIELD", "required": True}],
                       "inputOverrides": []},
    }
    return {"name": f"{kind.title()} step", "slug": slug, "schema": {"type": kind, **schemas[kind]},
            "outgoingActions": outgoing, "isRootAction": slug.endswith("-0")}


ACTIONS = ("SLACK", "HTTP_REQUEST", "JQ", "JAVASCRIPT", "MANUAL_APPROVAL", "SET_VARIABLES", "USER_INPUT")


def _workflow(i: int) -> dict[str, Any]:
    kinds = [ACTIONS[(i + k) % len(ACTIONS)] for k in range(1 + i % 3)]
    slugs = [f"step-{k}" for k in range(len(kinds))]
    actions = [_action(kind, slug, slugs[k + 1:k + 2]) for k, (kind, slug) in enumerate(zip(kinds, slugs, strict=True))]
    return {"tag": f"wf-{i:03d}", "name": f"Workflow {i}", "description": f"Runbook automation {i}",
            "isDraft": i % 7 == 0, "filter": {"type": "GLOBAL"}, "actions": actions, "runRestrictionPolicies": []}


def _scorecard(tag: str, i: int) -> dict[str, Any]:
    levels = [{"name": n, "rank": r + 1, "color": _COLORS[r], "description": f"{n} level"}
              for r, n in enumerate(("Bronze", "Silver", "Gold"))]
    rules = [{"title": f"Has {field}", "expression": f'custom("{field}") != null', "weight": 1 + k,
              "level": levels[k % 3]["name"], "description": f"Teams record their {field}"}
             for k, field in enumerate(("oncall", "runbook", "dashboard", "slo")[: 2 + i % 3])]
    if i % 2:
        rules[0]["filter"] = {"types": {"include": ["team"]}}
    descriptor: dict[str, Any] = {
        "tag": tag, "name": f"Scorecard {tag}", "description": f"Standards set {i}", "draft": i % 5 == 4,
        "ladder": {"name": "Maturity", "levels": levels}, "rules": rules,
        "filter": {"types": {"include": ["team"]}},
        "notifications": {"enabled": i % 3 != 0, "scoreDropNotificationsEnabled": i % 2 == 0},
        "exemptions": {"enabled": True, "autoApprove": i % 4 == 0},
    }
    if i % 3 == 1:
        descriptor["filter"]["query"] = 'entity.tag() != "archived-team"'
    return descriptor


def _team(i: int, tag: str, idp: bool) -> dict[str, Any]:
    team: dict[str, Any] = {"teamTag": tag, "metadata": {"name": f"Team {tag}", "description": f"Owns area {i}"},
                            "links": [], "slackChannels": []}
    if idp:
        team["type"] = "IDP"
        team["idpGroup"] = {"group": f"{tag}@groups.example.com", "provider": "OKTA",
                            "members": [{"email": f"idp{i}-{k}@example.com", "name": f"Synced {k}"} for k in range(2)]}
        return team
    team["type"] = "CORTEX"
    team["cortexTeam"] = {"members": [
        {"email": f"{tag}-{k}@example.com", "name": f"Person {k} of {tag}", "notificationsEnabled": k != 1,
         **({"description": "Tech lead"} if k == 0 else {})} for k in range(1 + i % 3)]}
    if i % 4 == 0:
        team["links"] = [{"name": "Runbook", "type": "runbook", "url": f"https://wiki.example.com/{tag}"}]
    if i % 6 == 0:
        team["slackChannels"] = [{"name": f"team-{tag}", "notificationsEnabled": True}]
    return team


def tenant_seed(teams: int = 120, scorecards: int = 16, workflows: int = 24, secrets: int = 6) -> dict[str, Any]:
    """An emulator seed: `teams` teams in 4 levels, `scorecards` scorecards, `workflows` workflows, secrets."""
    divisions = [f"div-{d}" for d in range(4)]
    departments = [f"dept-{d}" for d in range(16)]
    leaves = [f"team-{n:04d}" for n in range(max(teams - 21, 1))]
    tags = ["org", *divisions, *departments, *leaves]
    seeded_teams = [_team(i, tag, idp=i % 5 == 3) for i, tag in enumerate(tags)]
    edges = [{"parentTeamTag": "org", "childTeamTag": d} for d in divisions]
    edges += [{"parentTeamTag": divisions[k % 4], "childTeamTag": dept} for k, dept in enumerate(departments)]
    for k, leaf in enumerate(leaves):
        edge = {"parentTeamTag": departments[k % 16], "childTeamTag": leaf}
        if k % 10 == 9:
            edge["provider"] = "WORKDAY"  # synced by the HR integration: the program must leave it alone
        edges.append(edge)
    card_tags = [*SPECIAL_SCORECARDS, *(f"standards-{n:03d}" for n in range(max(scorecards - 4, 0)))]
    secret_tags = [*SPECIAL_SECRETS, *(f"secret_{n:03d}" for n in range(max(secrets - 2, 0)))]
    return {
        "teams": seeded_teams,
        "relationships": edges,
        "scorecards": [_scorecard(tag, i) for i, tag in enumerate(card_tags)],
        "workflows": [_workflow(i) for i in range(workflows)],
        "secrets": [{"tag": tag, "name": f"Secret {tag}", "secret": f"value-of-{tag}"} for tag in secret_tags],
    }


def exemption_targets(seed: dict[str, Any], count: int) -> list[tuple[str, str, str]]:
    """(scorecard tag, team tag, rule title) of `count` exemptions to request on a seeded tenant."""
    cards = [c for c in seed["scorecards"] if not c.get("draft")]
    teams = [t["teamTag"] for t in seed["teams"]]
    return [(cards[n % len(cards)]["tag"], teams[(7 * n) % len(teams)],
             cards[n % len(cards)]["rules"][-1]["title"]) for n in range(count)]


def request_exemptions(api: Callable[..., Any], targets: list[tuple[str, str, str]]) -> None:
    """Request (an ADMIN key approves at once) each exemption through the raw API: `api(method, path, **kw)`."""
    identifiers: dict[str, dict[str, str]] = {}
    for card, entity, title in targets:
        if card not in identifiers:
            body = api("GET", f"/api/v1/scorecards/{card}").json()["scorecard"]
            identifiers[card] = {r["title"]: r["identifier"] for r in body["rules"]}
        api("POST", f"/api/v1/scorecards/{card}/entity/{entity}/exemption",
            json={"ruleIdentifier": identifiers[card][title], "reason": f"{entity} is migrating off {title}"})


@contextlib.contextmanager
def seeded_emulator(directory: Path, seed: dict[str, Any], exemptions: int) -> Iterator[Emulator]:
    """An engine-test emulator started on `seed` (written into `directory`) with `exemptions` approved exemptions."""
    from tests.engine.harness import Emulator

    (directory / "seed.yaml").write_text(yaml.safe_dump(seed))
    server = Emulator(directory, seed=directory / "seed.yaml")
    try:
        request_exemptions(lambda method, path, **kw: server.api(method, path, expect=(200, 201), **kw),
                           exemption_targets(seed, exemptions))
        yield server
    finally:
        server.stop()
