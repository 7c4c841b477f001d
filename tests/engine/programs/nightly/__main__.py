"""Two repositories sharing one tenant, as stacks of one project (config `part`): `platform` owns teams, its
part of the hierarchy and a scorecard; `payments` owns a workflow, a secret, a deploy, an exemption on the
platform scorecard and its own edges of the hierarchy. Both declare the hierarchy DECLARED."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
part = config.require("part")


def platform() -> None:
    ada = cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace")
    teams = {tag: cortex.Team(tag, team_tag=tag, name=name, members=members)
             for tag, name, members in (("org", "Org", []), ("platform", "Platform", [ada]),
                                        ("finance", "Finance", []), ("payments", "Payments", []))}
    cortex.TeamHierarchy("platform-edges", ownership="DECLARED", edges=[
        cortex.TeamEdgeArgs(parent=teams["org"].team_tag, child=teams[child].team_tag)
        for child in ("platform", "finance")])
    cortex.Scorecard("readiness", tag="readiness", name="Readiness",
                     levels=[cortex.ScorecardLevelArgs(name="Bronze", rank=1, color="#CD7F32"),
                             cortex.ScorecardLevelArgs(name="Silver", rank=2, color="#C0C0C0")],
                     rules=[cortex.ScorecardRuleArgs(title="Has on-call", expression='custom("oncall") != null',
                                                     level="Bronze"),
                            cortex.ScorecardRuleArgs(title="Deploys weekly", level="Silver",
                                                     expression='deploys(lookback=duration("P7D")).length > 0')])


def payments() -> None:
    cortex.TeamHierarchy("payments-edges", ownership="DECLARED",
                         edges=[cortex.TeamEdgeArgs(parent="platform", child="payments")])
    cortex.Workflow("notify", tag="deploy-notify", name="Deploy notify", actions=[cortex.WorkflowActionArgs(
        name="Post", slug="post", schema={"type": "SLACK", "channel": "deploys", "message": "deployed"})])
    cortex.Secret("db", tag="payments_db", name="Payments DB", value=config.require_secret("dbPassword"))
    cortex.Deploy("release", entity="payments", title="payments 1.4.2", sha="abc123", environment="prod",
                  timestamp="2024-05-01T12:00:00Z")
    cortex.ScorecardExemption("oncall", scorecard="readiness", entity="payments", rule="Has on-call",
                              reason="rotation starts in Q1", approve=True)


platform() if part == "platform" else payments()
