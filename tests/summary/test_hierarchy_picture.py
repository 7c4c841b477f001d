"""The hierarchy's picture in summaries: Mermaid diagram (Markdown) and before/after trees (text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from cortex_pulumi.summary import FORMATS, from_document
from cortex_pulumi.summary.hierarchy import CAP, HierarchyChange, view
from cortex_pulumi.summary.mermaid import MAX_LABEL
from tests.summary import hierarchy_cases as cases
from tests.summary.goldens import UPDATE, golden_path, rendered

_TEXT = r'[^"<>`\[\]{}|]*'
NODE = re.compile(rf'^  t\d+\["{_TEXT}(<br/>{_TEXT})?"\]$')
LINK = re.compile(r"^  t\d+ (-->|== added ==>|-\. removed \.->|==>|-\.->) t\d+$")
STYLE = re.compile(r"^  (classDef|class|linkStyle) [\w,:#;. -]+$")


def diagrams(markdown: str) -> list[list[str]]:
    """The body lines of each ```mermaid block."""
    return [block.split("\n") for block in re.findall(r"```mermaid\n(.*?)\n```", markdown, re.S)]


def nodes(diagram: list[str]) -> list[str]:
    return [line for line in diagram if line.startswith("  t") and "[" in line]


@pytest.mark.parametrize("name", sorted(cases.GOLDEN_CASES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_hierarchy_goldens(name: str, fmt: str) -> None:
    text = rendered(cases.GOLDEN_CASES[name](), fmt)
    path = golden_path(name, fmt)
    if UPDATE:
        path.write_text(text)
    assert text == path.read_text(), f"the {fmt} summary of {name} differs from {path}"


@pytest.mark.parametrize("make", [*cases.GOLDEN_CASES.values(), *cases.BAD_CASES.values()])
def test_every_diagram_line_is_a_node_a_link_or_a_style(make: Callable[[], Any]) -> None:
    for diagram in diagrams(rendered(make(), "markdown")):
        assert diagram[0] in ("flowchart TD", "flowchart LR")
        for line in diagram[1:]:
            assert NODE.match(line) or LINK.match(line) or STYLE.match(line), line


def test_a_move_draws_the_changed_edges_with_one_level_of_context_above_the_lists() -> None:
    markdown = rendered(cases.move(), "markdown")
    (diagram,) = diagrams(markdown)
    body = "\n".join(diagram)
    assert markdown.index("```mermaid") < markdown.index("Edges added (1):") < markdown.index("Edges removed (1):")
    assert '["Mobile<br/>mobile"]' in body and '["Platform<br/>platform"]' in body
    assert "== added ==>" in body and "-. removed .->" in body
    assert '["Payments<br/>payments"]' in body  # a child of platform: context
    assert "billing" not in body  # two levels away from the change
    assert "left out" not in markdown


def test_text_form_shows_the_same_part_before_and_after() -> None:
    text = rendered(cases.move(), "text")
    before = text[text.index("  Before"):text.index("  After")]
    after = text[text.index("  After"):text.index("  - Edges added")]
    assert '    -     mobile "Mobile"' in before and '    +   mobile "Mobile"' in after
    assert "billing" not in before + after


def test_a_large_change_is_capped_and_says_what_it_left_out() -> None:
    document = cases.reorganisation()
    markdown = rendered(document, "markdown")
    (diagram,) = diagrams(markdown)
    assert 0 < len(nodes(diagram)) <= CAP
    assert re.search(r"Only \d+ of the \d+ changed edges are drawn", markdown)
    assert "Every change is listed below." in markdown
    added = re.search(r"Edges added \((\d+)\)", markdown)
    assert added and int(added.group(1)) == 39  # 35 moved teams and 4 new groups, all listed
    assert "left out" in rendered(document, "text")


def test_past_the_cap_only_the_changed_subtrees_are_drawn() -> None:
    change = HierarchyChange(
        before=tuple(("root", f"k{i}") for i in range(30)) + (("root", "a"),),
        after=tuple(("root", f"k{i}") for i in range(30)) + (("root", "b"),))
    drawn = view(change, cap=10)
    assert set(drawn.teams) == {"root", "a", "b"}
    assert "30 unchanged teams around them" in drawn.left_out
    assert len(view(change).teams) == 33 and view(change).left_out == ""


def test_hostile_names_are_escaped_cut_and_never_break_the_diagram() -> None:
    markdown = rendered(cases.hostile(), "markdown")
    (diagram,) = diagrams(markdown)
    body = "\n".join(diagram)
    assert "<script>" not in markdown and "-->B" not in body
    assert "#60;script#62;" in body and "A#93;--#62;B#91;#34;pwned#34;#93;" in body
    longest = max(len(re.sub(r"#\d+;", "x", line.split('"')[1].split("<br/>")[0])) for line in nodes(diagram))
    assert longest == MAX_LABEL


def test_hostile_tags_get_generated_node_ids() -> None:
    (diagram,) = diagrams(rendered(cases.hostile_tags(), "markdown"))
    assert "  t0 == added ==> t1" in diagram
    assert '  t1["#60;img src#61;x onerror#61;alert#40;1#41;#62;"]' in diagram


def test_two_parents_are_drawn_and_the_text_tree_says_so() -> None:
    markdown, text = rendered(cases.hostile(), "markdown"), rendered(cases.hostile(), "text")
    (diagram,) = diagrams(markdown)
    ids = {line.split("[")[0].strip(): line for line in nodes(diagram)}
    long_id = next(i for i, line in ids.items() if "A team whose name" in line)
    assert sum(1 for line in diagram if line.endswith(f"==> {long_id}") or line.endswith(f"--> {long_id}")) == 2
    assert "(also under another parent, see above)" in text


def test_a_cycle_reported_by_cortex_is_drawn_and_stated() -> None:
    (diagram,) = diagrams(rendered(cases.cycle(), "markdown"))
    assert sum(1 for line in diagram if LINK.match(line)) == 3
    text = rendered(cases.cycle(), "text")
    assert text.count("(back to an ancestor: a cycle)") == 2  # before and after


def test_an_empty_hierarchy_is_stated() -> None:
    for fmt in FORMATS:
        assert "The hierarchy has no edges before or after this change." in rendered(cases.emptied(), fmt)


def test_edges_known_only_at_apply_draw_nothing() -> None:
    document = cases.document(cases.hierarchy([("a", "b")], None))
    document["steps"][0]["op"] = "update"
    document["steps"][0]["newState"] = {**document["steps"][0]["oldState"],
                                        "inputs": {"edges": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}}
    assert from_document(document).changes[0].op == "update"
    assert "```mermaid" not in rendered(document, "markdown")


def test_readme_shows_the_diagram_of_the_recorded_preview() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "scripts/hierarchy_diagram.py", "--check"], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "```mermaid\nflowchart TD" in (root / "README.md").read_text()


def test_teams_the_preview_creates_or_deletes_are_named_so() -> None:
    removed, created = rendered(cases.removed_team(), "markdown"), rendered(cases.new_subtree(), "markdown")
    assert '["Identity<br/>identity #40;deleted#41;"]' in removed
    assert '["Machine learning<br/>ml #40;new#41;"]' in created and '["Platform<br/>platform"]' in created
    assert 'identity "Identity" (deleted)' in rendered(cases.removed_team(), "text")
    assert 'ml "Machine learning" (new)' in rendered(cases.new_subtree(), "text")
