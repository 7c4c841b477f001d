"""The `TeamHierarchy` resource: parent -> child edges between teams, owning all of them or only its own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, UpdateResult

from ...client.models.team_hierarchy import TeamEdge
from .._base import CortexProvider, gone
from .._check import ENTITY_TAG, Checker, contains_unknown
from .._errors import CortexResourceError
from .._hierarchy_merge import HierarchyContention, Merger, Pair, settle, synced
from ..kinds import Kind
from ._signature import TeamEdgeArgsDict, TeamHierarchyArgsDict, TeamHierarchySignature
from .args import TeamEdgeArgs, TeamHierarchyArgs
from .preview import check_hierarchy
from .shape import (
    FIELDS,
    OWNERSHIP,
    _declared_only,
    _edge_set,
    _pairs,
    from_api,
    hierarchy_state,
    owned_edges,
    to_api,
)

__all__ = ["TeamEdgeArgs", "TeamEdgeArgsDict", "TeamHierarchy", "TeamHierarchyArgs", "TeamHierarchyArgsDict"]

#: The Pulumi id: Cortex has exactly one hierarchy, so there is one fixed id.
HIERARCHY_ID = "team-hierarchy"


def _show(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{p} -> {c}" for p, c in pairs)


def _changes(known: set[tuple[str, str]], current: set[tuple[str, str]]) -> str:
    added, removed = sorted(current - known), sorted(known - current)
    parts = ([f"added: {_show(added)}"] if added else []) + ([f"removed: {_show(removed)}"] if removed else [])
    return "; ".join(parts) or "no difference"


def find_cycle(pairs: Iterable[tuple[str, str]]) -> list[str] | None:
    """A cycle in the directed graph as a path `[a, b, ..., a]`, or None (iterative DFS)."""
    graph: dict[str, list[str]] = {}
    for parent, child in pairs:
        graph.setdefault(parent, []).append(child)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in graph:
        if state.get(root):
            continue
        path = [root]
        stack = [iter(graph.get(root, ()))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(graph.get(nxt, ())))
    return None


def _fetch(client: Any, _id: str) -> list[TeamEdge]:
    return list(client.get_team_hierarchy_relationships())


class _TeamHierarchyProvider(CortexProvider):
    """Replace-all management of `/api/v1/teams/relationships`; the Pulumi id is `team-hierarchy`."""

    spec = Kind(
        permission="Edit entities",
        name="team hierarchy", type_name="TeamHierarchy", key_input=None, option="hierarchy",  # Cortex has one
        fields=FIELDS, args=TeamHierarchyArgs, fetch=_fetch,
        render=lambda _client, stored, props: from_api(stored, props),
        # Cortex has one hierarchy: it is there as long as it has edges, or when the state declares none.
        is_gone=lambda stored, state: not stored and bool(state.get("edges")),
        locate=lambda client, _inputs: (HIERARCHY_ID, stored) if (stored := _fetch(client, HIERARCHY_ID)) else None,
    )
    _edges = staticmethod(owned_edges)
    _hierarchy_state = staticmethod(hierarchy_state)
    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def label(self, props: Mapping[str, Any], id_: str = "") -> str:
        return HIERARCHY_ID

    def validate(self, c: Checker) -> None:
        c.boolean("adopt")
        c.enum("ownership", OWNERSHIP)
        if "edges" not in c.props:
            c.fail("edges", "edges is required (an empty list removes every edge)")
            return
        c.each("edges", lambda i, e, p: self._check_edge(c, e, p))
        known = [(i, e) for i, e in enumerate(c.items("edges") or [])
                 if isinstance(e, Mapping) and not contains_unknown(e)]
        c.unique("edges", ((i, (e.get("parent"), e.get("child"))) for i, e in known), "edge")
        cycle = find_cycle((e["parent"], e["child"]) for _, e in known
                           if isinstance(e.get("parent"), str) and isinstance(e.get("child"), str)
                           and e["parent"] != e["child"])
        if cycle:
            c.fail("edges", "the edges form a cycle: " + " -> ".join(cycle))

    @staticmethod
    def _check_edge(c: Checker, edge: Any, path: str) -> None:
        obj = c.mapping("", value=edge, path=path)
        if obj is None:
            return
        c.keys(path, obj, ("parent", "child"))
        parent = c.string("", required=True, value=obj.get("parent"), path=f"{path}.parent", pattern=ENTITY_TAG,
                          what="team tag")
        child = c.string("", required=True, value=obj.get("child"), path=f"{path}.child", pattern=ENTITY_TAG,
                         what="team tag")
        if parent is not None and parent == child:
            c.fail(path, f"{path}: team {parent!r} cannot be its own parent")

    def check_with_cortex(self, client: Any, checker: Checker, olds: Mapping[str, Any]) -> None:
        check_hierarchy(client, checker, olds)

    def validate_remotely(self, c: Checker) -> None:
        missing = self._missing_teams(_pairs(c.props.get("edges")))
        if missing:
            c.fail("edges", missing)

    # -- helpers ------------------------------------------------------------------------------------

    def _missing_teams(self, pairs: list[tuple[str, str]]) -> str:
        """A message naming edges whose teams Cortex does not have, or ""."""
        if not pairs:
            return ""
        teams = {t.team_tag for t in self.client.list_teams(include_teams_without_members=True)}
        bad = [(p, c) for p, c in pairs if p not in teams or c not in teams]
        if not bad:
            return ""
        unknown = sorted({t for pair in bad for t in pair if t not in teams})
        return f"edges {_show(bad)} name teams Cortex does not have: {', '.join(unknown)}"

    def _require_teams(self, action: str, pairs: list[tuple[str, str]]) -> None:
        missing = self._missing_teams(pairs)
        if missing:
            raise CortexResourceError(f"Unable to {action} the Cortex team hierarchy", missing,
                                      "create those teams first (pass `team.team_tag` outputs so Pulumi orders it)")

    def _current(self, known: Iterable[Pair] = ()) -> tuple[list[TeamEdge], set[tuple[str, str]]]:
        """The stored edges, and their pairs other than synced ones this resource does not declare (`known`)."""
        stored = list(self.client.get_team_hierarchy_relationships())
        keep = synced(stored) - set(known)
        return stored, {(e.parent_team_tag, e.child_team_tag) for e in stored} - keep

    def _write(self, action: str, props: Mapping[str, Any]) -> list[TeamEdge]:
        """Replace all edges, then read them back: Cortex has no conditional write, so a writer that lands just
        after us (another stack) can only be noticed afterwards, and must not pass unnoticed. Edges an
        integration synced are written back as they are."""
        pairs = _pairs(props.get("edges"))
        kept = synced(self.client.get_team_hierarchy_relationships()) - set(pairs)
        self.client.replace_all_team_hierarchy_relationships(edges=pairs + sorted(kept))
        # Read back only after a pause: a stack that read the same old hierarchy and writes just after us
        # would otherwise pass unnoticed by both, and our edges would be gone without an error.
        settle()
        stored, current = self._current(pairs)
        if current != set(pairs):
            raise CortexResourceError(
                f"Unable to {action} the Cortex team hierarchy",
                f"another writer changed the edges while this update ran: {_changes(set(pairs), current)}",
                "make sure a single stack declares a TeamHierarchy (Cortex has only one), then `pulumi refresh` "
                "and `pulumi up`")
        return stored

    def _refuse_if_changed(self, action: str, known: set[tuple[str, str]], current: set[tuple[str, str]],
                           hint: str) -> None:
        if current != known:
            raise CortexResourceError(
                f"Unable to {action} the Cortex team hierarchy",
                f"its edges changed in Cortex since the last update ({_changes(known, current)}); another stack or "
                "the Cortex UI wrote them, and replacing all edges would silently undo that", hint)

    def _merge(self, action: str, declared: Any, released: set[Pair]) -> list[TeamEdge]:
        """DECLARED ownership: merge this resource's edges into the shared hierarchy (see _hierarchy_merge)."""
        merger = Merger(lambda: list(self.client.get_team_hierarchy_relationships()),
                        lambda pairs: self.client.replace_all_team_hierarchy_relationships(edges=pairs))
        try:
            return merger.apply(_pairs(declared), released)
        except HierarchyContention as exc:
            raise CortexResourceError(
                f"Unable to {action} the Cortex team hierarchy",
                f"other writers kept replacing the hierarchy; edges not kept: {exc}",
                "run `pulumi up` again when the other stacks' updates have finished") from None

    # -- CRUD ---------------------------------------------------------------------------------------

    def _create(self, props: dict[str, Any]) -> CreateResult:
        pairs = _pairs(props.get("edges"))
        self._require_teams("create", pairs)  # before reading: keeps the read-to-write window short
        if _declared_only(props):
            stored = self._merge("create", props.get("edges"), set())
            edges = self._edges(stored, props.get("edges"), only_declared=True)
            return CreateResult(HIERARCHY_ID, self._hierarchy_state(edges, props, stored))
        existing, current = self._current(pairs)
        if current and not props.get("adopt"):
            raise CortexResourceError(
                "Unable to create the Cortex team hierarchy",
                f"Cortex already has {len(current)} edge(s) that this resource does not own: {_show(sorted(current))}",
                "Cortex has a single hierarchy and another stack (or the Cortex UI) manages it; remove the other "
                "TeamHierarchy, or pass adopt=True to take it over (edges not declared here are then removed)",
            )
        stored = existing if current == set(pairs) else self._write("create", props)  # as declared: no write
        return CreateResult(HIERARCHY_ID, self.from_api(stored, props))

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        stored = self.client.get_team_hierarchy_relationships()
        only = _declared_only(props)
        edges = self._edges(stored, props.get("edges"), only_declared=only)
        if not edges and props.get("edges") and not only:
            raise gone()  # emptied outside Pulumi: the next `up` recreates it
        # A declared edge another writer removed is missing here, so the next preview shows it to be added.
        inputs = {"edges": edges, **{k: props[k] for k in ("adopt", "ownership") if props.get(k) is not None}}
        return ReadResult(HIERARCHY_ID, self._hierarchy_state(edges, props, stored), inputs)

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        if _edge_set(olds.get("edges")) == _edge_set(news.get("edges")) and (
                _declared_only(olds) == _declared_only(news) or _declared_only(news)):
            # Nothing to write, so nothing was read: the synced edges are the last ones seen.
            return UpdateResult(self._hierarchy_state(olds.get("edges") or [], news, None, olds))
        self._require_teams("update", _pairs(news.get("edges")))
        if _declared_only(news):
            stored = self._merge("update", news.get("edges"), set(_pairs(olds.get("edges"))))
            edges = self._edges(stored, news.get("edges"), only_declared=True)
            return UpdateResult(self._hierarchy_state(edges, news, stored))
        _, current = self._current(_pairs(olds.get("edges")))
        self._refuse_if_changed("update", set(_pairs(olds.get("edges"))), current,
                                "run `pulumi refresh` to take Cortex's edges as the starting point, then `pulumi up` "
                                "to replace them with the declared ones")
        return UpdateResult(self.from_api(self._write("update", news), news))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        if _declared_only(props):
            self._merge("delete", [], set(_pairs(props.get("edges"))))
            return
        stored, current = self._current(_pairs(props.get("edges")))
        if not current:
            return
        self._refuse_if_changed("delete", set(_pairs(props.get("edges"))), current,
                                "run `pulumi refresh` first to delete those edges too, or `pulumi state delete` the "
                                "TeamHierarchy to leave the edges in Cortex")
        self.client.replace_all_team_hierarchy_relationships(edges=sorted(synced(stored)))


class TeamHierarchy(TeamHierarchySignature):
    """The Cortex team hierarchy as one resource owning every edge (Cortex replaces all edges at once).

    ```python
    cortex.TeamHierarchy("org", edges=[cortex.TeamEdgeArgs(parent=platform.team_tag, child=payments.team_tag)])
    ```
    Preview refuses self-edges, duplicates and cycles; create/update refuse edges naming teams Cortex does not
    have. Edges Cortex reports as synced from an integration are never removed. With the default
    `ownership="ALL"` the resource never silently overwrites edges it does not own: create refuses a non-empty
    hierarchy unless `adopt=True`, update and delete refuse when Cortex's edges changed since the last known
    state (`pulumi refresh` makes them the known state), and deleting the resource removes every edge. With
    `ownership="DECLARED"` it owns only its `edges`: each write merges them into what Cortex has, and deleting
    the resource removes only them, so several stacks can each declare a subtree:

    ```python
    cortex.TeamHierarchy("payments-subtree", ownership="DECLARED",
                         edges=[cortex.TeamEdgeArgs(parent="engineering", child=payments.team_tag)])
    ```
    """

    _args_type = TeamHierarchyArgs
    _provider_type = _TeamHierarchyProvider
    _outputs = ("edge_count", "synced_edges", "other_edges")

    edges: pulumi.Output[list[dict[str, str]]]
    """The edges as stored in Cortex (`{parent, child}`), in the program's order."""
    edge_count: pulumi.Output[int]
    """Number of edges."""
    synced_edges: pulumi.Output[list[dict[str, str]]]
    """Edges Cortex reports as synced from an integration (never removed by this resource)."""
    other_edges: pulumi.Output[list[dict[str, str]]]
    """With `ownership="DECLARED"`: the other edges Cortex held when last read (other stacks', the UI's)."""

    _declared: ClassVar[list[str]] = []

    def _prepare(self, resource_name: str, args: TeamHierarchyArgs) -> TeamHierarchyArgs:
        ownership = args.ownership
        if not (isinstance(ownership, str) and ownership.upper() == "DECLARED"):
            TeamHierarchy._declared.append(resource_name)
        if len(TeamHierarchy._declared) == 2:
            first, second = TeamHierarchy._declared
            pulumi.log.warn(f"TeamHierarchy {first!r} and {second!r}: Cortex has one team hierarchy and each of "
                            "these resources replaces all of its edges; declare a single TeamHierarchy")
        return args
