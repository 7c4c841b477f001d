"""The pytest plugin as a user meets it: a project outside the repository, the wheel installed in its own
virtualenv, a Pulumi program and a test file that uses only the `cortex_emulator` and `cortex_program` fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.support.packaging import build_distributions

PROGRAM = '''\
import pulumi
import cortex_pulumi as cortex

config = pulumi.Config()
platform = cortex.Team("platform", team_tag="platform", name="Platform",
                       members=[cortex.TeamMemberArgs(email="ada@example.com", name="Ada Lovelace")])
cortex.Secret("db", tag="payments_db", name="Payments DB", value=config.require_secret("dbPassword"))
pulumi.export("team", platform.team_tag)
pulumi.export("package", cortex.__file__)
'''

USER_TEST = '''\
from pathlib import Path

INFRA = Path(__file__).resolve().parent.parent / "infra"


def test_the_program_creates_and_destroys(cortex_program, cortex_emulator):
    stack = cortex_program(INFRA, secrets={"dbPassword": "hunter2"})
    assert stack.preview().change_summary == {"create": 3}
    up = stack.up()
    assert up.outputs["team"].value == "platform"
    print("PACKAGE", up.outputs["package"].value)
    assert [t.team_tag for t in cortex_emulator.client().list_teams()] == ["platform"]
    stack.preview(expect_no_changes=True)
    stack.destroy()
    assert cortex_emulator.client().list_teams() == ()


def test_each_test_gets_a_fresh_emulator(cortex_emulator):
    assert cortex_emulator.client().list_teams() == ()
    assert cortex_emulator.requests("POST") == []
'''


def _virtualenv(root: Path) -> Path:
    """A virtualenv holding only the wheel; the wheel's dependencies are borrowed from this test environment
    (a path entry, not a site directory: the repository's editable install stays invisible there)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_a_user_project_tests_its_program_with_the_plugin(tmp_path: Path, pulumi_cli_dir: Path) -> None:
    _, wheel = build_distributions(tmp_path / "dist")
    user = tmp_path / "user-project"
    python = _virtualenv(user / "venv")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    (user / "infra").mkdir()
    (user / "infra" / "Pulumi.yaml").write_text(
        "name: user-infra\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (user / "infra" / "__main__.py").write_text(PROGRAM)
    (user / "tests").mkdir()
    (user / "tests" / "test_infra.py").write_text(USER_TEST)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "CORTEX_", "PYTHON"))}
    env.update(PATH=os.pathsep.join([str(pulumi_cli_dir), "/usr/bin", "/bin"]), HOME=str(tmp_path / "home"),
               PULUMI_HOME=str(tmp_path / "pulumi-home"))
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests"], cwd=user,
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout
    # The program imported the wheel's package, not the repository's.
    package = next(line.split(" ", 1)[1] for line in result.stdout.splitlines() if line.startswith("PACKAGE "))
    assert package.startswith(str(user / "venv")), package
