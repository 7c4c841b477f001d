"""The CI recipes under examples/ci and the `pulumi` / `cortex-pulumi` commands their scripts run."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
RECIPES = REPO_ROOT / "examples" / "ci"
GITHUB = sorted((RECIPES / "github").glob("*.yml"))
GITLAB = RECIPES / "gitlab" / ".gitlab-ci.yml"
ACTIONLINT_VERSION = "1.7.12"
_TOOLS = ("pulumi", "cortex-pulumi")
_SEPARATORS = re.compile(r"\|\||&&|;|\n")


def scripts(path: Path) -> list[str]:
    """Every shell script of a workflow file: GitHub steps' `run`, GitLab jobs' `before_script`/`script`."""
    document: dict[str, Any] = yaml.safe_load(path.read_text())
    out: list[str] = []
    if path.suffix == ".yml" and path.parent.name == "github":
        for job in document["jobs"].values():
            out += [step["run"] for step in job.get("steps", []) if "run" in step]
        return out
    for job in document.values():
        if isinstance(job, dict):
            for key in ("before_script", "script"):
                out += job.get(key, [])
    return out


def commands(path: Path) -> list[str]:
    """The `pulumi ...` and `cortex-pulumi ...` commands of a file's scripts, each as written (with redirects)."""
    out = []
    for script in scripts(path):
        for part in _SEPARATORS.split(script):
            part = part.strip()
            if part.split(" ", 1)[0] in _TOOLS and part not in out:
                out.append(part)
    return out


def all_commands() -> set[str]:
    return {command for path in [*GITHUB, GITLAB] for command in commands(path)}


def find_actionlint() -> Path | None:
    """actionlint from CORTEX_ACTIONLINT_DIR, PATH or scripts/install-actionlint's cache."""
    candidates = [os.environ.get("CORTEX_ACTIONLINT_DIR"), shutil.which("actionlint")]
    cache = Path(os.environ.get("CORTEX_PULUMI_CACHE")
                 or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cortex-pulumi")
    candidates.append(str(cache / f"actionlint-v{ACTIONLINT_VERSION}" / "bin"))
    for candidate in filter(None, candidates):
        path = Path(candidate)
        path = path if path.name == "actionlint" else path / "actionlint"
        if path.is_file():
            return path
    return None
