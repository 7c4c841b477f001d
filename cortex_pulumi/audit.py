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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from .client import CortexClient, NotFoundError

__all__ = ["Finding", "Report", "StateObject", "audit", "load_deployment", "main", "repair"]

TYPE_PREFIX = "pulumi-python:dynamic/cortex:"
_SECRET_SIG = "4dabf18193072939515e22adb298388d"
#: Stands for a secret value the export does not reveal; it is never compared and never printed.
SECRET = object()
PROBLEMS = ("missing", "orphan", "duplicate", "mismatch", "pending")
#: Kinds whose Pulumi id is their Cortex tag.
TAGGED = ("Team", "Secret", "Workflow", "Scorecard")


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


def _text(value: Any) -> Any:
    return None if value in (None, "") else value


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
    if not kind.startswith(TYPE_PREFIX):
        return None
    return StateObject(str(resource.get("urn", "")), kind[len(TYPE_PREFIX):], str(resource.get("id") or ""),
                       _plain(resource.get("inputs") or {}), _plain(resource.get("outputs") or {}))


def state_objects(deployment: Mapping[str, Any]) -> list[StateObject]:
    return [o for r in deployment.get("resources") or [] if (o := _object(r)) is not None]


def pending_creates(deployment: Mapping[str, Any]) -> list[StateObject]:
    """Creates a killed `pulumi` left pending: they may or may not have reached Cortex."""
    ops = [op for op in deployment.get("pending_operations") or [] if op.get("type") == "creating"]
    return [obj for op in ops if (obj := _object(op.get("resource") or {})) is not None]


# -- what Cortex holds ---------------------------------------------------------------------------------

def _deploy_key(d: Any) -> tuple[Any, ...]:
    return (d.title, d.type or "DEPLOY", _text(d.sha), _text(d.environment))


class _Cortex:
    """Cached reads of Cortex; every lookup answers None for "not there"."""

    def __init__(self, client: CortexClient) -> None:
        self.client = client
        self._deploys: dict[str, list[Any]] = {}

    def by_tag(self, kind: str, tag: str) -> Any:
        """The team, secret, workflow or scorecard with this tag (None when Cortex has none)."""
        c = self.client
        fetch: dict[str, Callable[[], Any]] = {
            "Team": lambda: c.get_team_details(tag_or_id=tag), "Secret": lambda: c.get_secret(tag_or_id=tag),
            "Workflow": lambda: c.get_workflow(tag_or_id=tag), "Scorecard": lambda: c.get_scorecard(tag=tag)}
        try:
            return fetch[kind]()
        except NotFoundError:
            return None

    def deploys(self, entity: str) -> list[Any]:
        if entity not in self._deploys:
            try:
                self._deploys[entity] = list(self.client.iter_deploys(entity, page_size=1000))
            except NotFoundError:
                self._deploys[entity] = []
        return self._deploys[entity]

    def edges(self) -> set[tuple[str, str]]:
        return {(e.parent_team_tag, e.child_team_tag) for e in self.client.get_team_hierarchy_relationships()}

    def find(self, obj: StateObject) -> tuple[str, Any] | None:
        """(id, object) of the Cortex object a resource declares, looked up by its natural key."""
        i, tag = obj.inputs, obj.inputs.get("team_tag" if obj.kind == "Team" else "tag")
        if obj.kind in TAGGED and isinstance(tag, str):
            found = self.by_tag(obj.kind, tag)
            return (tag, found) if found else None
        if obj.kind == "TeamHierarchy":
            return ("team-hierarchy", self.edges()) if self.edges() else None
        if obj.kind == "Deploy" and isinstance(i.get("entity"), str):
            want = (i.get("title"), i.get("type") or "DEPLOY", _text(i.get("sha")), _text(i.get("environment")))
            hits = [d for d in self.deploys(i["entity"]) if _deploy_key(d) == want]
            return (f"{i['entity']}/{hits[0].uuid}", hits[0]) if hits else None
        return None


# -- per-kind comparison -------------------------------------------------------------------------------

def _diffs(pairs: Iterable[tuple[str, Any, Any]]) -> list[str]:
    """Differences of (field, state value, Cortex value); secrets the export does not reveal are skipped."""
    return [f"{field}: state {state!r} != Cortex {cortex!r}" for field, state, cortex in pairs
            if state is not SECRET and _text(state) != _text(cortex)]


def _compare(obj: StateObject, found: Any) -> list[str]:
    if obj.kind == "Team":
        pairs = [("name", obj.get("name"), found.metadata.name),
                 ("description", obj.get("description"), found.metadata.description),
                 ("archived", bool(obj.get("archived")), found.is_archived), ("type", obj.get("type"), found.type)]
        if found.type == "CORTEX" and isinstance(obj.get("members"), list):
            emails = sorted(str(m.get("email", "")).lower() for m in obj.get("members") if isinstance(m, Mapping))
            pairs.append(("members", emails, sorted(m.email.lower() for m in found.members)))
        return _diffs(pairs)
    if obj.kind in ("Secret", "Workflow"):
        return _diffs([("name", obj.get("name"), found.name)])
    if obj.kind == "Scorecard":
        titles = sorted(str(r.get("title")) for r in obj.get("rules") or [] if isinstance(r, Mapping))
        return _diffs([("name", obj.get("name"), found.name),
                       ("rules", titles or None, sorted(r.title or "" for r in found.rules) or None)])
    if obj.kind == "Deploy":
        return _diffs([(k, obj.get(k) or ("DEPLOY" if k == "type" else None), getattr(found, k))
                       for k in ("title", "type", "sha", "environment")])
    if obj.kind == "TeamHierarchy":
        declared = {(e.get("parent"), e.get("child")) for e in obj.get("edges") or [] if isinstance(e, Mapping)}
        extra, lost = sorted(found - declared), sorted(declared - found)
        return ([f"edges in Cortex but not in state: {extra}"] if extra else []) + (
            [f"edges in state but not in Cortex: {lost}"] if lost else [])
    return []


def _lookup(cortex: _Cortex, obj: StateObject) -> Any:
    """The Cortex object a state resource's id names (None when gone)."""
    if obj.kind in TAGGED:
        return cortex.by_tag(obj.kind, obj.id)
    if obj.kind == "TeamHierarchy":
        edges = cortex.edges()
        return edges if edges or not obj.get("edges") else None
    if obj.kind == "Deploy":
        entity, _, uuid = obj.id.partition("/")
        return next((d for d in cortex.deploys(entity) if d.uuid == uuid), None)
    if obj.kind == "ScorecardExemption":
        parts = obj.id.split("/")
        if len(parts) != 3:
            return None
        found = cortex.client.list_rule_exemptions(tag=parts[0], entity_tag=parts[1], rule_identifier=parts[2])
        return next((e for e in found if e.status != "REJECTED"), None)
    return None


def _owned(cortex: _Cortex, prefixes: Sequence[str], state_entities: Iterable[str]) -> dict[str, dict[str, str]]:
    """kind -> {id: label} of Cortex objects whose tag starts with one of `prefixes`."""
    if not prefixes:
        return {}
    c, has = cortex.client, (lambda tag: isinstance(tag, str) and tag.startswith(tuple(prefixes)))
    teams = [t.team_tag for t in c.list_teams(include_teams_without_members=True) if has(t.team_tag)]
    out: dict[str, dict[str, str]] = {
        "Team": {t: t for t in teams},
        "Secret": {s.tag: s.tag for s in c.iter_secrets(page_size=1000) if has(s.tag)},
        "Workflow": {w.tag: w.tag for w in c.iter_workflows(page_size=1000) if has(w.tag)},
        "Scorecard": {s.tag: s.tag for s in c.iter_scorecards(show_drafts=True, page_size=1000) if has(s.tag)},
        "Deploy": {},
    }
    for entity in sorted({*teams, *(e for e in state_entities if has(e))}):
        for d in cortex.deploys(entity):
            out["Deploy"][f"{entity}/{d.uuid}"] = f"{entity}: {d.title!r} ({d.type} {d.sha or '-'} {d.environment or '-'})"
    return out


def audit(document: Mapping[str, Any], client: CortexClient, prefixes: Sequence[str] = ()) -> Report:
    """Compare an exported stack with Cortex; `prefixes` select the tags whose objects the stack owns."""
    deployment = load_deployment(document)
    cortex, report = _Cortex(client), Report()
    objects = state_objects(deployment)
    seen: dict[tuple[str, str], str] = {}
    for obj in objects:
        report.counts[obj.kind]["in_state"] += 1
        if (obj.kind, obj.id) in seen:
            report.add(Finding(obj.kind, "duplicate", obj.id, f"also managed by {seen[obj.kind, obj.id]}", obj.urn))
            continue
        seen[obj.kind, obj.id] = obj.urn
        found = _lookup(cortex, obj)
        if found is None:
            report.add(Finding(obj.kind, "missing", obj.id, "in the state but not in Cortex", obj.urn,
                               "pulumi refresh --yes && pulumi up   (the refresh forgets it, the up recreates it)"))
            continue
        report.counts[obj.kind]["in_cortex"] += 1
        for difference in _compare(obj, found):
            report.add(Finding(obj.kind, "mismatch", obj.id, difference, obj.urn,
                               "pulumi up   (sets Cortex to the program), or pulumi refresh --yes (keeps Cortex's)"))
    deploy_entities = {o.id.partition("/")[0] for o in objects if o.kind == "Deploy"}
    owned = _owned(cortex, prefixes, deploy_entities)
    for kind, ids in owned.items():
        for id_, label in ids.items():
            if (kind, id_) not in seen:
                report.counts[kind]["in_cortex"] += 1
                report.add(Finding(kind, "orphan", id_, f"{label} is in Cortex with a stack prefix but not in the state",
                                   command=_ORPHAN_HINT))
    for entity in sorted({*deploy_entities, *(i.partition("/")[0] for i in owned.get("Deploy", {}))}):
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for d in cortex.deploys(entity):
            groups[_deploy_key(d)].append(d.uuid)
        for key, uuids in groups.items():
            if len(uuids) > 1:
                report.add(Finding("Deploy", "duplicate", entity, f"{len(uuids)} deploys {key} (uuids {', '.join(uuids)})"))
    _orphan_edges(cortex, objects, prefixes, report)
    for obj in pending_creates(deployment):
        hit = cortex.find(obj)
        detail = ("an interrupted create landed in Cortex as " + repr(hit[0]) if hit
                  else "an interrupted create did not land in Cortex")
        report.add(Finding(obj.kind, "pending", obj.urn.rsplit("::", 1)[-1], detail, obj.urn,
                           _REPAIR_HINT if hit else "pulumi refresh --yes --clear-pending-creates"))
    return report


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


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m cortex_pulumi.audit`: the same as `cortex-pulumi audit` (exit 0 agree, 1 findings, 2 error)."""
    from .cli.audit import standalone

    return standalone(argv)


if __name__ == "__main__":
    raise SystemExit(main())
