"""Compare two tenants as an import reads them: what a copy made with the generated program must reproduce."""

from __future__ import annotations

from typing import Any

from .kinds import imports
from .snapshot import Tenant

__all__ = ["compare_tenants", "comparable"]


def comparable(tenant: Tenant) -> dict[str, dict[str, Any]]:
    """kind (its `--kinds` word) -> {key: value} of what the program owns (integration-synced edges and IdP members
    are not), as each kind's importer piece compares its rows."""
    return {piece.option: piece.compare(piece.rows(tenant)) for piece in imports() if piece.spec in tenant.kinds}


#: Stands for a key one side does not have.
_ABSENT = object()


def _fields(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
        return ", ".join(keys)
    return "value"


def _changes(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, first value, second value) of each leaf that differs; lists of equal length by position."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [change for key in sorted({*a, *b}, key=str)
                for change in _changes(a.get(key, _ABSENT), b.get(key, _ABSENT), f"{path}.{key}" if path else str(key))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [change for i, (x, y) in enumerate(zip(a, b, strict=True)) for change in _changes(x, y, f"{path}[{i}]")]
    return [] if a == b else [(path or "value", a, b)]


def _shown(value: Any, limit: int = 80) -> str:
    if value is _ABSENT:
        return "(absent)"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _both_values(a: Any, b: Any, limit: int = 5) -> str:
    """`path: first -> second` of each differing value (both sides, so one can tell which tenant to fix)."""
    changes = _changes(a, b)
    shown = [f"{path}: {_shown(x)} -> {_shown(y)}" for path, x, y in changes[:limit]]
    return "; ".join(shown) + (f"; ... ({len(changes)} values in all)" if len(changes) > limit else "")


def _listing(keys: list[str], limit: int = 10) -> str:
    return ", ".join(keys[:limit]) + (f", ... ({len(keys)} in all)" if len(keys) > limit else "")


def compare_tenants(a: Tenant, b: Tenant) -> tuple[list[str], list[str]]:
    """(one summary line per kind, one line per difference); no differences means the tenants agree."""
    left, right = comparable(a), comparable(b)
    summary, differences = [], []
    for kind in left:
        mine, theirs = left[kind], right[kind]
        only_a = sorted(set(mine) - set(theirs))
        only_b = sorted(set(theirs) - set(mine))
        changed = sorted(k for k in set(mine) & set(theirs) if mine[k] != theirs[k])
        if only_a:
            differences.append(f"{kind}: only in {a.base_url}: {_listing(only_a)}")
        if only_b:
            differences.append(f"{kind}: only in {b.base_url}: {_listing(only_b)}")
        differences += [f"{kind}: {key} differs ({_fields(mine[key], theirs[key])}): "
                        f"{_both_values(mine[key], theirs[key])}" for key in changed]
        state = "equal" if not (only_a or only_b or changed) else "DIFFERENT"
        summary.append(f"{kind:<12}{len(mine):>6}{len(theirs):>8}  {state}")
    return summary, differences
