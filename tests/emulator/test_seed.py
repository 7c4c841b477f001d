"""Seed sections are found in the service modules and applied after the sections they declare they build on."""

from __future__ import annotations

import random
from types import ModuleType
from typing import Any

import pytest

from cortex_pulumi.emulator import seed
from cortex_pulumi.emulator.seed import SeedSection
from cortex_pulumi.emulator.services import service_modules
from cortex_pulumi.emulator.store import Cursor, Store

TEAM = {"type": "CORTEX", "teamTag": "org", "metadata": {"name": "Org"}, "links": [], "slackChannels": [],
        "cortexTeam": {"members": []}}


def _module(name: str, sections: dict[str, SeedSection]) -> ModuleType:
    module = ModuleType(f"cortex_pulumi.emulator.services.{name}")
    module.seed_sections = sections  # type: ignore[attr-defined]
    return module


def test_every_section_comes_after_the_sections_it_names() -> None:
    declared = seed.declared_sections()
    assert {"entities", "teams", "relationships", "secrets", "deploys", "scorecards", "workflows"} <= set(declared)
    assert declared["relationships"].after == ("teams",) and set(declared["deploys"].after) == {"entities", "teams"}
    order = [name for name, _ in seed.seed_sections()]
    assert sorted(order) == sorted(declared)
    for name, section in declared.items():
        assert all(order.index(before) < order.index(name) for before in section.after), (name, order)


def test_a_new_service_section_is_found_and_applied_after_its_dependencies(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def widgets(tx: Cursor, items: list[Any]) -> None:
        seen.append(tx.get("team", "org") is not None)

    widget = _module("widget", {"widgets": SeedSection(widgets, after=("relationships", "teams"))})
    for attempt in range(5):  # whatever order the modules are found in
        modules = random.Random(attempt).sample([widget, *service_modules()], len(service_modules()) + 1)
        monkeypatch.setattr(seed, "service_modules", lambda modules=modules: modules)
        seed.apply_seed(Store(":memory:"), {"widgets": [{}], "relationships": [], "teams": [TEAM]})
    assert seen == [True] * 5


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"widgets": SeedSection(lambda tx, items: None, after=("gadgets",))},
         "seed section 'widgets' comes after unknown section\\(s\\): gadgets"),
        ({"teams": SeedSection(lambda tx, items: None)}, "seed section 'teams' is declared twice"),
        ({"a": SeedSection(lambda tx, items: None, after=("b",)), "b": SeedSection(lambda tx, items: None, after=("a",))},
         "seed sections depend on each other in a circle: "),
    ],
)
def test_bad_declarations_are_refused_by_name(monkeypatch: pytest.MonkeyPatch, sections: dict[str, SeedSection],
                                              message: str) -> None:
    monkeypatch.setattr(seed, "service_modules", lambda: [*service_modules(), _module("widget", sections)])
    with pytest.raises(ValueError, match=message):
        seed.seed_sections()
