"""The README's code blocks, by section, as the documentation tests run them (parsed with markdown-it-py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
#: A paragraph that names the file the next block is, e.g. "`__main__.py`:".
_FILE_LABEL = re.compile(r"^`(?P<path>[^`]+)`:\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block: its language, its section heading, the file it is (if a label names one)."""

    language: str
    section: str
    code: str
    file: str | None
    line: int


def blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of the README, in order."""
    tokens = MarkdownIt().parse(README.read_text() if text is None else text)
    found: list[Block] = []
    section, label = "", None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            section = tokens[index + 1].content.strip()
            label = None
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            match = _FILE_LABEL.match(token.content.strip())
            label = match["path"] if match else None
        elif token.type == "fence":
            language = token.info.split()[0] if token.info.strip() else ""
            line = (token.map[0] + 1) if token.map else 0
            found.append(Block(language, section, token.content, label, line))
            label = None
    return found


def section_blocks(section: str, text: str | None = None) -> list[Block]:
    """The blocks under the heading `section`."""
    return [block for block in blocks(text) if block.section == section]
