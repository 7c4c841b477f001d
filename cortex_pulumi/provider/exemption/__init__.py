"""The `ScorecardExemption` resource: an exemption of one entity from one scorecard rule."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, UpdateResult

from ...client.errors import BadRequestError, ConflictError, NotFoundError
from ...client.models.exemption import RuleExemptionDefinition
from .._base import CortexProvider, gone
from .._check import ENGINE_KEYS, ENTITY_TAG, Checker, contains_unknown, normalize_props
from .._compact import engine_inputs, expand
from .._diff import changed_fields, result, text
from .._errors import CortexResourceError
from .._ids import exemption_id, parse_exemption_id
from ..kinds import Kind
from ._signature import ScorecardExemptionArgsDict, ScorecardExemptionSignature
from .args import ScorecardExemptionArgs
from .preview import check_rule_exists
from .shape import FIELDS, from_api, to_api

__all__ = ["ScorecardExemption", "ScorecardExemptionArgs", "ScorecardExemptionArgsDict"]

_ACTIVE = ("PENDING", "APPROVED")
_WITHDRAW_REASON = "Removed from the Pulumi program"


def _ids(props: Mapping[str, Any], identifier: str, title: str | None) -> dict[str, Any]:
    """`props` with the rule's identifier and title (a title known before stands when Cortex gives none)."""
    return {**props, "rule_identifier": identifier, "rule_title": title if title is not None else props.get("rule_title")}


def _fetch(client: Any, id_: str) -> RuleExemptionDefinition | None:
    scorecard, entity, rule = parse_exemption_id(id_)
    found = client.list_rule_exemptions(tag=scorecard, entity_tag=entity, rule_identifier=rule)
    return next((e for e in found if e.status != "REJECTED"), None)


class _ExemptionProvider(CortexProvider):
    """Request/approve/revoke of rule exemptions; the Pulumi id is `scorecard/entity/rule identifier`."""

    spec = Kind(
        permission="Configure Scorecard exemptions",
        name="scorecard exemption", type_name="ScorecardExemption", key_input=None, replace_on=("scorecard", "entity", "rule", "reason", "days"),
        option="exemptions",  # as users say it: scorecards, exemptions
        fields=FIELDS, args=ScorecardExemptionArgs, fetch=_fetch,
        render=lambda _client, ex, props: from_api(ex, _ids(
            props, str(props.get("rule_identifier") or props.get("rule")), props.get("rule_title"))),
    )

    def label(self, props: Mapping[str, Any], id_: str = "") -> str:
        parts = [props.get("scorecard"), props.get("entity"), props.get("rule")]
        return "/".join(str(p) for p in parts) if all(isinstance(p, str) for p in parts) else id_

    def validate(self, c: Checker) -> None:
        c.tag("scorecard", ENTITY_TAG, what="scorecard tag")
        c.tag("entity", ENTITY_TAG, what="entity tag")
        c.string("rule", required=True)
        c.string("reason", required=True)
        c.integer("days", minimum=0)
        c.boolean("approve")
        c.boolean("adopt")

    def check_with_cortex(self, client: Any, checker: Checker, olds: Mapping[str, Any]) -> None:
        check_rule_exists(client, checker, olds)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old = normalize_props(expand(olds, engine_inputs()))
        new = {k: v for k, v in news.items() if k not in ENGINE_KEYS}
        changed = changed_fields(old, new, self.fields)
        # The rule may be named by identifier or title: either spelling of the same rule is no change.
        rule = new.get("rule")
        if contains_unknown(rule) or rule not in {old.get("rule"), old.get("rule_identifier"), old.get("rule_title")}:
            changed.append("rule")
        # Same scorecard/entity/rule: the old exemption must be withdrawn before it can be requested again.
        same_target = not {"scorecard", "entity", "rule"} & set(changed)
        return result(changed, self.replace_on, delete_first=same_target)

    # -- helpers ------------------------------------------------------------------------------------

    def _resolve(self, scorecard: str, rule: str) -> tuple[str, str | None]:
        """(identifier, title) of `rule`, given as an identifier or a title."""
        card = self.client.get_scorecard(tag=scorecard)
        by_title = card.rule_identifiers
        for title, identifier in by_title.items():
            if rule == identifier:
                return identifier, title
        if rule in by_title:
            return by_title[rule], rule
        known = ", ".join(repr(t) for t in by_title) or "none"
        raise CortexResourceError(f"Unable to create Cortex scorecard exemption {scorecard}/{rule}",
                                  f"scorecard {scorecard!r} has no rule with identifier or title {rule!r} (rules: {known})",
                                  "use a title or a value of the scorecard's rule_identifiers output")

    def _current(self, scorecard: str, entity: str, identifier: str) -> RuleExemptionDefinition | None:
        """The latest pending or approved exemption of the rule for the entity, if any."""
        found = [e for e in self.client.list_rule_exemptions(tag=scorecard, entity_tag=entity, rule_identifier=identifier)
                 if e.status in _ACTIVE]
        epoch = _dt.datetime.min.replace(tzinfo=_dt.timezone.utc)
        found.sort(key=lambda e: e.requested_date or epoch)
        return found[-1] if found else None

    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def _request(self, props: Mapping[str, Any], identifier: str) -> RuleExemptionDefinition:
        return self.client.request_scorecard_rule_exemption(**self.to_api({**props, "rule_identifier": identifier}))

    def _approve_if_wanted(self, props: Mapping[str, Any], identifier: str,
                           ex: RuleExemptionDefinition) -> RuleExemptionDefinition:
        if not props.get("approve") or ex.status != "PENDING":
            return ex
        self.client.approve_scorecard_rule_exemption(tag=props["scorecard"], entity_tag=props["entity"],
                                                     rule_identifier=identifier)
        return self._current(props["scorecard"], props["entity"], identifier) or ex

    def _withdraw(self, scorecard: str, entity: str, identifier: str, status: str | None) -> None:
        """Revoke (approved) or deny (pending); nothing active is fine."""
        client = self.client
        steps = [client.deny_scorecard_rule_exemption, client.revoke_scorecard_rule_exemption]
        if status != "PENDING":
            steps.reverse()
        for step in steps:
            try:
                step(tag=scorecard, entity_tag=entity, rule_identifier=identifier, reason=_WITHDRAW_REASON)
                return
            except BadRequestError:
                continue  # nothing in that state: try the other one

    # -- CRUD ---------------------------------------------------------------------------------------

    def _create(self, props: dict[str, Any]) -> CreateResult:
        scorecard, entity = props["scorecard"], props["entity"]
        identifier, title = self._resolve(scorecard, props["rule"])
        # adopt=True: look first, so taking over an existing exemption needs no failed request.
        existing = self._current(scorecard, entity, identifier) if props.get("adopt") else None
        if existing is None:
            try:
                ex = self._request(props, identifier)
            except (BadRequestError, ConflictError) as exc:
                existing = self._current(scorecard, entity, identifier)
                if existing is None:
                    raise
                if not props.get("adopt"):
                    raise CortexResourceError(
                        f"Unable to create Cortex scorecard exemption {self.label(props)}", str(exc),
                        "pass adopt=True to take over the exemption that is already pending or approved",
                        exc.status) from None
        if existing is not None:
            ex = existing
            if text(existing.requesting_reason) != text(props.get("reason")) or props.get("days"):
                # Declared reason/duration differ (or cannot be compared): request it again as declared.
                self._withdraw(scorecard, entity, identifier, existing.status)
                ex = self._request(props, identifier)
        ex = self._approve_if_wanted(props, identifier, ex)
        return CreateResult(exemption_id(scorecard, entity, identifier), self.from_api(ex, _ids(props, identifier, title)))

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        scorecard, entity, identifier = parse_exemption_id(id_)
        ex = self._current(scorecard, entity, identifier)
        if ex is None:
            raise gone()  # revoked, denied or deleted outside Pulumi
        base = {"rule": identifier, **props, "scorecard": scorecard, "entity": entity}
        outs = self.from_api(ex, _ids(base, identifier, props.get("rule_title")))
        return ReadResult(id_, outs, self.spec.inputs(outs))

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        scorecard, entity, identifier = parse_exemption_id(id_)
        status = olds.get("status")
        ex = None
        if news.get("approve") and status == "PENDING":
            ex = self._current(scorecard, entity, identifier)
            if ex is not None:
                ex = self._approve_if_wanted(news, identifier, ex)
        if ex is None:
            return UpdateResult({**olds, "approve": news.get("approve"), "adopt": news.get("adopt"),
                                 "rule": news.get("rule", olds.get("rule"))})
        return UpdateResult(self.from_api(ex, _ids(news, identifier, olds.get("rule_title"))))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        scorecard, entity, identifier = parse_exemption_id(id_)
        try:
            self._withdraw(scorecard, entity, identifier, props.get("status"))
        except NotFoundError:
            return  # scorecard, entity or rule gone: so is the exemption


class ScorecardExemption(ScorecardExemptionSignature):
    """An exemption of one entity from one scorecard rule.

    ```python
    cortex.ScorecardExemption("payments-oncall", scorecard=ready.tag, entity=payments.team_tag,
                              rule="Has on-call rotation", reason="rotation starts in Q1", days=30, approve=True)
    ```
    Creating requests it (auto-approved for ADMIN keys or auto-approving scorecards; `approve=True` approves a
    pending request in the same apply); deleting revokes it (or denies it while pending). The Pulumi id is
    `<scorecard>/<entity>/<rule identifier>`.
    """

    _args_type = ScorecardExemptionArgs
    _provider_type = _ExemptionProvider
    _outputs = ("rule_identifier", "rule_title", "status", "requested_date", "end_date")

    status: pulumi.Output[str]
    """PENDING or APPROVED (an exemption revoked or denied outside Pulumi disappears on refresh)."""
    rule_identifier: pulumi.Output[str]
    """The rule's identifier."""
    rule_title: pulumi.Output[str]
    """The rule's title."""
    requested_date: pulumi.Output[str]
    """When the exemption was requested."""
    end_date: pulumi.Output[str | None]
    """When it ends (None: until revoked)."""
