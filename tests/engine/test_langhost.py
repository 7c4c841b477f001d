"""The project's Python language host (cortex_pulumi.langhost) under the real Pulumi CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.engine.harness import REPO_ROOT, PulumiWorkspace, Stack, counts_of, diagnostics_text

PROGRAM = REPO_ROOT / "tests" / "engine" / "programs" / "langhost"
TOKEN = "langhost-token-9f3c1e77"


def _stack(workspace: PulumiWorkspace, name: str, files: Path) -> Stack:
    stack = Stack(workspace, workspace.project(PROGRAM, name), name).init()
    files.mkdir()
    stack.set_config("directory", str(files))
    stack.set_config("token", TOKEN, secret=True)
    return stack


def _content(files: Path, name: str = "greeting") -> str:
    content: str = json.loads((files / f"{name}.json").read_text())["content"]
    return content


def test_lifecycle_up_preview_update_refresh_destroy(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    files = tmp_path / "files"
    stack = _stack(workspace, "lifecycle", files)

    preview = stack.preview()
    assert counts_of(preview)["create"] == 2  # the stack and the item
    assert not files.exists() or not list(files.iterdir()), "a preview must not create anything"

    up = stack.up()
    assert counts_of(up)["create"] == 2
    assert _content(files) == "hello world"
    shown = diagnostics_text(up)
    assert "program-stdout-marker mode=normal argv0=__main__.py" in shown  # program output is streamed
    assert "program-stderr-marker" in shown
    outputs = stack.outputs(show_secrets=True)
    assert outputs == {
        "content": "hello world",
        "token": TOKEN,
        "stack": "lifecycle",
        "project": "langhost-check",
        "dry_run_seen": False,
    }
    assert stack.outputs()["token"] == "[secret]"  # config secrets stay secrets in the program

    assert counts_of(stack.preview()) == {"create": 0, "update": 0, "replace": 0, "delete": 0, "same": 2}

    stack.set_config("who", "cortex")
    assert counts_of(stack.up())["update"] == 1
    assert _content(files) == "hello cortex"

    (files / "greeting.json").write_text(json.dumps({"content": "changed behind pulumi's back"}))
    refreshed = stack.refresh()
    assert counts_of(refreshed)["update"] == 1
    assert (
        stack.resources("pulumi-python:dynamic/test")[0]["outputs"]["content"]
        == "changed behind pulumi's back"
    )
    assert counts_of(stack.up())["update"] == 1
    assert _content(files) == "hello cortex"

    stack.set_config("name", "renamed")
    counts = counts_of(stack.up())
    assert counts["replace"] == 1
    assert sorted(p.name for p in files.iterdir()) == ["renamed.json"]

    assert counts_of(stack.destroy())["delete"] == 2
    assert list(files.iterdir()) == []


def test_unhandled_exception_is_reported_once_with_the_user_traceback(
    workspace: PulumiWorkspace, tmp_path: Path
) -> None:
    stack = _stack(workspace, "raises", tmp_path / "files")
    stack.set_config("mode", "raise")
    result = stack.preview(check=False)
    text = diagnostics_text(result)
    assert "Program failed with an unhandled exception" in text
    assert "ValueError: deliberate failure raised by the program" in text
    assert 'app/__main__.py", line' in text  # the traceback starts in the user's program...
    assert "runner.py" not in text  # ...not in the host's frames
    assert "non-zero exit code" not in text  # bail: the error was shown once, nothing added


def test_a_crashing_program_cannot_take_the_host_down(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    stack = _stack(workspace, "crashes", tmp_path / "files")
    stack.set_config("mode", "exit")
    result = stack.up(check=False)
    assert "Program exited with non-zero exit code: 3" in diagnostics_text(result)


def test_virtualenv_without_the_packages_is_named(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    stack = _stack(workspace, "barevenv", tmp_path / "files")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(stack.project_dir / "venv")], check=True
    )
    project_file = stack.project_dir / "Pulumi.yaml"
    project_file.write_text(
        project_file.read_text().replace(
            "runtime: python", "runtime:\n  name: python\n  options:\n    virtualenv: venv"
        )
    )
    text = diagnostics_text(stack.preview(check=False))
    assert f"{stack.project_dir / 'venv' / 'bin' / 'python'} cannot run Cortex programs" in text
    assert "No module named 'pulumi'" in text
    assert "pip install cortex-pulumi" in text


def test_missing_virtualenv_is_named(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    stack = _stack(workspace, "novenv", tmp_path / "files")
    project_file = stack.project_dir / "Pulumi.yaml"
    project_file.write_text(
        project_file.read_text().replace(
            "runtime: python", "runtime:\n  name: python\n  options:\n    virtualenv: missing-venv"
        )
    )
    result = stack.preview(check=False)
    assert "missing-venv" in diagnostics_text(result)
    assert "python -m venv" in diagnostics_text(result) or "-m venv" in result.output


def test_about_and_install_talk_to_the_host(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    stack = _stack(workspace, "about", tmp_path / "files")
    about = stack.run("about", "--json").json()
    assert about["runtime"]["language"] == "python"
    names = {d["name"].lower() for d in about.get("dependencies") or []}
    assert {"pulumi", "cortex-pulumi"} <= names
    # --no-plugins: the test environment holds provider SDKs (the cloud example's) whose plugins would be
    # downloaded, and nothing is downloaded here; the plugin answers are checked in test_langhost_rpc.py.
    installed = workspace.run(["install", "--no-plugins"], cwd=stack.project_dir)
    assert "nothing to install" in installed.output


def test_preview_json_blinds_secret_config(workspace: PulumiWorkspace, tmp_path: Path) -> None:
    stack = _stack(workspace, "config", tmp_path / "files")
    preview = stack.preview("--diff")
    assert preview.json()["config"]["langhost-check:token"] == "[secret]"
    assert TOKEN not in preview.output
