"""A small tenant for the web view's browser tests and the README's screenshots: every kind, readable names,
a team with two parents, an archived team, names with markup, secret values to look for, and API activity
(exemptions requested, refused and failed requests) for the request log."""

from __future__ import annotations

from typing import Any

import requests

#: Secret values seeded into the tenant: no page may show any of them.
SECRET_VALUES = ("s3cr3t-pager-KEY-0001", "s3cr3t-webhook-TOKEN-0002", "s3cr3t-<b>markup</b>-0003")
HOSTILE_NAME = "<script>alert('x')</script> \"Quoted\" & A]-->B"
LEVELS = (("Bronze", "#CD7F32"), ("Silver", "#A8A9AD"), ("Gold", "#D4AF37"))


def _team(tag: str, name: str, *members: tuple[str, str], **extra: Any) -> dict[str, Any]:
    return {"teamTag": tag, "metadata": {"name": name, "description": extra.pop("description", "")}, "type": "CORTEX",
            "cortexTeam": {"members": [{"email": e, "name": n} for n, e in members]},
            "links": extra.pop("links", []), "slackChannels": extra.pop("slack", []), **extra}


def _teams() -> list[dict[str, Any]]:
    return [
        _team("engineering", "Engineering", ("Ada Lovelace", "ada@example.com"), description="Everyone who builds"),
        _team("platform", "Platform", ("Linus Torvalds", "linus@example.com"), ("Grace Hopper", "grace@example.com"),
              description="Runtime, CI and the developer portal",
              links=[{"name": "Runbook", "type": "runbook", "url": "https://wiki.example.com/platform"},
                     {"name": "Bad link", "type": "documentation", "url": "javascript:alert(1)"}],
              slack=[{"name": "platform", "notificationsEnabled": True}]),
        _team("payments", "Payments", ("Katherine Johnson", "katherine@example.com"),
              slack=[{"name": "payments-alerts", "notificationsEnabled": False}]),
        _team("sre", "Site reliability", ("Margaret Hamilton", "margaret@example.com")),
        _team("mobile", "Mobile apps", ("Alan Kay", "alan@example.com")),
        _team("web", "Web", ("Tim Berners-Lee", "tim@example.com")),
        {"teamTag": "identity", "metadata": {"name": "Identity"}, "type": "IDP", "links": [], "slackChannels": [],
         "idpGroup": {"group": "identity@groups.example.com", "provider": "OKTA",
                      "members": [{"email": "barbara@example.com", "name": "Barbara Liskov"}]}},
        {**_team("legacy", "Legacy billing"), "isArchived": True},
        _team("markup", HOSTILE_NAME, ("<img src=x onerror=alert(1)>", "markup@example.com")),
    ]


EDGES = [("engineering", "platform"), ("engineering", "payments"), ("engineering", "mobile"), ("mobile", "web"),
         ("platform", "sre"), ("payments", "sre"), ("platform", "identity"), ("payments", "legacy"),
         ("engineering", "markup")]


def _scorecard() -> dict[str, Any]:
    levels = [{"name": n, "rank": r, "color": c, "description": d} for r, ((n, c), d) in enumerate(
        zip(LEVELS, ("The basics", "Ready for production", "Exemplary"), strict=True), 1)]
    rules = [("Has an owner", 'custom("owner") != null', "Bronze"), ("Has on-call", 'custom("oncall") != null', "Bronze"),
             ("Has a runbook", 'custom("runbook") != null', "Silver"), ("Has SLOs", 'custom("slo") != null', "Gold")]
    return {"tag": "service-readiness", "name": "Service readiness", "description": "Is the service ready to run?",
            "ladder": {"name": "Readiness", "levels": levels},
            "rules": [{"title": t, "expression": x, "level": lv, "weight": 1} for t, x, lv in rules],
            "filter": {"types": {"include": ["service"]}},
            "notifications": {"enabled": True, "scoreDropNotificationsEnabled": True},
            "exemptions": {"enabled": True, "autoApprove": False}}


def _workflow() -> dict[str, Any]:
    def action(slug: str, name: str, schema: dict[str, Any], then: list[str], root: bool = False) -> dict[str, Any]:
        return {"slug": slug, "name": name, "schema": schema, "outgoingActions": then, "isRootAction": root}

    return {"tag": "release", "name": "Release a service", "description": "Approve, deploy and announce",
            "filter": {"type": "GLOBAL"}, "isRunnableViaApi": True,
            "variables": [{"slug": "version", "type": "STRING", "name": "Version", "description": "What to release"}],
            "actions": [
                action("ask", "Ask for the version", {"type": "USER_INPUT", "inputs": [
                    {"name": "Version", "key": "version", "type": "INPUT_FIELD", "required": True}],
                    "inputOverrides": []}, ["approve"], root=True),
                action("approve", "Approval by platform", {"type": "MANUAL_APPROVAL", "approvingTeamIds": ["platform"]},
                       ["deploy", "announce"]),
                action("deploy", "Call the deploy hook", {"type": "HTTP_REQUEST", "httpMethod": "POST",
                       "url": "https://deploy.example.com/{{context.entity.tag}}",
                       "headers": {"Authorization": "Bearer {{context.secrets.webhook_token}}"}}, ["record"]),
                action("announce", "Announce in Slack", {"type": "SLACK", "channel": "releases",
                       "message": "Releasing {{actions.ask.outputs.version}}"}, []),
                action("record", "Record the result", {"type": "JQ", "expression": ".actions | length"}, []),
            ]}


def seed() -> dict[str, Any]:
    return {
        "entities": [{"tag": "checkout", "type": "service", "name": "Checkout",
                      "customData": {"owner": "payments", "oncall": "pd-checkout", "runbook": "https://x"}},
                     {"tag": "search", "type": "service", "name": "Search",
                      "customData": {"owner": "web", "oncall": "pd-search"}},
                     {"tag": "ledger", "type": "service", "name": "Ledger", "customData": {}}],
        "teams": _teams(),
        "relationships": [{"parentTeamTag": p, "childTeamTag": c} for p, c in EDGES],
        "secrets": [{"tag": tag, "name": name, "secret": value} for (tag, name), value in zip(
            (("pager_key", "PagerDuty key"), ("webhook_token", "Deploy webhook token"),
             ("markup_secret", "<i>Markup</i> secret")), SECRET_VALUES, strict=True)],
        "deploys": [{"entity": "checkout", "title": "checkout 2.4.0", "type": "DEPLOY", "environment": "prod",
                     "sha": "b7e41c09d2aa51", "timestamp": "2026-12-01T10:00:00Z",
                     "deployer": {"name": "release-pipeline", "email": "ci@example.com"}},
                    {"entity": "checkout", "title": "checkout 2.3.9", "type": "ROLLBACK", "environment": "prod",
                     "sha": "3f2c2d8a9b1e00", "timestamp": "2026-11-30T16:20:00Z"},
                    {"entity": "platform", "title": "portal 1.8", "type": "DEPLOY", "environment": "staging",
                     "timestamp": "2026-12-02T08:00:00Z"}],
        "scorecards": [_scorecard()],
        "workflows": [_workflow()],
    }


def _exemption(base_url: str, token: str, title: str, reason: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    rules = requests.get(f"{base_url}/api/v1/scorecards/service-readiness", headers=auth, timeout=30)
    rule = next(r for r in rules.json()["scorecard"]["rules"] if r["title"] == title)
    answer = requests.post(f"{base_url}/api/v1/scorecards/service-readiness/entity/search/exemption", headers=auth,
                           json={"ruleIdentifier": rule["identifier"], "reason": reason, "days": 30}, timeout=30)
    answer.raise_for_status()


def activity(base_url: str, admin_token: str, viewer_token: str) -> None:
    """API traffic for the request log: the `legacy` team archived, two exemptions requested for Search (by an
    admin key: approved; by a viewer key: pending), reads, a request without a key (401) and one for a team
    that does not exist (404)."""
    auth = {"Authorization": f"Bearer {admin_token}"}
    requests.put(f"{base_url}/api/v1/teams/legacy/archive", headers=auth, timeout=30).raise_for_status()
    requests.get(f"{base_url}/api/v1/scorecards/service-readiness/scores", headers=auth, timeout=30).raise_for_status()
    _exemption(base_url, admin_token, "Has SLOs", "SLOs land next quarter")
    _exemption(base_url, viewer_token, "Has a runbook", "The runbook is being written")
    requests.get(f"{base_url}/api/v1/teams", timeout=30)
    requests.get(f"{base_url}/api/v1/teams/no-such-team", headers=auth, timeout=30)
    requests.get(f"{base_url}/api/v1/teams", headers=auth, timeout=30)
