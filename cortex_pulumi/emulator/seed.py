"""Seed files: YAML or JSON mappings of sections applied in one transaction at start-up and after reset.

Sections (all optional)::

    entities: [{tag, type, name, groups, customData, owners}]          # registered catalog entities
    teams: [CreateTeamRequest bodies, optionally "externallyManaged": true and, for IDP teams,
            idpGroup.members: [{email, name}] (the members the IdP sync brought in)]
    relationships: [{parentTeamTag, childTeamTag, provider?}]          # the hierarchy (provider: synced)
    secrets: [{tag, name, secret}]
    deploys: [{entity: <tag>, ...SaveDeployRequest}]

Service modules contribute sections through a module attribute
``seed_sections: dict[str, Callable[[Cursor, list[Any]], None]]``; sections are applied in the order of
``SEED_ORDER`` modules (teams before relationships and deploys). An unknown section is an error.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from cortex_pulumi.emulator import entities
from cortex_pulumi.emulator.store import Cursor, Store

SEED_ORDER = ("team", "team_hierarchy", "secret", "deploy", "scorecard", "exemption", "workflow")
SeedFn = Callable[[Cursor, list[Any]], None]


def _register_entities(tx: Cursor, items: list[Any]) -> None:
    for item in items:
        entities.register_entity(tx, item)


def seed_sections() -> list[tuple[str, SeedFn]]:
    sections: list[tuple[str, SeedFn]] = [("entities", _register_entities)]
    for name in SEED_ORDER:
        module = importlib.import_module(f"cortex_pulumi.emulator.services.{name}")
        sections.extend(getattr(module, "seed_sections", {}).items())
    return sections


def load_seed_file(path: str) -> dict[str, Any]:
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
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


def apply_seed_file(store: Store, path: str) -> None:
    apply_seed(store, load_seed_file(path))
