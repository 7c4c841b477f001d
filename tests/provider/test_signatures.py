"""Resource constructors as IDEs and type checkers read them: generated typed overloads, checked keywords."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import attrs
import pulumi
import pytest

import cortex_pulumi as cortex
from cortex_pulumi.provider._resource import CortexResource

from .harness import run_program

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = [getattr(cortex, n) for n in cortex.__all__
             if isinstance(getattr(cortex, n), type) and issubclass(getattr(cortex, n), CortexResource)]
ARGS_CLASSES = [getattr(cortex, n) for n in cortex.__all__ if n.endswith("Args")]


def test_there_are_seven_resources_and_every_args_class_is_public() -> None:
    assert len(RESOURCES) == 7
    assert len(ARGS_CLASSES) == 21


def test_generated_constructors_are_current() -> None:
    result = subprocess.run([sys.executable, "scripts/resource_signatures.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.__name__)
def test_overloads_and_signature_list_every_input_of_the_args_class(resource: type) -> None:
    fields = attrs.fields(resource._args_type)
    if sys.version_info >= (3, 11):
        keyword, whole = typing.get_overloads(resource.__init__)
        params = inspect.signature(keyword).parameters
        assert list(params)[:3] == ["self", "resource_name", "opts"]
        assert [p for p in params if p not in ("self", "resource_name", "opts")] == [f.name for f in fields]
        assert [p for p in params if params[p].default is inspect.Parameter.empty][2:] == \
            [f.name for f in fields if f.default is attrs.NOTHING]
        assert list(inspect.signature(whole).parameters) == ["self", "resource_name", "args", "opts"]
    shown = inspect.signature(resource.__init__).parameters
    assert list(shown) == ["self", "resource_name", "args", "opts", *(f.name for f in fields)]
    for field in fields:
        assert shown[field.name].kind is inspect.Parameter.KEYWORD_ONLY
        assert shown[field.name].annotation == field.type


def test_team_signature_as_an_ide_completes_it() -> None:
    params = list(inspect.signature(cortex.Team.__init__).parameters)
    assert params == ["self", "resource_name", "args", "opts", "team_tag", "name", "description", "summary",
                      "members", "idp_group", "type", "links", "slack_channels", "archived", "adopt"]


def _mypy(tmp_path: Path, source: str, *more: Path) -> subprocess.CompletedProcess[str]:
    """mypy on `source` (as program.py) and on copies of `more` programs (each named after its directory)."""
    program = tmp_path / "program.py"
    program.write_text(textwrap.dedent(source))
    copies = []
    for path in more:  # each in its own directory (beside its modules), under a name of its own
        shutil.copytree(path.parent, tmp_path / path.parent.name)
        copies.append(tmp_path / path.parent.name / f"{path.parent.name}_main.py")
        (tmp_path / path.parent.name / path.name).rename(copies[-1])
    # The package is found from the checkout (an editable install hides it from mypy's import search).
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
                           "--python-version", "3.10", str(program), *map(str, copies)], capture_output=True,
                          text=True, env=env, check=False, cwd=tmp_path)


CLEAN = """\
    import pulumi

    import cortex_pulumi as cortex

    team = cortex.Team("t", team_tag="t", name="T", members=[{"email": "a@example.com", "name": "A"}],
                       opts=pulumi.ResourceOptions(protect=False))
    cortex.Team("u", cortex.TeamArgs(team_tag="u", name="U"))
    cortex.Team("v", args=cortex.TeamArgs(team_tag="v", name="V"), opts=pulumi.ResourceOptions())
    cortex.Scorecard("s", tag="s", filter={"types": {"include": ["service"]}},
                     rules=[cortex.ScorecardRuleArgs(title="r", expression="true")])
    cortex.TeamHierarchy("h", edges=[cortex.TeamEdgeArgs(parent=team.team_tag, child="u")])
    cortex.Secret("db", tag="db", name="DB", value=pulumi.Output.secret("x"))
    ROWS: list[cortex.TeamArgsDict] = [{"team_tag": "w", "name": "W", "links": [{"name": "n", "type": "t", "url": "u"}]}]
    for row in ROWS:
        cortex.Team("w", **row)
"""


def test_mypy_accepts_a_correct_program_and_every_example(tmp_path: Path) -> None:
    examples = sorted((ROOT / "examples").glob("*/__main__.py"))
    assert len(examples) >= 8
    result = _mypy(tmp_path, CLEAN, *examples)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_flags_a_misspelt_keyword_a_wrong_type_and_a_misspelt_row_key(tmp_path: Path) -> None:
    result = _mypy(tmp_path, """\
        import cortex_pulumi as cortex

        cortex.Team("t", team_tag="t", name="T", descripton="typo")
        cortex.Secret("s", tag="s", name="S", value=42)
        ROWS: list[cortex.TeamArgsDict] = [{"team_tag": "w", "name": "W", "sumary": "x"}]
        cortex.Deploy("d", entity="e")
        cortex.TeemArgs
    """)
    out = result.stdout
    assert result.returncode == 1
    assert 'program.py:3: error: Unexpected keyword argument "descripton" for overloaded function "Team"; ' \
           'did you mean "description"?' in out
    assert 'program.py:4: error: No overload variant of "Secret" matches argument types "str", "str", "str", "int"' in out
    assert 'program.py:5: error: Extra key "sumary" for TypedDict "TeamArgsDict"' in out
    assert 'program.py:6: error: No overload variant of "Deploy"' in out  # title is required
    assert 'program.py:7: error: Module has no attribute "TeemArgs"' in out


# -- keyword typos at run time: the known names, the closest one, the declaration line ---------------------------

def _line_of(marker: str) -> int:
    lines = Path(__file__).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if marker in line and "_line_of" not in line)


def test_a_misspelt_keyword_names_the_closest_input_and_the_declaration_line() -> None:
    with pytest.raises(TypeError) as caught:
        cortex.Team("platform", team_tag="platform", name="Platform", descripton="x")  # typo-line
    message = str(caught.value)
    assert message.startswith(f"Team('platform') at {__file__}:{_line_of('# typo-line')}: ")
    assert "unknown argument 'descripton' (did you mean 'description'?)" in message
    assert "TeamArgs takes: team_tag, name, description, summary, members" in message


def test_a_missing_required_input_is_named() -> None:
    with pytest.raises(TypeError, match=r"Secret\('db'\) at .*: missing required argument 'value'"):
        cortex.Secret("db", tag="db", name="DB")


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.__name__)
def test_every_resource_refuses_an_unknown_keyword_before_registering(resource: type) -> None:
    required = {f.name: "x" for f in attrs.fields(resource._args_type) if f.default is attrs.NOTHING}
    first = attrs.fields(resource._args_type)[0].name
    typo = first[:-1] + first[-1].upper() + "x"
    with pytest.raises(TypeError) as caught:
        resource("r", **required, **{typo: "x"})
    assert f"unknown argument {typo!r}" in str(caught.value)
    assert f"{resource._args_type.__name__} takes: {first}," in str(caught.value)
    assert __file__ in str(caught.value)


@pytest.mark.parametrize("args_type", ARGS_CLASSES, ids=lambda a: a.__name__)
def test_every_args_class_refuses_an_unknown_keyword_naming_the_known_ones(args_type: type) -> None:
    names = [f.name for f in attrs.fields(args_type)]
    given = {f.name: "x" for f in attrs.fields(args_type) if f.default is attrs.NOTHING}
    with pytest.raises(TypeError) as caught:
        args_type(**given, **{names[-1] + "s": "x"})
    message = str(caught.value)
    assert message.startswith(f"{args_type.__name__} at {__file__}:")
    assert f"unknown argument {names[-1] + 's'!r} (did you mean {names[-1]!r}?)" in message
    assert f"takes: {', '.join(names)}" in message
    assert str(inspect.signature(args_type)) .startswith("(*, ")  # the attrs signature is still what inspect shows


def test_positional_values_for_an_args_class_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match=r"TeamEdgeArgs at .*: takes keyword arguments only \(parent, child\)"):
        cortex.TeamEdgeArgs("a", "b")


def test_options_may_come_second_as_in_pulumis_sdks() -> None:
    def program() -> None:
        cortex.Team("t", pulumi.ResourceOptions(protect=True), team_tag="t", name="T")

    mocks = run_program(program)
    assert mocks.resources["t"]["team_tag"] == "t"  # type: ignore[attr-defined]


def test_a_misspelt_key_in_an_imported_data_table_points_at_its_row(tmp_path: Path) -> None:
    import runpy

    from cortex_pulumi.importer.kinds.team import _teams

    rows = [{"team_tag": "platform", "name": "Platform", "description": "Paved road"},
            {"team_tag": "payments", "name": "Payments", "descripton": "Moves money",
             "members": [{"email": "ada@example.com", "name": "Ada Lovelace"}] * 3}]
    program = tmp_path / "__main__.py"
    program.write_text("import cortex_pulumi as cortex\n" + _teams(rows))  # the importer's table and loop
    lines = program.read_text().splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "'descripton'" in line)
    loop = next(i for i, line in enumerate(lines, 1) if "cortex.Team(" in line)
    assert row != loop
    with pytest.raises(TypeError) as caught:
        runpy.run_path(str(program))
    assert str(caught.value).startswith(
        f"Team('payments') at {program}:{loop}: unknown argument 'descripton' (did you mean 'description'?), "
        f"written at {program}:{row}. TeamArgs takes: team_tag, name, description")


def _pyright(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    """pyright (the checker behind VS Code's Pylance) on `source`, the package found from the checkout."""
    program = tmp_path / "program.py"
    program.write_text(textwrap.dedent(source))
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"extraPaths": [str(ROOT)], "pythonVersion": "3.10"}))
    pyright = Path(sys.executable).parent / "pyright"
    return subprocess.run([str(pyright), "--pythonpath", sys.executable, str(program)], capture_output=True,
                          text=True, check=False, cwd=tmp_path, timeout=600)


def test_pyright_accepts_a_correct_program_and_flags_typos(tmp_path: Path) -> None:
    clean = _pyright(tmp_path, CLEAN)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    typos = _pyright(tmp_path, """\
        import cortex_pulumi as cortex

        cortex.Team("t", team_tag="t", name="T", descripton="typo")
        cortex.Secret("s", tag="s", name="S", value=42)
        ROWS: list[cortex.TeamArgsDict] = [{"team_tag": "w", "name": "W", "sumary": "x"}]
    """)
    out = typos.stdout
    assert typos.returncode == 1
    assert 'program.py:3:1 - error: No overloads for "__init__" match the provided arguments' in out
    assert 'program.py:4:45 - error: Argument of type "Literal[42]" cannot be assigned to parameter "value"' in out
    assert '"sumary" is an undefined item in type "TeamArgsDict"' in out
