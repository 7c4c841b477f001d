"""An exemption of the payments team from one scorecard rule, requested and approved in one `pulumi up`."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()

# Teams are catalog entities, so the example exempts a team it declares; real programs usually name a
# service tag here.
payments = cortex.Team("payments", team_tag="payments", name="Payments")

operations = cortex.Scorecard(
    "operations",
    tag="operations",
    name="Operations",
    description=config.get("scorecardDescription") or "Operational basics for every team.",
    levels=[cortex.ScorecardLevelArgs(name="Ready", rank=1, color="#4CAF50")],
    rules=[
        cortex.ScorecardRuleArgs(
            title="Has an on-call rotation", expression='custom("oncall") != null', level="Ready"
        ),
        cortex.ScorecardRuleArgs(
            title="Has a runbook", expression='custom("runbook") != null', level="Ready"
        ),
    ],
    filter=cortex.ScorecardFilterArgs(types=cortex.IncludeExcludeArgs(include=["team"])),
    exemptions_enabled=True,
)

# `rule` takes the rule's title (or its identifier, from `operations.rule_identifiers`). Cortex cannot
# edit an exemption, so changing the rule, reason or days requests a new one and revokes the old one.
exemption = cortex.ScorecardExemption(
    "payments-oncall",
    scorecard=operations.tag,
    entity=payments.team_tag,
    rule=config.get("rule") or "Has an on-call rotation",
    reason="The payments rotation starts next quarter; the platform team covers until then.",
    days=config.get_int("days") or 90,
    approve=True,
)

pulumi.export("status", exemption.status)
pulumi.export("rule_identifier", exemption.rule_identifier)
pulumi.export("end_date", exemption.end_date)
