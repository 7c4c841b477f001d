"""The release workflow (.github/workflows/release.yml): valid (actionlint, the GitHub schema), run only on a
version tag, building and checking the sdist and wheel, publishing by trusted publishing with no token; its
check steps run here as written on distributions built as `python -m build` builds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import cortex_pulumi
from tests.ci.recipes import REPO_ROOT, find_actionlint
from tests.support.packaging import build_distributions

RELEASE = REPO_ROOT / ".github" / "workflows" / "release.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(RELEASE.read_text())
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads the key `on` as true
    return document


def _step(job: str, name: str) -> dict[str, Any]:
    [step] = [s for s in _workflow()["jobs"][job]["steps"] if s.get("name") == name]
    return step


def test_the_release_workflow_passes_actionlint_and_the_schema() -> None:
    actionlint = find_actionlint()
    if actionlint is None:
        pytest.fail("actionlint is not installed: run scripts/install-actionlint (scripts/test does)", pytrace=False)
    for command in ([str(actionlint), "-no-color", str(RELEASE)],
                    [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(RELEASE)]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_it_publishes_on_a_version_tag_by_trusted_publishing_only() -> None:
    workflow = _workflow()
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}  # nothing more than reading, but where granted below
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "permissions" not in build and publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    [uses] = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert "with" not in uses  # no password, no token: PyPI trusts the workflow's OIDC token
    text = RELEASE.read_text()
    assert "${{ secrets." not in text and "password:" not in text and "api-token" not in text.lower()
    runs = " ".join(s.get("run", "") for s in build["steps"])
    assert "python -m build" in runs and "twine check --strict dist/*" in runs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding dist/ as the workflow's build step leaves it (build's isolation off: no index here)."""
    root = tmp_path_factory.mktemp("release")
    build_distributions(root / "dist")
    return root


def _run(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    tools = str(Path(sys.executable).parent)  # `python` with build and twine: the dev extra, as installed by the job
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": f"{tools}:/usr/bin:/bin", **env}, check=False)


def test_its_check_steps_pass_on_the_built_distributions(built: Path) -> None:
    twine = _run(_step("build", "Check the distributions")["run"], built)
    assert twine.returncode == 0 and "PASSED" in twine.stdout, twine.stdout + twine.stderr
    tag = _step("build", "Check that the tag names the version built")["run"]
    assert _run(tag, built, GITHUB_REF_NAME=f"v{cortex_pulumi.__version__}").returncode == 0
    wrong = _run(tag, built, GITHUB_REF_NAME="v99.0.0")
    assert wrong.returncode == 1 and "does not match the version built" in wrong.stdout
