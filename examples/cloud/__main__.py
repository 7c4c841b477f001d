"""Cloud resources feeding Cortex, as a platform team wires them.

The release (Lambda version, code hash, function URL, the hook's token) comes from `rollout.py`: made here on
AWS, or read from the stack that shipped it when `appStack` is set. Cortex then gets a deploy record of that
release, a secret holding the hook's token, and a workflow whose HTTP action calls the hook with it.
"""

import pulumi
from rollout import aws_rollout, stack_rollout

import cortex_pulumi as cortex

config = pulumi.Config()
app_stack = config.get("appStack")
release = stack_rollout(app_stack) if app_stack else aws_rollout("release-hook")

owners = cortex.Team("release-engineering", team_tag=config.get("teamTag") or "release-engineering",
                     name="Release engineering",
                     members=[cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace")])
service = config.get("service") or owners.team_tag  # the catalog entity the release belongs to

# The hook's token, never in plain text: a Pulumi secret in, a Cortex secret out.
token = cortex.Secret("release-hook-token", tag="release_hook_token", name="Release hook token",
                      value=release.token)

# A workflow calling the endpoint this stack (or the app's) created, authenticated with the secret by tag.
notify = cortex.Workflow(
    "release-notify", tag="release-notify", name="Notify the release hook",
    description="Tells the release hook which version an entity runs.",
    filter=cortex.WorkflowFilterArgs(type="ENTITY"),
    actions=[cortex.WorkflowActionArgs(
        name="Call the release hook", slug="call-hook", is_root_action=True,
        schema={"type": "HTTP_REQUEST", "httpMethod": "POST", "url": release.endpoint,
                "headers": {"Authorization": "Bearer {{context.secrets.release_hook_token}}",
                            "Content-Type": "application/json"},
                "payload": '{"entity": "{{context.entity.tag}}"}'},
    )],
    opts=pulumi.ResourceOptions(depends_on=[token]),
)

# The deploy record: what was rolled out, straight from the rollout's outputs.
deploy = cortex.Deploy(
    "release", entity=service, type="DEPLOY", environment=config.get("environment") or "prod",
    title=release.version.apply(lambda v: f"release-hook v{v}"), sha=release.sha,
    deployer=cortex.DeployerArgs(name="pulumi", email="ci@example.com"),
    custom_data={"version": release.version, "endpoint": release.endpoint},
)

pulumi.export("endpoint", release.endpoint)
pulumi.export("deploy_uuid", deploy.uuid)
pulumi.export("workflow", notify.tag)
pulumi.export("secret", token.tag)
