"""The summary of a preview that refreshed Cortex: what changed there (drift), and what the next `up` does."""

from __future__ import annotations

from typing import Any

from tests.summary.test_summary import step, text_of

HIERARCHY = "pulumi-python:dynamic/cortex:TeamHierarchy"


def _edges(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"parent": p, "child": c} for p, c in pairs]


def with_outputs(entry: dict[str, Any], **outputs: Any) -> dict[str, Any]:
    entry["oldState"]["outputs"] = {**entry["oldState"]["inputs"], **outputs}
    entry["oldState"]["outputs"].pop("__provider", None)
    return entry


def test_a_team_moved_in_the_ui_between_declared_parents_ends_with_both() -> None:
    # The stack owns platform -> payments; in the UI payments moved under finance (the refresh no longer finds
    # the owned edge, and finance -> payments is someone else's): the up restores the edge, finance's stays.
    moved = step("update", "org", {"edges": _edges(("org", "platform")), "ownership": "DECLARED"},
                 {"edges": _edges(("org", "platform"), ("platform", "payments")), "ownership": "DECLARED"},
                 type_=HIERARCHY)
    text = text_of(with_outputs(moved, other_edges=_edges(("finance", "payments"), ("org", "finance")),
                                synced_edges=[]))
    assert "Team payments ends with 2 parents: finance, platform" in text, text
    alone = step("update", "org", {"edges": _edges(("org", "platform")), "ownership": "DECLARED"},
                 {"edges": _edges(("org", "platform"), ("platform", "payments")), "ownership": "DECLARED"},
                 type_=HIERARCHY)
    assert "parents" not in text_of(with_outputs(alone, other_edges=_edges(("org", "finance")), synced_edges=[]))
