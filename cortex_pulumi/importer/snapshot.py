"""What an import read from a tenant, in the shape of the resources' inputs (plain data, no client models)."""

from __future__ import annotations

from typing import Any

import attrs

from ..provider.kinds import Kind

__all__ = ["Attention", "Skipped", "Tenant"]


@attrs.frozen
class Skipped:
    """An object the program must not own (or cannot), with the reason; listed in the generated README."""

    kind: str
    name: str
    why: str


@attrs.frozen
class Attention:
    """An object left out of the program because preview would refuse it: the exact errors, and the file its
    document (if it has one) is written to apart from the program, for the user to fix."""

    kind: str
    name: str
    errors: tuple[str, ...]
    file: str | None = None
    text: str | None = None


@attrs.define
class Tenant:
    """Every object read, per kind (the provider's `Kind`): the rows the program declares, in the shape of the
    resource's inputs where the program declares them so (`importer/kinds/<key>.py` says what a row is), plus what
    was left out."""

    base_url: str
    #: The kinds read, in reading order.
    kinds: tuple[Kind, ...]
    rows: dict[Kind, list[Any]] = attrs.Factory(dict)
    #: True when the import covers part of the hierarchy: the program then owns only the edges it declares.
    partial_hierarchy: bool = False
    #: Who owns the hierarchy: "DECLARED" (the default: the program owns its edges, an edge made in the UI stays)
    #: or "ALL" (the program owns every edge: one made in the UI is removed by the next `up`).
    hierarchy_ownership: str = "DECLARED"
    skipped: list[Skipped] = attrs.Factory(list)
    #: What the program leaves out of objects it declares (an exemption's end date): listed after `skipped`, not
    #: counted among the objects left out.
    notes: list[Skipped] = attrs.Factory(list)
    #: Objects Cortex holds that the provider's validation refuses: not declared, listed in the README.
    attention: list[Attention] = attrs.Factory(list)
