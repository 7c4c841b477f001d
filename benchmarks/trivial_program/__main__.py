"""`bench:count` resources of the do-nothing dynamic provider (benchmarks/trivial.py)."""

import pulumi

from benchmarks.trivial import Nothing

for i in range(pulumi.Config("bench").require_int("count")):
    Nothing(f"item-{i}", key=f"item-{i}")
