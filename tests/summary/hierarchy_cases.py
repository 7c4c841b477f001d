"""Preview documents of hierarchy changes: the golden cases (a move, a new subtree, a removed team, a 60-team
reorganisation) and the bad inputs the diagram must survive (markup, Mermaid syntax, long names, cycles)."""

from __future__ import annotations

from typing import Any

TEAM = "pulumi-python:dynamic/cortex:Team"
HIERARCHY = "pulumi-python:dynamic/cortex:TeamHierarchy"


def _state(urn: str, type_: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"urn": urn, "type": type_, "inputs": {"__provider": "blob", **inputs}}


def step(op: str, type_: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    urn = f"urn:pulumi:prod::org::{type_}::{name}"
    out: dict[str, Any] = {"op": op, "urn": urn}
    if old is not None:
        out["oldState"] = _state(urn, type_, old)
    if new is not None:
        out["newState"] = _state(urn, type_, new)
    return out


def team(tag: str, name: str, op: str = "same") -> dict[str, Any]:
    props = {"team_tag": tag, "name": name}
    return step(op, TEAM, tag, None if op == "create" else props, None if op == "delete" else props)


def edges(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"parent": parent, "child": child} for parent, child in pairs]


def hierarchy(before: list[tuple[str, str]] | None, after: list[tuple[str, str]] | None) -> dict[str, Any]:
    op = "create" if before is None else "delete" if after is None else "update"
    return step(op, HIERARCHY, "org", None if before is None else {"edges": edges(*before)},
                None if after is None else {"edges": edges(*after)})


def document(*steps: dict[str, Any]) -> dict[str, Any]:
    return {"steps": list(steps)}


def _named(*tags: str) -> list[dict[str, Any]]:
    return [team(tag, tag.replace("-", " ").title()) for tag in tags]


def move() -> dict[str, Any]:
    """`mobile` moves from `apps` to `platform`; `billing` (under an unchanged team) stays out of the picture."""
    base = [("platform", "apps"), ("apps", "web"), ("platform", "payments"), ("payments", "billing")]
    return document(*_named("platform", "apps", "mobile", "web", "payments", "billing"),
                    hierarchy([*base, ("apps", "mobile")], [*base, ("platform", "mobile")]))


def new_subtree() -> dict[str, Any]:
    """A new `data` team with three new teams under it, attached below `platform`."""
    base = [("platform", "apps"), ("platform", "payments")]
    new = [team(tag, name, "create") for tag, name in
           (("data", "Data"), ("analytics", "Analytics"), ("ml", "Machine learning"), ("ml-infra", "ML infra"))]
    return document(*_named("platform", "apps", "payments"), *new, hierarchy(
        base, [*base, ("platform", "data"), ("data", "analytics"), ("data", "ml"), ("ml", "ml-infra")]))


def removed_team() -> dict[str, Any]:
    """The `identity` team is deleted: its edge to its parent and to its child `sso` go, `sso` moves up."""
    base = [("platform", "apps"), ("platform", "security")]
    return document(*_named("platform", "apps", "security", "sso"), team("identity", "Identity", "delete"),
                    hierarchy([*base, ("platform", "identity"), ("identity", "sso")], [*base, ("security", "sso")]))


def reorganisation() -> dict[str, Any]:
    """60 teams: six groups of nine under `eng` become four groups of the same teams plus a new `ai` group."""
    leaves = [f"team-{i:02d}" for i in range(53)]
    old_groups = [f"group-{g}" for g in range(1, 7)]
    new_groups = ["product", "infrastructure", "foundations", "growth"]
    before = [("eng", g) for g in old_groups] + [(old_groups[i // 9], leaf) for i, leaf in enumerate(leaves)]
    after = [("eng", g) for g in old_groups[:2]] + [(old_groups[i // 9], leaf) for i, leaf in enumerate(leaves[:18])]
    after += [("eng", g) for g in new_groups] + [(new_groups[i % 4], leaf) for i, leaf in enumerate(leaves[18:])]
    teams = _named("eng", *old_groups, *leaves)
    assert len(teams) == 60
    return document(*teams, *(team(g, g.title(), "create") for g in new_groups), hierarchy(before, after))


GOLDEN_CASES = {"hierarchy-move": move, "hierarchy-new-subtree": new_subtree,
                "hierarchy-removed-team": removed_team, "hierarchy-reorganisation": reorganisation}

#: Names a program may hold that must not break the diagram or the page.
HOSTILE = {
    "mermaid": 'A]-->B["pwned"]',
    "script": "<script>alert('x')</script>",
    "quotes": 'The "quoted" team\'s name',
    "markdown": "**bold** `code` [link](http://x) | pipe # hash %% comment",
    "long": "A team whose name goes on and on " * 8,
    "entity": "#quot; &amp; #60;",
}


def hostile() -> dict[str, Any]:
    """Names with markup and Mermaid syntax, a very long name, a team with two parents and a new edge."""
    tags = list(HOSTILE)
    teams = [team(tag, name) for tag, name in HOSTILE.items()]
    before = [("mermaid", "script"), ("script", "quotes")]
    after = [*before, ("mermaid", "markdown"), ("quotes", "long"), ("markdown", "long"), ("long", "entity")]
    assert set(tags) == {t for pair in after for t in pair}
    return document(*teams, hierarchy(before, after))


def hostile_tags() -> dict[str, Any]:
    """Tags (no names known) that are themselves markup or Mermaid syntax."""
    return document(hierarchy([], [("A]-->B", "<img src=x onerror=alert(1)>"), ("A]-->B", 'x"y')]))


def cycle() -> dict[str, Any]:
    """Cortex reported a cycle (a → b → a); the change adds an edge out of it."""
    ring = [("a", "b"), ("b", "a")]
    return document(hierarchy(ring, [*ring, ("a", "c")]))


def emptied() -> dict[str, Any]:
    """A tenant with no edges before or after (an empty hierarchy created)."""
    return document(hierarchy(None, []))


BAD_CASES = {"hostile": hostile, "hostile-tags": hostile_tags, "cycle": cycle, "empty": emptied}
