"""The summary of a preview that refreshed Cortex: what changed there (drift), and what the next up does."""

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


SECRET = "pulumi-python:dynamic/cortex:Secret"
WORKFLOW = "pulumi-python:dynamic/cortex:Workflow"
DEPLOY = "pulumi-python:dynamic/cortex:Deploy"
SCORECARD = "pulumi-python:dynamic/cortex:Scorecard"
ADA = {"email": "ada@example.com", "name": "Ada Lovelace"}
LINUS = {"email": "linus@example.com", "name": "Linus Torvalds"}
RULE = {"title": "Has on-call", "expression": 'custom("oncall") != null', "level": "Bronze"}


def refreshed(name: str, recorded: dict[str, Any], cortex: dict[str, Any] | None, program: dict[str, Any],
              type_: str = "pulumi-python:dynamic/cortex:Team") -> list[dict[str, Any]]:
    """The steps `pulumi preview --refresh --json` writes for one resource: the refresh (old state = what the last
    `up` recorded) and, when Cortex no longer matches the program, the step that puts it back."""
    refresh = step("refresh", name, recorded, recorded, type_=type_)
    if cortex is None:  # gone from Cortex: the next up creates it again
        return [refresh, step("create", name, None, program, type_=type_)]
    fix = with_outputs(step("update", name, cortex, program, type_=type_), **cortex)
    return [refresh, fix]


def test_drift_lines_say_what_changed_in_cortex_and_what_up_does() -> None:
    platform = {"team_tag": "platform", "name": "Platform", "members": [ADA]}
    db = {"tag": "payments_db", "name": "Payments DB", "value": "[secret]"}
    notify = {"tag": "deploy-notify", "name": "Deploy notify"}
    release = {"entity": "payments", "title": "payments 1.4.2", "sha": "abc123"}
    card = {"tag": "readiness", "name": "Readiness", "rules": [RULE], "levels": [{"name": "Bronze", "rank": 1},
                                                                                    {"name": "Silver", "rank": 2}]}
    steps = [
        *refreshed("platform", platform, {**platform, "members": [ADA, LINUS]}, platform),
        # a rename in Cortex: the recorded inputs still carry the old name, the refreshed outputs the new one
        *refreshed("db", db, {**db, "name": "Payments database"}, db, type_=SECRET),
        *refreshed("notify", notify, None, notify, type_=WORKFLOW),
        *refreshed("release", release, None, release, type_=DEPLOY),
        *refreshed("readiness", card, {**card, "rules": [{**RULE, "level": "Silver"}]}, card, type_=SCORECARD),
    ]
    steps[2]["oldState"]["inputs"]["name"] = "Payments DB"  # what a refresh leaves in the inputs
    text = text_of(*steps)
    for expected in (
        "Drift: these objects changed in Cortex since the last `up`",
        "Member \"Linus Torvalds\" was added to team platform in Cortex; the next up removes the member",
        "Secret payments_db was renamed in Cortex to Payments database; the next up renames it back to Payments DB",
        "Workflow deploy-notify was deleted in Cortex; the next up creates it again",
        "It gets the time of that up as its timestamp: the program declares none",
        'Rule "Has on-call" of scorecard readiness was changed in Cortex: level Silver (the program: Bronze); '
        "the next up sets it back",
    ):
        assert expected in text, text
    assert "rotated" not in text and "Member removed" not in text
    assert "deploy-notify (restore)" in text and "platform (revert)" in text and "(create)" not in text
    # The same preview, read as a change of the program: still a rename, and the create says it is a restore.
    plain = text_of(*steps, drift=False)
    assert "Renamed: Payments database → Payments DB" in plain and "rotated" not in plain
    assert "Deleted in Cortex since the last up; created again" in plain and "Drift:" not in plain


def test_a_changed_program_is_not_drift_unless_asked() -> None:
    platform = {"team_tag": "platform", "name": "Platform", "members": [ADA]}
    steps = refreshed("platform", platform, platform, {**platform, "name": "Platform team"})
    assert "Drift:" not in text_of(*steps)
    assert "Drift:" in text_of(*steps, drift=True)
    no_refresh = with_outputs(step("update", "platform", platform, {**platform, "members": [ADA, LINUS]}))
    assert "Drift:" not in text_of(no_refresh)


def test_a_refresh_that_found_nothing_is_not_worded_as_drift() -> None:
    platform = {"team_tag": "platform", "name": "Platform", "members": [ADA]}
    text = text_of(step("refresh", "platform", platform, platform), step("same", "platform", platform, platform))
    assert "Drift:" not in text and "No changes" in text, text


def test_a_difference_cortex_does_not_show_is_not_called_a_change_in_cortex() -> None:
    db = {"tag": "payments_db", "name": "Payments DB", "value": "[secret]"}
    text = text_of(*refreshed("db", db, db, db, type_=SECRET), drift=True)
    assert "what Cortex does not show" in text and "the next up writes the program's value" in text, text
