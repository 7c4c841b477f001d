"""A subtree of teams under `root` (a team this stack does not manage), owning only its own edges."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
root, tag = config.require("root"), config.require("subtree")
# No `members`: the members are not managed here (the Cortex UI or an IdP sync owns them).
lead = cortex.Team(tag, team_tag=tag, name=config.get("teamName") or tag.upper())
children = [cortex.Team(f"{tag}-{i}", team_tag=f"{tag}-{i}", name=f"{tag.upper()} {i}") for i in range(2)]
hierarchy = cortex.TeamHierarchy(
    "subtree",
    ownership="DECLARED",
    edges=[cortex.TeamEdgeArgs(parent=root, child=lead.team_tag)]
    + [cortex.TeamEdgeArgs(parent=lead.team_tag, child=child.team_tag) for child in children],
)
pulumi.export("edges", hierarchy.edge_count)
