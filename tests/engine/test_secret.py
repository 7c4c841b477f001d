"""examples/secret under the real engine: a secret whose value is never stored or shown in clear."""

from __future__ import annotations

import json

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle

FIRST_VALUE = "s3cret-value-71d0a9e2"
SECOND_VALUE = "rotated-value-4be83c11"


class SecretLifecycle(Lifecycle):
    example = "secret"
    secret_config = {"dbPassword": FIRST_VALUE}
    tag = "payments_db_password"

    def primary_path(self) -> str:
        return f"/api/v1/secrets/{self.tag}"

    def change_field(self) -> None:
        self.stack.set_config("name", "Payments primary DB password")

    def assert_field_changed(self) -> None:
        assert self.emulator.get_json(self.primary_path())["name"] == "Payments primary DB password"

    def change_tag(self) -> None:
        self.tag = "payments_primary_db_password"
        self.stack.set_config("tag", self.tag)

    def drift(self) -> None:  # Cortex never returns values, so a rename is the drift refresh can see
        self.emulator.api("PUT", self.primary_path(), json={"name": "Renamed in the UI"}, expect=200)

    def assert_restored(self) -> None:
        assert self.emulator.get_json(self.primary_path())["name"] == "Payments primary DB password"

    def owned_paths(self) -> list[str]:
        return ["/api/v1/secrets/payments_db_password", "/api/v1/secrets/payments_primary_db_password"]


def test_secret_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    SecretLifecycle(workspace, emulator, "secret").run()


def test_value_changes_update_and_never_appear_in_clear(
    workspace: PulumiWorkspace, emulator: Emulator
) -> None:
    lifecycle = SecretLifecycle(workspace, emulator, "secret-value")
    lifecycle.tag = "secret_value_check"
    lifecycle.set_up()
    stack = lifecycle.stack
    stack.set_config("tag", lifecycle.tag)
    first = stack.up()
    stack.set_config("dbPassword", SECOND_VALUE, secret=True)
    lifecycle.up({"update": 1}, "value rotation")  # noticed through the salted hash alone
    preview = stack.preview("--diff")
    assert {s["op"] for s in preview.json()["steps"]} == {"same"}
    state = json.dumps(stack.export())
    for text in (first.output, preview.output, state, json.dumps(stack.outputs())):
        for value in (FIRST_VALUE, SECOND_VALUE, emulator.token):
            assert value not in text
    stack.destroy()
    assert not emulator.exists(f"/api/v1/secrets/{lifecycle.tag}")
