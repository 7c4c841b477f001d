"""examples/cloud, stack-reference variant, under the real engine: another stack's rollout feeds Cortex.

The AWS variant needs provider plugins that cannot be installed here; tests/examples/test_cloud.py runs it
under Pulumi's mocks. This variant is the same Cortex half of the program, fed by a StackReference.
"""

from __future__ import annotations

import json

from cortex_pulumi.summary import from_document, render, summarize
from tests.engine.harness import REPO_ROOT, Emulator, PulumiWorkspace, Stack, counts_of

EXAMPLE = REPO_ROOT / "examples" / "cloud"
APP = REPO_ROOT / "tests" / "engine" / "programs" / "app_release"
HOOK_TOKEN = "hook-token-8c1d2e3f4a5b"
ENDPOINT = "https://hooks.example.com/release"


def test_stack_reference_feeds_cortex(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    app = Stack(workspace, workspace.project(APP), "prod").init()
    for key, value in {"version": "12", "sha": "c0ffee1234ab", "endpoint": ENDPOINT}.items():
        app.set_config(key, value)
    app.set_config("hookToken", HOOK_TOKEN, secret=True)
    app.up()

    cortex = Stack(workspace, workspace.project(EXAMPLE), "cortex").init()
    emulator.configure_stack(cortex)
    cortex.set_config("appStack", "organization/app-release/prod")
    first = cortex.up()
    try:
        uuid = cortex.outputs()["deploy_uuid"]
        (deploy,) = emulator.get_json("/api/v1/catalog/release-engineering/deploys")["deployments"]
        assert (deploy["uuid"], deploy["sha"], deploy["title"]) == (uuid, "c0ffee1234ab", "release-hook v12")
        assert deploy["customData"] == {"version": "12", "endpoint": ENDPOINT}
        workflow = emulator.get_json("/api/v1/workflows/release-notify")
        (action,) = workflow["actions"]
        assert action["schema"]["url"] == ENDPOINT
        assert emulator.exists("/api/v1/secrets/release_hook_token")
        texts = [first.output, json.dumps(cortex.export()), json.dumps(cortex.outputs())]
        assert not [t for t in texts if HOOK_TOKEN in t]

        # The app ships a new release: the Cortex stack's preview says so in Cortex's terms.
        app.set_config("version", "13")
        app.set_config("sha", "d00dfeed5678")
        app.up()
        previewed = cortex.preview()
        document = previewed.json()
        assert counts_of(previewed)["update"] == 1
        text = render(summarize(from_document(document)), "text")
        assert "Title: release-hook v12 → release-hook v13" in text, text
        assert "Commit: c0ffee1234ab → d00dfeed5678" in text, text
        cortex.up()
        (deploy,) = emulator.get_json("/api/v1/catalog/release-engineering/deploys")["deployments"]
        assert deploy["sha"] == "d00dfeed5678"
    finally:
        cortex.destroy()
        app.destroy()
    assert not emulator.exists("/api/v1/workflows/release-notify")
