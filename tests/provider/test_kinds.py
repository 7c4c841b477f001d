"""The kind registry: every resource kind declared once, and the read cache and audit built from it."""

from __future__ import annotations

import pytest

from cortex_pulumi import Deploy, ScorecardExemption, Secret, Team, TeamHierarchy
from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._ids import deploy_id
from cortex_pulumi.provider._read_cache import ReadCache
from cortex_pulumi.provider.kinds import TYPE_PREFIX, kind, kind_of_type, kinds, package_of
from tests.support import ADMIN_TOKEN


def test_every_resource_type_declares_its_kind_once() -> None:
    names = {k.type_name: k for k in kinds()}
    assert set(names) == {"Team", "TeamHierarchy", "Secret", "Workflow", "Scorecard", "ScorecardExemption", "Deploy"}
    for resource in (Team, TeamHierarchy, Secret, ScorecardExemption, Deploy):
        provider = resource._provider_type
        assert kind(provider.kind).type_name == resource.__name__
    assert kind_of_type(TYPE_PREFIX + "Team") is names["Team"]
    assert kind_of_type("pulumi-python:dynamic/other:Team") is None
    assert kind("team").key_input == "team_tag" and kind("deploy").key_input is None


#: What every user's state records: the provider classes, pickled by module path and name, and the type tokens.
PICKLED = {
    "cortex_pulumi.provider.team": ("_TeamProvider", "Team"),
    "cortex_pulumi.provider.team_hierarchy": ("_TeamHierarchyProvider", "TeamHierarchy"),
    "cortex_pulumi.provider.secret": ("_SecretProvider", "Secret"),
    "cortex_pulumi.provider.workflow": ("_WorkflowProvider", "Workflow"),
    "cortex_pulumi.provider.scorecard": ("_ScorecardProvider", "Scorecard"),
    "cortex_pulumi.provider.exemption": ("_ExemptionProvider", "ScorecardExemption"),
    "cortex_pulumi.provider.deploy": ("_DeployProvider", "Deploy"),
}


@pytest.mark.parametrize("module", sorted(PICKLED))
def test_state_contract_of_each_kind_is_kept(module: str) -> None:
    import importlib

    provider_name, type_name = PICKLED[module]
    package = importlib.import_module(module)
    provider, resource = getattr(package, provider_name), getattr(package, type_name)
    assert provider.__module__ == module and provider.__qualname__ == provider_name, "pickled by this reference"
    assert resource._provider_type is provider and provider.spec.type_name == type_name
    assert resource._resource_type_name == f"dynamic/cortex:{type_name}"
    assert package_of(provider.spec) == module and kind(provider.spec.name) is provider.spec


def test_without_defaults_leaves_out_what_omitting_gives_at_any_depth() -> None:
    team = kind("team")
    inputs = {"team_tag": "t", "name": "T", "archived": False, "type": "CORTEX", "description": "",
              "members": [{"email": "a@x.io", "name": "A", "notifications_enabled": True, "roles": []},
                          {"email": "b@x.io", "name": "B", "notifications_enabled": False, "roles": ["lead"]}],
              "slack_channels": [{"name": "#t", "notifications_enabled": False, "description": None}], "links": []}
    assert team.without_defaults(inputs) == {
        "team_tag": "t", "name": "T", "type": "CORTEX",  # identity stays: `check` always fills it in
        "members": [{"email": "a@x.io", "name": "A"},
                    {"email": "b@x.io", "name": "B", "notifications_enabled": False, "roles": ["lead"]}],
        "slack_channels": [{"name": "#t"}]}
    rule = {"title": "R", "expression": "x", "weight": 1.0, "level": "", "filter": None}
    assert kind("scorecard").without_defaults({"tag": "s", "rules": [rule]}) == {
        "tag": "s", "rules": [{"title": "R", "expression": "x"}]}


def test_read_cache_lists_each_kind_from_its_declaration(emu: Emulator) -> None:
    with CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None) as client:
        for tag in ("rk-a", "rk-b", "rk-c", "rk-d"):
            client.create_secret(tag=tag, name=tag.upper(), value="s")
        cache, secret = ReadCache(client, threshold=1), kind("secret")
        emu.clear_requests()
        names = [cache.read(secret, tag).name for tag in ("rk-a", "rk-b", "rk-c", "rk-d")]
        assert names == ["RK-A", "RK-B", "RK-C", "RK-D"]
        gets = emu.requests("GET", "/api/v1/secrets/")
        assert len(gets) == 1, "one single read, then one listing answers the rest"
        assert cache.known_absent(secret, "rk-none") and not cache.known_absent(secret, "rk-a")
        cache.written(secret, "rk-a")
        assert not cache.known_absent(secret, "rk-a"), "a key written by this process is never trusted absent"
        # Kinds that are not listed read directly, and ids that are not of the kind have no listing.
        assert cache.listing(kind("team hierarchy"), "team-hierarchy") is None
        assert cache.listing(kind("deploy"), "no-slash") is None
        listing = cache.listing(kind("deploy"), deploy_id("svc/x", "u-1"))
        assert listing is not None and listing[1] == "u-1", "composite ids are split by the one id helper"


@pytest.mark.parametrize("name", ["team", "secret", "workflow", "scorecard"])
def test_find_by_key_input_answers_none_when_absent(emu: Emulator, name: str) -> None:
    spec = kind(name)
    with CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None) as client:
        assert spec.find(client, {spec.key_input: "kind-absent-object"}) is None
        assert spec.get(client, "kind-absent-object") is None
