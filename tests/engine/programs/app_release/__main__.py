"""The outputs a service's own stack exports after a rollout (here from config): version, sha, endpoint, token."""

import pulumi

config = pulumi.Config()
pulumi.export("version", config.require("version"))
pulumi.export("sha", config.require("sha"))
pulumi.export("endpoint", config.require("endpoint"))
pulumi.export("hookToken", config.require_secret("hookToken"))
