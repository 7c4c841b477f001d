"""The stack trace recorded for Cortex resources keeps the program's frames only."""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import resource as sdk_resource
from pulumi.runtime.proto import source_pb2

import cortex_pulumi as cortex
from cortex_pulumi.provider import _stack_trace

from .harness import run_program

PACKAGE = Path(cortex.__file__).resolve().parent
SITE = Path(sysconfig.get_paths()["purelib"])
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def frame(path: Path | None, line: int = 1) -> source_pb2.StackFrame:
    if path is None:  # what the SDK sends for <frozen runpy> and other frames without a file
        return source_pb2.StackFrame()
    return source_pb2.StackFrame(pc=source_pb2.SourcePosition(uri=path.as_uri(), line=line))


def uris(frames: list[source_pb2.StackFrame]) -> list[str]:
    return [f.pc.uri for f in frames]


def test_keeps_the_program_frames_between_our_constructor_and_the_first_library_frame(tmp_path: Path) -> None:
    helper, main = tmp_path / "components.py", tmp_path / "__main__.py"
    frames = [frame(PACKAGE / "provider" / "_resource.py"), frame(PACKAGE / "provider" / "secret.py"),
              frame(helper, 12), frame(main, 30), frame(None), frame(SITE / "pulumi" / "runtime" / "stack.py"),
              frame(STDLIB / "asyncio" / "base_events.py"), frame(main, 99)]
    assert uris(_stack_trace.trim(frames)) == [helper.as_uri(), main.as_uri()]


def test_a_frame_without_a_file_ends_the_program_part(tmp_path: Path) -> None:
    main = tmp_path / "__main__.py"
    assert uris(_stack_trace.trim([frame(main), frame(None), frame(tmp_path / "other.py")])) == [main.as_uri()]


def test_without_program_frames_the_call_site_survives() -> None:
    library = SITE / "somelib" / "build.py"
    frames = [frame(PACKAGE / "provider" / "_resource.py"), frame(library), frame(STDLIB / "runpy.py")]
    assert uris(_stack_trace.trim(frames)) == [library.as_uri()]
    assert _stack_trace.trim([]) == []


def test_installing_twice_wraps_once_and_other_resources_keep_the_full_trace() -> None:
    assert _stack_trace.install() and _stack_trace.install()
    wrapped: Any = sdk_resource._get_stack_trace
    assert getattr(wrapped, "_cortex_trims_stack_traces", False)
    assert not getattr(wrapped.__wrapped__, "_cortex_trims_stack_traces", False)
    # Outside a Cortex resource's registration the SDK's trace is untouched (this test's own frames, pytest's...).
    assert len(wrapped().frames) == len(wrapped.__wrapped__().frames)


class Other(pulumi.CustomResource):
    """A resource of another package, registered the usual way."""

    def __init__(self, name: str) -> None:
        super().__init__("test:index:Other", name, {})


def test_cortex_resources_register_with_the_declaring_line() -> None:
    recorded: list[source_pb2.StackTrace] = []
    inner = sdk_resource._get_stack_trace

    def spy() -> source_pb2.StackTrace:
        trace = inner()
        recorded.append(trace)
        return trace

    sdk_resource._get_stack_trace = spy
    try:
        run_program(lambda: [cortex.Secret("db", tag="db", name="DB", value="v"),  # declared here
                             Other("other")])
    finally:
        sdk_resource._get_stack_trace = inner
    ours, other = recorded[-2:]  # after the root stack resource
    this_file = Path(__file__).resolve().as_uri()
    # The secret's trace starts at the line above (Secret defines its own __init__, which is skipped too).
    assert ours.frames and ours.frames[0].pc.uri == this_file
    assert all(not f.pc.uri.startswith(PACKAGE.as_uri()) for f in ours.frames)
    # The other resource's trace is the SDK's own (pytest and the interpreter's frames included).
    assert len(other.frames) > len(ours.frames)


def test_a_program_under_the_interpreters_prefix_is_still_the_program() -> None:
    # Debian's Python has prefix /usr, and images often keep the program in /usr/src/app.
    main = Path(sys.base_prefix) / "src" / "app" / "__main__.py"
    frames = [frame(main, 7), frame(STDLIB / "runpy.py")]
    assert uris(_stack_trace.trim(frames)) == [main.as_uri()]


def test_an_unexpected_trace_type_is_passed_through() -> None:
    class Odd:
        """Not a StackTrace: what a future SDK might hand over."""

    odd = Odd()
    get = _stack_trace._wrap(lambda: odd)
    with _stack_trace.program_frames_only():
        assert get() is odd
