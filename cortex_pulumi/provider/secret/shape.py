"""Secret property shape: the managed fields' canonical forms, the value's keyed hash, and props <-> API."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from .._diff import Canon, plain, text

#: Managed inputs -> canonical form (the value is compared through its hash, apart: Cortex never returns it).
FIELDS: dict[str, Canon] = {"tag": plain, "name": text, "version": text}


def value_hash(salt: str, value: str) -> str:
    """HMAC-SHA256 of the value keyed by the per-resource salt (hex)."""
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()


def to_api(props: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments of create_secret / update_secret."""
    return {"name": props["name"], "value": props["value"]}


def from_api(cortex: Any, props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs from Cortex's answer; the salt and the value's hash come from `props` (Cortex has neither)."""
    return {
        "tag": cortex.tag,
        "name": cortex.name if cortex.name is not None else props.get("name"),
        "version": props.get("version"),
        "adopt": props.get("adopt"),
        "cortex_id": cortex.id,
        "salt": props.get("salt", ""),
        "value_hash": props.get("value_hash", ""),
    }
