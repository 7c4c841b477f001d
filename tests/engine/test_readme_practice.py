"""The README's "A practice tenant" run verbatim as one shell session, the new user's second hour: the wheel (not
this checkout) installed into fresh virtualenvs, an emulator loaded from the README's seed file, `cortex-pulumi
import`, the generated program adopted with `pulumi up`, an edit summarized, applied, and tested with the
package's pytest plugin.

Stand-ins for the outside world, and only those: pip finds the wheel built from this checkout through
PIP_FIND_LINKS (as the README's Install says to do before the first release) and the wheel's dependencies in this
test environment instead of PyPI (no index is used; tests/support/packaging.py); the documented port becomes a
free one. Every command and file is otherwise the README's own text."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests
import yaml

from tests.support.packaging import borrowed_dependencies, build_distributions, user_environment
from tests.support.readme import section_blocks

SECTION = "A practice tenant: seed, import, edit, summarize, test"
DOCUMENTED_PORT = "8586"


def practice_script(port: int) -> str:
    """The section's blocks as one shell script: shell blocks as they are, file blocks written by heredoc."""
    lines = ["set -euo pipefail"]
    for block in section_blocks(SECTION):
        if block.file:
            lines += [f"cat > {block.file} <<'README_FILE_END'", block.code.rstrip("\n"), "README_FILE_END"]
        elif block.language == "bash":
            lines.append(block.code)
        elif block.language != "text":  # the expected output, compared below
            raise AssertionError(f"README.md:{block.line}: a {block.language!r} block that is neither a shell "
                                 "block, a labelled file nor output")
    return "\n".join(lines).replace(f":{DOCUMENTED_PORT}", f":{port}").replace(
        f"--port {DOCUMENTED_PORT}", f"--port {port}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_practice_tenant_runs_verbatim(tmp_path: Path, pulumi_cli_dir: Path) -> None:
    blocks = section_blocks(SECTION)
    assert [b.file for b in blocks if b.file] == ["seed.yaml", "tests/test_practice.py"]
    _, wheel = build_distributions(tmp_path / "dist")
    home, port, work = tmp_path / "home", _free_port(), tmp_path / "work"
    home.mkdir()
    work.mkdir()
    python = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    shims = tmp_path / "shims"  # `python3` is a plain interpreter, not this test environment's
    shims.mkdir()
    (shims / "python3").symlink_to(python)
    env = user_environment(home, borrowed_dependencies(tmp_path / "borrowed"),
                           [str(shims), str(pulumi_cli_dir), "/usr/bin", "/bin"])
    infra = work / "cortex-practice" / "infra"
    # The language host of this environment's Pulumi CLI build runs the program with the user's interpreter.
    env.update(PIP_FIND_LINKS=str(wheel.parent), PULUMI_PYTHON_CMD=str(infra / "venv" / "bin" / "python"))
    process = subprocess.Popen(["bash", "-c", practice_script(port)], cwd=work, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=1200)
        assert process.returncode == 0, output[-10000:]
        [expected] = [b.code for b in blocks if b.language == "text"]
        summary = output[output.index(expected.splitlines()[0]):]
        for line in expected.splitlines():
            assert line in summary, (line, summary[:3000])
        assert "1 passed" in output and "seeded-password" not in output
        headers = {"Authorization": "Bearer practice-key"}
        team = requests.get(f"http://127.0.0.1:{port}/api/v1/teams/platform", headers=headers, timeout=10).json()
        assert team["metadata"]["description"] == "Runs the paved road and the build farm"  # applied
        where = subprocess.run([str(infra / "venv" / "bin" / "python"), "-c",
                                "import cortex_pulumi; print(cortex_pulumi.__file__)"],
                               cwd=infra, env=env, capture_output=True, text=True, check=True).stdout
        assert where.startswith(str(infra / "venv")), where  # the wheel's copy, not this checkout
        seeded = yaml.safe_load(next(b.code for b in blocks if b.file == "seed.yaml"))
        assert set(seeded) == {"entities", "teams", "relationships", "secrets", "deploys", "scorecards", "workflows"}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the emulator the section left running
        process.wait(timeout=30)
