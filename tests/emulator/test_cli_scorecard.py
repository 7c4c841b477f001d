"""The official Cortex CLI (cortexapps-cli 1.52.0) driving scorecard and exemption commands against an
emulator subprocess: the scenarios of the CLI's own live tests/test_scorecards.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, sample
from tests.support.process import EmulatorProcess, cortex_json, run_cortex_cli

SCORECARD = sample("cli-test-scorecard.yaml")


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--evaluation-seconds", "30") as proc:
        body = {"tag": "cli-test-service", "type": "service", "customData": {"testField": "42"}}
        r = requests.post(proc.url + "/_emulator/entities", json=body, timeout=10)
        assert r.status_code == 200, r.text
        yield proc


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scorecards")
    (folder / "scorecard.yaml").write_text(SCORECARD)
    (folder / "draft.yaml").write_text(
        SCORECARD.replace("cli-test-scorecard", "cli-test-draft-scorecard").replace("draft: false", "draft: true")
    )
    (folder / "broken.yaml").write_text(SCORECARD.replace("level: You Made It", "level: Nowhere"))
    return folder


def cli(server: EmulatorProcess, *args: str, token: str = ADMIN_TOKEN) -> str:
    result = run_cortex_cli(server.url, *args, token=token)
    assert result.returncode == 0, f"cortex {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def as_json(server: EmulatorProcess, *args: str, token: str = ADMIN_TOKEN) -> Any:
    return cortex_json(server.url, *args, token=token)


def test_create_list_get_descriptor_shield_scores(server: EmulatorProcess, files: Path) -> None:
    assert cli(server, "scorecards", "create", "-f", str(files / "scorecard.yaml")) == ""
    listed = as_json(server, "scorecards", "list")
    assert "cli-test-scorecard" in [s["tag"] for s in listed["scorecards"]]

    shield = as_json(server, "scorecards", "shield", "-s", "cli-test-scorecard", "-t", "cli-test-service")
    assert "img.shields.io" in shield["value"]
    assert "You%20Made%20It" not in shield["value"]  # one of two rules fails: no level yet

    got = as_json(server, "scorecards", "get", "-s", "cli-test-scorecard")
    assert got["scorecard"]["tag"] == "cli-test-scorecard"

    descriptor = cli(server, "scorecards", "descriptor", "-s", "cli-test-scorecard")
    assert "Used to test Cortex CLI" in descriptor
    # Read back as posted: no `evaluation` (nor any other setting) is added to the descriptor ...
    assert yaml.safe_load(descriptor) == yaml.safe_load(SCORECARD)
    # ... while the JSON view reports the documented 4-hour window.
    assert got["scorecard"]["evaluation"] == {"window": 4}

    scores = as_json(server, "scorecards", "scores", "-s", "cli-test-scorecard")
    (entry,) = scores["serviceScores"]
    assert entry["service"]["tag"] == "cli-test-service"
    assert entry["score"]["summary"]["score"] == 1
    only = as_json(server, "scorecards", "scores", "-s", "cli-test-scorecard", "-t", "cli-test-service")
    assert len(only["serviceScores"]) == 1

    steps = as_json(server, "scorecards", "next-steps", "-s", "cli-test-scorecard", "-t", "cli-test-service")
    (step,) = steps["nextSteps"]
    assert step["nextLevel"]["level"]["name"] == "You Made It"
    assert [r["title"] for r in step["rulesToComplete"]] == ["Is Definitely False"]

    entity_scores = as_json(server, "catalog", "scorecard-scores", "-t", "cli-test-service")
    assert [s["scorecardName"] for s in entity_scores] == ["CLI Test Scorecard"]


def test_dry_run_and_validation_errors(server: EmulatorProcess, files: Path) -> None:
    draft = str(files / "draft.yaml")
    assert run_cortex_cli(server.url, "scorecards", "create", "--dry-run", "-f", draft).returncode == 0
    shown = as_json(server, "scorecards", "list", "-s")
    assert "cli-test-draft-scorecard" not in [s["tag"] for s in shown["scorecards"]]

    broken = run_cortex_cli(server.url, "scorecards", "create", "-f", str(files / "broken.yaml"))
    assert broken.returncode != 0
    assert "HTTP Error 400" in broken.stdout and "Validation failed" in broken.stdout
    assert "/rules/0/level" in broken.stdout


def test_drafts_are_listed_only_with_show_drafts(server: EmulatorProcess, files: Path) -> None:
    cli(server, "scorecards", "create", "-f", str(files / "draft.yaml"))
    assert "cli-test-draft-scorecard" in [s["tag"] for s in as_json(server, "scorecards", "list", "-s")["scorecards"]]
    assert "cli-test-draft-scorecard" not in [s["tag"] for s in as_json(server, "scorecards", "list")["scorecards"]]
    table = cli(server, "scorecards", "list", "-s", "--table")
    assert "cli-test-draft-scorecard" in table
    cli(server, "scorecards", "delete", "-s", "cli-test-draft-scorecard")
    assert "cli-test-draft-scorecard" not in [s["tag"] for s in as_json(server, "scorecards", "list", "-s")["scorecards"]]


def test_trigger_evaluation_then_already_evaluating(server: EmulatorProcess, files: Path) -> None:
    cli(server, "scorecards", "create", "-f", str(files / "scorecard.yaml"))
    first = cli(server, "scorecards", "trigger-evaluation", "-s", "cli-test-scorecard", "-e", "cli-test-service")
    assert "Scorecard evaluation triggered successfully" in first
    second = run_cortex_cli(server.url, "scorecards", "trigger-evaluation", "-s", "cli-test-scorecard", "-e", "cli-test-service")
    assert second.returncode != 0
    assert "Already evaluating scorecard" in second.stdout


def test_exemptions_request_approve_revoke_deny(server: EmulatorProcess, files: Path) -> None:
    cli(server, "scorecards", "create", "-f", str(files / "scorecard.yaml"))
    rule = as_json(server, "scorecards", "get", "-s", "cli-test-scorecard")["scorecard"]["rules"][0]["identifier"]
    common = ["-s", "cli-test-scorecard", "-t", "cli-test-service", "-ri", rule]

    requested = as_json(server, "scorecards", "exemptions", "request", *common, "-r", "test approve", "-d", "100", token=VIEWER_TOKEN)
    assert requested["exemptionStatus"]["status"] == "PENDING" and "endDate" in requested
    approved = as_json(server, "scorecards", "exemptions", "approve", *common)
    assert approved["exemptions"][0]["exemptionStatus"]["status"] == "APPROVED"
    level = as_json(server, "scorecards", "scores", "-s", "cli-test-scorecard")["serviceScores"][0]["score"]["ladderLevels"]
    assert level == [{"level": {"name": "You Made It", "number": 1}}]
    revoked = as_json(server, "scorecards", "exemptions", "revoke", *common, "-r", "test revoke")
    assert revoked["exemptions"][0]["exemptionStatus"]["status"] == "REJECTED"

    # Without -d the CLI sends days: 0, which the emulator treats as permanent.
    again = as_json(server, "scorecards", "exemptions", "request", *common, "-r", "test deny", token=VIEWER_TOKEN)
    assert again["exemptionStatus"]["status"] == "PENDING" and "endDate" not in again
    denied = as_json(server, "scorecards", "exemptions", "deny", *common, "-r", "test deny")
    assert denied["exemptions"][0]["exemptionStatus"]["status"] == "REJECTED"

    refused = run_cortex_cli(server.url, "scorecards", "exemptions", "approve", *common, token=VIEWER_TOKEN)
    assert refused.returncode != 0 and "HTTP Error 403" in refused.stdout
    nothing = run_cortex_cli(server.url, "scorecards", "exemptions", "approve", *common)
    assert nothing.returncode != 0 and "No pending exemptions to approve found" in nothing.stdout


def test_delete(server: EmulatorProcess, files: Path) -> None:
    cli(server, "scorecards", "create", "-f", str(files / "scorecard.yaml"))
    assert cli(server, "scorecards", "delete", "-s", "cli-test-scorecard") == ""
    assert "cli-test-scorecard" not in [s["tag"] for s in as_json(server, "scorecards", "list")["scorecards"]]
    missing = run_cortex_cli(server.url, "scorecards", "get", "-s", "cli-test-scorecard")
    assert missing.returncode != 0 and "HTTP Error 404" in missing.stdout
