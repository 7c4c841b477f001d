"""What the README says `pulumi config set cortex:apiToken` writes, checked with the Pulumi CLI: without
`--secret` the token is in plain text in Pulumi.<stack>.yaml at once (Pulumi's doing, before any code of ours
runs); `--secret` with no value reads it from the prompt (stdin here) and keeps only ciphertext in the file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.engine.harness import PulumiWorkspace
from tests.support.readme import section_blocks

TOKEN = "plain-token-0123456789abcdef"
PROMPTED = "prompted-token-fedcba9876543210"


def _pulumi(workspace: PulumiWorkspace, project: Path, *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(["pulumi", *args], cwd=project, env=workspace.env(), input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_says_what_a_token_without_secret_writes(workspace: PulumiWorkspace) -> None:
    readme = " ".join("\n".join(b.code for b in section_blocks("Against your Cortex tenant")).split())
    assert "pulumi config set --secret cortex:apiToken # prompts" in readme  # the prompt form, no value
    project = workspace.root / "projects" / "token"
    project.mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: token\nruntime: python\n")
    _pulumi(workspace, project, "stack", "init", "dev")
    _pulumi(workspace, project, "config", "set", "cortex:apiToken", TOKEN)
    assert TOKEN in (project / "Pulumi.dev.yaml").read_text()  # the README: "writes the token in plain text"
    _pulumi(workspace, project, "config", "set", "--secret", "cortex:apiToken", stdin=PROMPTED + "\n")
    text = (project / "Pulumi.dev.yaml").read_text()
    assert TOKEN not in text and PROMPTED not in text and "secure:" in text  # replaced by an encrypted value
