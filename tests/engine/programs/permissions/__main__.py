"""A team and a scorecard whose name comes from the config (`scorecardName`), to preview a change of it."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
cortex.Team("platform", team_tag="perm-platform", name=config.get("teamName") or "Platform")
cortex.Scorecard("ready", tag="perm-ready", name=config.get("scorecardName") or "Ready",
                 rules=[cortex.ScorecardRuleArgs(title="On call", expression="true")])
