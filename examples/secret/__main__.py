"""A Cortex secret fed from encrypted stack config; workflows use it as `{{context.secrets.<tag>}}`."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()

# The value never reaches the state in clear: Cortex cannot return it, so Pulumi keeps only a salted hash
# to notice when the configured value changes.
db_password = cortex.Secret(
    "payments-db",
    tag=config.get("tag") or "payments_db_password",
    name=config.get("name") or "Payments database password",
    value=config.require_secret("dbPassword"),
)

pulumi.export("secret_tag", db_password.tag)
pulumi.export("secret_id", db_password.cortex_id)
pulumi.export("workflow_reference", db_password.tag.apply(lambda tag: f"{{{{context.secrets.{tag}}}}}"))
