"""The README's resource reference is generated from the `*Args` docstrings and must not drift from them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_resource_reference_matches_the_args_docstrings() -> None:
    result = subprocess.run([sys.executable, "scripts/resource_docs.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_public_resource_has_a_section() -> None:
    import cortex_pulumi

    readme = (ROOT / "README.md").read_text()
    resources = [name for name in cortex_pulumi.__all__
                 if isinstance(getattr(cortex_pulumi, name), type) and f"{name}Args" in cortex_pulumi.__all__]
    assert len(resources) == 7, resources
    for name in resources:
        assert f"### `{name}`" in readme, f"README lacks a section for {name}"


def test_client_method_table_matches_the_client() -> None:
    result = subprocess.run([sys.executable, "scripts/client_docs.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_client_method_table_lists_every_public_method_with_its_call() -> None:
    from cortex_pulumi.client import CortexClient

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("<!-- BEGIN CLIENT METHODS"):readme.index("<!-- END CLIENT METHODS -->")]
    public = [name for name in dir(CortexClient) if not name.startswith("_") and callable(getattr(CortexClient, name))]
    assert len(public) >= 45
    for name in public:
        assert f"| `{name}` |" in table, name
    assert "| `get_team_details` | `GET /api/v1/teams/{tagOrId}` |" in table


def test_links_work_from_pypi() -> None:
    # PyPI shows the README without the repository around it: only absolute links and in-page anchors work.
    import re

    readme = (ROOT / "README.md").read_text()
    relative = [target for target in re.findall(r"\]\(([^)\s]+)\)", readme)
                if not target.startswith(("https://", "http://", "#"))]
    assert relative == [], relative


def test_contributor_material_is_in_development_md() -> None:
    readme = (ROOT / "README.md").read_text()
    development = (ROOT / "DEVELOPMENT.md").read_text()
    setup = readme[readme.index("## Set up (fresh machine)"):readme.index("## Install")]
    assert "scripts/demo" in setup and "scripts/test" in setup  # the two commands stay at the top
    for heading in ("## The main job: `scripts/demo`", "## Reliability and security", "## The language host"):
        assert heading in development and heading not in readme, heading
    assert "benchmarks.run" in development and "benchmarks.run" not in readme


def test_the_command_line_section_lists_every_command() -> None:
    import importlib

    from cortex_pulumi.cli.commands import COMMANDS

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## The command line: `cortex-pulumi`"):]
    listed = section[:section.index(";")]
    for module in COMMANDS:
        name = importlib.import_module(f"cortex_pulumi.cli.{module}").NAME
        assert f"`{name}`" in listed, name


def test_the_token_text_says_what_pulumi_writes_without_secret() -> None:
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "refused before anything is written" not in readme  # Pulumi writes Pulumi.<stack>.yaml first
    assert "writes the token in plain text to `Pulumi.<stack>.yaml`" in readme
    assert "keeps the token out of your shell history" in readme
