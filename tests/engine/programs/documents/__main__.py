"""Every file of the `files` config (a JSON list of paths) as a Scorecard or a Workflow, named by its tag."""

import json
from pathlib import Path

import pulumi
import yaml

import cortex_pulumi as cortex

for path in json.loads(pulumi.Config().require("files")):
    document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    kind = cortex.Workflow if "actions" in document else cortex.Scorecard
    kind.from_file(document["tag"], path)
