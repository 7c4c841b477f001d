"""Two scorecards: production readiness from a GitOps descriptor file, security declared in Python."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()

# The descriptor file is the source of truth: edit it and `pulumi up` updates the scorecard.
readiness = cortex.Scorecard.from_file("production-readiness", "scorecards/production-readiness.yaml")

# The same model in Python, with values from stack config. Rules are matched by title, so reordering them
# is no change, and their identifiers (what exemptions refer to) survive edits.
security = cortex.Scorecard(
    "security",
    tag=config.get("securityTag") or "security",
    name=config.get("securityName") or "Security",
    description="Baseline security hygiene for every service.",
    ladder_name="Security",
    levels=[
        cortex.ScorecardLevelArgs(name="Basic", rank=1, color="#9E9E9E"),
        cortex.ScorecardLevelArgs(name="Hardened", rank=2, color="#4CAF50"),
    ],
    rules=[
        cortex.ScorecardRuleArgs(
            title="Dependencies scanned",
            expression='custom("dependency-scanning") == true',
            level="Basic",
        ),
        cortex.ScorecardRuleArgs(
            title="Secrets in a vault",
            expression='custom("secrets-manager") != null',
            level="Basic",
            weight=2,
        ),
        cortex.ScorecardRuleArgs(
            title="Pen-tested this year",
            expression='custom("last-pentest") != null',
            level="Hardened",
            failure_message="Book a penetration test with the security team.",
        ),
    ],
    filter=cortex.ScorecardFilterArgs(types=cortex.IncludeExcludeArgs(include=["service"])),
    evaluation_window=config.get_int("evaluationWindow") or 24,
    exemptions_enabled=True,
)

pulumi.export("readiness_tag", readiness.tag)
pulumi.export("readiness_rules", readiness.rule_identifiers)
pulumi.export("security_tag", security.tag)
pulumi.export("security_rules", security.rule_identifiers)
