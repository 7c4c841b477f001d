"""What a summary is made of: text segments, nested lines, one block per changed object, and the summary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs


@attrs.frozen
class Code:
    """An identifier or value from the program (a tag, an email, an expression): shown verbatim."""

    text: str


@attrs.frozen
class Quote:
    """A human-readable name from the program (a rule title, a team name): shown in quotes."""

    text: str


Segment = str | Code | Quote


@attrs.frozen
class Line:
    """One statement of the summary, with optional nested detail lines."""

    parts: tuple[Segment, ...]
    children: tuple[Line, ...] = ()


def plain(parts: Iterable[Segment]) -> str:
    """The text of segments without any markup (for sorting and comparisons)."""
    return "".join(p if isinstance(p, str) else p.text for p in parts)


def line(*parts: Segment, children: Iterable[Line] = ()) -> Line:
    """A Line from its parts; empty-string parts are dropped."""
    return Line(tuple(p for p in parts if p != ""), tuple(children))


#: Operations in the order a reader wants them: what is lost first. `adopt` is a create with `adopt=True`:
#: the object exists in Cortex and is taken over (written only where it differs), not made anew.
OPERATIONS = ("delete", "replace", "create", "adopt", "update", "same")
OPERATION_WORDS = {"create": "create", "adopt": "adopt", "update": "update", "replace": "replace",
                   "delete": "delete", "same": "unchanged"}


#: The caution block's heading for what updates remove from objects they keep.
REMOVALS = ("Removed from objects the program keeps (whatever Cortex holds that the program does not declare, such "
            "as a member, link or edge added in the Cortex UI, is lost):")


Edge = tuple[str, str]
"""A parent → child pair of team tags."""


@attrs.frozen
class HierarchyChange:
    """The hierarchy's edges before and after a change, and the names of the teams the preview knows."""

    before: tuple[Edge, ...]
    after: tuple[Edge, ...]
    names: Mapping[str, str] = attrs.field(factory=dict)
    """Team tag -> team name, from the preview's teams (a team managed elsewhere has no name here)."""
    fates: Mapping[str, str] = attrs.field(factory=dict)
    """Team tag -> `new` or `deleted` for the teams the same preview creates or deletes."""

    @property
    def added(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.after if e not in self.before)

    @property
    def removed(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.before if e not in self.after)


@attrs.frozen
class Block:
    """The details of one changed object: what kind it is, which object, the operation and what changes."""

    kind: str
    """Plural heading of the kind, e.g. `Scorecards`."""
    label: tuple[Segment, ...]
    op: str
    lines: tuple[Line, ...]
    figure: HierarchyChange | None = None
    """A picture drawn above the lines (the hierarchy's diagram), when the kind has one."""
    word: str | None = None
    """How the operation reads beside the label when not as `op` (a create after a deletion in Cortex: restore)."""

    @property
    def says(self) -> str:
        return self.word or self.op

    @property
    def named(self) -> tuple[Segment, ...]:
        """The label with its kind in front ("Teams platform"), unless the label names the kind itself (a
        singleton's "the team hierarchy")."""
        return self.label if self.kind.lower() in plain(self.label).lower() else (f"{self.kind} ", *self.label)


#: Said under the headline of a drift summary.
DRIFT_NOTE = ("Drift: these objects changed in Cortex since the last `up` (the program did not change); each line "
              "says what changed there and what the next `up` does about it.")


@attrs.frozen
class Summary:
    """A whole preview in Cortex's terms."""

    counts: Mapping[str, Mapping[str, int]]
    """Kind heading -> operation -> number of objects (Cortex kinds first, then other resource types)."""
    destructive: tuple[Line, ...]
    """One line per replaced or deleted object."""
    blocks: tuple[Block, ...]
    errors: tuple[str, ...]
    """Error diagnostics of the preview (it failed)."""
    unlisted_same: int = 0
    """Unchanged objects counted by the preview but not listed per kind (it ran without --diff)."""
    drift: bool = False
    """Each change is worded as drift: what changed in Cortex since the last `up`, and what the next `up` does."""
    removals: tuple[Line, ...] = ()
    """What updates remove from objects they keep (members, links, Slack channels, hierarchy edges): the caution
    block lists them beside deletes and replaces, since one made in the Cortex UI is lost by an `update`."""
    adoption: str = ""
    """How the adoptions compare with what Cortex holds (`25 to adopt: 22 match Cortex, 3 will be updated (name,
    members)`), when the summary was given a connection; empty otherwise."""

    def total(self, op: str) -> int:
        return sum(ops.get(op, 0) for ops in self.counts.values())

    @property
    def adopted(self) -> tuple[Block, ...]:
        """The adoptions' blocks (they have a section of their own)."""
        return tuple(b for b in self.blocks if b.op == "adopt")

    def by_kind(self) -> Iterator[tuple[str | None, Block]]:
        """Every other block, with its kind's heading where it opens a new kind (None after that)."""
        heading = None
        for block in self.blocks:
            if block.op != "adopt":
                yield (block.kind if block.kind != heading else None), block
                heading = block.kind

    @property
    def deletes_or_replaces(self) -> bool:
        return self.total("delete") > 0 or self.total("replace") > 0

    @property
    def has_changes(self) -> bool:
        return any(self.total(op) for op in OPERATIONS if op != "same")

    @property
    def columns(self) -> tuple[str, ...]:
        """The operations of the counts table: `adopt` and `same` only when the preview has some."""
        return tuple(op for op in ("create", "adopt", "update", "replace", "delete", "same")
                     if op not in ("adopt", "same") or self.total(op))

    def headline(self) -> str:
        """`2 to create, 25 to adopt, 1 to update, ..., 9 unchanged` or `No changes`."""
        parts = [f"{self.total(op)} to {op}" for op in ("create", "adopt", "update", "replace", "delete")
                 if self.total(op)]
        unchanged = self.total("same") + self.unlisted_same
        changes = ", ".join(parts) if parts else "No changes"
        return f"{changes}, {unchanged} unchanged" if unchanged else changes
