"""The README's install path before the first release, as a new user runs it: the wheel built from the checkout
with pip (the Install section's commands), `pip install 'cortex-pulumi[emulator]'` (the Quickstart's line) into
a fresh virtualenv outside the repository, then the package imported and both console scripts run from there.

No package index is used: the dependencies are borrowed from this test environment (tests/support/packaging.py),
and the README's `pip wheel` gets `--no-build-isolation` (its build tools come from the dev extra)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.packaging import ROOT, borrowed_dependencies, checkout_build_lock, user_environment
from tests.support.readme import section_blocks


def _install_commands() -> str:
    [build] = [b.code for b in section_blocks("Install") if "pip wheel" in b.code]
    [venv] = [line for b in section_blocks("Quickstart") for line in b.code.splitlines()
              if "pip install" in line and "venv" in line]
    return "\n".join([build.replace("./cortex-pulumi", str(ROOT)).replace(
        "pip wheel", "pip wheel --no-build-isolation"), venv.split("#")[0]])


def test_a_user_installs_the_wheel_built_from_the_checkout(tmp_path: Path) -> None:
    home, user = tmp_path / "home", tmp_path / "cortex-infra"
    home.mkdir()
    user.mkdir()
    env = user_environment(home, borrowed_dependencies(tmp_path / "borrowed"),
                           [str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    script = "set -euo pipefail\n" + _install_commands() + """
venv/bin/python -c 'import cortex_pulumi; print(cortex_pulumi.__file__)'
venv/bin/cortex-pulumi --help
venv/bin/cortex-emulator --help
"""
    with checkout_build_lock():  # its `pip wheel` builds in the checkout
        done = subprocess.run(["bash", "-c", script], cwd=user, env=env, capture_output=True, text=True, timeout=600,
                              check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    wheels = list((home / "cortex-pulumi-dist").glob("cortex_pulumi-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    where = next(line for line in done.stdout.splitlines() if line.endswith("__init__.py"))
    assert where.startswith(str(user / "venv")), where  # the wheel's copy, not the checkout
    assert "import" in done.stdout and "summarize" in done.stdout and "--seed" in done.stdout
