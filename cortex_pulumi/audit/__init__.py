"""Audit a Pulumi stack against Cortex: missing objects, orphans, duplicates, drift and interrupted creates.

Reads a `pulumi stack export` document and compares every Cortex resource in it with what Cortex holds::

    pulumi stack export | CORTEX_API_TOKEN=... cortex-pulumi audit --prefix payments-

Findings (exit code 1 when there is any): ``missing`` (in state, not in Cortex), ``orphan`` (in Cortex with one
of the ``--prefix`` tag prefixes, not in state), ``duplicate`` (two state resources claiming one object, or
two deploys of one entity with the same title/type/sha/environment), ``mismatch`` (a managed field differs)
and ``pending`` (a create interrupted by a killed `pulumi`: it either landed in Cortex, or not).
``--repair FILE`` writes a deployment in which interrupted creates that landed are adopted (and the others
dropped), ready for ``pulumi stack import``; the exact commands are printed. When a killed `pulumi` left the
checkpoint unreadable ("failed to load checkpoint"), first run ``cortex-pulumi restore-checkpoint`` (restores it).
``python -m cortex_pulumi.audit`` is the same command.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..client import CortexClient
from ..provider._compact import expand
from ..provider.kinds import SECRET, TYPE_PREFIX, Kind, kind_of_type, kinds

__all__ = ["Finding", "Report", "StateObject", "audit", "load_deployment", "repair"]

_SECRET_SIG = "4dabf18193072939515e22adb298388d"
PROBLEMS = ("missing", "orphan", "duplicate", "mismatch", "pending")


def _plain(value: Any) -> Any:
    """Unwrap exported secrets: the decrypted value when the export has it (--show-secrets), else SECRET."""
    if isinstance(value, Mapping):
        if _SECRET_SIG in value:
            shown = value.get("plaintext")
            if not isinstance(shown, str):
                return SECRET
            try:
                return json.loads(shown)
            except ValueError:
                return shown
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@attrs.frozen
class StateObject:
    """One Cortex resource of the state (or of an interrupted create)."""

    urn: str
    kind: str  # Team, Secret, Deploy, TeamHierarchy, Workflow, Scorecard, ScorecardExemption
    id: str
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Any]

    def get(self, key: str) -> Any:
        value = self.outputs.get(key)
        return self.inputs.get(key) if value is None else value

    @property
    def state(self) -> dict[str, Any]:
        """Inputs overlaid with the outputs Cortex filled in (what `get` reads)."""
        return {**self.inputs, **{k: v for k, v in self.outputs.items() if v is not None}}

    @property
    def spec(self) -> Kind:
        return kind_of_type(TYPE_PREFIX + self.kind)  # type: ignore[return-value]  # _object kept only these


@attrs.frozen
class Finding:
    """One disagreement; ``command`` is the exact step that resolves it, when there is one."""

    kind: str
    problem: str
    object: str
    detail: str
    urn: str | None = None
    command: str | None = None

    def __str__(self) -> str:
        text = f"[{self.kind}] {self.problem}: {self.object}: {self.detail}"
        return text + (f"\n    fix: {self.command}" if self.command else "")


@attrs.define
class Report:
    """Findings plus per-kind counts (in_state, in_cortex and one count per problem)."""

    findings: list[Finding] = attrs.Factory(list)
    counts: dict[str, Counter[str]] = attrs.Factory(lambda: defaultdict(Counter))

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.counts[finding.kind][finding.problem] += 1

    def to_json(self) -> dict[str, Any]:
        kinds = {k: {"in_state": c["in_state"], "in_cortex": c["in_cortex"], **{p: c[p] for p in PROBLEMS}}
                 for k, c in sorted(self.counts.items())}
        return {"ok": self.ok, "kinds": kinds, "findings": [attrs.asdict(f) for f in self.findings]}

    def to_text(self) -> str:
        lines = [f"{'kind':<20}{'state':>7}{'cortex':>8}" + "".join(f"{p:>11}" for p in PROBLEMS)]
        for kind, c in sorted(self.counts.items()):
            lines.append(f"{kind:<20}{c['in_state']:>7}{c['in_cortex']:>8}" + "".join(f"{c[p]:>11}" for p in PROBLEMS))
        lines += [str(f) for f in self.findings]
        lines.append("OK: the state and Cortex agree" if self.ok else f"{len(self.findings)} finding(s)")
        return "\n".join(lines)


def load_deployment(document: Mapping[str, Any]) -> dict[str, Any]:
    """The `deployment` of a `pulumi stack export` document (or the document itself if already one)."""
    deployment = document.get("deployment", document)
    if not isinstance(deployment, dict) or not isinstance(deployment.get("resources", []), list):
        raise ValueError("not a `pulumi stack export` document (no deployment.resources list)")
    return deployment


def _object(resource: Mapping[str, Any]) -> StateObject | None:
    kind = str(resource.get("type", ""))
    if kind_of_type(kind) is None:
        return None
    inputs = _plain(resource.get("inputs") or {})
    # Outputs equal to their inputs are recorded once, as inputs (provider/_compact.py).
    outputs = expand(_plain(resource.get("outputs") or {}), inputs)
    return StateObject(str(resource.get("urn", "")), kind[len(TYPE_PREFIX):], str(resource.get("id") or ""),
                       inputs, outputs)


def state_objects(deployment: Mapping[str, Any]) -> list[StateObject]:
    return [o for r in deployment.get("resources") or [] if (o := _object(r)) is not None]


def pending_creates(deployment: Mapping[str, Any]) -> list[StateObject]:
    """Creates a killed `pulumi` left pending: they may or may not have reached Cortex."""
    ops = [op for op in deployment.get("pending_operations") or [] if op.get("type") == "creating"]
    return [obj for op in ops if (obj := _object(op.get("resource") or {})) is not None]


# -- what Cortex holds (every per-kind question is answered by the kind registry) ----------------------

class _Cortex:
    """Cached reads of Cortex; every lookup answers None for "not there"."""

    def __init__(self, client: CortexClient) -> None:
        self.client = client
        self._scoped: dict[tuple[str, str], list[Any]] = {}

    def listed_in(self, spec: Kind, scope: str) -> list[Any]:
        """The objects of a per-entity kind (deploys) listed under one entity (read once)."""
        if (spec.name, scope) not in self._scoped:
            self._scoped[spec.name, scope] = list(spec.iter_in(self.client, scope))
        return self._scoped[spec.name, scope]

    def edges(self) -> set[tuple[str, str]]:
        return {(e.parent_team_tag, e.child_team_tag) for e in self.client.get_team_hierarchy_relationships()}

    def find(self, obj: StateObject) -> tuple[str, Any] | None:
        """(id, object) of the Cortex object a resource declares, looked up by its natural key."""
        return obj.spec.find(self.client, obj.inputs)

    def lookup(self, obj: StateObject) -> Any:
        """The Cortex object a state resource's id names (None when gone)."""
        spec = obj.spec
        if spec.split_id is not None and spec.list_in is not None:
            try:
                scope, key = spec.split_id(obj.id)
            except ValueError:
                return None
            return next((x for x in self.listed_in(spec, scope) if spec.listed_id(x) == key), None)
        found = spec.get(self.client, obj.id)
        return None if spec.is_gone(found, obj.state) else found


def _owned(cortex: _Cortex, prefixes: Sequence[str], state_scopes: Iterable[str]) -> dict[str, dict[str, str]]:
    """type name -> {id: label} of listed Cortex objects whose id starts with one of `prefixes`; kinds listed
    per entity, within the entities so owned (and those of the state)."""
    if not prefixes:
        return {}

    def has(tag: Any) -> bool:
        return isinstance(tag, str) and tag.startswith(tuple(prefixes))

    out: dict[str, dict[str, str]] = {}
    for spec in kinds():
        if spec.list_page is not None:
            out[spec.type_name] = {spec.listed_id(x): spec.describe(x) for x in spec.iter_all(cortex.client)
                                   if has(spec.listed_id(x))}
    # Objects listed per entity are looked for in the owned teams (teams are entities) and the state's entities.
    scopes = sorted({*out.get("Team", {}), *(e for e in state_scopes if has(e))})
    for spec in kinds():
        if spec.list_in is not None and spec.join_id is not None:
            out[spec.type_name] = {spec.join_id(scope, spec.listed_id(x)): f"{scope}: {spec.describe(x)}"
                                   for scope in scopes for x in cortex.listed_in(spec, scope)}
    return out


def _duplicates(cortex: _Cortex, spec: Kind, scopes: Iterable[str], report: Report) -> None:
    """Objects listed under one entity that are the same declaration (two deploys with one title/type/sha/env)."""
    if spec.natural_key is None:
        return
    for scope in sorted(set(scopes)):
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for x in cortex.listed_in(spec, scope):
            groups[spec.natural_key(x)].append(spec.listed_id(x))
        for key, ids in groups.items():
            if len(ids) > 1:
                report.add(Finding(spec.type_name, "duplicate", scope, f"{len(ids)} deploys {key} (uuids {', '.join(ids)})"))


def audit(document: Mapping[str, Any], client: CortexClient, prefixes: Sequence[str] = ()) -> Report:
    """Compare an exported stack with Cortex; `prefixes` select the tags whose objects the stack owns."""
    deployment = load_deployment(document)
    cortex, report = _Cortex(client), Report()
    objects = state_objects(deployment)
    seen = _compare_state(cortex, objects, report)
    state_scopes: dict[str, set[str]] = defaultdict(set)  # entities of the state's per-entity objects
    for obj in objects:
        if (scope := _scope(obj)) is not None:
            state_scopes[obj.kind].add(scope)
    owned = _owned(cortex, prefixes, {s for found in state_scopes.values() for s in found})
    for type_name, ids in owned.items():
        for id_, label in ids.items():
            if (type_name, id_) not in seen:
                report.counts[type_name]["in_cortex"] += 1
                report.add(Finding(type_name, "orphan", id_, f"{label} is in Cortex with a stack prefix but not in the state",
                                   command=_ORPHAN_HINT))
    for spec in kinds():
        if spec.split_id is not None:
            owned_scopes = {spec.split_id(i)[0] for i in owned.get(spec.type_name, {})}
            _duplicates(cortex, spec, {*state_scopes.get(spec.type_name, ()), *owned_scopes}, report)
    _orphan_edges(cortex, objects, prefixes, report)
    _pending(cortex, deployment, report)
    return report


def _scope(obj: StateObject) -> str | None:
    """The entity a per-entity object (a deploy) belongs to, from its id."""
    if obj.spec.split_id is None or obj.spec.list_in is None:
        return None
    try:
        return obj.spec.split_id(obj.id)[0]
    except ValueError:
        return None


def _compare_state(cortex: _Cortex, objects: list[StateObject], report: Report) -> dict[tuple[str, str], str]:
    """Missing, duplicate and mismatched resources of the state; returns (type name, id) -> urn of each."""
    seen: dict[tuple[str, str], str] = {}
    for obj in objects:
        report.counts[obj.kind]["in_state"] += 1
        if (obj.kind, obj.id) in seen:
            report.add(Finding(obj.kind, "duplicate", obj.id, f"also managed by {seen[obj.kind, obj.id]}", obj.urn))
            continue
        seen[obj.kind, obj.id] = obj.urn
        found = cortex.lookup(obj)
        if found is None:
            report.add(Finding(obj.kind, "missing", obj.id, "in the state but not in Cortex", obj.urn,
                               "pulumi refresh --yes && pulumi up   (the refresh forgets it, the up recreates it)"))
            continue
        report.counts[obj.kind]["in_cortex"] += 1
        for difference in _drift(cortex, obj, found):
            report.add(Finding(obj.kind, "mismatch", obj.id, difference, obj.urn, MISMATCH_FIX))
    return seen


#: What repairs a mismatch. A plain `pulumi up` compares the program with the state, which still holds what was
#: written, so it sees nothing to do: the drift must be read first (`--refresh`).
MISMATCH_FIX = ("pulumi up --refresh --yes   (reads Cortex, then sets it back to the program), or pulumi refresh "
                "--yes (keeps Cortex's values in the state; change the program to match)")


def _has_secret(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(_has_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_secret(v) for v in value)
    return value is SECRET


def _shown(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _drift(cortex: _Cortex, obj: StateObject, found: Any) -> list[str]:
    """`field: state X != Cortex Y` for each managed field that differs, compared through the kind's one equality
    (its fields' canonical forms, as the provider's diff after a refresh); a secret the export hides is skipped."""
    return [f"{field}: state {_shown(declared)} != Cortex {_shown(held)}"
            for field, declared, held in obj.spec.drift(cortex.client, found, obj.inputs, obj.state)
            if not _has_secret(declared)]


def _pending(cortex: _Cortex, deployment: Mapping[str, Any], report: Report) -> None:
    for obj in pending_creates(deployment):
        hit = cortex.find(obj)
        detail = ("an interrupted create landed in Cortex as " + repr(hit[0]) if hit
                  else "an interrupted create did not land in Cortex")
        report.add(Finding(obj.kind, "pending", obj.urn.rsplit("::", 1)[-1], detail, obj.urn,
                           _REPAIR_HINT if hit else "pulumi refresh --yes --clear-pending-creates"))


def _orphan_edges(cortex: _Cortex, objects: list[StateObject], prefixes: Sequence[str], report: Report) -> None:
    if any(o.kind == "TeamHierarchy" for o in objects) or not prefixes:
        return  # a managed hierarchy is compared as a whole above
    for parent, child in sorted(cortex.edges()):
        if parent.startswith(tuple(prefixes)) or child.startswith(tuple(prefixes)):
            report.add(Finding("TeamHierarchy", "orphan", f"{parent} -> {child}",
                               "an edge of the stack's teams, but the state has no TeamHierarchy"))


_ORPHAN_HINT = ("if the program declares it, set adopt=True on that resource and run pulumi up (it is taken over, "
                "not recreated); if nothing declares it, delete it in Cortex")
_REPAIR_HINT = ("pulumi stack export > state.json && cortex-pulumi audit state.json --repair repaired.json"
                " && pulumi stack import --file repaired.json && pulumi refresh --yes")


def repair(document: Mapping[str, Any], client: CortexClient) -> tuple[dict[str, Any], list[str]]:
    """A copy of the export in which interrupted creates that landed are adopted (given their Cortex id, with
    their inputs as provisional outputs for the next `pulumi refresh`) and the others are dropped."""
    deployment = dict(load_deployment(document))
    cortex, notes = _Cortex(client), []
    resources = list(deployment.get("resources") or [])
    present = {r.get("urn") for r in resources}
    kept_ops = []
    for op in deployment.get("pending_operations") or []:
        obj = _object(op.get("resource") or {}) if op.get("type") == "creating" else None
        if obj is None:
            kept_ops.append(op)
            continue
        hit = cortex.find(obj)
        if hit is None or obj.urn in present:
            notes.append(f"dropped the interrupted create of {obj.urn} (it did not land in Cortex)")
            continue
        adopted = {**op["resource"], "id": hit[0], "outputs": dict(op["resource"].get("inputs") or {})}
        adopted["dependencies"] = [d for d in adopted.get("dependencies") or [] if d in present]
        if adopted.get("propertyDependencies"):
            adopted["propertyDependencies"] = {k: [d for d in v if d in present]
                                               for k, v in adopted["propertyDependencies"].items()}
        resources.append(adopted)
        present.add(obj.urn)
        notes.append(f"adopted {obj.urn} as {hit[0]!r}")
    deployment["resources"], deployment["pending_operations"] = resources, kept_ops
    return {"version": document.get("version", 3), "deployment": deployment}, notes
