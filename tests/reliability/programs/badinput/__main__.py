"""One resource built from a bad-input corpus case: config `badinput:case` is `{"resource": ..., "props": ...}`."""

import json

import pulumi

import cortex_pulumi
from cortex_pulumi.provider import scorecard, workflow

case = json.loads(pulumi.Config("badinput").require("case"))
kinds = {"Scorecard": scorecard.Scorecard, "Workflow": workflow.Workflow}
resource_type = kinds.get(case["resource"]) or getattr(cortex_pulumi, case["resource"])
resource_type("subject", **case["props"])
