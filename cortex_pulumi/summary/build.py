"""A preview's changes turned into a Summary: counts per kind and operation, replaces and deletes, per-object details."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from .adoption import Verdict, is_adoption, verdict_lines, wording
from .drift import drift_lines, is_drift
from .kinds import SUMMARIES, KindSummary, summary_of_type
from .model import OPERATIONS, Block, Code, Line, Segment, Summary, line, plain
from .preview import Preview, ResourceChange
from .values import from_to, is_unknown, joined


def summarize(preview: Preview, drift: bool | None = None, adoptions: Mapping[str, Verdict] | None = None) -> Summary:
    """The summary of a preview; `drift` (default: when the preview refreshed an unchanged program) words each
    change as what happened in Cortex and what the next `up` does about it; `adoptions` (URN -> verdict, from
    `compare_adoptions`) say how each adoption compares with Cortex, when the summary had a connection."""
    drift = is_drift(preview) if drift is None else drift
    counts: dict[str, Counter[str]] = {}
    blocks: list[Block] = []
    replaced = {c.urn: c for c in preview.changes if c.op == "replace"}
    flagged: list[tuple[str, Line]] = []
    removals: list[tuple[str, Line]] = []
    for change in preview.changes:
        kind = summary_of_type(change.type)
        heading = kind.heading if kind else change.type
        op = "adopt" if is_adoption(change) else change.op
        counts.setdefault(heading, Counter())[op] += 1
        if change.op in ("replace", "delete"):
            flagged.append((heading, _destructive(change, kind, replaced)))
        if change.op == "update" and kind is not None and kind.removals is not None:
            removals += [(heading, removal) for removal in kind.removals(change)]
        if kind is not None and op == "adopt":
            details = verdict_lines((adoptions or {}).get(change.urn) if adoptions is not None else None)
            blocks.append(Block(kind.heading, kind.label(change), op, tuple(details)))
        elif kind is not None and change.op != "same":
            picture = kind.figure(change, preview) if kind.figure else None
            blocks.append(Block(kind.heading, kind.label(change), change.op,
                                tuple(_details(kind, change, preview, drift)), picture, _word(change, preview, drift)))
    order = [k.heading for k in SUMMARIES if k.heading in counts] + sorted(h for h in counts if h not in _HEADINGS)
    rank = {heading: index for index, heading in enumerate(order)}
    # The engine's step order varies from run to run; the summary's must not.
    blocks.sort(key=lambda b: (rank[b.kind], OPERATIONS.index(b.op), plain(b.label)))
    flagged.sort(key=lambda f: (f[1].parts[0] != "Delete ", rank[f[0]], plain(f[1].parts)))
    destructive = [flag for _, flag in flagged]
    removals.sort(key=lambda r: (rank[r[0]], plain(r[1].parts)))
    return Summary(
        counts={heading: dict(counts[heading]) for heading in order},
        destructive=tuple(destructive),
        blocks=tuple(blocks),
        errors=preview.errors,
        unlisted_same=preview.unlisted_same,
        drift=drift,
        removals=tuple(removal for _, removal in removals),
        adoption=wording(adoptions) if adoptions else "",
    )


def _word(change: ResourceChange, preview: Preview, drift: bool) -> str | None:
    """A create of what a refresh found deleted in Cortex restores it; in the drift form an update reverts."""
    if change.op == "create" and change.urn in preview.recorded:
        return "restore"
    return "revert" if drift and change.op == "update" else None


def _details(kind: KindSummary, change: ResourceChange, preview: Preview, drift: bool) -> list[Line]:
    restored = change.op == "create" and change.urn in preview.recorded
    if drift and (lines := drift_lines(change)) is not None:
        return lines
    if restored:  # a refresh found it gone: the create brings back what the last `up` made
        return [line("Deleted in Cortex since the last ", Code("up"), "; created again"), *kind.details(change)]
    return kind.details(change)


_HEADINGS = {k.heading for k in SUMMARIES}


def _what(change: ResourceChange) -> tuple[Segment, ...]:
    kind = summary_of_type(change.type)
    if kind is None:
        return (Code(change.type), " ", Code(change.name))
    return ("the ", kind.kind) if kind.singleton else (kind.kind, " ", *kind.label(change))


def _destructive(change: ResourceChange, kind: KindSummary | None, replaced: dict[str, ResourceChange]) -> Line:
    if change.op == "delete":
        return line("Delete ", *_what(change))
    value = kind.reason_value if kind else (lambda _key, v: v)
    reasons = [(f"{kind.reasons.get(key, key) if kind else key} ",
                *from_to(value(key, (change.old or {}).get(key)), value(key, (change.new or {}).get(key))))
               for key in change.replace_reasons]
    if not reasons:
        # No input of its own forces it: the engine replaces the dependents of an object that must be deleted
        # before it is replaced (or a replacement was asked for with --replace).
        causes = [_what(replaced[urn]) for urn in change.dependencies if urn in replaced]
        reasons = [("it depends on ", *joined(causes, ", "), ", replaced first")] if causes else []
    because: tuple[Segment, ...] = (": ", *joined(reasons, ", ")) if reasons else ()
    note = f" ({kind.replace_note})" if kind and kind.replace_note else ""
    if change.replace_reasons and all(is_unknown((change.new or {}).get(k)) for k in change.replace_reasons):
        # An input computed from another object's output: the engine cannot tell yet whether it changes.
        note += "; the new value is known only during the apply, and if it is the same then nothing is replaced"
    return line("Replace ", *_what(change), *because, note)
