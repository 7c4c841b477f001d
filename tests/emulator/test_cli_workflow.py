"""The official Cortex CLI (cortexapps-cli 1.52.0) driving workflow commands against an emulator subprocess:
create from YAML and JSON, list, get (JSON and --yaml), run + get-run, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, sample
from tests.support.process import EmulatorProcess, cortex_json, run_cortex_cli

WORKFLOW_YAML = sample("cli-test-workflow.yaml")

RUN_YAML = sample("cli-test-run-workflow.yaml")

HELLO_JSON = json.loads(sample("cli-hello-world.json"))


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as proc:
        yield proc


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workflows")
    (folder / "workflow.yaml").write_text(WORKFLOW_YAML)
    (folder / "run.yaml").write_text(RUN_YAML)
    (folder / "hello.json").write_text(json.dumps(HELLO_JSON, indent=2))
    (folder / "broken.yaml").write_text(WORKFLOW_YAML.replace("type: SLACK", "type: SMOKE_SIGNAL"))
    return folder


def cli(server: EmulatorProcess, *args: str, token: str = ADMIN_TOKEN) -> str:
    result = run_cortex_cli(server.url, *args, token=token)
    assert result.returncode == 0, f"cortex {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def as_json(server: EmulatorProcess, *args: str, token: str = ADMIN_TOKEN) -> Any:
    return cortex_json(server.url, *args, token=token)


def tags(server: EmulatorProcess, *extra: str) -> list[str]:
    return [w["tag"] for w in as_json(server, "workflows", "list", *extra)["workflows"]]


def test_create_from_yaml_list_get_delete(server: EmulatorProcess, files: Path) -> None:
    assert cli(server, "workflows", "create", "-f", str(files / "workflow.yaml")) == ""
    assert "cli-test-workflow" in tags(server)
    listed = as_json(server, "workflows", "list", "-i")
    (found,) = [w for w in listed["workflows"] if w["tag"] == "cli-test-workflow"]
    assert found["actions"][0]["schema"]["channel"] == "air-force"
    assert all(w["actions"] == [] for w in as_json(server, "workflows", "list")["workflows"])
    assert tags(server, "-s", "Workflowe") == ["cli-test-workflow"]

    got = as_json(server, "workflows", "get", "-t", "cli-test-workflow", token=VIEWER_TOKEN)
    assert got["tag"] == "cli-test-workflow" and got["isDraft"] is True
    as_yaml = cli(server, "workflows", "get", "-t", "cli-test-workflow", "--yaml")
    assert yaml.safe_load(as_yaml) == got

    assert cli(server, "workflows", "delete", "-t", "cli-test-workflow") == ""
    assert "cli-test-workflow" not in tags(server)
    missing = run_cortex_cli(server.url, "workflows", "get", "-t", "cli-test-workflow")
    assert missing.returncode != 0 and "HTTP Error 404" in missing.stdout


def test_create_from_json(server: EmulatorProcess, files: Path) -> None:
    cli(server, "workflows", "create", "-f", str(files / "hello.json"))
    got = as_json(server, "workflows", "get", "-t", "hello-world")
    assert got["actions"][0]["schema"]["message"] == "Hello, world."
    assert "runResponseTemplate" not in got
    cli(server, "workflows", "delete", "-t", "hello-world")


def test_invalid_workflow_is_reported(server: EmulatorProcess, files: Path) -> None:
    result = run_cortex_cli(server.url, "workflows", "create", "-f", str(files / "broken.yaml"))
    assert result.returncode != 0
    assert "Validation failed" in result.stdout and "/actions/0/schema/type" in result.stdout
    denied = run_cortex_cli(server.url, "workflows", "create", "-f", str(files / "run.yaml"), token=VIEWER_TOKEN)
    assert denied.returncode != 0 and "HTTP Error 403" in denied.stdout


def test_run_and_get_run(server: EmulatorProcess, files: Path) -> None:
    cli(server, "workflows", "create", "-f", str(files / "run.yaml"))
    run = as_json(server, "workflows", "run", "-t", "cli-test-run-workflow")
    assert run["id"] and run["status"] == "COMPLETED"
    again = as_json(server, "workflows", "get-run", "-t", "cli-test-run-workflow", "-r", run["id"])
    assert again == run
    waited = as_json(server, "workflows", "run", "-t", "cli-test-run-workflow", "-w", "--timeout", "20", "-x", '{"k": 1}')
    assert waited["status"] == "COMPLETED" and waited["initialContext"] == {"k": 1}
    wrong_scope = run_cortex_cli(server.url, "workflows", "run", "-t", "cli-test-run-workflow", "-s", "ENTITY", "-e", "x")
    assert wrong_scope.returncode != 0 and "HTTP Error" in wrong_scope.stdout
