"""Two Cortex teams: one whose members are managed in Cortex, one synced from an identity-provider group."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()

# A CORTEX team: Cortex holds the member list. Members are compared by email, so reordering them is no change.
platform = cortex.Team(
    "platform",
    team_tag=config.get("platformTag") or "platform",
    name=config.get("platformName") or "Platform",
    description="Builds the paved road: CI/CD, runtime and observability.",
    members=[
        cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace", description="tech lead"),
        cortex.TeamMemberArgs(email="grace@example.com", name="Grace Hopper"),
    ],
    links=[
        cortex.TeamLinkArgs(name="Runbook", type="runbook", url="https://wiki.example.com/platform/runbook")
    ],
    slack_channels=[cortex.SlackChannelArgs(name="#platform", notifications_enabled=True)],
)

# An IDP team: its members come from the Okta group. Changing the group replaces the team.
payments = cortex.Team(
    "payments",
    team_tag=config.get("paymentsTag") or "payments",
    name="Payments",
    idp_group=cortex.IdpGroupArgs(
        group=config.get("paymentsGroup") or "payments@example.com", provider="OKTA"
    ),
)

pulumi.export("platform_tag", platform.team_tag)
pulumi.export("platform_id", platform.cortex_id)
pulumi.export("payments_tag", payments.team_tag)
pulumi.export("payments_type", payments.type)
