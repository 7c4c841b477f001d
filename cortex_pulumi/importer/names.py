"""Safe, unique Python identifiers and file names for Cortex tags."""

from __future__ import annotations

import keyword
import re

__all__ = ["Names", "check_file_tag"]

_NOT_IDENT = re.compile(r"[^0-9A-Za-z_]+")
_FILE_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
#: Names no tag may take whatever is imported (the header's among them); each kind's part of the program adds
#: those it uses (`ImportKind.reserved`).
RESERVED = frozenset({"cortex", "pulumi", "config", "path", "Path"})


class Names:
    """Hands out one identifier per tag: lower snake case, a `_` before a leading digit or after a keyword or
    reserved name, and `_2`, `_3`, ... when two tags map to the same name."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self._reserved = RESERVED | reserved
        self._taken: set[str] = set(self._reserved)
        self._given: dict[str, str] = {}

    def __call__(self, tag: str, kind: str = "tag") -> str:
        if tag in self._given:
            return self._given[tag]
        base = _NOT_IDENT.sub("_", tag).strip("_").lower()
        if not base or not re.search(r"[a-z0-9]", base):
            raise ValueError(f"the {kind} tag {tag!r} cannot become a Python identifier (it has no ASCII letter or "
                             "digit); rename it in Cortex or leave it out with --exclude")
        if base[0].isdigit():
            base = "_" + base
        if keyword.iskeyword(base) or keyword.issoftkeyword(base) or base in self._reserved:
            base += "_"
        name, n = base, 2
        while name in self._taken:
            name, n = f"{base}_{n}", n + 1
        self._taken.add(name)
        self._given[tag] = name
        return name


def check_file_tag(tag: str, kind: str) -> str:
    """`tag` when it is safe as a file name (`scorecards/<tag>.yaml`), else ValueError naming it."""
    if not _FILE_TAG.match(tag) or tag in (".", ".."):
        raise ValueError(f"the {kind} tag {tag!r} cannot be a file name (only letters, digits, '_', '.', '-', "
                         "starting with a letter or digit); rename it in Cortex or leave it out with --exclude")
    return tag
