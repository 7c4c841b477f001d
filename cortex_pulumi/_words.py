"""Numbers in sentences: a count with its noun in the right number, for every message the package writes."""

from __future__ import annotations


def plural(noun: str) -> str:
    """The plural of `noun` (a singular noun the package names things by): it adds an s."""
    return f"{noun}s"


def counted(number: int, noun: str) -> str:
    """`1 action`, `3 actions` (`noun` is the singular)."""
    return f"{number} {noun if number == 1 else plural(noun)}"
