"""Scorecard rule exemption operations: request, approve, deny, revoke (and a lookup built on scores)."""

from __future__ import annotations

from .. import models
from ..errors import NotFoundError
from ..retry import recover_create
from ._base import seg
from .scorecard import ScorecardOperations

__all__ = ["ExemptionOperations"]


class ExemptionOperations(ScorecardOperations):
    """Rule exemptions of an entity in a scorecard, addressed by (scorecard tag, entity tag, rule identifier)."""

    def request_scorecard_rule_exemption(
        self, *, tag: str, entity_tag: str, rule_identifier: str, reason: str, days: int | None = None
    ) -> models.RuleExemptionDefinition:
        """``POST /api/v1/scorecards/{tag}/entity/{entityTag}/exemption`` (requestScorecardRuleExemption).

        ``days`` None requests a permanent exemption. Never blindly repeated: after an ambiguous
        failure the entity's exemptions are checked for this request before sending it again.
        """
        body = models.RuleExemptionRequest(rule_identifier=rule_identifier, reason=reason, days=days).to_dict()
        path = f"/api/v1/scorecards/{seg(tag)}/entity/{seg(entity_tag)}/exemption"

        def attempt() -> models.RuleExemptionDefinition:
            data = self._call("POST", path, body=body, idempotent=False)
            return self._decode(models.RuleExemptionDefinition, data, method="POST", path=path)

        def landed() -> models.RuleExemptionDefinition | None:
            for exemption in self.list_rule_exemptions(
                tag=tag, entity_tag=entity_tag, rule_identifier=rule_identifier
            ):
                if exemption.requesting_reason == reason and exemption.status in ("PENDING", "APPROVED"):
                    return exemption.without_rule()
            return None

        return recover_create(
            attempt, landed, what=f"exemption of rule {rule_identifier} for {entity_tag} in {tag}"
        )

    def _modify(
        self, action: str, tag: str, entity_tag: str, body: dict[str, object]
    ) -> tuple[models.RuleExemptionDefinition, ...]:
        path = f"/api/v1/scorecards/{seg(tag)}/entity/{seg(entity_tag)}/exemption/{action}"
        data = self._call("PUT", path, body=body)
        return self._decode(models.ModifiedRuleExemptionsResponse, data, method="PUT", path=path).exemptions

    def approve_scorecard_rule_exemption(
        self, *, tag: str, entity_tag: str, rule_identifier: str
    ) -> tuple[models.RuleExemptionDefinition, ...]:
        """``PUT …/exemption/approve`` (approveScorecardRuleExemption): PENDING -> APPROVED.

        Returns the entity's exemptions afterwards; ``BadRequestError`` when nothing is pending.
        """
        body = models.ApproveRuleExemptionRequest(rule_identifier=rule_identifier).to_dict()
        return self._modify("approve", tag, entity_tag, body)

    def deny_scorecard_rule_exemption(
        self, *, tag: str, entity_tag: str, rule_identifier: str, reason: str
    ) -> tuple[models.RuleExemptionDefinition, ...]:
        """``PUT …/exemption/deny`` (denyScorecardRuleExemption): PENDING -> REJECTED."""
        body = models.RejectRuleExemptionRequest(rule_identifier=rule_identifier, reason=reason).to_dict()
        return self._modify("deny", tag, entity_tag, body)

    def revoke_scorecard_rule_exemption(
        self, *, tag: str, entity_tag: str, rule_identifier: str, reason: str
    ) -> tuple[models.RuleExemptionDefinition, ...]:
        """``PUT …/exemption/revoke`` (revokeScorecardRuleExemption): APPROVED -> REJECTED."""
        body = models.RejectRuleExemptionRequest(rule_identifier=rule_identifier, reason=reason).to_dict()
        return self._modify("revoke", tag, entity_tag, body)

    def list_rule_exemptions(
        self, *, tag: str, entity_tag: str, rule_identifier: str | None = None
    ) -> tuple[models.RuleExemptionDefinitionWithRule, ...]:
        """Exemptions of ``entity_tag`` in scorecard ``tag`` (optionally one rule's), read from its scores.

        Not an API operation of its own: Cortex lists exemptions only inside score payloads. Empty when
        the entity has no score in the scorecard yet.
        """
        try:
            scores: models.ScorecardServiceScore = self.list_scorecard_scores(
                tag=tag, entity_tag=entity_tag, page=0, page_size=1000
            )
        except NotFoundError:
            return ()
        found = []
        for score in scores.service_scores:
            if score.service.tag != entity_tag and score.service.id != entity_tag:
                continue
            for exemption in score.rule_exemptions:
                if rule_identifier is None or exemption.rule_identifier == rule_identifier:
                    found.append(exemption)
        return tuple(found)
