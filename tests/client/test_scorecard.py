"""Scorecard operations against the emulator: upsert, dry run, read, descriptor, list, scores, badge, delete."""

from __future__ import annotations

import pytest
import yaml

from cortex_pulumi.client import BadRequestError, ConflictError, CortexClient, NotFoundError
from cortex_pulumi.client.models import (
    DescriptorRule,
    Ladder,
    LadderLevelDefinition,
    ScorecardDescriptor,
    ScorecardResponse,
)
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged, reset_log

LADDER = Ladder(
    name="Default Ladder",
    levels=[
        LadderLevelDefinition(name="Bronze", rank=1, color="#CD7F32"),
        LadderLevelDefinition(name="Gold", rank=2, color="#D7AC58"),
    ],
)


def descriptor(
    tag: str = "prod-readiness", *, draft: bool = False, expression: str = 'hasGroup("tier-1")'
) -> ScorecardDescriptor:
    return ScorecardDescriptor(
        tag=tag,
        name="Production Readiness",
        description="Ready for prod",
        draft=draft,
        ladder=LADDER,
        rules=[
            DescriptorRule(title="Is tier 1", expression=expression, level="Bronze"),
            DescriptorRule(
                title="Is checkout", expression='entity.tag() == "checkout"', level="Gold", weight=2
            ),
        ],
    )


@pytest.fixture
def entities(emu: Emulator) -> list[str]:
    emu.register_entity("checkout", groups=["tier-1"])
    emu.register_entity("search", groups=["tier-2"])
    emu.register_entity("ledger", groups=["tier-1"])
    return ["checkout", "ledger", "search"]


def test_upsert_from_model_and_read_back(client: CortexClient, emu: Emulator) -> None:
    created = client.create_or_update_scorecard(descriptor=descriptor())
    assert isinstance(created, ScorecardResponse)
    assert created.tag == "prod-readiness" and created.is_draft is False
    assert [r.title for r in created.rules] == ["Is tier 1", "Is checkout"]
    assert [r.level_name for r in created.rules] == ["Bronze", "Gold"]
    assert all(r.identifier for r in created.rules)
    assert [lvl.level.name for lvl in created.levels if lvl.level] == ["Bronze", "Gold"]
    post = logged(emu, "POST")[0]
    assert (post["path"], post["query"]) == ("/api/v1/scorecards/descriptor", "dryRun=false")

    fetched = client.get_scorecard(tag="prod-readiness")
    assert fetched.rule_identifiers == created.rule_identifiers
    # Identifiers are stable across a re-upsert with unchanged titles.
    again = client.create_or_update_scorecard(descriptor=descriptor(expression="true"))
    assert again.rule_identifiers == created.rule_identifiers
    assert again.rules[0].expression == "true"


def test_upsert_from_yaml_text_and_descriptor_round_trip(client: CortexClient) -> None:
    text = descriptor().to_yaml()
    client.create_or_update_scorecard(descriptor=text)
    stored = client.get_scorecard_descriptor(tag="prod-readiness")
    assert isinstance(stored, ScorecardDescriptor)
    # The descriptor reads back as sent: nothing dropped, no setting added (the JSON view carries those).
    assert stored == descriptor()
    assert stored.rules[0].weight is None and stored.rules[1].weight == 2
    assert stored.exemptions is None and stored.evaluation is None
    settings = client.get_scorecard(tag="prod-readiness")
    assert settings.exemptions is not None and settings.exemptions.enabled is True
    assert [rule.weight for rule in settings.rules] == [1, 2]
    # Writing the read-back descriptor again changes nothing.
    before = client.get_scorecard(tag="prod-readiness")
    client.create_or_update_scorecard(descriptor=stored)
    assert client.get_scorecard_descriptor(tag="prod-readiness") == stored
    assert client.get_scorecard(tag="prod-readiness").rule_identifiers == before.rule_identifiers
    assert yaml.safe_load(stored.to_yaml())["tag"] == "prod-readiness"


def test_dry_run_validates_without_storing(client: CortexClient, emu: Emulator) -> None:
    client.create_or_update_scorecard(descriptor=descriptor(), dry_run=True)
    assert logged(emu, "POST")[0]["query"] == "dryRun=true"
    with pytest.raises(NotFoundError):
        client.get_scorecard(tag="prod-readiness")


def test_invalid_descriptor_is_a_bad_request(client: CortexClient) -> None:
    with pytest.raises(BadRequestError) as info:
        client.create_or_update_scorecard(descriptor="tag: not a valid tag!\nname: X\n")
    assert info.value.status == 400
    assert info.value.violations or info.value.message


def test_invalid_yaml_text_is_refused_before_sending(client: CortexClient, emu: Emulator) -> None:
    reset_log(emu)
    with pytest.raises(ValueError):
        client.create_or_update_scorecard(descriptor="tag: [oops\n")
    with pytest.raises(ValueError, match=r"rules\[0\].level: 'Gold' is not a level of the ladder \(Bronze\)"):
        client.create_or_update_scorecard(
            descriptor="tag: x\nname: X\nladder:\n  levels: [{name: Bronze, rank: 1}]\n"
            "rules:\n- {title: r, expression: 'true', level: Gold}\n"
        )
    assert emu.requests() == []


def test_list_drafts_filters_and_pagination(client: CortexClient, emu: Emulator) -> None:
    for i in range(3):
        client.create_or_update_scorecard(descriptor=descriptor(f"sc-{i}"))
    client.create_or_update_scorecard(descriptor=descriptor("sc-draft", draft=True))
    assert sorted(s.tag for s in client.iter_scorecards()) == ["sc-0", "sc-1", "sc-2"]
    assert sorted(s.tag for s in client.iter_scorecards(show_drafts=True)) == [
        "sc-0",
        "sc-1",
        "sc-2",
        "sc-draft",
    ]
    page = client.list_scorecards(show_drafts=True, page=1, page_size=3)
    assert (page.page, page.total, page.total_pages, len(page)) == (1, 4, 2, 1)
    reset_log(emu)
    assert len(list(client.iter_scorecards(show_drafts=True, page_size=1))) == 4
    queries = [r["query"] for r in logged(emu, "GET", "/api/v1/scorecards", at_least=4)]
    assert queries[0] == "showDrafts=true&page=0&pageSize=1" and len(queries) == 4
    assert len(list(client.iter_scorecards(show_drafts=True, page_size=1000))) == 4
    client.list_scorecards(groups=["g1", "g2"], teams="payments")
    assert "groups=g1%2Cg2&teams=payments" in logged(emu, "GET", "/api/v1/scorecards")[-1]["query"]


def test_scores_next_steps_and_badge(client: CortexClient, emu: Emulator, entities: list[str]) -> None:
    client.create_or_update_scorecard(descriptor=descriptor())
    scores = client.list_scorecard_scores(tag="prod-readiness")
    assert scores.scorecard_tag == "prod-readiness" and scores.total == 3
    by_entity = {s.service.tag: s for s in scores.service_scores}
    assert set(by_entity) == set(entities)
    checkout = by_entity["checkout"].score
    assert checkout is not None and checkout.summary is not None
    assert (checkout.summary.score, checkout.summary.total_possible_score) == (3.0, 3.0)
    assert by_entity["search"].score.summary.score == 0.0  # type: ignore[union-attr]

    one = client.list_scorecard_scores(tag="prod-readiness", entity_tag="ledger")
    assert [s.service.tag for s in one.service_scores] == ["ledger"]
    assert "entityTag=ledger" in logged(emu, "GET", "/api/v1/scorecards/prod-readiness/scores")[-1]["query"]

    reset_log(emu)
    assert (
        sorted(s.service.tag for s in client.iter_scorecard_scores(tag="prod-readiness", page_size=1)) == entities
    )
    assert len(logged(emu, "GET", at_least=3)) == 3
    assert len(list(client.iter_scorecard_scores(tag="prod-readiness", page_size=1000))) == 3

    entity_scores = client.list_scorecard_scores_for_entity(tag_or_id="checkout")
    assert [(s.scorecard_name, s.score) for s in entity_scores] == [("Production Readiness", 3.0)]

    steps = client.get_scorecard_next_steps_for_entity(tag="prod-readiness", entity_tag="ledger")
    assert len(steps) == 1 and steps[0].current_level is not None
    assert [r.expression for r in steps[0].rules_to_complete] == ['entity.tag() == "checkout"']
    assert (
        logged(emu, "GET", "/api/v1/scorecards/prod-readiness/next-steps")[-1]["query"] == "entityTag=ledger"
    )

    badge = client.get_badge_markdown(scorecard_tag="prod-readiness", tag_or_id="checkout")
    assert "img.shields.io" in badge.value


def test_refresh_score_and_already_evaluating(
    client: CortexClient, emu: Emulator, entities: list[str]
) -> None:
    client.create_or_update_scorecard(descriptor=descriptor())
    client.refresh_scorecard_score_for_entity(tag="prod-readiness", entity_tag="checkout")
    assert logged(emu, "POST", "/api/v1/scorecards/prod-readiness/entity/checkout/scores")[0]["status"] == 200
    with pytest.raises(ConflictError) as info:
        client.refresh_scorecard_score_for_entity(tag="prod-readiness", entity_tag="checkout")
    assert "Already evaluating" in str(info.value)


def test_delete_and_unknowns(client: CortexClient, emu: Emulator) -> None:
    client.create_or_update_scorecard(descriptor=descriptor())
    client.delete_scorecard(tag="prod-readiness")
    assert logged(emu, "DELETE")[0]["path"] == "/api/v1/scorecards/prod-readiness"
    for call in (
        lambda: client.get_scorecard(tag="prod-readiness"),
        lambda: client.get_scorecard_descriptor(tag="prod-readiness"),
        lambda: client.delete_scorecard(tag="prod-readiness"),
        lambda: client.list_scorecard_scores(tag="prod-readiness"),
        lambda: client.list_scorecard_scores_for_entity(tag_or_id="nobody"),
        lambda: client.get_badge_markdown(scorecard_tag="prod-readiness", tag_or_id="nobody"),
    ):
        with pytest.raises(NotFoundError):
            call()
