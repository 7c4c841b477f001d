"""Per-kind summaries of Cortex objects, one module per kind (its `SUMMARY`), found here by discovery and matched
to the kind registry's kinds by object."""

from __future__ import annotations

import importlib
import pkgutil

from ...provider.kinds import Kind, kind_of_type, kinds
from .base import KindSummary


def _discover() -> dict[Kind, KindSummary]:
    """kind -> its summary: the `SUMMARY` of each module of this package."""
    found: dict[Kind, KindSummary] = {}
    for info in pkgutil.iter_modules(__path__):
        summary = getattr(importlib.import_module(f"{__name__}.{info.name}"), "SUMMARY", None)
        if isinstance(summary, KindSummary):
            found[summary.spec] = summary
    return found


_BY_SPEC = _discover()
#: In the order the summary lists kinds (each summary's `position`).
SUMMARIES: tuple[KindSummary, ...] = tuple(sorted(_BY_SPEC.values(), key=lambda summary: summary.position))


def summary_of_type(type_token: str) -> KindSummary | None:
    """The summary of a Pulumi type token's kind (None for a resource that is not Cortex's)."""
    found: Kind | None = kind_of_type(type_token)
    if found is None:
        return None
    if found not in _BY_SPEC:
        raise LookupError(f"the kind {found.name!r} has no summary: add one under cortex_pulumi/summary/kinds/")
    return _BY_SPEC[found]


def missing_summaries() -> list[str]:
    """Registered kinds without a summary (a test keeps this empty)."""
    return [k.name for k in kinds() if k not in _BY_SPEC]


__all__ = ["SUMMARIES", "KindSummary", "missing_summaries", "summary_of_type"]
