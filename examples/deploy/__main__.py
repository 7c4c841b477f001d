"""A deploy recorded in Cortex: the release version and commit come from stack config (or from CI)."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
version = config.get("version") or "1.4.2"

# Deploys belong to a catalog entity. Teams are entities, so this example brings its own; set `entity`
# to record the deploy on an existing service instead.
checkout = cortex.Team("checkout", team_tag="checkout", name="Checkout")
entity = config.get("entity") or checkout.team_tag

release = cortex.Deploy(
    "release",
    entity=entity,
    title=f"checkout {version}",
    type="DEPLOY",
    sha=config.get("sha") or "3f2c2d8a9b1e",
    environment=config.get("environment") or "prod",
    url=f"https://ci.example.com/checkout/releases/{version}",
    deployer=cortex.DeployerArgs(name="release-pipeline", email="ci@example.com"),
    custom_data={"version": version, "changelog": f"https://example.com/checkout/{version}"},
)

pulumi.export("deploy_id", release.id)
pulumi.export("uuid", release.uuid)
pulumi.export("entity", release.entity)
pulumi.export("timestamp", release.timestamp)
