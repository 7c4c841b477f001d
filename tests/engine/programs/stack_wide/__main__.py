"""A few teams and secrets: enough resources that a stack-wide failure would otherwise repeat on each."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
for n in range(config.get_int("teams") or 5):
    cortex.Team(f"team-{n}", team_tag=f"wide-team-{n}", name=f"Team {n}")
for n in range(config.get_int("secrets") or 3):
    cortex.Secret(f"secret-{n}", tag=f"wide_secret_{n}", name=f"Secret {n}", value=config.get_secret("value") or "v")
