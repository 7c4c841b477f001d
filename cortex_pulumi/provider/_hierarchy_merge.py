"""Read-merge-write of Cortex's replace-all team hierarchy for a writer that owns only some edges.

Cortex has one hierarchy and a single write, `PUT /teams/relationships?replace=true`, with no version or
condition. A writer owning part of it (one stack's subtree) therefore reads every edge, adds its own, takes
out the ones it no longer declares, writes the result, and reads it back. Two writers whose read-to-write
windows overlap can still undo each other: the later write carries the earlier one's *old* view. So after
each write the merger reads back, waits a short random while and reads again; if an edge it owns is missing
(or one it removed came back) it merges again, a bounded number of times. What remains is a race no client
can close without a conditional write: another writer that read before our write and writes after our last
read-back removes our edges silently. `pulumi preview --refresh` (or `pulumi refresh`) shows such a loss as
an edge to add again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from typing import Any

from ..client.models.team_hierarchy import TeamEdge

log = logging.getLogger("cortex_pulumi.provider")

Pair = tuple[str, str]

#: Merge-write attempts before giving up, and the random pause (seconds) before each confirming read.
ATTEMPTS = 6
SETTLE = (0.3, 1.2)


def settle(pause: tuple[float, float] = SETTLE, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait a short random while after a write, so that a concurrent writer's stale write lands before we look."""
    sleep(random.uniform(*pause))


def synced(edges: Iterable[TeamEdge]) -> set[Pair]:
    """Edges an integration synced (Cortex reports their `provider`): never removed by this package."""
    return {(e.parent_team_tag, e.child_team_tag) for e in edges if e.provider}


def pairs_of(edges: Iterable[TeamEdge]) -> list[Pair]:
    return [(e.parent_team_tag, e.child_team_tag) for e in edges]


def merged(current: list[Pair], keep: set[Pair], add: Iterable[Pair], remove: set[Pair]) -> list[Pair]:
    """`current` without `remove` (except edges in `keep`), plus `add`; order kept, new edges last."""
    out = [p for p in current if p not in remove or p in keep]
    seen = set(out)
    for pair in add:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


class Merger:
    """Apply "these edges are mine (`declared`), these are no longer (`released`)" to the shared hierarchy."""

    def __init__(self, read: Callable[[], list[TeamEdge]], write: Callable[[list[Pair]], Any], *,
                 attempts: int = ATTEMPTS, settle: tuple[float, float] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._read, self._write = read, write
        self._attempts, self._settle, self._sleep = attempts, settle or SETTLE, sleep

    def apply(self, declared: list[Pair], released: set[Pair]) -> list[TeamEdge]:
        """Write until Cortex holds every declared edge and none released (synced ones stay); the edges read."""
        wanted, gone = set(declared), released - set(declared)
        stored = self._read()
        for attempt in range(1, self._attempts + 1):
            current = pairs_of(stored)
            target = merged(current, synced(stored), declared, gone)
            if target != current:
                self._write(target)
            settle(self._settle, self._sleep)
            stored = self._read()
            have = set(pairs_of(stored))
            if wanted <= have and not (gone - synced(stored)) & have:
                return stored
            log.info("team hierarchy: another writer undid part of this update (attempt %d); merging again", attempt)
        missing = sorted(wanted - set(pairs_of(stored)))
        raise HierarchyContention(missing)


class HierarchyContention(Exception):
    """Other writers kept replacing the hierarchy: these declared edges could not be kept in it."""

    def __init__(self, missing: list[Pair]) -> None:
        self.missing = missing
        super().__init__(", ".join(f"{p} -> {c}" for p, c in missing) or "released edges keep coming back")
