"""Helpers shared by the scorecard, score and exemption tests: descriptors and HTTP shortcuts."""

from __future__ import annotations

from typing import Any

import requests

from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN, api

YAML = {"Content-Type": "application/yaml;charset=UTF-8"}

LADDER = """\
tag: readiness
name: Readiness
description: Production readiness
filter:
  types:
    include: [service]
ladder:
  name: Default Ladder
  levels:
    - {name: Bronze, rank: 1, color: "#CD7F32"}
    - {name: Silver, rank: 2, color: "#C0C0C0"}
    - {name: Gold, rank: 3, color: "#D7AC58"}
rules:
  - title: Has owner
    expression: custom("owner") != null
    level: Bronze
  - title: Is tier one
    expression: hasGroup("tier-1")
    level: Silver
  - title: Deployed this week
    expression: deploys(lookback=duration("P7D")).length > 0
    level: Gold
"""

POINTS = """\
tag: points
name: Points Only
rules:
  - title: Three points
    expression: custom("replicas") >= 3
    weight: 3
  - title: One point
    expression: hasGroup("java")
    weight: 1
"""


def post_descriptor(emu: Emulator, text: str, token: str | None = ADMIN_TOKEN, **params: Any) -> requests.Response:
    return api(emu, token).post("/api/v1/scorecards/descriptor", data=text.encode("utf-8"), headers=YAML, params=params)


def create(emu: Emulator, text: str) -> dict[str, Any]:
    r = post_descriptor(emu, text, dryRun="False")
    assert r.status_code == 200, r.text
    scorecard: dict[str, Any] = r.json()["scorecard"]
    return scorecard


def rule_ids(scorecard: dict[str, Any]) -> dict[str, str]:
    return {rule["title"]: rule["identifier"] for rule in scorecard["rules"]}


def service(emu: Emulator, tag: str, **kwargs: Any) -> dict[str, Any]:
    entity: dict[str, Any] = emu.register_entity(tag, **kwargs)
    return entity
