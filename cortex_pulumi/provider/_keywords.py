"""Keyword arguments of resources and `*Args` classes, checked before anything is built or registered.

Unknown names (with the closest known one), missing required ones and positional values are reported in one
TypeError naming the program line that declared the object (and the data-table row that spells a bad key).
"""

from __future__ import annotations

import difflib
import functools
import linecache
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["check_keywords", "declaration_site", "guard_args_class"]

#: This package: frames inside it are never the declaration.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_GUARDED = "_cortex_keywords_checked"


def _program_frame() -> tuple[str, int] | None:
    """(file, line) of the innermost frame outside this package: the program line that declared the object."""
    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if not (path.is_absolute() and (_PACKAGE_DIR in path.resolve().parents)):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return None


def declaration_site() -> str:
    """`file:line` of the program line that declared the object."""
    site = _program_frame()
    return f"{site[0]}:{site[1]}" if site else "<unknown>"


def _written_at(key: str, who: str) -> str:
    """Where a data-table row of the declaring file spells `key` (`'descripton': ...`), when the call itself does
    not: a generated program's loop passes `**row`, and the row is what to fix. The row naming `who`'s resource
    name is preferred."""
    site = _program_frame()
    if site is None:
        return ""
    lines = linecache.getlines(site[0])
    spelled = re.compile(rf"""(['"]){re.escape(key)}\1\s*:""")
    found = [i for i, line in enumerate(lines, 1) if spelled.search(line)]
    if not found or re.search(rf"\b{re.escape(key)}\s*=", lines[site[1] - 1] if site[1] <= len(lines) else ""):
        return ""
    name = re.search(r"\('(.*)'\)$", who)
    named = [i for i in range(1, len(lines) + 1) if name and repr(name.group(1)) in lines[i - 1]]
    line = next((f for f in found for n in named if n <= f and not any(n < m < f for m in named)), found[0])
    return f", written at {site[0]}:{line}"


def _closest(name: str, known: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


@functools.cache
def _names(args_type: type) -> tuple[dict[str, None], frozenset[str]]:
    """(every field name, in order; the required ones): what each construction checks its keywords against."""
    declared = attrs.fields(args_type)
    return dict.fromkeys(f.name for f in declared), frozenset(f.name for f in declared if f.default is attrs.NOTHING)


def check_keywords(args_type: type, given: Mapping[str, Any], who: str) -> None:
    """Raise one TypeError naming every unknown keyword (and the closest known name) or missing required one,
    and where the program declared `who` (e.g. `Team('platform')`)."""
    known, required = _names(args_type)
    if required.issubset(given) and known.keys() >= given.keys():
        return
    unknown = [name for name in given if name not in known]
    missing = [name for name in known if name in required and name not in given]
    problems = [f"unknown argument {name!r}{_closest(name, known)}{_written_at(name, who)}" for name in unknown]
    problems += [f"missing required argument {name!r}" for name in missing]
    raise TypeError(f"{who} at {declaration_site()}: {'; '.join(problems)}. "
                    f"{args_type.__name__} takes: {', '.join(known)}")


def guard_args_class(args_type: type) -> None:
    """Make `args_type(...)` check its keywords first (its attrs `__init__` speaks of Python internals and points
    at the library); `inspect.signature` still shows the attrs signature."""
    if args_type.__dict__.get(_GUARDED):
        return
    original = vars(args_type)["__init__"]

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            raise TypeError(f"{args_type.__name__} at {declaration_site()}: takes keyword arguments only "
                            f"({', '.join(f.name for f in attrs.fields(args_type))}), got {len(args)} positional")
        check_keywords(args_type, kwargs, args_type.__name__)
        original(self, **kwargs)

    args_type.__init__ = __init__  # type: ignore[misc]
    setattr(args_type, _GUARDED, True)
