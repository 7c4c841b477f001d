"""Keeps the stack trace Pulumi records in state for each Cortex resource to the program's own frames.

The Python SDK (3.27x) sends the whole interpreter stack with every resource registration: the program's
frames, then the SDK's run loop, asyncio and the language host, down to the thread's start. The engine stores
it in the state file for every resource, about 1.1 KB of paths into site-packages and the standard library
per object (a third of the state of a typical stack, rewritten whole at every checkpoint). Only the program's
frames say anything to a reader, so for Cortex resources the trace keeps those: the frames from the call site
of the constructor outwards, up to the first frame in an installed library or the standard library. The
resource's source position (the trace's first frame) then names the program line that declared it, not this
package's constructor.

There is no public switch for this, so the SDK's private ``_get_stack_trace`` is wrapped once. The wrapper is
inert unless a Cortex resource is being registered on this thread or task (a context variable), and if a
future SDK drops the function the wrapping is skipped and the full trace is recorded as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import sysconfig
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

__all__ = ["install", "program_frames_only", "trim"]

_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("cortex_program_frames_only", default=False)
_MARKER = "_cortex_trims_stack_traces"
#: This package: its frames (constructors, the language host) are never the program's.
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


@cache
def _library_dirs() -> tuple[Path, ...]:
    """Where installed libraries and the standard library live (a virtualenv inside the project included)."""
    # Not the interpreter's prefixes: a program may well live under one (/usr/src/app with Debian's Python).
    paths = sysconfig.get_paths()
    found = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if paths.get(k)}
    found.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages", ".zip")))
    return tuple(Path(p).resolve() for p in found)


def _path_of(uri: str) -> Path | None:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" and parsed.path else None


def _is_within(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def _is_ours(path: Path) -> bool:
    return _is_within(path, _PACKAGE_DIR)


def _is_program(path: Path) -> bool:
    if _is_ours(path) or "site-packages" in path.parts or "dist-packages" in path.parts:
        return False
    return not any(_is_within(path, lib) for lib in _library_dirs())


_OURS, _PROGRAM, _OTHER = "ours", "program", "other"


@cache
def _origin(uri: str) -> str:
    """Whose frame a source URI is: this package's, the program's, or anything else's. A program's hundreds of
    registrations share a few dozen URIs, so each is classified once."""
    path = _path_of(uri)
    if path is None:
        return _OTHER
    if _is_ours(path):
        return _OURS
    return _PROGRAM if _is_program(path) else _OTHER


def trim(frames: list[Any]) -> list[Any]:
    """The program's frames of an SDK stack trace (topmost first); never empty if `frames` is not."""
    origins = [_origin(f.pc.uri) if f.HasField("pc") else _OTHER for f in frames]
    start = 0
    while start < len(frames) and origins[start] == _OURS:
        start += 1
    kept = []
    for frame, origin in zip(frames[start:], origins[start:], strict=True):
        if origin != _PROGRAM:
            break
        kept.append(frame)
    if kept or not frames:
        return kept
    # No program frame (a resource built by a library, say): keep the call site so the position survives.
    return [frames[min(start, len(frames) - 1)]]


def _wrap(original: Callable[[], Any]) -> Callable[[], Any]:
    def get_stack_trace() -> Any:
        trace = original()
        if not _ACTIVE.get():
            return trace
        try:
            return type(trace)(frames=trim(list(trace.frames)))
        except Exception:  # noqa: BLE001 - a changed SDK type must not stop a resource from registering
            return trace

    setattr(get_stack_trace, _MARKER, True)
    get_stack_trace.__wrapped__ = original  # type: ignore[attr-defined]
    return get_stack_trace


def install() -> bool:
    """Wrap the SDK's stack-trace capture once; False if this SDK has no such function (nothing changed)."""
    from pulumi.runtime import resource as sdk_resource

    original = getattr(sdk_resource, "_get_stack_trace", None)
    if original is None or not callable(original):
        return False
    if not getattr(original, _MARKER, False):
        sdk_resource._get_stack_trace = _wrap(original)
    return True


@contextlib.contextmanager
def program_frames_only() -> Iterator[None]:
    """Within this block, resources registered on this thread or task record only the program's frames."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
