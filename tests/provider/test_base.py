"""Shared provider machinery: configuration, no state on provider instances, error translation, diff basics."""

from __future__ import annotations

import pickle
from typing import Any

import pulumi
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

import cortex_pulumi as cortex
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider import _resource
from cortex_pulumi.provider._errors import STACK_NOTE, CortexResourceError
from cortex_pulumi.provider.deploy import _DeployProvider
from cortex_pulumi.provider.exemption import _ExemptionProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.team_hierarchy import _TeamHierarchyProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN

from .conftest import checked, configured

PROVIDERS = [_SecretProvider, _TeamProvider, _TeamHierarchyProvider, _DeployProvider, _WorkflowProvider,
             _ScorecardProvider, _ExemptionProvider]


@pytest.mark.parametrize("cls", PROVIDERS)
def test_configured_providers_hold_nothing(cls: type, emu: Emulator) -> None:
    provider = configured(cls, emu)
    assert vars(provider) == {}, "provider instances must hold plain data only (no client, no token)"
    blob = serialize_provider(provider)
    assert ADMIN_TOKEN not in blob and len(blob) < 400
    assert pickle.loads(pickle.dumps(provider)).__class__ is cls


def test_environment_fallback(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    monkeypatch.setenv("CORTEX_BASE_URL", emu.url)
    p = _SecretProvider()
    p.configure(ConfigureRequest(Config({"other:key": "x"}, "proj")))
    assert p.create(checked(p, {"tag": "t1", "name": "n", "value": "v"})).id == "t1"


def test_stack_config_wins_over_environment(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEX_API_TOKEN", "not-the-token")
    monkeypatch.setenv("CORTEX_BASE_URL", "http://127.0.0.1:9")
    p = configured(_SecretProvider, emu)
    assert p.create(checked(p, {"tag": "t2", "name": "n", "value": "v"})).id == "t2"


def test_bad_token_and_permission_hints(emu: Emulator) -> None:
    # Preview checks off: these are the errors of a create itself (preview_checks tests cover preview's).
    p = configured(_TeamProvider, emu, token="definitely-wrong-token", previewChecks="false")
    with pytest.raises(CortexResourceError) as err:
        p.create(checked(p, {"team_tag": "x", "name": "X"}))
    text = str(err.value)
    assert text.startswith("Unable to create Cortex team 'x': 401 Unauthorized")
    assert "cortex:apiToken" in text and "definitely-wrong-token" not in text
    viewer = configured(_SecretProvider, emu, token=VIEWER_TOKEN, previewChecks="false")
    with pytest.raises(CortexResourceError, match="403 Forbidden.*\nHint: the API key lacks the `Create secrets` permission"):
        viewer.create(checked(viewer, {"tag": "t", "name": "n", "value": "v"}))


def test_unreachable_base_url_hint(emu: Emulator) -> None:
    p = _SecretProvider()
    p.configure(ConfigureRequest(Config({"cortex:apiToken": ADMIN_TOKEN, "cortex:baseUrl": "http://127.0.0.1:9",
                                         "cortex:timeout": "2", "cortex:maxRetries": "0"}, "proj")))
    with pytest.raises(CortexResourceError) as err:
        p.read("t", {"tag": "t"})
    assert str(err.value) == ("Unable to read Cortex secret 't': connection refused by 127.0.0.1:9 on GET "
                              "/api/v1/secrets/t: is Cortex (or the emulator) running at http://127.0.0.1:9? "
                              + STACK_NOTE)
    # Every other resource of the stack: one line referring to it, and no call of its own.
    with pytest.raises(CortexResourceError) as again:
        p.read("u", {"tag": "u"})
    assert str(again.value) == ("Unable to read Cortex secret 'u': Cortex cannot be used by this stack (Cortex could "
                                "not be reached); reported in full once for the stack")


def test_bad_config_value_is_named(emu: Emulator) -> None:
    p = configured(_SecretProvider, emu, rateLimit="fast")
    with pytest.raises(CortexResourceError, match="cortex:rateLimit"):
        p.read("t", {"tag": "t"})


def test_update_of_an_object_deleted_out_of_band_hints_refresh(emu: Emulator) -> None:
    p = configured(_TeamProvider, emu)
    props = checked(p, {"team_tag": "gone", "name": "G"})
    created = p.create(props)
    p.delete(created.id, created.outs)
    with pytest.raises(CortexResourceError, match="pulumi refresh"):
        p.update(created.id, created.outs, {**props, "name": "H"})


def test_diff_ignores_provider_blob_and_unmanaged_keys(emu: Emulator) -> None:
    p = configured(_TeamProvider, emu)
    outs = {"team_tag": "a", "name": "A", "type": "CORTEX", "cortex_id": "en1", "__provider": "old-blob"}
    news = {"team_tag": "a", "name": "A", "type": "CORTEX", "__provider": "new-blob"}
    assert p.diff("a", outs, news).changes is False


def test_secret_value_is_an_additional_secret_output(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    original = pulumi.CustomResource.__init__

    def spy(self: Any, t: str, name: str, props: Any = None, opts: Any = None, *args: Any, **kwargs: Any) -> None:
        seen[name] = opts
        original(self, t, name, props, opts, *args, **kwargs)

    monkeypatch.setattr(pulumi.CustomResource, "__init__", spy)
    from .harness import run_program

    run_program(lambda: cortex.Secret("db", tag="db", name="DB", value="v",
                                      opts=pulumi.ResourceOptions(protect=True)))
    opts = seen["db"]
    assert set(opts.additional_secret_outputs) == {"value", "value_hash"} and opts.protect is True


def test_pristine_unwraps_stacked_wrappers() -> None:
    original = _resource._ORIGINAL_BATCH

    def wrap(inner: Any) -> Any:
        def batch_set_items_sorted(self: Any, items: Any) -> None:
            inner(self, sorted(items))

        return batch_set_items_sorted

    stacked = wrap(wrap(wrap(original)))
    assert _resource._pristine(stacked) is original


def test_all_resource_types_share_one_client_per_configuration(emu: Emulator) -> None:
    team, secret = configured(_TeamProvider, emu), configured(_SecretProvider, emu)
    assert team.client is secret.client, "one connection pool and one rate limiter per API key"
    other = configured(_TeamProvider, emu, timeout="5")
    assert other.client is not team.client


def test_validate_with_server_checks_the_token_during_preview(emu: Emulator) -> None:
    quiet = configured(_SecretProvider, emu, token="definitely-wrong-token", previewChecks="false")
    assert quiet.check({}, {"tag": "t", "name": "n", "value": "v"}).failures == []  # no API call when off
    strict = configured(_SecretProvider, emu, token="definitely-wrong-token", validateWithServer="true")
    with pytest.raises(CortexResourceError, match="Unable to validate Cortex secret 't': 401 Unauthorized"):
        strict.check({}, {"tag": "t", "name": "n", "value": "v"})
    good = configured(_SecretProvider, emu, validateWithServer="true")
    emu.clear_requests()
    for _ in range(3):
        assert good.check({}, {"tag": "t", "name": "n", "value": "v"}).failures == []
    gets = [r["path"] for r in emu.requests("GET")]
    # The token is verified once per process; the preview check lists secrets once (is tag 't' free?).
    assert sorted(gets) == ["/api/v1/scorecards", "/api/v1/secrets"], gets


def test_a_base_url_that_answers_no_api_is_named_not_taken_for_a_deleted_object(emu: Emulator) -> None:
    p = _TeamProvider()
    p.configure(ConfigureRequest(Config({"cortex:apiToken": ADMIN_TOKEN, "cortex:baseUrl": emu.url + "/apiv1",
                                         "cortex:previewChecks": "false"}, "proj")))
    with pytest.raises(CortexResourceError) as err:
        p.read("payments", {"team_tag": "payments", "name": "Payments"})  # a refresh must not forget the team
    text = str(err.value)
    assert text.startswith(f"Unable to read Cortex team 'payments': Cortex at {emu.url}/apiv1 answers no Cortex API "
                           "(404 Not Found on GET /api/v1/scorecards"), text
    assert "check cortex:baseUrl" in text and "deleted outside Pulumi" not in text and STACK_NOTE in text
    with pytest.raises(CortexResourceError) as again:
        p.update("payments", {"team_tag": "payments", "name": "P"}, {"team_tag": "payments", "name": "Q"})
    assert str(again.value) == (f"Unable to update Cortex team 'payments': Cortex cannot be used by this stack "
                                f"(cortex:baseUrl {emu.url}/apiv1 answers no Cortex API); reported in full once for "
                                "the stack")
    # With the right base URL, a 404 still means a team deleted outside Pulumi (one token check confirms it).
    right = configured(_TeamProvider, emu)
    assert right.read("payments", {"team_tag": "payments", "name": "Payments"}).id == ""
