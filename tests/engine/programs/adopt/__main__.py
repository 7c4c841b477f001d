"""A team that already exists in Cortex, declared with or without `adopt` (from stack config)."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
team = cortex.Team(
    "existing",
    team_tag="existing-team",
    name="Existing Team",
    description="Now managed by Pulumi.",
    members=[cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace")],
    adopt=config.get_bool("adopt") or False,
)
pulumi.export("team_id", team.cortex_id)
