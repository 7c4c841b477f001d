"""The import's per-kind pieces, one module per provider kind (its `IMPORT`), found here by discovery and matched to
the kind registry's kinds by object; their order comes from what each is read after."""

from __future__ import annotations

import importlib
import pkgutil
import threading

from ...provider.kinds import Kind, kinds
from ..snapshot import Tenant
from .base import ImportKind, ordered

__all__ = ["ImportKind", "by_option", "counts", "imports", "missing_imports", "object_count"]

_FOUND: list[ImportKind] = []
_LOCK = threading.Lock()


def _discover() -> list[ImportKind]:
    """The `IMPORT` of each module of this package, in reading order."""
    found: dict[Kind, ImportKind] = {}
    for info in pkgutil.iter_modules(__path__):
        piece = getattr(importlib.import_module(f"{__name__}.{info.name}"), "IMPORT", None)
        if isinstance(piece, ImportKind):
            if piece.spec in found or piece.option in {p.option for p in found.values()}:
                raise RuntimeError(f"two importer modules declare the kind {piece.spec.name!r} or its --kinds word")
            found[piece.spec] = piece
    return ordered(found.values())


def imports() -> list[ImportKind]:
    """Every kind's piece, each after the kinds it is read after."""
    with _LOCK:
        if not _FOUND:
            _FOUND.extend(_discover())
    return list(_FOUND)


def missing_imports() -> list[str]:
    """Registered kinds without an importer piece (a test keeps this empty)."""
    have = {piece.spec for piece in imports()}
    return [k.name for k in kinds() if k not in have]


def by_option(names: list[str]) -> list[ImportKind]:
    """The pieces `--kinds` names (in reading order); KeyError naming the first unknown one."""
    known = {piece.option: piece for piece in imports()}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise KeyError(unknown[0])
    return [piece for piece in imports() if piece.option in names]


def counts(tenant: Tenant) -> list[tuple[str, int]]:
    """(noun, rows) per imported kind, for the README and the command's summary line."""
    return [(piece.noun, len(piece.rows(tenant))) for piece in imports() if piece.spec in tenant.kinds]


def object_count(tenant: Tenant) -> int:
    """Objects the program will declare (the hierarchy counts as one)."""
    return sum(piece.objects(piece.rows(tenant)) for piece in imports())
