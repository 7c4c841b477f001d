"""Pieces of the generated Python every kind's part of the program is written with."""

from __future__ import annotations

import pprint
import re
from typing import Any

__all__ = ["config_key", "slug", "table"]

_WIDTH = 110


def table(name: str, rows: list[Any], annotation: str) -> str:
    """`NAME: annotation = [` then one row per line (or per block, for long rows), then `]`."""
    lines = [f"{name}: {annotation} = ["]
    for row in rows:
        text = pprint.pformat(row, width=_WIDTH - 4, sort_dicts=False)
        lines.append("    " + text.replace("\n", "\n    ") + ",")
    return "\n".join(lines) + "\n]\n"


def config_key(identifier: str) -> str:
    """The stack config key of a secret's value (a letter first, as Pulumi config keys want)."""
    return identifier if identifier[0].isalpha() else "secret" + identifier


def slug(text: str) -> str:
    """`text` as a lower-case, dash-separated part of a resource name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "rule"
