"""The official Cortex CLI (cortexapps-cli) driving the emulator's teams and team-hierarchy endpoints."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.process import EmulatorProcess, cortex_json, run_cortex_cli


def test_teams_lifecycle(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    url, cwd = cli_emu.url, str(tmp_path)
    created = cortex_json(url, "teams", "create", "-t", "my-team", "-n", "My Team", "-d", "Does things", cwd=cwd)
    assert created["teamTag"] == "my-team" and created["metadata"] == {"name": "My Team", "description": "Does things"}
    idp = cortex_json(url, "teams", "create", "-t", "eng", "-n", "Eng", "-y", "IDP", "-g", "eng@corp.com", "-p", "GOOGLE", cwd=cwd)
    assert idp["idpGroup"]["group"] == "eng@corp.com"

    # Member-less teams are hidden by default, shown with the flag.
    assert cortex_json(url, "teams", "list", cwd=cwd)["teams"] == []
    everything = cortex_json(url, "teams", "list", "--include-teams-without-members", cwd=cwd)
    assert [t["teamTag"] for t in everything["teams"]] == ["my-team", "eng"]
    assert cortex_json(url, "teams", "get", "-t", "my-team", cwd=cwd) == created
    # Flag-only update: the CLI reads the team, rebuilds it with its own model and PUTs it back.
    renamed = cortex_json(url, "teams", "update", "-t", "my-team", "-n", "My Team!", cwd=cwd)
    assert renamed["metadata"]["name"] == "My Team!" and renamed["id"] == created["id"]

    team_file = tmp_path / "team.json"
    team_file.write_text(json.dumps({
        "id": None, "teamTag": "my-team", "catalogEntityTag": "my-team",
        "metadata": {"name": "My Team v2", "description": None, "summary": None},
        "links": [], "slackChannels": [], "isArchived": False, "type": "CORTEX",
        "cortexTeam": {"members": [{"email": "a@b.c", "name": "A", "description": "", "role": None, "notificationsEnabled": True}]},
    }))
    updated = cortex_json(url, "teams", "update", "-t", "my-team", "-f", str(team_file), cwd=cwd)
    assert updated["metadata"] == {"name": "My Team v2"} and updated["cortexTeam"]["members"][0]["email"] == "a@b.c"
    for alias in ("update-metadata", "update-members"):
        assert cortex_json(url, "teams", alias, "-t", "my-team", "-f", str(team_file), cwd=cwd)["id"] == created["id"]
    assert [t["teamTag"] for t in cortex_json(url, "teams", "list", cwd=cwd)["teams"]] == ["my-team"]

    assert cortex_json(url, "teams", "archive", "-t", "my-team", cwd=cwd)["isArchived"] is True
    assert cortex_json(url, "teams", "unarchive", "-t", "my-team", cwd=cwd)["isArchived"] is False

    deleted = run_cortex_cli(url, "teams", "delete", "-t", "eng", cwd=cwd)
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    missing = run_cortex_cli(url, "teams", "get", "-t", "eng", cwd=cwd)
    assert missing.returncode != 0 and "404" in missing.stdout + missing.stderr


def test_relationships_through_cli_rest(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    url, cwd = cli_emu.url, str(tmp_path)
    for tag in ("parent", "child"):
        cortex_json(url, "teams", "create", "-t", tag, "-n", tag, cwd=cwd)
    edges = tmp_path / "edges.json"
    edges.write_text(json.dumps({"edges": [{"parentTeamTag": "parent", "childTeamTag": "child"}]}))
    put = cortex_json(url, "rest", "put", "-e", "api/v1/teams/relationships", "-P", "replace=true", "-f", str(edges), cwd=cwd)
    assert put == {"edges": [{"parentTeamTag": "parent", "childTeamTag": "child"}]}
    assert cortex_json(url, "rest", "get", "-e", "api/v1/teams/relationships", cwd=cwd) == put
    cycle = tmp_path / "cycle.json"
    cycle.write_text(json.dumps({"edges": [{"parentTeamTag": "parent", "childTeamTag": "child"},
                                           {"parentTeamTag": "child", "childTeamTag": "parent"}]}))
    bad = run_cortex_cli(url, "rest", "put", "-e", "api/v1/teams/relationships", "-P", "replace=true", "-f", str(cycle), cwd=cwd)
    assert bad.returncode != 0 and "400" in bad.stdout + bad.stderr and "cycle" in bad.stdout + bad.stderr
