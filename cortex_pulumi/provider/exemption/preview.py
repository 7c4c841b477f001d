"""What an exemption's preview reads in Cortex: that the rule it exempts still exists in its scorecard.

The scorecard is often declared in another repository; renaming or removing a rule there leaves this exemption
orphaned, and its next `up` would fail. Its ordinary preview says so (one read: the scorecard, through the read
cache's listing when many exemptions ask).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...client.errors import NotFoundError
from .._check import Checker
from .._read_cache import read_cache
from ..scorecard import _ScorecardProvider

if TYPE_CHECKING:
    from ...client.client import CortexClient

__all__ = ["check_rule_exists"]


def check_rule_exists(client: CortexClient, c: Checker, olds: Mapping[str, Any]) -> None:
    """Fail the preview of an exemption (already made, its target unchanged) whose rule its scorecard lost."""
    scorecard, rule = c.props.get("scorecard"), c.props.get("rule")
    if not olds or (olds.get("scorecard"), olds.get("rule")) != (scorecard, rule) or not isinstance(scorecard, str):
        return  # a new or re-targeted exemption: its rule may come with the same `up` (create checks it then)
    try:
        rules = read_cache(client).read(_ScorecardProvider.spec, scorecard).rule_identifiers
    except NotFoundError:
        c.fail("scorecard", f"scorecard {scorecard!r} no longer exists in Cortex, so this exemption exempts nothing. "
                            "Hint: remove the exemption, or declare the scorecard again")
        return
    if rule in rules or rule in rules.values():
        return
    known = ", ".join(repr(t) for t in rules) or "none"
    c.fail("rule", (
        f"scorecard {scorecard!r} has no rule {rule!r} any more (rules: {known}): it was renamed or removed — by the "
        "program that declares the scorecard, or in the Cortex UI — so this exemption exempts nothing and its next "
        "`up` would fail. Hint: name the rule by its new title, or remove the exemption"))
