"""The `cortex-pulumi` command line: subcommands, --help, connection options, the old `python -m` entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cortex_pulumi.cli import main
from cortex_pulumi.cli.commands import COMMANDS, build_parser
from cortex_pulumi.cli.connection import settings_from_args
from cortex_pulumi.client import CortexConfigError
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

BIN = Path(sys.executable).parent


def _names() -> list[str]:
    parser = build_parser()
    return sorted(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_every_registered_module_is_a_subcommand_with_help(capsys: pytest.CaptureFixture[str]) -> None:
    names = _names()
    assert len(names) == len(COMMANDS) and {"audit", "restore-checkpoint"} <= set(names)
    for name in names:
        with pytest.raises(SystemExit) as stop:
            main([name, "--help"])
        assert stop.value.code == 0
        assert f"usage: cortex-pulumi {name}" in capsys.readouterr().out


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2 and "COMMAND" in capsys.readouterr().err


def test_console_script_and_module_entry_points() -> None:
    for command in ([str(BIN / "cortex-pulumi"), "--help"], [sys.executable, "-m", "cortex_pulumi.cli", "--help"],
                    [sys.executable, "-m", "cortex_pulumi.audit", "--help"],
                    [sys.executable, "-m", "cortex_pulumi.checkpoint", "--help"]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert "usage:" in done.stdout


def _state(tmp_path: Path) -> Path:
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"version": 3, "deployment": {"resources": []}}))
    return state


def test_token_comes_from_the_named_environment_variable(
        emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CORTEX_API_TOKEN", raising=False)
    monkeypatch.setenv("SANDBOX_TOKEN", ADMIN_TOKEN)
    state = str(_state(tmp_path))
    assert main(["audit", state, "--base-url", emu.url, "--token-env", "SANDBOX_TOKEN"]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["audit", state, "--base-url", emu.url]) == 2
    assert "CORTEX_API_TOKEN is not set" in capsys.readouterr().err
    monkeypatch.setenv("CORTEX_BASE_URL", emu.url)
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    assert main(["audit", state]) == 0


def test_a_token_on_the_command_line_is_refused_and_never_echoed(
        emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = str(_state(tmp_path))
    assert main(["audit", state, "--base-url", emu.url, "--token-env", "ctx-secret-token/value"]) == 2
    err = capsys.readouterr().err
    assert "NAME of an environment variable" in err and "ctx-secret-token" not in err
    with pytest.raises(SystemExit) as stop:  # no abbreviation: --token is not --token-env
        main(["audit", state, "--token", "ctx-secret-token"])
    assert stop.value.code == 2


def test_restore_checkpoint_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stacks = tmp_path / ".pulumi" / "stacks" / "proj"
    stacks.mkdir(parents=True)
    (stacks / "dev.json").write_text("")
    (stacks / "dev.json.bak").write_text(json.dumps({"version": 3, "checkpoint": {}}))
    assert main(["restore-checkpoint", "--backend", f"file://{tmp_path}", "--project", "proj", "--stack", "dev"]) == 0
    assert "restored from" in capsys.readouterr().out
    assert json.loads((stacks / "dev.json").read_text())["checkpoint"] == {}
    assert main(["restore-checkpoint", "--backend", str(tmp_path), "--project", "proj", "--stack", "nope"]) == 2
    assert "restore failed" in capsys.readouterr().err


def test_connection_settings_take_the_same_environment_fallback_as_a_stack(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parser = build_parser()
    monkeypatch.setenv("CORTEX_API_TOKEN", "default-token-value")
    monkeypatch.setenv("SANDBOX_TOKEN", "sandbox-token-value")
    monkeypatch.setenv("CORTEX_BASE_URL", "http://127.0.0.1:7/")
    settings = settings_from_args(parser.parse_args(["audit", "s.json", "--token-env", "SANDBOX_TOKEN"]))
    assert (settings.api_token, settings.base_url) == ("sandbox-token-value", "http://127.0.0.1:7")
    settings = settings_from_args(parser.parse_args(["audit", "s.json", "--base-url", "http://127.0.0.1:8"]))
    assert (settings.api_token, settings.base_url) == ("default-token-value", "http://127.0.0.1:8")
    # The stack's rules hold here too: plain http to another host only when asked for.
    monkeypatch.setenv("CORTEX_BASE_URL", "http://cortex.example.com")
    with pytest.raises(CortexConfigError, match="http"):
        settings_from_args(parser.parse_args(["audit", "s.json"]))
    args = parser.parse_args(["audit", "s.json", "--allow-insecure-http"])
    assert settings_from_args(args).base_url == "http://cortex.example.com"
    monkeypatch.setenv("CORTEX_VALIDATE_WITH_SERVER", "maybe")
    with pytest.raises(CortexConfigError, match="validateWithServer"):
        settings_from_args(args)
