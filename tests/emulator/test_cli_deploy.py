"""The official Cortex CLI (cortexapps-cli) driving the emulator's deploy endpoints (the CLI's own test scenario)."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from tests.support.process import EmulatorProcess, cortex_json, run_cortex_cli

DEPLOY = {
    "customData": {"test-field-1": "value1"},
    "deployer": {"email": "test-user@example.com", "name": "Test Deployer"},
    "environment": "testEnv",
    "sha": "SHA-123456",
    "timestamp": "2023-08-16T22:55:38.284Z",
    "title": "deploy-001",
    "type": "DEPLOY",
}


def ok(url: str, cwd: str, *args: str) -> None:
    """Run a command that prints nothing on success (the CLI's delete commands)."""
    result = run_cortex_cli(url, *args, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploys_like_the_cli_test_suite(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    url, cwd = cli_emu.url, str(tmp_path)
    requests.post(url + "/_emulator/entities", json={"tag": "cli-test-service", "type": "service"}, timeout=10).raise_for_status()
    ok(url, cwd, "deploys", "delete-all")
    assert cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["deployments"] == []

    first_file = tmp_path / "deploys-uuid.json"
    first_file.write_text(json.dumps(DEPLOY))
    second_file = tmp_path / "deploys.json"
    second_file.write_text(json.dumps({**DEPLOY, "sha": "SHA-222", "title": "deploy-002", "environment": "prod"}))
    first = cortex_json(url, "deploys", "add", "-t", "cli-test-service", "-f", str(first_file), cwd=cwd)
    cortex_json(url, "deploys", "add", "-t", "cli-test-service", "-f", str(second_file), cwd=cwd)
    assert cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["total"] == 2

    update_file = tmp_path / "deploys-update.json"
    update_file.write_text(json.dumps({**DEPLOY, "sha": "SHA-UPDATED", "title": "deploy-001-updated"}))
    updated = cortex_json(url, "deploys", "update-by-uuid", "-t", "cli-test-service", "-u", first["uuid"], "-f", str(update_file), cwd=cwd)
    assert updated["sha"] == "SHA-UPDATED"
    shas = [d["sha"] for d in cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["deployments"]]
    assert "SHA-UPDATED" in shas

    ok(url, cwd, "deploys", "delete-by-uuid", "-t", "cli-test-service", "-u", first["uuid"])
    assert cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["total"] == 1

    ok(url, cwd, "deploys", "delete", "-t", "cli-test-service", "-s", "SHA-222")
    assert cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["total"] == 0

    cortex_json(url, "deploys", "add", "-t", "cli-test-service", "-f", str(first_file), cwd=cwd)
    ok(url, cwd, "deploys", "delete-by-filter", "-ty", "DEPLOY")
    assert cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["total"] == 0

    flagged = run_cortex_cli(
        url, "deploys", "add", "-t", "cli-test-service", "--title", "flag deploy", "-ty", "DEPLOY", "-s", "abc",
        "-m", "dev@example.com", "-n", "Dev", "-c", "abc=123", "-ts", "2024-01-01T10:00:00", cwd=cwd,
    )
    assert flagged.returncode == 0, flagged.stdout + flagged.stderr
    entry = cortex_json(url, "deploys", "list", "-t", "cli-test-service", cwd=cwd)["deployments"][0]
    assert entry["deployer"] == {"email": "dev@example.com", "name": "Dev"}
    assert entry["customData"]["abc"] == "123" and entry["sha"] == "abc"


def test_cli_unknown_entity(cli_emu: EmulatorProcess, tmp_path: Path) -> None:
    out = run_cortex_cli(cli_emu.url, "deploys", "list", "-t", "ghost", cwd=str(tmp_path))
    assert out.returncode != 0 and "404" in out.stdout + out.stderr
