"""An engineering organisation as a team tree: one TeamHierarchy resource owns every parent -> child edge."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()


def team(key: str, name: str) -> cortex.Team:
    return cortex.Team(key, team_tag=config.get(f"{key}Tag") or key, name=name)


engineering = team("engineering", "Engineering")
platform = team("platform", "Platform")
payments = team("payments", "Payments")
sre = team("sre", "Site Reliability")

# Passing `team.team_tag` (an Output) orders the work: teams exist before the edges that name them.
# Which team SRE reports to is configuration, to show a hierarchy change in place.
sre_parent = {"engineering": engineering, "platform": platform}[config.get("sreParent") or "platform"]
org = cortex.TeamHierarchy(
    "org",
    edges=[
        cortex.TeamEdgeArgs(parent=engineering.team_tag, child=platform.team_tag),
        cortex.TeamEdgeArgs(parent=engineering.team_tag, child=payments.team_tag),
        cortex.TeamEdgeArgs(parent=sre_parent.team_tag, child=sre.team_tag),
    ],
)

pulumi.export("edges", org.edges)
pulumi.export("edge_count", org.edge_count)
