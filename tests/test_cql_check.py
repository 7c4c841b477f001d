"""CQL checked before it scores (cortex_pulumi/contract/cql.py): what no CQL accepts is refused with its position,
and CQL beyond the package's grammar is left alone."""

from __future__ import annotations

import pytest

from cortex_pulumi.contract.cql import cql_problems


@pytest.mark.parametrize(("expression", "expected"), [
    ('custom("owner") !=', "expected a value at position 18, found end of expression"),
    ('deploys(lookback="P14D").length > 0',
     'deploys(lookback=...) takes a duration, not \'P14D\': write lookback=duration("P14D") (at position 17)'),
    ('deploys(lookback=duration("P14X")).length > 0', "invalid ISO-8601 duration 'P14X' (at position 26)"),
    ('custom("a"', "expected ')' at position 10, found end of expression"),
    ('custom("a")) == 1', "unexpected token at position 11, found ')'"),
    ("a == == b", "expected a value at position 5, found '=='"),
    ('custom("a) == 1', "unterminated string starting at position 7"),
    ("", "empty expression"),
    ("custom() == null", "custom(...) takes one string argument (at position 0)"),
    ('hasGroup(3)', "hasGroup(...) takes one string argument (at position 0)"),
])
def test_malformed_expressions_are_refused_with_the_position(expression: str, expected: str) -> None:
    problems = cql_problems(expression)
    assert len(problems) == 1 and expected in problems[0], problems


@pytest.mark.parametrize("expression", [
    'custom("owner") != null',
    'deploys(lookback=duration("P14D")).length > 0',
    'deploys(lookback=duration("PT12H"), types=["DEPLOY"]).length >= 1',  # lists: beyond the grammar
    'git.fileExists("README.md") && sonarqube.metric("coverage") > 80',
    'packages().any((p) => p.name == "left-pad") == false',  # a lambda
    'jq(git.fileContents("package.json"), ".engines.node") != null',
    "ownership.allOwners().length - 1 > 0",  # arithmetic
    'entity.descriptor().info.x != null',
    'custom("tier") matches "^(1|2)$"',
    "1 < 2 < 3",  # chained comparisons: for Cortex to judge
])
def test_valid_or_unknown_cql_passes(expression: str) -> None:
    assert cql_problems(expression) == []
