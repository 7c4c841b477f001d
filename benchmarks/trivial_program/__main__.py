"""`bench:count` resources of the do-nothing dynamic provider (benchmarks/trivial.py); with `bench:carry` (a JSON
file of input maps), one `Carrying` resource declaring each instead."""

import json
from pathlib import Path

import pulumi

from benchmarks.trivial import Carrying, Nothing

config = pulumi.Config("bench")
carry = config.get("carry")
if carry:
    for i, inputs in enumerate(json.loads(Path(carry).read_text())):
        Carrying(f"item-{i}", key=f"item-{i}", inputs=inputs)
else:
    for i in range(config.require_int("count")):
        Nothing(f"item-{i}", key=f"item-{i}")
