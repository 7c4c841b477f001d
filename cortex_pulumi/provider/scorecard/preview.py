"""What a scorecard's preview reads in Cortex when the program drops rules: the exemptions that would be orphaned.

An exemption names its rule (by title, or by the identifier Cortex derives from it), and is often declared in
another repository than the scorecard. Removing or renaming a rule leaves those exemptions pointing at nothing:
the scorecard's own preview says so, naming them, before anything is written (reads only: the scorecard and its
scores, where Cortex lists exemptions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...client.errors import NotFoundError
from .._check import Checker

if TYPE_CHECKING:
    from ...client.client import CortexClient

__all__ = ["check_rules_with_exemptions"]

_ACTIVE = ("PENDING", "APPROVED")


def _titles(rules: Any) -> set[str]:
    return {str(r.get("title")) for r in rules or () if isinstance(r, Mapping) and r.get("title") is not None}


def check_rules_with_exemptions(client: CortexClient, c: Checker, olds: Mapping[str, Any]) -> None:
    """Fail the preview when a rule this change removes or renames has pending or approved exemptions."""
    tag = c.props.get("tag")
    dropped = _titles(olds.get("rules")) - _titles(c.props.get("rules"))
    if not dropped or not isinstance(tag, str) or olds.get("tag") != tag:
        return
    try:
        ids = {identifier: title for title, identifier in client.get_scorecard(tag=tag).rule_identifiers.items()
               if title in dropped}
    except NotFoundError:
        return  # gone from Cortex: nothing to orphan
    held = [(ids[e.rule_identifier], score.service.tag or score.service.id, e.status, e.requesting_reason)
            for score in client.iter_scorecard_scores(tag=tag, page_size=1000) for e in score.rule_exemptions
            if e.rule_identifier in ids and e.status in _ACTIVE]
    if held:
        named = "; ".join(f"{title!r}: {entity} ({status}, {reason!r})" for title, entity, status, reason in sorted(held))
        field = "descriptor" if "descriptor" in c.props else "rules"
        c.fail(field, (
            f"rules this change removes or renames have exemptions in Cortex: {named}. They would no longer exempt "
            "anything, and the stacks that declare them fail at their next `up`. Hint: remove or move those "
            "exemptions first (in the programs that declare them), or keep the rules' titles"))
