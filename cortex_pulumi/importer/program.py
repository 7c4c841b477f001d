"""The generated `__main__.py`: the header, then each kind's part (`importer/kinds/<key>.py`), in reading order.

Why tables: a tenant holds hundreds of teams. Hundreds of near-identical `cortex.Team(...)` calls hide the
data in boilerplate, and every change to how teams are declared would have to be made hundreds of times;
one row per team keeps a review diff to the row that changed, and the loop is written once. Scorecards
and secrets stay one statement each, named after their tag: programs refer to them (exemptions name their
rules through `scorecard.rule_identifiers`; workflows use secrets), and there are few of them.
"""

from __future__ import annotations

import re

from ..provider.kinds import Kind
from .kinds import imports
from .kinds.base import Program
from .names import Names
from .snapshot import Tenant

__all__ = ["render_program", "variables"]


def _header(tenant: Tenant) -> str:
    return f'''"""Cortex as code: the tenant at {tenant.base_url}, as `cortex-pulumi import` read it.

Each kind is a data table plus one loop: edit a row to change that object (the loop stays as it is), add a
row to declare a new one, remove a row and `pulumi up` deletes the object. Scorecards and workflows live in
their own files (scorecards/<tag>.yaml, workflows/<tag>.yaml), in Cortex's own formats. `adopt=True` lets the
first `pulumi up` take over the objects that already exist instead of creating them. README.md lists what
was left out and why.
"""

import cortex_pulumi as cortex
import pulumi

config = pulumi.Config()
'''


def variables(tenant: Tenant) -> dict[Kind, dict[str, str]]:
    """Per kind, the variable name of each object the program names, by tag (one namespace across kinds, none
    taking a name a kind's part uses); ValueError for a tag that cannot become an identifier."""
    pieces = imports()
    names = Names(frozenset().union(*(piece.reserved for piece in pieces)))
    return {piece.spec: {tag: names(tag, piece.noun) for tag in piece.named(piece.rows(tenant))} for piece in pieces}


def render_program(tenant: Tenant) -> str:
    """The text of `__main__.py` for `tenant` (ValueError when a tag cannot become an identifier)."""
    pieces = imports()
    referenced = frozenset(spec for piece in pieces if piece.rows(tenant) for spec in piece.depends)
    program = Program(tenant=tenant, variables=variables(tenant), referenced=referenced)
    text = _header(tenant) + "".join(piece.program(program) for piece in pieces)
    return re.sub(r"\n{4,}", "\n\n\n", text)
