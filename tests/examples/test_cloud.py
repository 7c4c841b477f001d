"""examples/cloud under Pulumi's unit-test mocks: cloud outputs reach the Cortex objects that consume them.

The AWS and random provider plugins cannot be installed here, so `pulumi.runtime.set_mocks` plays them (and
the engine); the stack-reference variant runs for real in tests/engine/test_cloud.py.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

from tests.provider.harness import REPO_ROOT, RecordingMocks, run_program, secret

EXAMPLE = REPO_ROOT / "examples" / "cloud"
PASSWORD = "generated-4f1c9e2b7a0d"
CODE_SHA = "q8Vn3kZ0bFf9k2J1rV2u1m0sQ3c5yW6x7z8A9B0C1D2="
FUNCTION_URL = "https://abc123xyz.lambda-url.eu-west-1.on.aws/"


class CloudMocks(RecordingMocks):
    """Plays AWS and random: each resource gets the outputs its provider would compute."""

    computed: dict[str, dict[str, Any]] = {
        "random:index/randomPassword:RandomPassword": {"result": PASSWORD},
        "aws:secretsmanager/secret:Secret": {"arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tok"},
        "aws:iam/role:Role": {"arn": "arn:aws:iam::123456789012:role/release-hook", "name": "release-hook-role"},
        "aws:lambda/function:Function": {"version": "7", "codeSha256": CODE_SHA, "name": "release-hook-1a2b"},
        "aws:lambda/functionUrl:FunctionUrl": {"functionUrl": FUNCTION_URL},
        "pulumi:pulumi:StackReference": {"outputs": {"version": "12", "sha": "c0ffee1234ab",
                                                     "endpoint": "https://hooks.example.com/release",
                                                     "hookToken": "from-the-app-stack"}},
    }

    def __init__(self) -> None:
        super().__init__()
        self.by_type: dict[tuple[str, str], dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        resource_id, outs = super().new_resource(args)
        with self.lock:
            # Names repeat across types (the password, the AWS secret and the Cortex secret share one).
            self.by_type[(args.typ, args.name)] = self.resources[args.name]
        return resource_id, {**outs, **self.computed.get(args.typ, {})}

    def inputs(self, type_: str, name: str) -> dict[str, Any]:
        return self.by_type[(type_, name)]


@pytest.fixture
def example_on_path() -> Iterator[None]:
    sys.path.insert(0, str(EXAMPLE))
    sys.modules.pop("rollout", None)
    try:
        yield
    finally:
        sys.path.remove(str(EXAMPLE))
        sys.modules.pop("rollout", None)


def run_example(config: dict[str, str]) -> CloudMocks:
    for key, value in config.items():
        pulumi.runtime.set_config(f"cortex-cloud:{key}", value)
    try:
        mocks = run_program(lambda: runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__"),
                            CloudMocks(), project="cortex-cloud", stack="prod")
    finally:
        for key in config:
            pulumi.runtime.config.CONFIG.get().pop(f"cortex-cloud:{key}", None)
    assert isinstance(mocks, CloudMocks)
    return mocks


def cortex_inputs(mocks: CloudMocks, kind: str, name: str) -> dict[str, Any]:
    return mocks.inputs(f"pulumi-python:dynamic/cortex:{kind}", name)


@pytest.mark.usefixtures("example_on_path")
def test_aws_rollout_feeds_cortex() -> None:
    mocks = run_example({})
    types = {type_ for type_, _ in mocks.by_type}
    assert {"aws:lambda/function:Function", "aws:lambda/functionUrl:FunctionUrl",
            "aws:secretsmanager/secretVersion:SecretVersion", "random:index/randomPassword:RandomPassword"} <= types
    function = mocks.inputs("aws:lambda/function:Function", "release-hook")
    assert function["publish"] is True and function["runtime"] == "python3.12"
    # The generated password is what both AWS Secrets Manager and Cortex hold, a secret in both.
    stored = mocks.inputs("aws:secretsmanager/secretVersion:SecretVersion", "release-hook-token")
    assert stored["secretString"] == secret(PASSWORD)
    assert cortex_inputs(mocks, "Secret", "release-hook-token")["value"] == secret(PASSWORD)

    deploy = cortex_inputs(mocks, "Deploy", "release")
    assert deploy["sha"] == CODE_SHA
    assert deploy["title"] == "release-hook v7"
    assert deploy["custom_data"] == {"version": "7", "endpoint": FUNCTION_URL}
    assert deploy["entity"] == "release-engineering"

    (action,) = cortex_inputs(mocks, "Workflow", "release-notify")["actions"]
    assert action["schema"]["type"] == "HTTP_REQUEST"
    assert action["schema"]["url"] == FUNCTION_URL
    assert "{{context.secrets.release_hook_token}}" in action["schema"]["headers"]["Authorization"]
    # The alias points at the version just published, and the URL serves that alias.
    assert mocks.inputs("aws:lambda/alias:Alias", "release-hook-live")["functionVersion"] == "7"
    assert mocks.inputs("aws:lambda/functionUrl:FunctionUrl", "release-hook")["qualifier"] == "live"


@pytest.mark.usefixtures("example_on_path")
def test_stack_reference_variant_makes_no_cloud_resource() -> None:
    mocks = run_example({"appStack": "acme/payments-app/prod", "service": "payments"})
    assert not [t for t, _ in mocks.by_type if t.startswith(("aws:", "random:"))]
    assert mocks.inputs("pulumi:pulumi:StackReference", "acme/payments-app/prod")["name"] == "acme/payments-app/prod"
    deploy = cortex_inputs(mocks, "Deploy", "release")
    assert (deploy["sha"], deploy["title"], deploy["entity"]) == ("c0ffee1234ab", "release-hook v12", "payments")
    assert cortex_inputs(mocks, "Secret", "release-hook-token")["value"] == secret("from-the-app-stack")
    (action,) = cortex_inputs(mocks, "Workflow", "release-notify")["actions"]
    assert action["schema"]["url"] == "https://hooks.example.com/release"
