"""The official Cortex CLI (cortexapps-cli) driving the emulator's secrets endpoints."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import VIEWER_TOKEN
from tests.support.process import EmulatorProcess, cortex_json, run_cortex_cli


def test_secrets_lifecycle_like_the_cli_test_suite(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    url, cwd = cli_emu.url, str(tmp_path)
    create_file = tmp_path / "secret-create.json"
    create_file.write_text(json.dumps({"tag": "cli_test_secret", "name": "CLI Test Secret", "secret": "test-secret-value-12345"}))
    created = cortex_json(url, "secrets", "create", "-f", str(create_file), cwd=cwd)
    assert created["tag"] == "cli_test_secret" and created["name"] == "CLI Test Secret"

    listed = cortex_json(url, "secrets", "list", cwd=cwd)
    assert [s["tag"] for s in listed["secrets"]] == ["cli_test_secret"]
    assert cortex_json(url, "secrets", "get", "-t", "cli_test_secret", cwd=cwd) == created
    assert cortex_json(url, "secrets", "get", "-t", created["id"], cwd=cwd) == created

    update_file = tmp_path / "secret-update.json"
    update_file.write_text(json.dumps({"name": "Updated CLI Test Secret", "secret": "updated-secret-value-67890"}))
    updated = cortex_json(url, "secrets", "update", "-t", "cli_test_secret", "-f", str(update_file), cwd=cwd)
    assert updated["name"] == "Updated CLI Test Secret"
    assert cortex_json(url, "secrets", "get", "-t", "cli_test_secret", cwd=cwd)["name"] == "Updated CLI Test Secret"

    table = run_cortex_cli(url, "secrets", "list", "--table", cwd=cwd)
    assert table.returncode == 0 and "cli_test_secret" in table.stdout
    paged = cortex_json(url, "secrets", "list", "-p", "0", cwd=cwd)
    assert "secrets" in paged and paged["total"] == 1

    deleted = run_cortex_cli(url, "secrets", "delete", "-t", "cli_test_secret", cwd=cwd)
    assert deleted.returncode == 0, deleted.stderr
    assert cortex_json(url, "secrets", "list", cwd=cwd)["secrets"] == []
    for output in (table.stdout, json.dumps(paged), json.dumps(updated)):
        assert "secret-value" not in output


def test_cli_auto_pages_through_many_secrets(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = "Bearer admin-token"
    for i in range(260):
        assert session.post(cli_emu.url + "/api/v1/secrets", json={"tag": f"s_{i:03d}", "name": "n", "secret": "v"}).status_code == 200
    listed = cortex_json(cli_emu.url, "secrets", "list", cwd=str(tmp_path))
    assert len(listed["secrets"]) == 260 and listed["secrets"][-1]["tag"] == "s_259"


def test_cli_reports_duplicate_and_permission_errors(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    create_file = tmp_path / "s.json"
    create_file.write_text(json.dumps({"tag": "dup", "name": "D", "secret": "v"}))
    assert run_cortex_cli(cli_emu.url, "secrets", "create", "-f", str(create_file), cwd=str(tmp_path)).returncode == 0
    again = run_cortex_cli(cli_emu.url, "secrets", "create", "-f", str(create_file), cwd=str(tmp_path))
    assert again.returncode != 0 and "409" in again.stdout + again.stderr and "dup" in again.stdout + again.stderr
    viewer = run_cortex_cli(cli_emu.url, "secrets", "list", token=VIEWER_TOKEN, cwd=str(tmp_path))
    assert viewer.returncode != 0 and "403" in viewer.stdout + viewer.stderr
    bad_key = run_cortex_cli(cli_emu.url, "secrets", "list", token="nope", cwd=str(tmp_path))
    assert bad_key.returncode != 0 and "401" in bad_key.stdout + bad_key.stderr
