"""The pytest plugin as a user meets it: a project outside the repository (the README's Quickstart program and
the README's test of it, verbatim), the wheel installed in its own virtualenv, pytest run there."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.support.packaging import build_distributions
from tests.support.readme import blocks

FRESH_TEST = '''\
def test_each_test_gets_a_fresh_emulator(cortex_emulator):
    assert cortex_emulator.client().list_teams() == ()
    assert cortex_emulator.requests("POST") == []
'''


def _readme_files() -> dict[str, str]:
    """The Quickstart's program and the README's test of it, as a reader would save them."""
    wanted = ("__main__.py", "scorecards/prod-readiness.yaml", "tests/test_infra.py")
    files = {block.file: block.code for block in blocks() if block.file in wanted}
    assert set(wanted) == set(files), set(files)
    return files


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
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--ignore-installed",
                    "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    for name, text in _readme_files().items():
        (user / name).parent.mkdir(parents=True, exist_ok=True)
        (user / name).write_text(text)
    (user / "Pulumi.yaml").write_text("name: cortex-infra\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n")
    (user / "tests" / "test_fresh.py").write_text(FRESH_TEST)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "CORTEX_", "PYTHON"))}
    env.update(PATH=os.pathsep.join([str(pulumi_cli_dir), "/usr/bin", "/bin"]), HOME=str(tmp_path / "home"),
               PULUMI_HOME=str(tmp_path / "pulumi-home"))
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests"], cwd=user,
                            env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout
    # The package under test is the wheel's, not the repository's.
    where = subprocess.run([str(python), "-c", "import cortex_pulumi; print(cortex_pulumi.__file__)"],
                           capture_output=True, text=True, check=True, env=env, cwd=user).stdout.strip()
    assert where.startswith(str(user / "venv")), where
