"""The child process that runs one Pulumi program for the language host, isolated from the host itself."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor

# Exit status telling the host that the error has already been shown to the user through the engine, so
# the host answers `bail` and the engine adds nothing of its own. The official host uses the same value.
EXIT_ERROR_REPORTED = 32


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cortex_pulumi.langhost.runner")
    parser.add_argument("--monitor", required=True, help="address of the engine's resource monitor")
    parser.add_argument("--engine", default="", help="address of the engine (logging, diagnostics)")
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--organization", default="")
    parser.add_argument("--root-directory", default="")
    parser.add_argument("--parallel", type=int, default=0)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("program", help="the program's __main__.py, or a directory holding one")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments the program sees in sys.argv")
    return parser.parse_args(argv)


def _user_traceback(program: str) -> str:
    """The traceback from the program's first frame on: the SDK and runpy frames above it are noise."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    program_dir = os.path.dirname(os.path.abspath(program))
    for index, frame in enumerate(frames):
        if os.path.abspath(frame.filename).startswith(program_dir + os.sep):
            return traceback.format_exc(limit=-(len(frames) - index))
    return traceback.format_exc()


#: What the SDK raises in the program once the engine has shut down the deployment (pulumi/runtime/settings.py).
MONITOR_TERMINATED = "Resource monitor has terminated"


def _configure(options: argparse.Namespace) -> int:
    """Configure the Pulumi runtime from the host's arguments; returns the parallelism."""
    import pulumi.runtime
    from pulumi.runtime.config import get_config_env, get_config_secret_keys_env

    # The host passes config the way the official host does (PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS), so
    # the values never appear on a command line.
    pulumi.runtime.set_all_config(get_config_env(), get_config_secret_keys_env())
    parallel = max(options.parallel, 1)
    pulumi.runtime.configure(
        pulumi.runtime.Settings(
            project=options.project,
            stack=options.stack,
            monitor=options.monitor,
            engine=options.engine or None,
            parallel=parallel,
            dry_run=options.dry_run,
            organization=options.organization or None,
            root_directory=options.root_directory or None,
        )
    )
    return parallel


def run(argv: list[str]) -> int:
    """Configure the Pulumi runtime from the host's arguments and run the program; returns the exit status."""
    options = _parse(argv)
    # The SDK logs unobserved task failures when a program fails half-way; the failure itself is reported.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    import pulumi

    parallel = _configure(options)
    program = os.path.abspath(options.program)
    program_dir = program if os.path.isdir(program) else os.path.dirname(program)
    # Modules beside the program are importable, as they are for `python __main__.py`.
    sys.path.insert(0, program_dir)
    sys.argv = [program, *options.args]

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # Resource registrations block in executor threads; size the pool the way the official host does.
    executor = ThreadPoolExecutor(max_workers=parallel * 4)
    loop.set_default_executor(executor)

    def run_program() -> Awaitable[None]:
        runpy.run_path(program, run_name="__main__")
        # Yield once so the registrations the program queued start (and enter the SDK's RPC list) before the
        # SDK waits: otherwise its wait_for_rpcs (pulumi 3.272) finds no RPC and polls every pending Output
        # with asyncio.wait once per completed one, which is quadratic (docs/performance.md).
        return asyncio.sleep(0)

    status = 1
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(run_program))
        status = 0
    except pulumi.RunError as exc:
        # A RunError is an expected, already-worded failure (for example a resource that failed to create).
        # "Resource monitor has terminated" only means the engine stopped the program after reporting the
        # failure that ended the deployment: repeating it would bury that message.
        if not str(exc).startswith(MONITOR_TERMINATED):
            pulumi.log.error(str(exc))
        status = EXIT_ERROR_REPORTED
    except Exception:
        pulumi.log.error("Program failed with an unhandled exception:\n" + _user_traceback(program))
        status = EXIT_ERROR_REPORTED
    finally:
        executor.shutdown(wait=True)
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return status


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
