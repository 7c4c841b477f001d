"""A Summary as Markdown for a pull-request comment (GitHub and GitLab flavours); long lists fold into <details>."""

from __future__ import annotations

import html
import re

from . import mermaid
from .model import DRIFT_NOTE, OPERATION_WORDS, REMOVALS, Code, Line, Quote, Segment, Summary

#: The first line of every comment (with the title), so a CI job can find and update its own comment.
MARKER = "<!-- cortex-pulumi summarize: {title} -->"
#: Lists longer than this fold into <details>.
FOLD_AFTER = 8
MAX_CODE = 120
# Enough to keep program values from becoming emphasis, links, tags or table cells; parentheses stay readable.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Plain text that Markdown and HTML render literally (no links, tags or emphasis from program values)."""
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("\n", " ")


def code(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_CODE:
        text = text[: MAX_CODE - 1] + "…"
    if "`" in text or "|" in text or "<" in text:
        # Backticks or pipes would end the span or a table cell: use HTML, escaped.
        return "<code>" + html.escape(text).replace("|", "&#124;").replace("`", "&#96;") + "</code>"
    return f"`{text}`"


def inline(parts: tuple[Segment, ...], *, in_html: bool = False) -> str:
    out = []
    for part in parts:
        if isinstance(part, Code):
            out.append("<code>" + html.escape(part.text[:MAX_CODE]) + "</code>" if in_html else code(part.text))
        elif isinstance(part, Quote):
            out.append("“" + (html.escape(part.text) if in_html else escape(part.text)) + "”")
        else:
            out.append(html.escape(part) if in_html else escape(part))
    return "".join(out)


def _items(lines: tuple[Line, ...], depth: int) -> list[str]:
    pad = "  " * depth
    out = []
    for item in lines:
        out.append(f"{pad}- {inline(item.parts)}")
        if len(item.children) > FOLD_AFTER:
            out += ["", f"{pad}  <details><summary>{len(item.children)} items</summary>", ""]
            out += _items(item.children, depth + 1)
            out += ["", f"{pad}  </details>", ""]
        else:
            out += _items(item.children, depth + 1)
    return out


def _table(summary: Summary) -> list[str]:
    columns = summary.columns
    out = ["| | " + " | ".join(OPERATION_WORDS[c] for c in columns) + " |", "|---" + "|--:" * len(columns) + "|"]
    for heading, ops in summary.counts.items():
        cells = [str(ops[c]) if ops.get(c) else "" for c in columns]
        out.append(f"| {code(heading) if ':' in heading else escape(heading)} | " + " | ".join(cells) + " |")
    return out


def _alert(summary: Summary) -> list[str]:
    if not summary.destructive and not summary.removals:
        return []
    out = ["> [!CAUTION]"]
    if summary.destructive:
        deletes, replaces = summary.total("delete"), summary.total("replace")
        words = " and ".join(w for w in (f"deletes {deletes}" if deletes else "",
                                         f"replaces {replaces}" if replaces else "") if w)
        out += [f"> **This preview {words}:**", *(f"> - {inline(item.parts)}" for item in summary.destructive)]
    if summary.removals:
        out += [f"> **{REMOVALS}**", *(f"> - {inline(item.parts)}" for item in summary.removals)]
    return [*out, ""]


def _adoptions(summary: Summary) -> list[str]:
    """The adoptions' own section: objects Cortex already holds, taken over rather than created."""
    adopted = summary.adopted
    if not adopted:
        return []
    out = [f"#### Adoptions: {len(adopted)} objects Cortex already holds, taken over (`adopt=True`), not created", ""]
    if summary.adoption:
        out += [f"**{escape(summary.adoption)}**", ""]
    for block in adopted:
        out.append(f"- {inline(block.named)}: " + "; ".join(inline(item.parts) for item in block.lines))
    return [*out, ""]


def _blocks(summary: Summary) -> list[str]:
    out: list[str] = []
    for heading, block in summary.by_kind():
        if heading is not None:
            out += [f"#### {escape(heading)}", ""]
        title = f"{inline(block.label)} · {block.says}"
        if block.figure is not None:
            out += [f"**{title}**", "", *mermaid.render(block.figure), *_items(block.lines, 0), ""]
            continue
        if len(block.lines) > FOLD_AFTER:
            summary_html = f"<b>{inline(block.label, in_html=True)}</b> · {block.says} ({len(block.lines)} changes)"
            out += [f"<details><summary>{summary_html}</summary>", "", *_items(block.lines, 0), "", "</details>", ""]
        else:
            out += [f"**{title}**" if block.lines else title, "", *_items(block.lines, 0), ""]
    return out


def render(summary: Summary, *, title: str = "Cortex preview") -> str:
    """The whole comment; the first line is MARKER with the title."""
    marker = MARKER.format(title=" ".join(title.replace("--", "- -").replace(">", "").split()))
    out = [marker, f"### {escape(title)}", ""]
    if summary.errors:
        out += ["> [!WARNING]", "> **The preview failed:**"]
        for error in summary.errors:
            out += ["> ```text", *[f"> {text_line}" for text_line in error.splitlines()], "> ```"]
        out.append("")
    out += [f"**{summary.headline()}**", ""]
    if summary.drift:
        out += [escape(DRIFT_NOTE).replace("\\`", "`"), ""]
    if summary.counts:
        out += [*_table(summary), ""]
    out += _alert(summary)
    out += _adoptions(summary)
    out += _blocks(summary)
    return "\n".join(out).rstrip() + "\n"
