"""Adoption reads as adoption: a create with adopt=True is counted and listed apart from real creates, and, given
a connection, compared read-only with what Cortex holds by the kind's own equality."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.summary import from_document, render, summarize, summarize_text
from tests.summary.test_summary import step
from tests.support import ADMIN_TOKEN, api

SECRET = "pulumi-python:dynamic/cortex:Secret"
TEAM_BODY = {"type": "CORTEX", "links": [], "slackChannels": [],
             "cortexTeam": {"members": [{"email": "ada@example.com", "name": "Ada", "notificationsEnabled": True}]}}


def _preview() -> dict[str, object]:
    member = [{"email": "ada@example.com", "name": "Ada"}]
    return {"steps": [
        step("create", "same", None, {"team_tag": "same", "name": "Same", "members": member, "adopt": True}),
        step("create", "renamed", None, {"team_tag": "renamed", "name": "Renamed here", "members": member,
                                         "adopt": True}),
        step("create", "fresh", None, {"team_tag": "fresh", "name": "Fresh", "adopt": True}),
        step("create", "new", None, {"team_tag": "new", "name": "New"}),
        step("create", "db", None, {"tag": "db", "name": "DB", "value": "[secret]", "adopt": True}, type_=SECRET),
    ]}


def test_adoptions_have_their_own_column_and_section() -> None:
    summary = summarize(from_document(_preview()))
    assert summary.headline() == "1 to create, 4 to adopt"
    assert summary.counts["Teams"] == {"create": 1, "adopt": 3} and summary.columns[:2] == ("create", "adopt")
    text = render(summary, "text")
    section = text.split("Adoptions: 4 objects Cortex already holds", 1)[1].split("\n\n", 1)[0]
    assert "Teams renamed: exists in Cortex (adopt=True)" in section and "Teams new" not in section
    assert "new (create)" in text and "renamed (create)" not in text
    markdown = render(summary, "markdown")
    assert "| | create | adopt | update | replace | delete |" in markdown
    assert "#### Adoptions: 4 objects Cortex already holds" in markdown


def test_with_a_connection_each_adoption_is_compared_with_cortex(emu: Emulator) -> None:
    for tag, name in (("same", "Same"), ("renamed", "Renamed in the UI")):
        api(emu).post("/api/v1/teams", json={**TEAM_BODY, "teamTag": tag, "metadata": {"name": name}}).raise_for_status()
    api(emu).post("/api/v1/secrets", json={"tag": "db", "name": "DB", "secret": "x"}).raise_for_status()
    emu.clear_requests()
    from cortex_pulumi.client import CortexClient

    text, summary = summarize_text(json.dumps(_preview()), "text",
                                   client=CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN))
    assert summary.adoption == "4 to adopt: 1 match Cortex, 2 will be updated (name, value), 1 not in Cortex, so created"
    assert "Teams same: matches Cortex: adopting writes nothing" in text
    assert "Teams renamed: Cortex differs in name: adopting updates it" in text
    assert "Teams fresh: not in Cortex: adopting creates it" in text
    # A secret's value is never returned: written, and said so, never reported as a difference Cortex showed.
    assert "Secrets db: matches Cortex in what it returns" in text
    assert "value written as declared: Cortex never returns it, so it cannot be compared" in text
    assert "differs in value" not in text
    assert {r["method"] for r in emu.requests()} == {"GET"}
    assert len(emu.requests()) <= 4  # at most a read per adoption (the read cache lists a kind when that is cheaper)


def test_the_cli_compares_given_a_base_url(emu: Emulator, tmp_path: object) -> None:
    api(emu).post("/api/v1/teams", json={**TEAM_BODY, "teamTag": "same", "metadata": {"name": "Same"}}).raise_for_status()
    preview = {"steps": [_preview()["steps"][0]]}  # type: ignore[index]
    done = subprocess.run([sys.executable, "-m", "cortex_pulumi.cli", "summarize", "--format", "text",
                           "--base-url", emu.url], input=json.dumps(preview), capture_output=True, text=True,
                          env={**os.environ, "CORTEX_API_TOKEN": ADMIN_TOKEN}, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 to adopt: 1 match Cortex" in done.stdout


def test_removals_from_kept_objects_are_in_the_caution_block() -> None:
    """An edge, a member, a link made in the UI and removed by an update is cautioned about, not only listed."""
    old = {"team_tag": "p", "name": "P", "members": [{"email": "a@x.io", "name": "A"}, {"email": "ui@x.io", "name": "UI"}],
           "links": [{"name": "Wiki", "type": "doc", "url": "https://w"}], "slack_channels": [{"name": "ops"}]}
    new = {"team_tag": "p", "name": "P", "members": [{"email": "a@x.io", "name": "A"}], "links": []}
    hierarchy = "pulumi-python:dynamic/cortex:TeamHierarchy"
    doc = {"steps": [step("update", "p", old, new, diffReasons=["members", "links"]),
                     step("update", "org", {"edges": [{"parent": "p", "child": "q"}, {"parent": "p", "child": "ui"}]},
                          {"edges": [{"parent": "p", "child": "q"}]}, type_=hierarchy, diffReasons=["edges"])]}
    markdown = render(summarize(from_document(doc)), "markdown")
    caution = markdown.split("> [!CAUTION]", 1)[1].split("\n\n", 1)[0]
    assert "> - Remove member “UI” `ui@x.io` from team `p`" in caution
    assert "> - Remove link “Wiki” `https://w` from team `p`" in caution
    assert "> - Remove the edge `p` → `ui` from the team hierarchy" in caution
    assert "ops" not in caution  # slack_channels left out: Cortex keeps them


def test_an_adoption_line_names_its_kind_once() -> None:
    from cortex_pulumi.summary.model import Block, Code

    team = Block("Teams", (Code("platform"),), "adopt", ())
    hierarchy = Block("Team hierarchy", ("the team hierarchy",), "adopt", ())
    assert team.named == ("Teams ", Code("platform"))
    assert hierarchy.named == ("the team hierarchy",)  # not "Team hierarchy the team hierarchy"
