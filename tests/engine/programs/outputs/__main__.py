"""A team that leaves its type to the provider and a scorecard declared by a descriptor file; every output the
program reads is exported, whether the program declared its value or the provider derived it."""

from pathlib import Path

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
team = cortex.Team("platform", team_tag="platform", name="Platform", description=config.get("description") or "Paved road")
card = cortex.Scorecard.from_file("readiness", str(Path(__file__).parent / "readiness.yaml"))

pulumi.export("team_name", team.name)
pulumi.export("team_description", team.description)
pulumi.export("team_type", team.type)  # derived: CORTEX
pulumi.export("card_name", card.name)  # from the file
pulumi.export("card_levels", card.levels.apply(lambda levels: [level["name"] for level in levels or []]))
pulumi.export("card_rules", card.rules.apply(lambda rules: sorted(rule["title"] for rule in rules or [])))
