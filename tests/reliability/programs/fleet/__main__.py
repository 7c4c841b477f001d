"""A fleet of Cortex objects whose size and naming come from stack config (namespace `fleet`).

Config: prefix (tag prefix), teams, secrets, deploys, workflows (counts), hierarchy (true: one TeamHierarchy
rooted at the first team), adopt (true: every resource adopts), secretSeed (secret; secret values derive
from it), stamp (a string added to team descriptions, to force updates).
"""

import pulumi

import cortex_pulumi as cortex
from cortex_pulumi.provider.workflow import Workflow

config = pulumi.Config("fleet")
prefix = config.require("prefix")
adopt = config.get_bool("adopt") or None
stamp = config.get("stamp") or "v1"
seed = config.get_secret("secretSeed") or pulumi.Output.secret("seed")

teams = []
for i in range(config.get_int("teams") or 0):
    teams.append(cortex.Team(
        f"team-{i:03d}",
        team_tag=f"{prefix}-team-{i:03d}",
        name=f"{prefix} team {i}",
        description=f"fleet team {i} ({stamp})",
        members=[cortex.TeamMemberArgs(email=f"owner{i}@example.com", name=f"Owner {i}")],
        adopt=adopt,
    ))

def secret_value(i: int) -> pulumi.Output[str]:
    """The i-th secret value: derived from the secret seed, so tests can search every output for it."""
    return seed.apply(lambda s: f"{s}-value-{i:03d}")


for i in range(config.get_int("secrets") or 0):
    cortex.Secret(
        f"secret-{i:03d}",
        tag=f"{prefix}_secret_{i:03d}",
        name=f"{prefix} secret {i}",
        value=secret_value(i),
        adopt=adopt,
    )

for i in range(config.get_int("deploys") or 0):
    if not teams:
        raise ValueError("fleet:deploys needs fleet:teams > 0 (deploys are recorded on the fleet's teams)")
    team = teams[i % len(teams)]
    cortex.Deploy(
        f"deploy-{i:03d}",
        entity=team.team_tag,
        title=f"{prefix} release {i}",
        sha=f"{i:040x}",
        environment="prod",
        timestamp="2024-05-01T12:00:00Z",
        adopt=adopt,
    )

for i in range(config.get_int("workflows") or 0):
    Workflow(
        f"workflow-{i:03d}",
        tag=f"{prefix}-workflow-{i:03d}",
        name=f"{prefix} workflow {i}",
        actions=[{"name": "Say hi", "slug": "say-hi", "schema": {"type": "SLACK", "channel": "general",
                                                                "message": f"hello {i}"}}],
        adopt=adopt,
    )

if config.get_bool("hierarchy") and len(teams) > 1:
    cortex.TeamHierarchy(
        "hierarchy",
        edges=[cortex.TeamEdgeArgs(parent=teams[0].team_tag, child=t.team_tag) for t in teams[1:]],
        adopt=adopt,
    )

pulumi.export("team_tags", [t.team_tag for t in teams])
