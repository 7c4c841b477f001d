"""A platform organisation in Cortex, as code.

Teams and their hierarchy, a production-readiness scorecard from a GitOps descriptor and a security
scorecard in Python, an approved exemption, two secrets used by a deploy-notification workflow, and a
deploy record whose commit comes from configuration or from another stack's output.
"""

import pulumi
from org import REPORTS_TO, TEAMS

import cortex_pulumi as cortex

config = pulumi.Config()

# -- Teams and the hierarchy ------------------------------------------------------------------------
teams: dict[str, cortex.Team] = {}
for key, spec in TEAMS.items():
    teams[key] = cortex.Team(
        key,
        team_tag=key,
        name=spec["name"],
        description=spec["description"],
        members=[cortex.TeamMemberArgs(email=email, name=name) for email, name in spec.get("members", [])]
        or None,
        idp_group=cortex.IdpGroupArgs(group=spec["okta"], provider="OKTA") if "okta" in spec else None,
        slack_channels=[cortex.SlackChannelArgs(name=spec["slack"], notifications_enabled=True)]
        if "slack" in spec
        else None,
        archived=spec.get("archived"),
    )

# Edges name teams through their outputs, so every team exists before the hierarchy refers to it.
hierarchy = cortex.TeamHierarchy(
    "org",
    edges=[
        cortex.TeamEdgeArgs(parent=teams[parent].team_tag, child=teams[child].team_tag)
        for parent, children in REPORTS_TO.items()
        for child in children
    ],
)

# -- Scorecards -------------------------------------------------------------------------------------
readiness = cortex.Scorecard.from_file("production-readiness", "scorecards/production-readiness.yaml")

security = cortex.Scorecard(
    "security",
    tag=config.get("securityTag") or "security",
    name="Security",
    description="Baseline security hygiene.",
    ladder_name="Security",
    levels=[
        cortex.ScorecardLevelArgs(name="Basic", rank=1, color="#9E9E9E"),
        cortex.ScorecardLevelArgs(name="Hardened", rank=2, color="#4CAF50"),
    ],
    rules=[
        cortex.ScorecardRuleArgs(
            title="Dependencies scanned", expression='custom("dependency-scanning") == true', level="Basic"
        ),
        cortex.ScorecardRuleArgs(
            title="Secrets in a vault", expression='custom("secrets-manager") != null', level="Basic"
        ),
        cortex.ScorecardRuleArgs(
            title="Pen-tested this year", expression='custom("last-pentest") != null', level="Hardened"
        ),
    ],
    evaluation_window=config.get_int("securityWindow") or 24,
    exemptions_enabled=True,
)

# Payments joins the on-call rotation next quarter: exempt it from that rule, approved in the same run.
# The rule is named by the identifier Cortex gave it, taken from the scorecard's output.
oncall_exemption = cortex.ScorecardExemption(
    "payments-oncall",
    scorecard=readiness.tag,
    entity=teams["payments"].team_tag,
    rule=readiness.rule_identifiers.apply(lambda ids: ids["Has an on-call rotation"]),
    reason="The payments rotation starts next quarter; platform covers until then.",
    days=90,
    approve=True,
)

# -- Secrets and the workflow that uses them ----------------------------------------------------------
webhook_token = cortex.Secret(
    "deploy-webhook-token",
    tag="deploy_webhook_token",
    name="Release webhook token",
    value=config.require_secret("webhookToken"),
)
statuspage_key = cortex.Secret(
    "statuspage-api-key",
    tag="statuspage_api_key",
    name="Status page API key",
    value=config.require_secret("statuspageKey"),
)
# The workflow refers to the secrets by tag inside its YAML; depends_on makes them exist first.
notify = cortex.Workflow.from_file(
    "deploy-notify",
    "workflows/deploy-notify.yaml",
    opts=pulumi.ResourceOptions(depends_on=[webhook_token, statuspage_key]),
)

# -- A deploy record ----------------------------------------------------------------------------------
# In a real pipeline the commit is another stack's output (the stack that shipped the service);
# without `appStack` the demo reads it from config.
app_stack = config.get("appStack")
release_sha = (
    pulumi.StackReference(app_stack).require_output("sha")
    if app_stack
    else pulumi.Output.from_input(config.require("releaseSha"))
)
version = config.get("releaseVersion") or "2.3.0"
release = cortex.Deploy(
    "payments-release",
    entity=teams["payments"].team_tag,
    title=f"payments {version}",
    type="DEPLOY",
    sha=release_sha,
    environment="prod",
    deployer=cortex.DeployerArgs(name="release-pipeline", email="ci@example.com"),
    custom_data={"version": version, "notifiedBy": notify.tag},
)

pulumi.export("teams", {key: team.cortex_id for key, team in teams.items()})
pulumi.export("hierarchy_edges", hierarchy.edge_count)
pulumi.export("readiness_rules", readiness.rule_identifiers)
pulumi.export("security_tag", security.tag)
pulumi.export("oncall_exemption", oncall_exemption.status)
pulumi.export("workflow_secrets", [webhook_token.tag, statuspage_key.tag])
pulumi.export("workflow", notify.tag)
pulumi.export("release", pulumi.Output.all(release.entity, release.uuid).apply(lambda parts: "/".join(parts)))
