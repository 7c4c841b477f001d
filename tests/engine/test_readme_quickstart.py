"""The README's Quickstart, run verbatim as one shell session by a new user: a fresh directory, the package
installed from the wheel into its own virtualenv, the emulator on the documented port, `pulumi up`.

Two things stand in for the outside world, and only those: `pip install 'cortex-pulumi[emulator]'` installs the
wheel built from this checkout (its dependencies borrowed from the test environment, as no index is used), and
the documented port becomes a free one (so that a running demo cannot collide). Every command and file is
otherwise the README's own text."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import requests

from tests.support.packaging import build_distributions
from tests.support.readme import section_blocks

DOCUMENTED_PORT = "8585"
KEY = "local-admin-key"

# `python3 -m venv DIR` makes a virtualenv whose `pip install` takes the wheel (see the module docstring).
PYTHON_SHIM = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "venv" ] && [ $# -eq 3 ]; then
  "{python}" -m venv --without-pip "$3" || exit 1
  site="$("$3/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "{borrowed}" > "$site/borrowed-dependencies.pth"
  cat > "$3/bin/pip" <<'PIP'
#!/bin/sh
[ "$1" = "install" ] || {{ echo "this test's pip only installs" >&2; exit 2; }}
shift
here="$(cd "$(dirname "$0")" && pwd)"
exec "{python}" -m pip --python "$here/python" install -q --disable-pip-version-check --no-deps --no-index --ignore-installed \\
  --find-links "{dist}" "$@"
PIP
  chmod +x "$3/bin/pip"
  exit 0
fi
exec "{python}" "$@"
"""


def quickstart_script(port: int) -> str:
    """The Quickstart's blocks as one shell script: shell blocks as they are, file blocks written by heredoc."""
    lines = ["set -euo pipefail"]
    for block in section_blocks("Quickstart"):
        if block.file:
            lines += [f"cat > {block.file} <<'README_FILE_END'", block.code.rstrip("\n"), "README_FILE_END"]
        elif block.language == "bash":
            lines.append(block.code)
        else:
            raise AssertionError(f"README.md:{block.line}: a {block.language!r} block in the Quickstart that is "
                                 "neither a shell block nor a labelled file")
    return "\n".join(lines).replace(f":{DOCUMENTED_PORT}", f":{port}").replace(
        f"--port {DOCUMENTED_PORT}", f"--port {port}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_quickstart_runs_verbatim(tmp_path: Path, pulumi_cli_dir: Path) -> None:
    blocks = section_blocks("Quickstart")
    assert [b.file for b in blocks if b.file] == ["scorecards/prod-readiness.yaml", "__main__.py"]
    _, wheel = build_distributions(tmp_path / "dist")
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "python3").write_text(PYTHON_SHIM.format(python=sys.executable, dist=wheel.parent,
                                                      borrowed=sysconfig.get_paths()["purelib"]))
    (shims / "python3").chmod(0o755)
    home, port = tmp_path / "home", _free_port()
    home.mkdir()
    user_dir = tmp_path / "work"
    user_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "CORTEX_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), PATH=os.pathsep.join([str(shims), str(pulumi_cli_dir), "/usr/bin", "/bin"]),
               PULUMI_SKIP_UPDATE_CHECK="true",
               # The language host of this environment's CLI build runs with the user's interpreter.
               PULUMI_PYTHON_CMD=str(user_dir / "cortex-infra" / "venv" / "bin" / "python"))
    process = subprocess.Popen(["bash", "-c", quickstart_script(port)], cwd=user_dir, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=900)
        assert process.returncode == 0, output[-8000:]
        api = f"http://127.0.0.1:{port}/api/v1"
        headers = {"Authorization": f"Bearer {KEY}"}
        teams = requests.get(f"{api}/teams", headers=headers, params={"includeTeamsWithoutMembers": "true"},
                             timeout=10).json()["teams"]
        assert sorted(t["teamTag"] for t in teams) == ["payments", "platform"]
        card = requests.get(f"{api}/scorecards/prod-readiness", headers=headers, timeout=10).json()
        assert card["scorecard"]["name"] == "Production Readiness"
        assert "example-db-password" not in output and "Resources:" in output
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the emulator the Quickstart left running
        process.wait(timeout=30)
