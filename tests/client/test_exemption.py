"""Rule exemption operations against the emulator: request, approve, deny, revoke, and the lookup."""

from __future__ import annotations

import datetime as dt

import pytest

from cortex_pulumi.client import BadRequestError, CortexClient, NotFoundError
from cortex_pulumi.client.models import DescriptorRule, RuleExemptionDefinition, ScorecardDescriptor
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged

TAG = "sec"


@pytest.fixture
def rule(client: CortexClient, emu: Emulator) -> str:
    emu.register_entity("checkout")
    scorecard = client.create_or_update_scorecard(
        descriptor=ScorecardDescriptor(
            tag=TAG,
            name="Security",
            rules=[
                DescriptorRule(title="Has on-call", expression="false"),
                DescriptorRule(title="Other", expression="true"),
            ],
        )
    )
    return scorecard.rule_identifier("Has on-call")


def test_viewer_request_is_pending_then_approved(
    client: CortexClient, viewer: CortexClient, emu: Emulator, rule: str
) -> None:
    requested = viewer.request_scorecard_rule_exemption(
        tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="rotation starts in Q1", days=30
    )
    assert isinstance(requested, RuleExemptionDefinition)
    assert requested.status == "PENDING" and requested.requesting_reason == "rotation starts in Q1"
    assert requested.requested_by is not None and requested.requested_by.type == "API"
    assert requested.end_date is not None and requested.requested_date is not None
    assert requested.end_date - requested.requested_date == dt.timedelta(days=30)
    assert logged(emu, "POST")[-1]["path"] == f"/api/v1/scorecards/{TAG}/entity/checkout/exemption"

    listed = client.list_rule_exemptions(tag=TAG, entity_tag="checkout", rule_identifier=rule)
    assert [(e.rule_identifier, e.status) for e in listed] == [(rule, "PENDING")]

    approved = client.approve_scorecard_rule_exemption(tag=TAG, entity_tag="checkout", rule_identifier=rule)
    assert [e.status for e in approved] == ["APPROVED"]
    assert approved[0].exemption_status.handled_by is not None
    assert logged(emu, "PUT")[-1]["path"] == f"/api/v1/scorecards/{TAG}/entity/checkout/exemption/approve"

    revoked = client.revoke_scorecard_rule_exemption(
        tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="done"
    )
    assert [e.status for e in revoked] == ["REJECTED"]  # revoking yields REJECTED; there is no REVOKED


def test_deny(client: CortexClient, viewer: CortexClient, rule: str) -> None:
    viewer.request_scorecard_rule_exemption(
        tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="please"
    )
    denied = client.deny_scorecard_rule_exemption(
        tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="no"
    )
    assert [e.status for e in denied] == ["REJECTED"]
    with pytest.raises(BadRequestError):
        client.approve_scorecard_rule_exemption(tag=TAG, entity_tag="checkout", rule_identifier=rule)


def test_admin_request_is_auto_approved_and_permanent(client: CortexClient, rule: str) -> None:
    requested = client.request_scorecard_rule_exemption(
        tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="r"
    )
    assert requested.status == "APPROVED" and requested.end_date is None


def test_state_errors_and_unknowns(client: CortexClient, rule: str) -> None:
    with pytest.raises(BadRequestError):
        client.approve_scorecard_rule_exemption(tag=TAG, entity_tag="checkout", rule_identifier=rule)
    with pytest.raises(BadRequestError):
        client.revoke_scorecard_rule_exemption(
            tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="x"
        )
    with pytest.raises(NotFoundError):
        client.request_scorecard_rule_exemption(
            tag=TAG, entity_tag="checkout", rule_identifier="no-such-rule", reason="r"
        )
    with pytest.raises(NotFoundError):
        client.request_scorecard_rule_exemption(
            tag=TAG, entity_tag="nobody", rule_identifier=rule, reason="r"
        )
    with pytest.raises(NotFoundError):
        client.request_scorecard_rule_exemption(
            tag="nope", entity_tag="checkout", rule_identifier=rule, reason="r"
        )
    assert client.list_rule_exemptions(tag="nope", entity_tag="checkout") == ()


def test_request_arguments_are_validated_locally(client: CortexClient, rule: str) -> None:
    with pytest.raises(ValueError):
        client.request_scorecard_rule_exemption(
            tag=TAG, entity_tag="checkout", rule_identifier=rule, reason=""
        )
    with pytest.raises(ValueError):
        client.request_scorecard_rule_exemption(
            tag=TAG, entity_tag="checkout", rule_identifier=rule, reason="r", days=-3
        )
