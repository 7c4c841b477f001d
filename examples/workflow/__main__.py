"""A Cortex workflow kept as a YAML file in Cortex's own format (what `cortex workflows get --yaml` prints)."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()

# The file is the source of truth: edit it and `pulumi up` updates the workflow; its `tag` is the
# workflow's identity, so changing the tag replaces it.
notify = cortex.Workflow.from_file("deploy-notify", config.get("file") or "workflows/deploy-notify.yaml")

pulumi.export("workflow_tag", notify.tag)
pulumi.export("workflow_name", notify.name)
pulumi.export("action_slugs", notify.actions.apply(lambda actions: [a["slug"] for a in actions or []]))
