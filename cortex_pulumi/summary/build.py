"""A preview's changes turned into a Summary: counts per kind and operation, replaces and deletes, per-object details."""

from __future__ import annotations

from collections import Counter

from .kinds import SUMMARIES, KindSummary, summary_of_type
from .model import OPERATIONS, Block, Code, Line, Segment, Summary, line
from .preview import Preview, ResourceChange
from .values import from_to, joined


def summarize(preview: Preview) -> Summary:
    counts: dict[str, Counter[str]] = {}
    destructive: list[Line] = []
    blocks: list[Block] = []
    for change in preview.changes:
        kind = summary_of_type(change.type)
        heading = kind.heading if kind else change.type
        counts.setdefault(heading, Counter())[change.op] += 1
        if change.op in ("replace", "delete"):
            destructive.append(_destructive(change, kind))
        if kind is not None and change.op != "same":
            blocks.append(Block(kind.heading, kind.label(change), change.op, tuple(kind.details(change))))
    order = [k.heading for k in SUMMARIES if k.heading in counts] + sorted(h for h in counts if h not in _HEADINGS)
    rank = {heading: index for index, heading in enumerate(order)}
    blocks.sort(key=lambda b: (rank[b.kind], OPERATIONS.index(b.op)))
    destructive.sort(key=lambda d: d.parts[0] != "Delete ")
    return Summary(
        counts={heading: dict(counts[heading]) for heading in order},
        destructive=tuple(destructive),
        blocks=tuple(blocks),
        errors=preview.errors,
    )


_HEADINGS = {k.heading for k in SUMMARIES}


def _destructive(change: ResourceChange, kind: KindSummary | None) -> Line:
    what: tuple[Segment, ...] = (kind.kind, " ", *kind.label(change)) if kind else (Code(change.type), " ",
                                                                                      Code(change.name))
    if change.op == "delete":
        return line("Delete ", *what)
    reasons = [(f"{kind.reasons.get(key, key) if kind else key} ",
                *from_to((change.old or {}).get(key), (change.new or {}).get(key)))
               for key in change.replace_reasons]
    because: tuple[Segment, ...] = (": ", *joined(reasons, ", ")) if reasons else ()
    note = f" ({kind.replace_note})" if kind and kind.replace_note else ""
    return line("Replace ", *what, *because, note)
