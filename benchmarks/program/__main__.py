"""The benchmark's Pulumi program: one Cortex resource per entry of the stack file (benchmarks/mix.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi

from cortex_pulumi.provider.deploy import Deploy
from cortex_pulumi.provider.scorecard import Scorecard
from cortex_pulumi.provider.secret import Secret
from cortex_pulumi.provider.team import Team
from cortex_pulumi.provider.workflow import Workflow


def build(entry: dict[str, Any]) -> pulumi.Resource:
    kind, name = entry["kind"], entry["name"]
    if kind == "scorecard":
        return Scorecard.from_file(name, entry["file"])
    if kind == "workflow":
        return Workflow.from_file(name, entry["file"])
    cls = {"team": Team, "secret": Secret, "deploy": Deploy}[kind]
    return cls(name, **entry["args"])


stack = json.loads(Path(pulumi.Config("bench").require("spec")).read_text())
for item in stack["objects"]:
    build(item)
pulumi.export("objects", len(stack["objects"]))
