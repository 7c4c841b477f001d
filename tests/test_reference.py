"""The reference is complete: every `*Args` class and every field documented, in help() and in the README."""

from __future__ import annotations

import pydoc
import re
from pathlib import Path

import attrs
import pytest

import cortex_pulumi as cortex
from cortex_pulumi.provider import _reference

ROOT = Path(__file__).resolve().parent.parent
ARGS = [getattr(cortex, n) for n in cortex.__all__ if n.endswith("Args")]
RESOURCES = [getattr(cortex, n[: -len("Args")]) for n in cortex.__all__
             if n.endswith("Args") and n[: -len("Args")] in cortex.__all__]


def _reference_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("<!-- BEGIN RESOURCE REFERENCE"):readme.index("<!-- END RESOURCE REFERENCE -->")]


def _help(obj: type) -> str:
    """help()'s text, whitespace and the " |" margin of class pages folded, so wrapped lines read as one."""
    lines = pydoc.render_doc(obj, renderer=pydoc.plaintext).splitlines()
    return " ".join(" ".join(re.sub(r"^ \|", "", line).split()) for line in lines)


def undocumented(args_type: type) -> list[str]:
    return [f.name for f in _reference.fields(args_type) if not f.doc]


def test_every_args_class_is_reached_from_its_resource() -> None:
    reached = {r._args_type for r in RESOURCES} | {n for r in RESOURCES for n in _reference.nested_args(r._args_type)}
    assert len(RESOURCES) == 7
    assert set(ARGS) == reached


@pytest.mark.parametrize("args_type", ARGS, ids=lambda a: a.__name__)
def test_every_field_has_a_docstring(args_type: type) -> None:
    assert undocumented(args_type) == []
    assert len(_reference.fields(args_type)) == len(attrs.fields(args_type))


def test_an_undocumented_field_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sample_args.py").write_text(
        "import attrs\n\n\n@attrs.frozen(kw_only=True)\nclass SampleArgs:\n"
        '    """A sample."""\n\n    documented: str\n    """Has one."""\n    bare: str | None = None\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    from sample_args import SampleArgs  # type: ignore[import-not-found]

    assert undocumented(SampleArgs) == ["bare"]


@pytest.mark.parametrize("args_type", ARGS, ids=lambda a: a.__name__)
def test_help_shows_every_field_with_its_type_and_description(args_type: type) -> None:
    shown = _help(args_type)
    for field in _reference.fields(args_type):
        kind = _reference.simplify(field.annotation)
        assert f"{field.name} ({kind}" in shown, field.name
        assert " ".join(field.doc.split())[:60] in shown, field.name


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.__name__)
def test_help_of_a_resource_lists_its_inputs_outputs_and_constructor(resource: type) -> None:
    shown = _help(resource)
    for field in _reference.fields(resource._args_type):
        assert f"{field.name} (" in shown and f":param {field.name}: (" in shown, field.name
    for output in _reference.outputs(resource):
        assert f"{output.name} ({_reference.simplify(output.annotation)}): {output.doc[:40]}" in shown


def test_help_shows_the_kinds_defaults_and_what_is_required() -> None:
    shown = _help(cortex.TeamArgs)
    assert "team_tag (str, required): Unique tag of the team" in shown
    assert "archived (bool, default False): Archive the team" in shown
    hierarchy = _help(cortex.TeamHierarchyArgs)
    assert "ownership (str, default 'ALL')" in hierarchy


@pytest.mark.parametrize("args_type", ARGS, ids=lambda a: a.__name__)
def test_the_readme_reference_has_every_args_class_and_field(args_type: type) -> None:
    section = _reference_section()
    if args_type.__name__ not in {f"{r.__name__}Args" for r in RESOURCES}:
        assert f"`{args_type.__name__}` (or a dict, `{args_type.__name__}Dict`)" in section
    for field in _reference.fields(args_type):
        kind = re.escape(f"`{_reference.simplify(field.annotation)}`")
        assert re.search(rf"\| `{field.name}` \| {kind} \| [^|]* \| {re.escape(field.doc[:40])}", section), field.name


def test_nested_filter_fields_are_in_the_readme() -> None:
    section = _reference_section()
    table = section[section.index("`ScorecardFilterArgs` (or a dict"):].split("\n\n")[1]
    assert [row.split("`")[1] for row in table.splitlines()[2:]] == ["kind", "category", "types", "groups", "query"]
