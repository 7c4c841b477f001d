"""Date-times as Cortex writes them (ISO-8601, `Z`, any fraction length): parsed and formatted here only."""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["format_datetime", "parse_datetime"]

_FRACTION = re.compile(r"\.(\d+)")


def parse_datetime(value: str) -> _dt.datetime:
    """Parse ISO-8601 the way Cortex writes it (``Z``, any fraction length) on Python >= 3.10."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python 3.10's fromisoformat only takes 3 or 6 fraction digits.
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    parsed = _dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed


def format_datetime(value: _dt.datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix: ``2023-08-16T22:55:38.284Z``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
