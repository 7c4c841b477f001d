"""Where the release comes from: an AWS Lambda rollout made here, or another stack's outputs (`appStack`)."""

from __future__ import annotations

import json

import attrs
import pulumi

#: The release hook: checks the bearer token and acknowledges the release it was told about.
HANDLER = '''
import json, os, hmac
import boto3

_token = None


def handler(event, context):
    global _token
    if _token is None:
        _token = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["TOKEN_SECRET_ARN"])["SecretString"]
    sent = (event.get("headers") or {}).get("authorization", "")
    if not hmac.compare_digest(sent, "Bearer " + _token):
        return {"statusCode": 401}
    return {"statusCode": 202, "body": json.dumps({"accepted": json.loads(event.get("body") or "{}")})}
'''

_ASSUME = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


@attrs.frozen
class Rollout:
    """What Cortex is told about a release: the version and commit deployed, the hook it exposes, its token."""

    version: pulumi.Output[str]
    sha: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    token: pulumi.Output[str]
    """Secret: the bearer token the hook expects."""


def aws_rollout(name: str) -> Rollout:
    """A Lambda release hook published as a new version behind a function URL, and its token: a generated
    password stored in AWS Secrets Manager."""
    import pulumi_aws as aws
    import pulumi_random as random

    password = random.RandomPassword(f"{name}-token", length=40, special=False)
    token_secret = aws.secretsmanager.Secret(f"{name}-token", name_prefix=f"{name}-token-")
    aws.secretsmanager.SecretVersion(f"{name}-token", secret_id=token_secret.id, secret_string=password.result)

    role = aws.iam.Role(f"{name}-role", assume_role_policy=_ASSUME)
    aws.iam.RolePolicyAttachment(f"{name}-logs", role=role.name,
                                 policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    aws.iam.RolePolicy(f"{name}-read-token", role=role.id, policy=token_secret.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": arn}]})))
    function = aws.lambda_.Function(
        name, runtime="python3.12", handler="index.handler", role=role.arn, publish=True,
        code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(HANDLER)}),
        environment=aws.lambda_.FunctionEnvironmentArgs(variables={"TOKEN_SECRET_ARN": token_secret.arn}))
    live = aws.lambda_.Alias(f"{name}-live", name="live", function_name=function.name,
                             function_version=function.version)
    url = aws.lambda_.FunctionUrl(name, function_name=function.name, qualifier=live.name, authorization_type="NONE")
    return Rollout(version=function.version, sha=function.code_sha256, endpoint=url.function_url,
                   token=pulumi.Output.secret(password.result))


def stack_rollout(stack: str) -> Rollout:
    """The same four facts from the stack that shipped the service (`org/project/stack`); its `hookToken`
    output is a secret there and stays one here."""
    ref = pulumi.StackReference(stack)
    return Rollout(
        version=ref.require_output("version"),
        sha=ref.require_output("sha"),
        endpoint=ref.require_output("endpoint"),
        token=pulumi.Output.secret(ref.require_output("hookToken")),
    )
