"""Compare two tenants as an import reads them: what a copy made with the generated program must reproduce."""

from __future__ import annotations

from typing import Any

import yaml

from .snapshot import Tenant

__all__ = ["compare_tenants", "comparable"]


def _meaningful(value: Any) -> Any:
    """`value` without empty lists, empty mappings and nulls (`exclude: []` means what no `exclude` means)."""
    if isinstance(value, dict):
        cleaned = {k: _meaningful(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_meaningful(v) for v in value]
    return value


def _team(team: dict[str, Any]) -> dict[str, Any]:
    out = dict(team)
    if "members" in out:
        out["members"] = sorted(out["members"], key=lambda m: str(m.get("email", "")).lower())
    return out


def comparable(tenant: Tenant) -> dict[str, dict[str, Any]]:
    """kind -> {key: value} of what the program owns (integration-synced edges and IdP members are not)."""
    return {
        "teams": {t["team_tag"]: _team(t) for t in tenant.teams},
        "hierarchy": {f"{p} -> {c}": True for p, c in tenant.edges or ()},
        "scorecards": {c.tag: _meaningful(yaml.safe_load(c.descriptor)) for c in tenant.scorecards},
        "exemptions": {f"{e['scorecard']}/{e['entity']}/{e['rule_title']}": e["reason"] for e in tenant.exemptions},
        "workflows": {w.tag: _meaningful(w.definition) for w in tenant.workflows},
        "secrets": {tag: name for tag, name in tenant.secrets},
        "deploys": {f"{d['entity']}/{d['title']}/{d.get('sha', '')}/{d.get('environment', '')}": d
                    for d in tenant.deploys},
    }


def _fields(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
        return ", ".join(keys)
    return "value"


def _listing(keys: list[str], limit: int = 10) -> str:
    return ", ".join(keys[:limit]) + (f", ... ({len(keys)} in all)" if len(keys) > limit else "")


def compare_tenants(a: Tenant, b: Tenant) -> tuple[list[str], list[str]]:
    """(one summary line per kind, one line per difference); no differences means the tenants agree."""
    left, right = comparable(a), comparable(b)
    summary, differences = [], []
    for kind in a.kinds:
        mine, theirs = left[kind], right[kind]
        only_a = sorted(set(mine) - set(theirs))
        only_b = sorted(set(theirs) - set(mine))
        changed = sorted(k for k in set(mine) & set(theirs) if mine[k] != theirs[k])
        if only_a:
            differences.append(f"{kind}: only in {a.base_url}: {_listing(only_a)}")
        if only_b:
            differences.append(f"{kind}: only in {b.base_url}: {_listing(only_b)}")
        differences += [f"{kind}: {key} differs ({_fields(mine[key], theirs[key])})" for key in changed]
        state = "equal" if not (only_a or only_b or changed) else "DIFFERENT"
        summary.append(f"{kind:<12}{len(mine):>6}{len(theirs):>8}  {state}")
    return summary, differences
