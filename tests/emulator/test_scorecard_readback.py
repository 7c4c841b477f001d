"""Scorecard read-back as other clients see it: the descriptor comes back as posted, lists in posted order."""

from __future__ import annotations

from typing import Any

import yaml

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.services import scorecard_descriptor as sd
from cortex_pulumi.emulator.services.scorecard import _posted
from tests.emulator._scorecard_support import create, post_descriptor, service
from tests.support import VIEWER_TOKEN, api
from tests.support.openapi import validate_response

ONE = "/api/v1/scorecards/{tag}"

# The shape the official Terraform provider marshals (yaml.v3, its Scorecard struct) for its own example:
# levels in descending rank, `filter.kind: GENERIC` always, no `draft` when false.
DESCENDING = """\
tag: dora
name: dora
description: DORA metrics
rules:
- title: DORA metric 1
  expression: custom("deploys") != null
  weight: 1
  level: Gold
  description: DORA metric 1 description
  failureMessage: Ship fast, ship often
- title: Has owner
  expression: custom("owner") != null
  weight: 1
  level: Bronze
ladder:
  levels:
  - name: Gold
    rank: 3
    color: '#cda400'
  - name: Silver
    rank: 2
    color: '#8c9298'
  - name: Bronze
    rank: 1
    color: '#c38b5f'
filter:
  kind: GENERIC
  types:
    include:
    - service
  query: hasGroup("dora")
evaluation:
  window: 24
"""

NO_EVALUATION = """\
tag: plain
name: Plain
rules:
- title: Always
  expression: 'true'
  weight: 2
"""

UNSORTED_RULES = """\
tag: unsorted
name: Unsorted
ladder:
  name: Default Ladder
  levels:
  - {name: Bronze, rank: 1, color: '#CD7F32'}
  - {name: Silver, rank: 2, color: '#C0C0C0'}
rules:
- {title: Zulu, expression: 'true', weight: 1, level: Silver}
- {title: alpha, expression: 'true', weight: 1, level: Bronze}
- {title: Mike, expression: 'false', weight: 1, level: Bronze}
- {title: Bravo, expression: 'true', weight: 1, level: Silver}
"""


def descriptor(emu: Emulator, tag: str) -> tuple[str, dict[str, Any]]:
    r = api(emu, VIEWER_TOKEN).get(f"/api/v1/scorecards/{tag}/descriptor")
    assert r.status_code == 200, r.text
    parsed: dict[str, Any] = yaml.safe_load(r.text)
    return r.text, parsed


def scorecard(emu: Emulator, tag: str) -> dict[str, Any]:
    r = api(emu, VIEWER_TOKEN).get(f"/api/v1/scorecards/{tag}")
    assert r.status_code == 200, r.text
    validate_response("get", ONE, 200, r.json())
    body: dict[str, Any] = r.json()["scorecard"]
    return body


def listed(emu: Emulator, tag: str) -> dict[str, Any]:
    r = api(emu, VIEWER_TOKEN).get("/api/v1/scorecards")
    validate_response("get", "/api/v1/scorecards", 200, r.json())
    (found,) = [s for s in r.json()["scorecards"] if s["tag"] == tag]
    return dict(found)


def test_levels_in_descending_rank_read_back_in_that_order(emu: Emulator) -> None:
    created = create(emu, DESCENDING)
    _, parsed = descriptor(emu, "dora")
    assert parsed == yaml.safe_load(DESCENDING)  # nothing added, dropped or reordered
    assert [lv["name"] for lv in parsed["ladder"]["levels"]] == ["Gold", "Silver", "Bronze"]
    expected = [{"level": {"name": n, "number": r}} for n, r in (("Gold", 3), ("Silver", 2), ("Bronze", 1))]
    for view in (created, scorecard(emu, "dora"), listed(emu, "dora")):
        assert view["levels"] == expected
        assert view["evaluation"] == {"window": 24}


def test_descending_levels_still_score_from_the_lowest_rank(emu: Emulator) -> None:
    create(emu, DESCENDING)
    service(emu, "svc", groups=["dora"], custom_data={"owner": "me"})
    r = api(emu).get("/api/v1/scorecards/dora/next-steps", params={"entityTag": "svc"})
    assert r.status_code == 200, r.text
    (step,) = r.json()["nextSteps"]
    # Bronze passes and Silver has no rules of its own, so the entity stands at Silver with Gold next:
    # the ladder is walked from rank 1 up whatever order the levels were posted in.
    assert step["currentLevel"] == {"level": {"name": "Silver", "number": 2}}
    assert step["nextLevel"] == {"level": {"name": "Gold", "number": 3}}
    assert [rule["title"] for rule in step["rulesToComplete"]] == ["DORA metric 1"]


def test_a_descriptor_without_evaluation_reads_back_without_it(emu: Emulator) -> None:
    created = create(emu, NO_EVALUATION)
    text, parsed = descriptor(emu, "plain")
    assert parsed == yaml.safe_load(NO_EVALUATION)
    assert "evaluation" not in text and "draft" not in text and "notifications" not in text
    # The JSON view reports the window Cortex documents for an unset one (see docs/emulator.md).
    assert created["evaluation"] == scorecard(emu, "plain")["evaluation"] == {"window": 4}


def test_rules_in_non_alphabetical_order_read_back_in_that_order(emu: Emulator) -> None:
    created = create(emu, UNSORTED_RULES)
    _, parsed = descriptor(emu, "unsorted")
    assert parsed == yaml.safe_load(UNSORTED_RULES)
    titles = ["Zulu", "alpha", "Mike", "Bravo"]
    assert [rule["title"] for rule in parsed["rules"]] == titles
    for view in (created, scorecard(emu, "unsorted"), listed(emu, "unsorted")):
        assert [rule["title"] for rule in view["rules"]] == titles
    service(emu, "svc")
    r = api(emu).get("/api/v1/scorecards/unsorted/scores")
    (entry,) = r.json()["serviceScores"]
    by_id = {rule["identifier"]: rule["title"] for rule in created["rules"]}
    assert [by_id[rule["identifier"]] for rule in entry["score"]["rules"]] == titles


def test_an_update_takes_the_new_order(emu: Emulator) -> None:
    create(emu, UNSORTED_RULES)
    reordered = UNSORTED_RULES.replace(
        "  - {name: Bronze, rank: 1, color: '#CD7F32'}\n  - {name: Silver, rank: 2, color: '#C0C0C0'}\n",
        "  - {name: Silver, rank: 2, color: '#C0C0C0'}\n  - {name: Bronze, rank: 1, color: '#CD7F32'}\n",
    )
    assert reordered != UNSORTED_RULES
    updated = create(emu, reordered)
    assert [lv["level"]["name"] for lv in updated["levels"]] == ["Silver", "Bronze"]
    _, parsed = descriptor(emu, "unsorted")
    assert [lv["name"] for lv in parsed["ladder"]["levels"]] == ["Silver", "Bronze"]


def test_a_dry_run_answers_in_posted_order_too(emu: Emulator) -> None:
    r = post_descriptor(emu, DESCENDING, dryRun="true")
    assert r.status_code == 200, r.text
    validate_response("post", "/api/v1/scorecards/descriptor", 200, r.json())
    assert [lv["level"]["name"] for lv in r.json()["scorecard"]["levels"]] == ["Gold", "Silver", "Bronze"]


def test_the_terraform_provider_request_flow(emu: Emulator) -> None:
    """Upsert, re-read, list, delete with the routes and headers the Terraform provider uses."""
    session = api(emu)
    headers = {"Content-Type": "application/yaml;charset=UTF-8", "Accept": "application/json"}
    upserted = session.post("/api/v1/scorecards/descriptor", data=DESCENDING.encode(), headers=headers)
    assert upserted.status_code == 200, upserted.text
    reread = session.get("/api/v1/scorecards/dora/descriptor")
    assert yaml.safe_load(reread.text) == yaml.safe_load(DESCENDING)
    assert [s["tag"] for s in session.get("/api/v1/scorecards/").json()["scorecards"]] == ["dora"]
    # Both include and exclude in `filter.types` is refused, as the provider's own validator refuses it.
    both = DESCENDING.replace("    include:\n    - service\n", "    include: [service]\n    exclude: [legacy]\n")
    refused = session.post("/api/v1/scorecards/descriptor", data=both.encode(), headers=headers)
    assert refused.status_code == 400
    assert [v["pointer"] for v in refused.json()["violations"]] == ["/filter/types"]
    deleted = session.delete("/api/v1/scorecards/dora")
    assert deleted.status_code == 200 and deleted.content == b""
    assert session.get("/api/v1/scorecards/dora/descriptor").status_code == 404


def test_a_document_stored_before_read_back_existed_renders_from_its_settings() -> None:
    filled = sd.effective(sd.parse(NO_EVALUATION))
    assert _posted({"descriptor": filled}) is filled
    fresh = sd.parse(NO_EVALUATION)
    assert _posted({"descriptor": filled, "posted": fresh}) is fresh
