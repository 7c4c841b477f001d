"""A hierarchy change as a Mermaid flowchart (GitHub and GitLab draw it inside a Markdown comment)."""

from __future__ import annotations

import re

from .hierarchy import ADDED, KEPT, REMOVED, HierarchyChange, View, view

#: Longer team names and tags are cut (with an ellipsis) so one team cannot stretch the diagram.
MAX_LABEL = 40
#: Anything but letters, digits and a few harmless marks is written as a Mermaid entity code (#60; for <),
#: so a name can neither close the label (`"`, `]`), start an arrow or a comment, nor become HTML or Markdown.
_UNSAFE = re.compile(r"[^\w .,:/@+-]")
_ARROWS = {KEPT: "-->", ADDED: "== added ==>", REMOVED: "-. removed .->"}
_BARE_ARROWS = {KEPT: "-->", ADDED: "==>", REMOVED: "-.->"}
#: Past this many teams the tree grows left to right (a long page reads better than a wide one), and past
#: this many edges the arrows lose their words (their style still tells added from removed).
WIDE = 12
_LINK_STYLES = {KEPT: "stroke:#8c959f,stroke-width:1px", ADDED: "stroke:#1a7f37,stroke-width:3px",
                REMOVED: "stroke:#cf222e,stroke-width:2px"}
_CLASSES = ("classDef team fill:#f6f8fa,stroke:#57606a,color:#1f2328",
            "classDef joined fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328",
            "classDef left fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3,color:#1f2328")
LEGEND = ("Thick green arrows are edges added, dotted red arrows edges removed, thin grey arrows unchanged edges "
          "shown for context; green teams join the hierarchy, red dashed teams leave it.")


def escape(text: str) -> str:
    """Label text Mermaid shows literally: whitespace collapsed, cut at MAX_LABEL, unsafe characters as codes."""
    text = " ".join(text.split())
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "…"
    return _UNSAFE.sub(lambda m: f"#{ord(m.group())};", text)


def label(tag: str, names: dict[str, str] | None, fate: str = "") -> str:
    """`Name<br/>tag`, or the tag alone for a team the preview does not name; `(new)` or `(deleted)` after the
    tag of a team the same preview creates or deletes."""
    name = (names or {}).get(tag)
    suffix = f" #40;{fate}#41;" if fate else ""
    if name and name != tag:
        return f"{escape(name)}<br/>{escape(tag)}{suffix}"
    return escape(tag) + suffix


def flowchart(drawn: View, names: dict[str, str], fates: dict[str, str] | None = None) -> list[str]:
    """The Mermaid source (without the fence): node ids are generated, never taken from team tags."""
    ids = {team: f"t{index}" for index, team in enumerate(drawn.teams)}
    out = ["flowchart " + ("LR" if len(drawn.teams) > WIDE else "TD")]
    arrows = _ARROWS if len(drawn.edges) <= WIDE else _BARE_ARROWS
    out += [f'  {ids[team]}["{label(team, names, (fates or {}).get(team, ""))}"]' for team in drawn.teams]
    out += [f"  {ids[parent]} {arrows[state]} {ids[child]}" for parent, child, state in drawn.edges]
    out += [f"  {line}" for line in _CLASSES]
    plain = [t for t in drawn.teams if t not in drawn.joined and t not in drawn.left]
    for css, teams in (("team", plain), ("joined", [t for t in drawn.teams if t in drawn.joined]),
                       ("left", [t for t in drawn.teams if t in drawn.left])):
        if teams:
            out.append(f"  class {','.join(ids[t] for t in teams)} {css}")
    for state in (KEPT, ADDED, REMOVED):
        numbers = [str(i) for i, edge in enumerate(drawn.edges) if edge[2] == state]
        if numbers:
            out.append(f"  linkStyle {','.join(numbers)} {_LINK_STYLES[state]}")
    return out


def render(change: HierarchyChange) -> list[str]:
    """Markdown lines: the fenced diagram of the affected part, the legend and what was left out."""
    drawn = view(change)
    if not drawn.edges:
        return ["The hierarchy has no edges before or after this change.", ""]
    note = f" {drawn.left_out}" if drawn.left_out else ""
    return ["```mermaid", *flowchart(drawn, dict(change.names), dict(change.fates)), "```", "", f"<sub>{LEGEND}{note}</sub>", ""]
