"""`cortex-pulumi audit --repair` with nothing to repair: no file, no import advice, the plain audit's status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cortex_pulumi.cli import main
from cortex_pulumi.client import CortexClient
from cortex_pulumi.client.models.team import TeamMetadata
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

STACK = "urn:pulumi:dev::p::pulumi-python:dynamic/cortex:Team::"


def _state(tmp_path: Path, *tags: str) -> Path:
    resources = [{"urn": STACK + tag, "custom": True, "id": tag, "type": "pulumi-python:dynamic/cortex:Team",
                  "inputs": {"team_tag": tag, "name": tag}, "outputs": {"team_tag": tag, "name": tag, "type": "CORTEX"}}
                 for tag in tags]
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 3, "deployment": {"manifest": {}, "resources": resources}}))
    return path


@pytest.mark.parametrize("present", [True, False], ids=["agrees", "missing-in-cortex"])
def test_repair_with_nothing_to_repair_agrees_with_the_plain_audit(
        present: bool, emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    if present:
        CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN).create_team(team_tag="rp-a",
                                                                          metadata=TeamMetadata(name="rp-a"))
    state, repaired = _state(tmp_path, "rp-a"), tmp_path / "repaired.json"
    plain = main(["audit", str(state), "--base-url", emu.url, "--prefix", "rp-"])
    plain_out = capsys.readouterr().out
    code = main(["audit", str(state), "--base-url", emu.url, "--prefix", "rp-", "--repair", str(repaired)])
    out = capsys.readouterr().out
    assert plain == (0 if present else 1), plain_out
    assert code == plain
    assert out.startswith(f"nothing to repair: no interrupted creates ({repaired} not written)\n")
    assert out.endswith(plain_out)
    assert "pulumi stack import" not in out and not repaired.exists()
