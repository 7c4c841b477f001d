"""examples/deploy under the real engine: a deploy record on a team entity, versioned by stack config."""

from __future__ import annotations

from tests.engine.harness import Emulator, PulumiWorkspace
from tests.engine.lifecycle import Lifecycle


class DeployLifecycle(Lifecycle):
    """Deploys have no tag: their identity is the entity, so the "tag change" moves the record to a service."""

    example = "deploy"
    entities = ({"tag": "checkout-api", "type": "service", "name": "Checkout API"},)

    def deploy_id(self) -> tuple[str, str]:
        outputs = self.stack.outputs()
        return outputs["entity"], outputs["uuid"]

    def primary_path(self) -> str:
        entity, uuid = self.deploy_id()
        return f"/api/v1/catalog/{entity}/deploys/{uuid}"

    def find(self, path: str) -> dict | None:
        entity_path, _, uuid = path.rpartition("/")
        listed = self.emulator.api("GET", entity_path, params={"pageSize": 1000}, expect=(200, 404))
        if listed.status_code == 404:
            return None
        return next((d for d in listed.json()["deployments"] if d["uuid"] == uuid), None)

    def exists(self, path: str) -> bool:
        if "/deploys/" not in path:
            return super().exists(path)
        return self.find(path) is not None  # Cortex has no GET of one deploy: look it up in the list

    def current(self) -> dict:
        found = self.find(self.primary_path())
        assert found is not None
        return found

    def change_field(self) -> None:
        self.stack.set_config("version", "1.4.3")

    def assert_field_changed(self) -> None:
        deploy = self.current()
        assert deploy["title"] == "checkout 1.4.3"
        assert deploy["customData"]["version"] == "1.4.3"

    def change_tag(self) -> None:
        self.stack.set_config("entity", "checkout-api")

    def drift(self) -> None:
        deploy = self.current()
        body = {
            k: deploy.get(k)
            for k in ("title", "type", "timestamp", "sha", "environment", "url", "deployer", "customData")
        }
        body["environment"] = "staging"
        self.emulator.api("PUT", self.primary_path(), json=body, expect=200)

    def assert_restored(self) -> None:
        assert self.current()["environment"] == "prod"

    def owned_paths(self) -> list[str]:
        return ["/api/v1/teams/checkout"]

    def assert_gone(self) -> None:
        super().assert_gone()
        listed = self.emulator.get_json("/api/v1/catalog/checkout-api/deploys")
        assert listed["deployments"] == []


def test_deploy_lifecycle(workspace: PulumiWorkspace, emulator: Emulator) -> None:
    DeployLifecycle(workspace, emulator, "deploy").run()
