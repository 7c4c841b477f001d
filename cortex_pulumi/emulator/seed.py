"""Seed files: YAML or JSON mappings of sections applied in one transaction at start-up and after reset.

Sections (all optional)::

    entities: [{tag, type, name, groups, customData, owners}]          # registered catalog entities
    teams: [CreateTeamRequest bodies, optionally "externallyManaged": true and, for IDP teams,
            idpGroup.members: [{email, name}] (the members the IdP sync brought in)]
    relationships: [{parentTeamTag, childTeamTag, provider?}]          # the hierarchy (provider: synced)
    secrets: [{tag, name, secret}]
    deploys: [{entity: <tag>, ...SaveDeployRequest}]

A seed file loads into a new (empty) database only: started again on a ``--db`` that already holds data,
the emulator keeps that data as it is and logs that the seed was skipped. Re-applying it would bring back
what a program deleted since and undo its edits, so a restarted emulator would no longer be the tenant it
was; a reset (``POST /_emulator/reset``) empties the database and loads the seed again.

Service modules contribute sections through a module attribute ``seed_sections: dict[str, SeedSection]``
(found by `cortex_pulumi.emulator.services.service_modules`, no list to keep). Each section names the
sections it builds on (``SeedSection(_seed, after=("teams",))``: edges and deploys name teams) and they are
applied in an order that honours those dependencies, ``entities`` first. An unknown section is an error.
"""

from __future__ import annotations

import graphlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import yaml

from cortex_pulumi.emulator import entities
from cortex_pulumi.emulator.services import service_modules
from cortex_pulumi.emulator.store import Cursor, Store

logger = logging.getLogger(__name__)

SeedFn = Callable[[Cursor, list[Any]], None]


@attrs.frozen
class SeedSection:
    """How a seed section is applied, and the sections whose objects it refers to (applied before it)."""

    apply: SeedFn
    after: tuple[str, ...] = ()


def _register_entities(tx: Cursor, items: list[Any]) -> None:
    for item in items:
        entities.register_entity(tx, item)


ENTITIES = SeedSection(_register_entities)


def declared_sections() -> dict[str, SeedSection]:
    """Every section by name: ``entities`` and those of the service modules; ValueError on a name declared twice."""
    sections = {"entities": ENTITIES}
    for module in service_modules():
        for name, section in getattr(module, "seed_sections", {}).items():
            if name in sections:
                raise ValueError(f"seed section '{name}' is declared twice (again in {module.__name__})")
            sections[name] = section
    return sections


def seed_sections() -> list[tuple[str, SeedFn]]:
    """The sections in application order: each after the sections it names in ``after``."""
    sections = declared_sections()
    graph: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name, section in sections.items():
        missing = [dep for dep in section.after if dep not in sections]
        if missing:
            raise ValueError(f"seed section '{name}' comes after unknown section(s): {', '.join(missing)}")
        graph.add(name, *section.after)
    try:
        order = list(graph.static_order())
    except graphlib.CycleError as exc:
        raise ValueError(f"seed sections depend on each other in a circle: {' -> '.join(exc.args[1])}") from None
    return [(name, sections[name].apply) for name in order]


def load_seed_file(path: str) -> dict[str, Any]:
    """The sections of the file; OSError when it cannot be read, ValueError naming the problem otherwise."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"seed file {path} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"seed file {path} is not valid YAML: {getattr(exc, 'problem', None) or exc}{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"seed file {path} must contain a mapping of sections")
    return data


def apply_seed(store: Store, data: dict[str, Any]) -> None:
    """Apply every section in one transaction: a bad seed changes nothing and raises ValueError."""
    sections = seed_sections()
    known = {name for name, _ in sections}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown seed section(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    from cortex_pulumi.emulator.http import ApiError

    with store.transaction() as tx:
        for name, fn in sections:
            items = data.get(name)
            if items is None:
                continue
            if not isinstance(items, list):
                raise ValueError(f"seed section '{name}' must be a list")
            try:
                fn(tx, items)
            except ApiError as exc:
                detail = f" ({exc.details})" if exc.details else ""
                raise ValueError(f"seed section '{name}': {exc.message}{detail}") from None


def apply_seed_file(store: Store, path: str) -> bool:
    """Load the seed file into `store` when it holds no data yet (True); otherwise keep the data and log that the
    seed was skipped (False). The file is read and checked either way; ValueError names the file and the problem."""
    data = load_seed_file(path)
    if not store.is_empty():
        logger.warning("seed file %s skipped: the database %s already holds data (a seed file loads into a new "
                       "database only; POST /_emulator/reset empties it and loads the seed again)", path, store.path)
        return False
    try:
        apply_seed(store, data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return True
