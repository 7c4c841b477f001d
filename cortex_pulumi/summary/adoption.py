"""Adoptions in a preview: creates with `adopt=True` take over an object Cortex already holds. Given a client,
each one is compared, read-only, with what Cortex holds, by the kind's own equality (`Kind.changes`, the
provider's diff): "25 to adopt: 22 match Cortex, 3 will be updated (name, members)"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..client.errors import CortexError
from ..provider._read_cache import listed_for_adoption
from .kinds import summary_of_type
from .model import Code, Line, line
from .preview import ResourceChange
from .values import is_unknown

if TYPE_CHECKING:
    from ..client.client import CortexClient

__all__ = ["Verdict", "compare_adoptions", "is_adoption", "verdict_lines", "wording"]


def is_adoption(change: ResourceChange) -> bool:
    """A create that takes over an existing object (`adopt=True`) rather than making a new one."""
    return change.op == "create" and (change.new or {}).get("adopt") is True


@attrs.frozen
class Verdict:
    """How one adoption compares with Cortex: `match`, `update` (the fields that differ), `create` (Cortex has
    no such object) or `error` (it could not be read); `pending` lists fields known only at apply."""

    state: str
    fields: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    error: str = ""
    #: Of `fields`, those every adoption writes because Cortex never returns them (a secret's value).
    written: tuple[str, ...] = ()


def _declared(change: ResourceChange) -> dict[str, Any]:
    return {k: v for k, v in (change.new or {}).items() if k != "adopt" and v is not None}


def _existing(client: CortexClient, spec: Any, declared: Mapping[str, Any]) -> Any | None:
    if spec.list_page is not None and spec.key_input:
        return listed_for_adoption(client, spec, declared)  # one listing per kind, shared by every adoption
    found = spec.find(client, declared)
    return found[1] if found is not None else None


def _compare(client: CortexClient, change: ResourceChange) -> Verdict:
    kind = summary_of_type(change.type)
    if kind is None:
        return Verdict("error", error="not a Cortex resource")
    spec, declared = kind.spec, _declared(change)
    pending = tuple(k for k in spec.fields if is_unknown(declared.get(k)))
    known = {k: v for k, v in declared.items() if k not in pending}
    try:
        existing = _existing(client, spec, known)
        if existing is None:
            return Verdict("create", pending=pending)
        drift = spec.drift(client, existing, known, known)
    except CortexError as exc:
        return Verdict("error", error=str(exc))
    written = tuple(k for k in spec.write_only if k in known)
    changed = [*(field for field, _, _ in drift), *written]
    fields = tuple(k for k in changed if k not in pending and k in known)
    return Verdict("update" if fields else "match", fields, pending, written=written)


def compare_adoptions(client: CortexClient, changes: Iterable[ResourceChange]) -> dict[str, Verdict]:
    """URN -> verdict of each adoption among `changes`; reads only (listings, where a kind has one)."""
    return {change.urn: _compare(client, change) for change in changes if is_adoption(change)}


def verdict_lines(verdict: Verdict | None) -> list[Line]:
    """The details of an adoption in the summary."""
    if verdict is None:
        return [line("exists in Cortex (adopt=True): taken over, and written only where it differs from the program "
                     "(give `cortex-pulumi summarize` a connection to compare)")]
    out = {
        "match": [line("matches Cortex: adopting writes nothing")],
        "update": _update_lines(verdict),
        "create": [line("not in Cortex: adopting creates it")],
        "error": [line(f"could not be compared with Cortex: {verdict.error}")],
    }[verdict.state]
    if verdict.pending:
        out.append(line("known only at apply: ", *_codes(verdict.pending)))
    return out


def _update_lines(verdict: Verdict) -> list[Line]:
    """What an adoption writes: the fields Cortex holds otherwise, and the ones it never returns (not compared)."""
    differ = [f for f in verdict.fields if f not in verdict.written]
    out = [line("Cortex differs in ", *_codes(differ), f": adopting updates {'it' if len(differ) == 1 else 'them'}")]
    if verdict.written:
        out = out if differ else [line("matches Cortex in what it returns")]
        out.append(line(*_codes(verdict.written), " written as declared: Cortex never returns "
                        f"{'it' if len(verdict.written) == 1 else 'them'}, so it cannot be compared"))
    return out


def _codes(keys: Iterable[str]) -> list[Any]:
    parts: list[Any] = []
    for index, key in enumerate(keys):
        parts += ([", "] if index else []) + [Code(key)]
    return parts


def wording(verdicts: Mapping[str, Verdict]) -> str:
    """`25 to adopt: 22 match Cortex, 3 will be updated (name, members)` (empty without adoptions)."""
    if not verdicts:
        return ""
    counts = {state: [v for v in verdicts.values() if v.state == state] for state in ("match", "update", "create",
                                                                                       "error")}
    fields = sorted({f for v in counts["update"] for f in v.fields})
    parts = [f"{len(counts['match'])} match Cortex" if counts["match"] else "",
             f"{len(counts['update'])} will be updated ({', '.join(fields)})" if counts["update"] else "",
             f"{len(counts['create'])} not in Cortex, so created" if counts["create"] else "",
             f"{len(counts['error'])} could not be compared" if counts["error"] else ""]
    return f"{len(verdicts)} to adopt: " + ", ".join(p for p in parts if p)
