"""Numbers in sentences: a count with its noun in the right number, for every message the package writes."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """`1 action`, `3 actions` (`noun` is the singular; its plural adds an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
