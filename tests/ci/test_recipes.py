"""The CI recipes are valid (actionlint, the vendored GitHub/GitLab schemas) and take credentials from the CI
secret store only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ci.recipes import GITHUB, GITLAB, commands, find_actionlint

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
CREDENTIALS = ("CORTEX_API_TOKEN", "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "GITLAB_API_TOKEN")


def test_recipes_exist() -> None:
    assert [p.name for p in GITHUB] == ["cortex-drift.yml", "cortex-preview.yml", "cortex-up.yml"]
    assert GITLAB.is_file()


def test_github_workflows_pass_actionlint() -> None:
    actionlint = find_actionlint()
    if actionlint is None:
        pytest.fail("actionlint is not installed: run scripts/install-actionlint (scripts/test does)", pytrace=False)
    done = subprocess.run([str(actionlint), "-no-color", *map(str, GITHUB)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("schema", "files"), [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", [GITLAB])])
def test_recipes_match_the_vendored_schemas(schema: str, files: list[Path]) -> None:
    # --builtin-schema uses the schema check-jsonschema ships: nothing is fetched.
    done = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n")  # no runs-on
    done = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1


@pytest.mark.parametrize("path", GITHUB, ids=lambda p: p.name)
def test_github_credentials_come_from_secrets(path: Path) -> None:
    text = path.read_text()
    for job in yaml.safe_load(text)["jobs"].values():
        env = job.get("env", {})
        for name in CREDENTIALS:
            if name in env:
                assert env[name] == f"${{{{ secrets.{name} }}}}", (path.name, name)
        assert "CORTEX_API_TOKEN" in env
    assert "apiToken" not in text  # never put into stack config from the workflow


def test_gitlab_credentials_come_from_ci_variables() -> None:
    document = yaml.safe_load(GITLAB.read_text())
    declared = {name for job in document.values() if isinstance(job, dict) for name in job.get("variables", {})}
    declared |= set(document.get("variables", {}))
    assert not declared & set(CREDENTIALS), "credentials must be masked CI/CD variables, not in the file"
    assert "apiToken" not in GITLAB.read_text()


def test_github_and_gitlab_run_the_same_commands() -> None:
    github = {command for path in GITHUB for command in commands(path)}
    assert github == set(commands(GITLAB))
    assert github == {
        'pulumi preview --stack "$STACK" --json > preview.json',
        'cortex-pulumi summarize preview.json --title "Cortex preview of $STACK" > summary.md',
        "cortex-pulumi summarize preview.json --format text",
        'pulumi up --stack "$STACK" --yes',
        'pulumi preview --stack "$STACK" --refresh --expect-no-changes --json > drift.json',
        'cortex-pulumi summarize drift.json --drift --title "Cortex drift in $STACK" > drift.md',
    }
