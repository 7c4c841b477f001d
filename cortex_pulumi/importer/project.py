"""Write the generated Pulumi project atomically: everything goes to a temporary sibling directory, which is
moved into place only once complete, so a failure never leaves a half-written `--out`."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from .._version import __version__
from .kinds import imports
from .names import check_file_tag
from .program import render_program
from .readme import config_commands, render_readme
from .snapshot import Tenant

__all__ = ["check_out_dir", "project_files", "write_project"]

#: Where documents that need attention are written: not read by the program.
ATTENTION_DIR = "needs-attention"
_PROJECT_NAME = re.compile(r"[A-Za-z0-9_.-]+\Z")


def check_out_dir(out: Path, force: bool) -> None:
    """ValueError unless `out` is absent, an empty directory, or `force` is given (checked before any read)."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ValueError(f"--out {out} is not empty; pick a new directory or pass --force to replace it")
    if not out.resolve().parent.is_dir():
        raise ValueError(f"--out {out}: the parent directory {out.resolve().parent} does not exist")


def check_project_name(name: str) -> str:
    """`name` when Pulumi accepts it as a project name, else ValueError."""
    if not _PROJECT_NAME.match(name) or len(name) > 100:
        raise ValueError(f"--project-name {name!r} must be letters, digits, '_', '.' or '-' (at most 100)")
    return name


#: What the project's repository leaves out: the virtualenv Pulumi.yaml names, Python's caches.
GITIGNORE = "venv/\n__pycache__/\n*.pyc\n"


def compatible_release(version: str) -> str:
    """A pip constraint that admits the releases compatible with `version` only (PEP 440 `~=`): the same
    major version from 1.0 on (`~=1.4`), the same minor version before it (`~=0.1.0`, as 0.x minors may break)."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    major, minor, patch = (numbers + [0, 0, 0])[:3]
    return f"~={major}.{minor}" if major >= 1 else f"~=0.{minor}.{patch}"


def _requirements() -> str:
    # The release that wrote the program: its generated code needs at least this version.
    return f"cortex-pulumi{compatible_release(__version__)}\npulumi>=3.200,<4\n"


def project_files(tenant: Tenant, project_name: str) -> dict[str, str]:
    """Relative path -> text of every file of the project (ValueError for a tag that cannot be a name)."""
    files = {
        "Pulumi.yaml": yaml.safe_dump({"name": project_name,
                                       "runtime": {"name": "python", "options": {"virtualenv": "venv"}},
                                       "description": f"Cortex tenant {tenant.base_url}, imported by cortex-pulumi"},
                                      sort_keys=False),
        "requirements.txt": _requirements(),
        ".gitignore": GITIGNORE,
        "__main__.py": render_program(tenant),
    }
    for piece in imports():
        files.update(piece.files(piece.rows(tenant)))
    for item in tenant.attention:  # apart from the program: the user fixes each and moves it into place
        if item.file and item.text is not None:
            check_file_tag(item.name, item.kind)
            files[f"{ATTENTION_DIR}/{item.file}"] = item.text
    files["README.md"] = render_readme(tenant, project_name)
    return files


def write_project(tenant: Tenant, out: Path, project_name: str, force: bool = False) -> list[str]:
    """Write the project to `out` (replacing it when `force`); returns the `pulumi config set` lines to run."""
    files = project_files(tenant, check_project_name(project_name))
    check_out_dir(out, force)
    out = out.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a project directory is an ordinary one
        _move_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return config_commands(tenant)


def _move_into_place(staging: Path, out: Path) -> None:
    """Rename `staging` to `out`; an existing `out` (empty, or replaced under --force) is set aside first and
    removed only after the new one is in place."""
    if not out.exists():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)  # put the previous directory back
        raise
    shutil.rmtree(old, ignore_errors=True)
