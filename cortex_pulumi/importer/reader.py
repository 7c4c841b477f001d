"""Read a tenant through the client: paged listings, one descriptor read per scorecard, nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TypeVar

from ..client import CortexClient
from ..client.errors import CortexConnectionError, CortexError, ForbiddenError, UnauthorizedError
from .kinds import by_option, imports, object_count
from .snapshot import Tenant

__all__ = ["ALL_KINDS", "DEFAULT_KINDS", "ImportFailure", "read_tenant"]

#: The words `--kinds` accepts, in reading order (each kind's `option`, found in `importer/kinds/`).
ALL_KINDS = tuple(piece.option for piece in imports())
#: What is read unless `--kinds` says otherwise (a kind of records rather than configuration only on request).
DEFAULT_KINDS = tuple(piece.option for piece in imports() if piece.by_default)
T = TypeVar("T")


class ImportFailure(Exception):
    """The import cannot go on; the message is the one line the command prints."""


def _guarded(kind: str, base_url: str, read: Callable[[], T]) -> T:
    """Run one kind's reads, turning client errors into a one-line cause naming the kind."""
    try:
        return read()
    except UnauthorizedError as exc:
        raise ImportFailure(f"Cortex at {base_url} rejected the API token (401) while reading {kind}: {exc}") from None
    except ForbiddenError as exc:
        raise ImportFailure(f"the API token has no read permission on {kind} (403 from Cortex at {base_url}): "
                            f"{exc}; use a key that can read {kind}, or leave it out with --kinds") from None
    except CortexConnectionError as exc:
        raise ImportFailure(f"cannot reach Cortex at {base_url} (reading {kind}): {exc}") from None
    except CortexError as exc:
        raise ImportFailure(f"reading {kind} from Cortex at {base_url} failed: {exc}") from None


def _selected(tag: str, prefixes: Sequence[str], exclude: Iterable[str]) -> bool:
    return (not prefixes or tag.startswith(tuple(prefixes))) and tag not in set(exclude)


def read_tenant(client: CortexClient, kinds: Sequence[str] = DEFAULT_KINDS, *, tag_prefixes: Sequence[str] = (),
                exclude: Iterable[str] = (), allow_empty: bool = False) -> Tenant:
    """Everything of `kinds` (their `--kinds` words) the tenant holds (tags filtered by `tag_prefixes` / `exclude`).

    Raises ImportFailure (one line) for an unknown kind, an unreachable tenant, a token that may not read a
    kind, or (unless `allow_empty`) a tenant with nothing to import."""
    try:
        pieces = by_option(list(kinds))
    except KeyError as exc:
        raise ImportFailure(f"unknown kind {exc.args[0]!r} in --kinds; known kinds: {', '.join(ALL_KINDS)}") from None
    chosen = {piece.spec for piece in pieces}
    for piece in pieces:
        for needed, why in piece.needs.items():
            if needed not in chosen:
                raise ImportFailure(f"--kinds {piece.option} needs {needed.option} too: {why}")
    excluded = tuple(exclude)
    tenant = Tenant(base_url=client.base_url, kinds=tuple(piece.spec for piece in pieces))

    def keep(tag: str) -> bool:
        return _selected(tag, tag_prefixes, excluded)

    for piece in pieces:
        tenant.rows[piece.spec] = _guarded(piece.option, client.base_url, partial(piece.read, client, tenant, keep))
    if object_count(tenant) == 0 and not allow_empty:
        scope = f" with tags starting {' or '.join(map(repr, tag_prefixes))}" if tag_prefixes else ""
        raise ImportFailure(f"nothing to import: Cortex at {client.base_url} holds no "
                            f"{', '.join(piece.option for piece in pieces)}{scope}; check --base-url, --kinds and "
                            "--tag-prefix")
    return tenant
