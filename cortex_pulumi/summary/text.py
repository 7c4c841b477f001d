"""A Summary as plain text for CI logs: the same content as the Markdown, nothing folded, no markup."""

from __future__ import annotations

from . import tree
from .model import DRIFT_NOTE, OPERATION_WORDS, REMOVALS, Code, Line, Quote, Segment, Summary


def inline(parts: tuple[Segment, ...]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Code):
            out.append(" ".join(part.text.split()))
        elif isinstance(part, Quote):
            out.append(f'"{part.text}"')
        else:
            out.append(part)
    return "".join(out)


def _items(lines: tuple[Line, ...], depth: int) -> list[str]:
    out = []
    for item in lines:
        out.append(f"{'  ' * depth}- {inline(item.parts)}")
        out += _items(item.children, depth + 1)
    return out


def _table(summary: Summary) -> list[str]:
    width = max([len(h) for h in summary.counts] + [4])
    out = [" " * width + "".join(f"{OPERATION_WORDS[c]:>11}" for c in summary.columns)]
    for heading, ops in summary.counts.items():
        out.append(f"{heading:<{width}}" + "".join(f"{ops.get(c, 0) or '-':>11}" for c in summary.columns))
    return out


def render(summary: Summary, *, title: str = "Cortex preview") -> str:
    """The log text; a failed preview leads with its errors, before anything it would have changed."""
    if summary.errors:
        out = [f"{title}: THE PREVIEW FAILED", *(f"  {text_line}" for e in summary.errors for text_line in e.splitlines()),
               "", f"Before it failed: {summary.headline()}", ""]
    else:
        out = [f"{title}: {summary.headline()}", ""]
    if summary.drift:
        out += [DRIFT_NOTE, ""]
    if summary.counts:
        out += [*_table(summary), ""]
    if summary.destructive:
        out += ["Deletes and replaces:", *_items(summary.destructive, 1), ""]
    if summary.removals:
        out += [REMOVALS, *_items(summary.removals, 1), ""]
    adopted = summary.adopted
    if adopted:
        out += [f"Adoptions: {len(adopted)} objects Cortex already holds, taken over (adopt=True), not created",
                *([summary.adoption] if summary.adoption else []),
                *(f"  - {inline(block.named)}: " + "; ".join(inline(item.parts) for item in block.lines)
                  for block in adopted), ""]
    for heading, block in summary.by_kind():
        if heading is not None:
            out += [heading, "-" * len(heading)]
        out.append(f"{inline(block.label)} ({block.says})")
        if block.figure is not None:
            out += tree.render(block.figure)
        out += _items(block.lines, 1)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
