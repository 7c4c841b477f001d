"""Where the test time goes: per test layer (tests/<layer>/) and per module, from a pytest JUnit XML report.

    scripts/test --junitxml=/tmp/tests.xml
    .venv/bin/python scripts/layer_times.py /tmp/tests.xml [--modules 20]

Each test's time is its setup, call and teardown, as the worker that ran it measured; under pytest-xdist the
sums are therefore what the layers would take one after another, and the run's wall time is pytest's own
summary line.
"""

from __future__ import annotations

import argparse
import collections
import xml.etree.ElementTree as ET
from collections.abc import Iterable


def times(cases: Iterable[ET.Element]) -> tuple[collections.Counter[str], collections.Counter[str], collections.Counter[str]]:
    """(seconds per layer, tests per layer, seconds per module) of the report's test cases."""
    layer: collections.Counter[str] = collections.Counter()
    count: collections.Counter[str] = collections.Counter()
    module: collections.Counter[str] = collections.Counter()
    for case in cases:
        parts = (case.get("classname") or "").split(".")  # tests.engine.test_team[.Class]
        name = next((i for i, part in enumerate(parts) if part.startswith("test_")), len(parts) - 1)
        key = parts[1] if name >= 2 and parts[0] == "tests" else "tests/*.py"
        seconds = float(case.get("time") or 0)
        layer[key] += seconds
        count[key] += 1
        module["/".join(parts[: name + 1]) + ".py"] += seconds
    return layer, count, module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", help="the JUnit XML file pytest wrote (--junitxml=FILE)")
    parser.add_argument("--modules", type=int, default=20, help="how many of the slowest modules to list")
    args = parser.parse_args()
    layer, count, module = times(ET.parse(args.report).getroot().iter("testcase"))
    total = sum(layer.values()) or 1.0
    print("| layer | tests | minutes | share |\n|---|---:|---:|---:|")
    for key, seconds in layer.most_common():
        print(f"| {key} | {count[key]} | {seconds / 60:.1f} | {100 * seconds / total:.0f}% |")
    print(f"| all | {sum(count.values())} | {total / 60:.1f} | |\n")
    for key, seconds in module.most_common(args.modules):
        print(f"{seconds:8.1f} s  {key}")


if __name__ == "__main__":
    main()
