"""Settings: Pulumi config keys, environment fallback, clear errors, masked token."""

from __future__ import annotations

import pytest

from cortex_pulumi.client import CortexClient, CortexConfigError
from cortex_pulumi.client.settings import Settings
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

TOKEN = "cfg-token-0123456789abcdef"


def test_from_mapping_reads_every_key() -> None:
    config = Settings.from_config(
        {
            "cortex:apiToken": TOKEN,
            "cortex:baseUrl": "https://cortex.example.com/",
            "rateLimit": "600",
            "timeout": "12.5",
            "maxRetries": "2",
            "maxRateLimitWait": "90",
            "validateWithServer": "True",
            "allowInsecureHttp": "false",
            "unrelated": "ignored",
        },
        env={},
    )
    assert config == Settings(
        api_token=TOKEN,
        base_url="https://cortex.example.com",
        rate_limit_per_minute=600,
        timeout=12.5,
        max_retries=2,
        max_rate_limit_wait=90.0,
        validate_with_server=True,
        allow_insecure_http=False,
    )


def test_environment_fallback_and_defaults() -> None:
    config = Settings.from_config({}, env={"CORTEX_API_TOKEN": TOKEN})
    assert config.base_url == "https://api.getcortexapp.com"
    assert config.rate_limit_per_minute == 1000
    env = {"CORTEX_API_TOKEN": "other-token-value", "CORTEX_BASE_URL": "http://127.0.0.1:9"}
    assert Settings.from_env(env).base_url == "http://127.0.0.1:9"
    # An explicit value wins over the environment.
    assert Settings.from_config({"apiToken": TOKEN}, env=env).api_token == TOKEN


def test_missing_token_names_both_sources() -> None:
    with pytest.raises(CortexConfigError) as info:
        Settings.from_config({}, env={})
    assert "cortex:apiToken" in str(info.value) and "CORTEX_API_TOKEN" in str(info.value)
    with pytest.raises(CortexConfigError, match="CORTEX_API_TOKEN"):
        CortexClient(api_token="", base_url="https://x.example.com")


@pytest.mark.parametrize(
    "values, message",
    [
        ({"baseUrl": "api.getcortexapp.com"}, "not an http"),
        ({"baseUrl": "ftp://x.example.com"}, "not an http"),
        ({"baseUrl": "http://cortex.example.com"}, "plain http"),
        ({"timeout": "soon"}, "cortex:timeout must be a number"),
        ({"rateLimit": "0"}, "cortex:rateLimit must be at least 1"),
        ({"maxRetries": "1.5"}, "cortex:maxRetries must be an integer"),
        ({"maxRateLimitWait": "-1"}, "cortex:maxRateLimitWait must be at least 0"),
        ({"validateWithServer": "perhaps"}, "cortex:validateWithServer must be true or false"),
    ],
)
def test_bad_values_raise_config_errors(values: dict[str, str], message: str) -> None:
    with pytest.raises(CortexConfigError, match=message):
        Settings.from_config({"apiToken": TOKEN, **values}, env={})


def test_plain_http_is_allowed_for_loopback_or_when_asked() -> None:
    assert Settings.from_config({"apiToken": TOKEN, "baseUrl": "http://localhost:8080"}, env={})
    assert Settings.from_config({"apiToken": TOKEN, "baseUrl": "http://[::1]:8080"}, env={})
    config = Settings.from_config(
        {"apiToken": TOKEN, "baseUrl": "http://cortex.internal", "allowInsecureHttp": "true"}, env={}
    )
    assert CortexClient(settings=config).base_url == "http://cortex.internal"


def test_token_is_masked_in_reprs() -> None:
    config = Settings.from_config({"apiToken": TOKEN}, env={})
    client = CortexClient(settings=config)
    for text in (repr(config), str(config), repr(client), repr(client._transport)):
        assert TOKEN not in text
        assert "****" in text


def test_client_defaults_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEX_API_TOKEN", TOKEN)
    monkeypatch.setenv("CORTEX_BASE_URL", "http://127.0.0.1:5/")
    assert CortexClient().base_url == "http://127.0.0.1:5"
    monkeypatch.delenv("CORTEX_BASE_URL")
    assert CortexClient().base_url == "https://api.getcortexapp.com"


@pytest.mark.parametrize("status, accepted", [(200, True), (403, True), (401, False)])
def test_verify_credentials_accepts_a_valid_token_without_permission(status: int, accepted: bool) -> None:
    from cortex_pulumi.client import UnauthorizedError
    from tests.client.stub import Reply, StubServer

    reply = Reply(
        status,
        {"page": 0, "total": 0, "totalPages": 0, "scorecards": []} if status == 200 else {"message": "m"},
    )
    with StubServer(lambda _request: reply) as stub:
        client = CortexClient(base_url=stub.url, api_token=TOKEN, rate_limit_per_minute=None)
        if accepted:
            client.verify_credentials()
        else:
            with pytest.raises(UnauthorizedError):
                client.verify_credentials()
        assert [(r.path, r.query) for r in stub.requests] == [
            ("/api/v1/scorecards", {"page": ["0"], "pageSize": ["1"]})
        ]


@pytest.mark.parametrize("given", ["https://api.cortex.example.com/api/v1", "https://api.cortex.example.com/api/v1/",
                                   "https://api.cortex.example.com"])
def test_base_url_with_the_api_prefix_is_accepted(given: str) -> None:
    assert CortexClient(base_url=given, api_token=TOKEN).base_url == "https://api.cortex.example.com"


def test_base_url_ending_in_api_v1_reaches_the_api(emu: Emulator) -> None:
    client = CortexClient(base_url=emu.url + "/api/v1", api_token=ADMIN_TOKEN)
    assert client.list_teams() == ()  # a doubled prefix (/api/v1/api/v1/teams) would answer 404
def test_client_and_transport_take_one_settings_object() -> None:
    settings = Settings(api_token=TOKEN, base_url="http://127.0.0.1:7/", timeout=(2, 9), rate_limit_per_minute=None)
    client = CortexClient(settings=settings)
    assert client.settings is settings and client._transport.settings is settings
    assert client.base_url == "http://127.0.0.1:7" and client._transport.timeout == (2.0, 9.0)
    assert CortexClient(api_token=TOKEN, base_url="http://127.0.0.1:7", timeout=(2, 9),
                        rate_limit_per_minute=None).settings == settings
    with pytest.raises(TypeError, match="not both"):
        CortexClient(settings=settings, timeout=3)


def test_settings_without_a_token_are_checked_but_build_no_client() -> None:
    # A preview checks the other settings without a token (and without inventing one).
    settings = Settings.from_config({"baseUrl": "http://localhost:1", "timeout": "3"}, env={}, require_token=False)
    assert settings.api_token == "" and settings.timeouts == (3.0, 3.0)
    with pytest.raises(CortexConfigError, match="cortex:apiToken"):
        CortexClient(settings=settings)
    with pytest.raises(CortexConfigError, match="cortex:timeout must be a number"):
        Settings.from_config({"timeout": "soon"}, env={}, require_token=False)


def test_validate_with_server_falls_back_to_the_environment_once() -> None:
    env = {"CORTEX_API_TOKEN": TOKEN, "CORTEX_VALIDATE_WITH_SERVER": "yes"}
    assert Settings.from_env(env).validate_with_server is True
    assert Settings.from_config({"validateWithServer": False}, env).validate_with_server is False
    with pytest.raises(CortexConfigError, match="cortex:validateWithServer must be true or false"):
        Settings.from_env({**env, "CORTEX_VALIDATE_WITH_SERVER": "perhaps"})


def test_settings_from_stack_serves_programs_providers_and_tools() -> None:
    from cortex_pulumi.config import settings_from_stack

    stack = {"cortex:apiToken": TOKEN, "cortex:rateLimit": "60"}
    settings = settings_from_stack(stack.get, env={"CORTEX_BASE_URL": "http://127.0.0.1:3"})
    assert (settings.api_token, settings.rate_limit_per_minute, settings.base_url) == (TOKEN, 60, "http://127.0.0.1:3")
    # A command-line flag is a config value given another way; the environment supplies the rest.
    tool = settings_from_stack(lambda _key: None, env={"CORTEX_API_TOKEN": TOKEN}, baseUrl="http://127.0.0.1:4")
    assert tool.base_url == "http://127.0.0.1:4" and tool.api_token == TOKEN
