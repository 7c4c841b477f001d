"""Unit tests of the emulator's CQL subset: tokenizer, parser and evaluator."""

from __future__ import annotations

import datetime as dt

import pytest

from cortex_pulumi.emulator.scoring import cql

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
FACTS = cql.EntityFacts(
    tag="payments",
    groups=("tier-1", "java"),
    custom={"owner": "ada", "replicas": 3, "ratio": 0.5, "enabled": True, "empty": None},
    deploy_times=(NOW - dt.timedelta(days=1), NOW - dt.timedelta(days=10), NOW - dt.timedelta(days=400)),
)


def run(expression: str) -> cql.Outcome:
    return cql.check(expression, FACTS, NOW)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('entity.tag() == "payments"', True),
        ('entity.tag() != "payments"', False),
        ("entity.tag() == 'payments'", True),
        ('hasGroup("tier-1")', True),
        ('hasGroup("tier-2")', False),
        ('!hasGroup("tier-2")', True),
        ('!!hasGroup("tier-2")', False),
        ('custom("owner") == "ada"', True),
        ('custom("owner") = "ada"', True),
        ('custom("owner") != null', True),
        ('custom("missing") == null', True),
        ('custom("missing") != null', False),
        ('custom("empty") == null', True),
        ('custom("replicas") >= 3', True),
        ('custom("replicas") > 3', False),
        ('custom("replicas") < 3.5', True),
        ('custom("replicas") <= 2', False),
        ('custom("ratio") == 0.5', True),
        ('custom("enabled") == true', True),
        ('custom("enabled") == 1', False),
        ('custom("replicas") == "3"', False),
        ('custom("owner") < "bob"', True),
        ('deploys(lookback=duration("P7D")).length > 0', True),
        ('deploys(lookback=duration("P7D")).length == 1', True),
        ('deploys(lookback=duration("P2W")).length == 2', True),
        ('deploys(lookback=duration("P1Y")).length == 2', True),
        ('deploys(lookback=duration("PT12H")).length == 0', True),
        ("deploys().length == 3", True),
        ('hasGroup("java") && custom("replicas") > 1', True),
        ('hasGroup("java") && custom("replicas") > 5', False),
        ('hasGroup("nope") || custom("replicas") > 1', True),
        ('hasGroup("nope") || hasGroup("nada")', False),
        # && binds tighter than ||; parentheses override it.
        ("true || false && false", True),
        ("(true || false) && false", False),
        ('!(hasGroup("java") && false)', True),
        ("true", True),
        ("false", False),
        ("-1 < 0", True),
    ],
)
def test_supported_subset(expression: str, expected: bool) -> None:
    outcome = run(expression)
    assert outcome.error is None, outcome.error
    assert outcome.passed is expected


def test_short_circuit_skips_unsupported_right_side() -> None:
    assert run("false && snyk.issues() == 0") == cql.Outcome(False)
    assert run("true || snyk.issues() == 0") == cql.Outcome(True)


@pytest.mark.parametrize(
    "expression",
    [
        "snyk.numOfIssues() == 0",
        'git.fileExists("README.md")',
        "entity.name() == 1",
        "ownership.allOwners().length > 0",
        "someVariable",
        'entity.tag == "x"',
        "custom(\"owner\").length > 0 && jira.issues().length == 0",
    ],
)
def test_outside_the_subset_scores_zero_with_error(expression: str) -> None:
    outcome = run(expression)
    assert outcome.passed is False
    assert outcome.error is not None and cql.UNSUPPORTED in outcome.error


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ('entity.tag() == "x', "unterminated string"),
        ("entity.tag(", "syntax error"),
        ("(true", "expected ')'"),
        ("true false", "unexpected token"),
        ("1 < 2 < 3", "cannot be chained"),
        ("", "empty expression"),
        ("true # comment", "unexpected character"),
        ('deploys(lookback=duration("7 days")).length > 0', "invalid ISO-8601 duration"),
        ('custom("replicas") > "two"', "cannot compare"),
        ('custom("missing") > 1', "cannot compare"),
        ('custom("owner")', "expected a boolean"),
        ('custom("owner") && true', "expected a boolean"),
        ('custom(1) == null', "string argument"),
        ('hasGroup("a", "b")', "exactly one string argument"),
        ("deploys(lookback=5).length > 0", "lookback must be a duration"),
        ("!custom(\"replicas\")", "expected a boolean"),
        ('-"x" == 1', "cannot negate"),
        ('custom("x" "y")', "expected ')'"),
        ("deploys(lookback=duration(\"P1D\"), 3)", "positional argument after named"),
    ],
)
def test_errors_score_zero_with_a_message(expression: str, fragment: str) -> None:
    outcome = run(expression)
    assert outcome.passed is False
    assert outcome.error is not None and fragment in outcome.error


def test_tokenizer_kinds_and_positions() -> None:
    tokens = cql.tokenize('custom("a\\"b") >= 2.5 && !null')
    assert [(t.kind, t.value) for t in tokens] == [
        ("IDENT", "custom"),
        ("OP", "("),
        ("STRING", 'a"b'),
        ("OP", ")"),
        ("OP", ">="),
        ("NUMBER", 2.5),
        ("OP", "&&"),
        ("OP", "!"),
        ("KEYWORD", None),
        ("EOF", None),
    ]
    assert tokens[2].start == 7 and tokens[2].end == 13


def test_parser_builds_the_expected_tree() -> None:
    tree = cql.parse('deploys(lookback=duration("P7D")).length > 0 || !hasGroup("g")')
    assert isinstance(tree, cql.Binary) and tree.op == "||"
    left, right = tree.left, tree.right
    assert isinstance(left, cql.Binary) and left.op == ">"
    assert isinstance(left.left, cql.Attribute) and left.left.name == "length"
    call = left.left.target
    assert isinstance(call, cql.Call) and isinstance(call.func, cql.Name) and call.func.name == "deploys"
    assert [name for name, _ in call.kwargs] == ["lookback"]
    assert isinstance(right, cql.Unary) and right.op == "!"


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("P7D", dt.timedelta(days=7)),
        ("P1Y", dt.timedelta(days=365)),
        ("P1M", dt.timedelta(days=30)),
        ("P2W", dt.timedelta(days=14)),
        ("PT36H", dt.timedelta(hours=36)),
        ("P1DT2H3M4S", dt.timedelta(days=1, hours=2, minutes=3, seconds=4)),
    ],
)
def test_durations(text: str, delta: dt.timedelta) -> None:
    assert cql.parse_duration(text) == delta


@pytest.mark.parametrize("text", ["P", "PT", "P1DT", "7D", "P-1D", "p7d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(cql.CqlError):
        cql.parse_duration(text)


def test_deploys_in_the_future_are_outside_the_lookback() -> None:
    facts = cql.EntityFacts("svc", deploy_times=(NOW + dt.timedelta(days=1),))
    assert cql.check('deploys(lookback=duration("P7D")).length == 0', facts, NOW).passed


@pytest.mark.parametrize("expression", ["(" * 3000 + "true" + ")" * 3000, "!" * 3000 + "true"])
def test_absurd_nesting_is_an_error_not_a_crash(expression: str) -> None:
    assert run(expression) == cql.Outcome(False, "expression nests too deeply")
