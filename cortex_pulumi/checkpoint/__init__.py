"""Restore a DIY (``file://``) backend checkpoint that a killed `pulumi` left unreadable, from the backend's backups.

A `pulumi` killed while it saves the stack can leave ``failed to load checkpoint: EOF`` behind: the checkpoint
``.pulumi/stacks/<project>/<stack>.json`` or its ``.attrs`` sidecar (the storage layer's metadata, written
separately) is empty or cut short, and every later command on the stack fails. The backend keeps the previous
checkpoint as ``<stack>.json.bak`` and one copy per finished update under ``.pulumi/history/<project>/<stack>/``;
the documented recovery is to put the newest readable one back::

    cortex-pulumi restore-checkpoint --backend file:///path/to/state --project payments --stack prod

then ``pulumi cancel --yes`` (the killed run left the stack locked), ``pulumi refresh --yes`` and an audit
(``cortex-pulumi audit``): objects that reached Cortex after that backup was taken are ``orphan``
findings, adopted by the next ``pulumi up`` with ``adopt=True`` on the resources that declare them.
The unreadable files are kept beside the checkpoint with an ``.unreadable`` suffix.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

__all__ = ["CheckpointError", "backups", "checkpoint_path", "is_readable", "restore_checkpoint"]

LOG = logging.getLogger(__name__)
ATTRS = ".attrs"  # gocloud's fileblob keeps each blob's metadata in a JSON file with this suffix


class CheckpointError(RuntimeError):
    """The stack's checkpoint cannot be found, or no readable backup of it exists."""


def backend_root(backend: str | os.PathLike[str]) -> Path:
    """The directory holding ``.pulumi`` for a ``file://`` backend URL or a plain path."""
    text = os.fspath(backend)
    if text.startswith("file://"):
        parsed = urlparse(text)
        text = os.path.expanduser((parsed.netloc + parsed.path) if parsed.netloc not in ("", "localhost")
                                  else parsed.path)
    elif "://" in text:
        raise CheckpointError(f"only file:// (DIY) backends keep checkpoints on disk, not {text.split('://')[0]}://")
    return Path(text)


def checkpoint_path(root: Path, project: str, stack: str) -> Path:
    """The stack's checkpoint file (project-scoped layout first, then the legacy one; .json or .json.gz)."""
    stacks = root / ".pulumi" / "stacks"
    for folder in (stacks / project, stacks):
        for name in (f"{stack}.json", f"{stack}.json.gz"):
            if (folder / name).exists() or (folder / (name + ATTRS)).exists():
                return folder / name
    raise CheckpointError(f"no checkpoint of stack {stack!r} of project {project!r} under {stacks}")


def _raw(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def _load(path: Path) -> object:
    return json.loads(_raw(path))


def is_readable(path: Path) -> bool:
    """Whether `path` is a whole checkpoint and its metadata sidecar (when there is one) a whole JSON object."""
    try:
        document = _load(path)
        sidecar = path.with_name(path.name + ATTRS)
        attrs_ok = not sidecar.exists() or isinstance(json.loads(sidecar.read_bytes()), dict)
    except (OSError, ValueError, EOFError):
        return False
    return attrs_ok and isinstance(document, dict) and isinstance(document.get("checkpoint"), dict)


def backups(checkpoint: Path, project: str, stack: str) -> list[Path]:
    """The backend's copies of the checkpoint, newest first: ``<stack>.json.bak`` and the history checkpoints."""
    pulumi_dir = checkpoint.parents[2] if checkpoint.parent.name == project else checkpoint.parents[1]
    history = pulumi_dir / "history"
    found = [checkpoint.with_name(checkpoint.name + ".bak")]
    for folder in (history / project / stack, history / stack):
        found += [p for p in folder.glob(f"{stack}-*.checkpoint.json*") if not p.name.endswith(ATTRS)]
    return sorted((p for p in found if p.is_file()), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def restore_checkpoint(backend: str | os.PathLike[str], project: str, stack: str) -> Path | None:
    """Put the newest readable backup in place of an unreadable checkpoint; return the backup used, or None when
    the checkpoint was readable (nothing is changed then). Raises CheckpointError when no backup is readable."""
    path = checkpoint_path(backend_root(backend), project, stack)
    if is_readable(path):
        return None
    source = next((b for b in backups(path, project, stack) if is_readable(b)), None)
    if source is None:
        raise CheckpointError(f"{path} is unreadable and no readable backup of it exists")
    data = _raw(source)
    for broken in (path, path.with_name(path.name + ATTRS)):
        if broken.exists():
            shutil.move(broken, broken.with_name(broken.name + ".unreadable"))
    # No sidecar is written: the storage layer reads a missing one as "no metadata" and writes it on the next save.
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    LOG.warning("restored the checkpoint %s from %s", path, source)
    return source
