"""Rule exemption changes: which entity is exempted from which rule, for how long, why; re-requests; revokes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.exemption import ScorecardExemption
from ..model import Line, Quote, Segment, line
from ..preview import ResourceChange
from ..values import is_unknown, scalar_lines, show
from .base import KindSummary, changed

LABELS = {"scorecard": "Scorecard", "entity": "Entity", "rule": "Rule", "reason": "Reason", "days": "Duration",
          "approve": "Approved in the same run"}


def _duration(days: Any) -> tuple[Segment, ...]:
    return ("until revoked",) if not days else ("for ", show(days), " days")


def _request(props: Mapping[str, Any]) -> list[Line]:
    out = [line("Exempts ", show(props.get("entity")), " from rule ", show(props.get("rule")), " of scorecard ",
                show(props.get("scorecard")), ", ", *_duration(props.get("days")))]
    if props.get("reason"):
        out.append(line("Reason: ", Quote(str(props["reason"])) if not is_unknown(props["reason"])
                        else show(props["reason"])))
    if props.get("approve"):
        out.append(line("Approved in the same run"))
    return out


def _updated(change: ResourceChange) -> list[Line]:
    keys = changed(change, ScorecardExemption)
    if change.op == "replace":
        keys = list(dict.fromkeys([*change.replace_reasons, *keys]))
    styles = {"days": {"unit": " days"}, "approve": {}}
    out = scalar_lines(change, keys, LABELS, styles)
    if change.op == "replace":
        out.append(line("Cortex cannot edit a request: the exemption is revoked and requested again"))
    return out


def _label(change: ResourceChange) -> tuple[Segment, ...]:
    entity, scorecard = change.value("entity"), change.value("scorecard")
    if all(isinstance(v, str) and v and not is_unknown(v) for v in (entity, scorecard)):
        return (show(entity), " on ", show(scorecard))
    return (show(change.name),)


SUMMARY = KindSummary(
    resource=ScorecardExemption, position=2, heading="Scorecard exemptions", label=_label, created=_request,
    deleted=lambda old: [line("Revoked: the rule counts against ", show(old.get("entity")), " again")], updated=_updated,
    reasons={"scorecard": "scorecard", "entity": "entity", "rule": "rule", "reason": "reason", "days": "duration"},
    replace_note="Cortex cannot edit a request: the exemption is revoked and requested again",
)

