"""Routing does not depend on the order of the service modules: literal path segments win over templates."""

from __future__ import annotations

import random
from types import ModuleType

import pytest
from starlette.routing import BaseRoute, Match, Route

from cortex_pulumi.emulator import app as app_module, services
from cortex_pulumi.emulator.http import routing_order
from cortex_pulumi.emulator.settings import Settings

API = "/api/v1"


def _routes(order: list[ModuleType], monkeypatch: pytest.MonkeyPatch) -> list[BaseRoute]:
    monkeypatch.setattr(app_module, "service_modules", lambda: order)
    return list(app_module.build_app(Settings(db=":memory:")).routes)


def _probes(routes: list[BaseRoute]) -> set[tuple[str, str]]:
    """(method, path) for every route with each template replaced by every literal found at its place
    in another path (``/teams/{tagOrId}`` becomes ``/teams/relationships`` among others) or by ``x``."""
    literals: dict[int, set[str]] = {}
    for route in routes:
        for place, segment in enumerate(getattr(route, "path", "").split("/")):
            if "{" not in segment:
                literals.setdefault(place, set()).add(segment)
    probes: set[tuple[str, str]] = set()
    for route in routes:
        paths = [""]
        for place, segment in enumerate(getattr(route, "path", "").split("/")):
            options = sorted(literals.get(place, set()) | {"x"}) if "{" in segment else [segment]
            paths = [f"{p}/{o}" if place else o for p in paths for o in options]
        probes.update((method, path) for method in getattr(route, "methods", None) or () for path in paths)
    return probes


def _dispatch(routes: list[BaseRoute], method: str, path: str) -> str:
    """The handler Starlette runs: the first full match, else the first partial one (405)."""
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    partial = ""
    for route in routes:
        match, _ = route.matches(scope)
        name = f"{getattr(route, 'endpoint', None).__module__}.{getattr(route, 'name', '')}"
        if match is Match.FULL:
            return name
        if match is Match.PARTIAL and not partial:
            partial = "405 " + name
    return partial or "404"


def test_shuffled_modules_route_every_request_to_the_same_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    modules = services.service_modules()
    reference = _routes(modules, monkeypatch)
    probes = sorted(_probes(reference))
    expected = {probe: _dispatch(reference, *probe) for probe in probes}
    assert expected[("GET", API + "/teams/relationships")].endswith("team_hierarchy.get_relationships")
    assert expected[("GET", API + "/teams/x")].endswith("services.team.get_team")
    orders = [modules[::-1]] + [random.Random(seed).sample(modules, len(modules)) for seed in range(6)]
    for order in orders:
        routes = _routes(order, monkeypatch)
        got = {probe: _dispatch(routes, *probe) for probe in probes}
        assert got == expected, [m.__name__ for m in order]


def test_every_service_module_is_found_and_served(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {module.__name__.rsplit(".", 1)[1] for module in services.service_modules()}
    assert {"team", "team_hierarchy", "secret", "deploy", "scorecard", "exemption", "workflow"} <= names
    assert not names & {"team_model", "scorecard_store", "workflow_model", "violations"}
    served = {id(route) for route in _routes(services.service_modules(), monkeypatch)}
    assert all(id(route) in served for module in services.service_modules() for route in module.routes)


async def _handler(request: object) -> None:  # pragma: no cover - never called
    return None


def test_literal_segment_sorts_first_wherever_two_paths_differ() -> None:
    paths = [API + "/a/{x}/c", API + "/a/{x}/{y}", API + "/a/b/{y}", API + "/a/{x}", API + "/a/b"]
    ordered = [r.path for r in routing_order(Route(p, _handler, methods=["GET"]) for p in paths)]
    assert ordered.index(API + "/a/b/{y}") < ordered.index(API + "/a/{x}/c") < ordered.index(API + "/a/{x}/{y}")
    assert ordered.index(API + "/a/b") < ordered.index(API + "/a/{x}")


def test_two_routes_for_one_method_and_path_shape_are_refused() -> None:
    twins = [Route(API + "/teams/{tagOrId}", _handler, methods=["GET"]), Route(API + "/teams/{tag}", _handler, methods=["GET"])]
    with pytest.raises(ValueError, match="two routes for GET /api/v1/teams/{}"):
        routing_order(twins)
    # The same path for different methods is fine: Starlette answers 405 only when no route has the method.
    routing_order([twins[0], Route(API + "/teams/{tag}", _handler, methods=["DELETE"])])
