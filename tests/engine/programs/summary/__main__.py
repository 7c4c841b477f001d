"""Every Cortex kind in three stages: `base` (deployed first), `change` (one of every change a summary names, all
at once: added, removed, changed, replaced, archived, rotated) and `empty` (everything deleted)."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
stage = config.get("stage") or "base"
changed = stage == "change"


def team(key: str, name: str, **kwargs: object) -> cortex.Team:
    return cortex.Team(key, team_tag=key, name=name, **kwargs)  # type: ignore[arg-type]


def declare() -> None:
    ada = cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace")
    grace = cortex.TeamMemberArgs(email="grace@example.com", name="Grace Hopper")
    linus = cortex.TeamMemberArgs(email="linus@example.com", name="Linus Torvalds")
    runbook = cortex.TeamLinkArgs(name="Runbook", type="runbook", url="https://wiki.example.com/platform")
    oncall = cortex.TeamLinkArgs(name="On-call", type="documentation", url="https://oncall.example.com/platform")
    platform = team(
        "platform", "Platform",
        members=[ada, linus] if changed else [ada, grace],
        links=[runbook, oncall] if changed else [runbook],
        slack_channels=[cortex.SlackChannelArgs(name="#platform", notifications_enabled=not changed)],
    )
    # A new IdP group replaces the team under the same tag. adopt: the preview's key check re-runs for the
    # replacement without the old inputs and would take the team being replaced for someone else's.
    payments = team("payments", "Payments", adopt=True if changed else None, idp_group=cortex.IdpGroupArgs(
        group="payments-eng@example.com" if changed else "payments@example.com", provider="OKTA"))
    legacy = team("legacy", "Legacy", members=[grace], archived=True if changed else None)
    fourth = team("data", "Data", members=[grace]) if changed else team("identity", "Identity", members=[ada])
    cortex.TeamHierarchy("org", edges=[
        cortex.TeamEdgeArgs(parent=platform.team_tag, child=payments.team_tag),
        cortex.TeamEdgeArgs(parent=platform.team_tag, child=fourth.team_tag),
        *([] if changed else [cortex.TeamEdgeArgs(parent=platform.team_tag, child=legacy.team_tag)]),
    ])

    levels = [cortex.ScorecardLevelArgs(name="Bronze", rank=1, color="#CD7F32"),
              cortex.ScorecardLevelArgs(name="Silver", rank=2, color="#C0C0C0")]
    rules = [
        cortex.ScorecardRuleArgs(title="Has an owner", expression='custom("owner") != null', level="Bronze"),
        cortex.ScorecardRuleArgs(title="Has a runbook", expression='custom("runbook") != null', level="Silver"),
        cortex.ScorecardRuleArgs(title="Has on-call", expression='custom("oncall") != null', level="Silver"),
    ]
    if changed:
        levels.append(cortex.ScorecardLevelArgs(name="Gold", rank=3, color="#FFD700"))
        rules = [
            cortex.ScorecardRuleArgs(title="Has a runbook", expression='custom("runbook") != null', level="Bronze"),
            cortex.ScorecardRuleArgs(title="Has on-call", expression='custom("oncall-rotation") != null',
                                     level="Silver", weight=2),
            cortex.ScorecardRuleArgs(title="Has SLOs", expression='custom("slos") != null', level="Gold"),
        ]
    readiness = cortex.Scorecard(
        "readiness", tag="readiness", name="Readiness", ladder_name="Readiness", levels=levels, rules=rules,
        filter=cortex.ScorecardFilterArgs(types=cortex.IncludeExcludeArgs(include=["team"])) if changed else None,
        evaluation_window=12 if changed else 24, notifications_enabled=changed, exemptions_enabled=True,
        exemptions_auto_approve=changed,
    )
    cortex.Scorecard("security", tag="security-v2" if changed else "security", name="Security", rules=[
        cortex.ScorecardRuleArgs(title="Dependencies scanned", expression='custom("scanned") == true')])
    cortex.ScorecardExemption(
        "payments-oncall", scorecard=readiness.tag, entity=payments.team_tag, rule="Has on-call", days=30,
        reason="Rotation starts next month" if changed else "Rotation starts next quarter", approve=True)
    cortex.ScorecardExemption("legacy-runbook", scorecard=readiness.tag, entity=legacy.team_tag, rule="Has a runbook",
                              reason="Legacy is being retired", approve=changed)

    cortex.Secret("webhook", tag="webhook_token", name="Release webhook token" if changed else "Webhook token",
                  value="whk-base-value")
    cortex.Secret("statuspage", tag="statuspage_key", name="Status page key",
                  value="stp-rotated-value" if changed else "stp-base-value")
    cortex.Secret("pager", tag="pager_key", name="Pager key", value="pgr-value", version="2" if changed else "1")
    cortex.Secret("legacy-token", tag="legacy_token_v2" if changed else "legacy_token", name="Legacy token",
                  value="lgc-value")
    if changed:
        cortex.Secret("slo-token", tag="slo_token", name="SLO service token", value="slo-value")
    else:
        cortex.Secret("old-token", tag="old_token", name="Old token", value="old-value")

    http = {"type": "HTTP_REQUEST", "httpMethod": "POST", "headers": {"Content-Type": "application/json"},
            "url": "https://hooks.example.com/v2/release" if changed else "https://hooks.example.com/release"}
    actions = [
        cortex.WorkflowActionArgs(name="Post to Slack", slug="post", is_root_action=True,
                                  outgoing_actions=["call"], schema={"type": "SLACK", "channel": "#deploys",
                                                                     "message": "{{context.entity.name}} is live"}),
        cortex.WorkflowActionArgs(name="Call the release hook", slug="call", schema=http,
                                  outgoing_actions=["page"] if changed else ["log"]),
        cortex.WorkflowActionArgs(name="Page on-call", slug="page",
                                  schema={"type": "SLACK", "channel": "#oncall", "message": "released"})
        if changed else
        cortex.WorkflowActionArgs(name="Log the release", slug="log",
                                  schema={"type": "HTTP_REQUEST", "httpMethod": "POST", "headers": {},
                                          "url": "https://log.example.com/release"}),
    ]
    cortex.Workflow("release", tag="release", name="Release" if not changed else "Release and page",
                    actions=actions, variables=[cortex.WorkflowVariableArgs(slug="version")] if changed else None)
    cortex.Workflow("cleanup", tag="cleanup-v2" if changed else "cleanup", name="Clean up", actions=[
        cortex.WorkflowActionArgs(name="Post", slug="post", schema={"type": "SLACK", "channel": "#ops",
                                                                    "message": "cleaned"})])

    cortex.Deploy("release", entity=platform.team_tag, title="platform 2.4.0" if changed else "platform 2.3.0",
                  type="DEPLOY", environment="prod", sha="b7e41c09d2aa" if changed else "3f2c2d8a9b1e",
                  deployer=cortex.DeployerArgs(name="release-pipeline", email="ci@example.com"),
                  timestamp="2026-11-20T10:00:00Z")
    cortex.Deploy("hotfix", entity=(platform if changed else legacy).team_tag, title="hotfix 1.0.1",
                  type="DEPLOY", environment="prod", sha="9a0c77e1f3b2", timestamp="2026-11-21T08:30:00Z")


if stage != "empty":
    declare()
