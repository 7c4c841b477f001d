"""The LanguageRuntime gRPC service the Pulumi engine talks to when it runs a `runtime: python` project."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from importlib import metadata
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

from cortex_pulumi.langhost.environment import (
    EnvironmentInfo,
    InterpreterError,
    inspect_interpreter,
    is_current_interpreter,
    python_version,
    select_interpreter,
)
from cortex_pulumi.langhost.runner import EXIT_ERROR_REPORTED

log = logging.getLogger(__name__)

# Same limit the engine's own plugins use: a large program can register big property maps.
MAX_MESSAGE_BYTES = 400 * 1024 * 1024


def _host_version() -> str:
    try:
        return metadata.version("cortex-pulumi")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _options(info: language_pb2.ProgramInfo) -> dict[str, Any]:
    return json_format.MessageToDict(info.options) if info.HasField("options") else {}


def _describe_exit(status: int) -> str:
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"Program exited due to {name}"
    return f"Program exited with non-zero exit code: {status}"


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    """Serves one engine: reports the environment and runs programs, each in its own child interpreter."""

    def __init__(self, engine_address: str) -> None:
        self.engine_address = engine_address
        self._environments: dict[str, EnvironmentInfo] = {}
        self._lock = threading.Lock()
        self._children: set[subprocess.Popen[bytes]] = set()

    # -- environment -------------------------------------------------------------------------------
    def _environment(self, info: language_pb2.ProgramInfo) -> EnvironmentInfo:
        python = select_interpreter(_options(info), info.root_directory or os.getcwd())
        with self._lock:  # one probe per interpreter for the life of the host (one engine command)
            if python not in self._environments:
                self._environments[python] = inspect_interpreter(python)
            return self._environments[python]

    def _environment_or_abort(
        self, info: language_pb2.ProgramInfo, context: grpc.ServicerContext
    ) -> EnvironmentInfo:
        try:
            return self._environment(info)
        except InterpreterError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
            raise  # abort() raises; this keeps type checkers aware that nothing is returned

    # -- handshake and metadata --------------------------------------------------------------------
    def Handshake(
        self, request: language_pb2.LanguageHandshakeRequest, context: grpc.ServicerContext
    ) -> language_pb2.LanguageHandshakeResponse:
        if request.engine_address:
            self.engine_address = request.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=_host_version())

    def About(
        self, request: language_pb2.AboutRequest, context: grpc.ServicerContext
    ) -> language_pb2.AboutResponse:
        # Only the interpreter: the engine asks on every update (for its metadata), so no package scan here.
        try:
            python = select_interpreter(_options(request.info), request.info.root_directory or os.getcwd())
            version = python_version(python)
        except InterpreterError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
            raise
        return language_pb2.AboutResponse(
            executable=python,
            version=version,
            metadata={"host": f"cortex_pulumi.langhost {_host_version()}"},
        )

    def GetProgramDependencies(
        self, request: language_pb2.GetProgramDependenciesRequest, context: grpc.ServicerContext
    ) -> language_pb2.GetProgramDependenciesResponse:
        env = self._environment_or_abort(request.info, context)
        return language_pb2.GetProgramDependenciesResponse(
            dependencies=[language_pb2.DependencyInfo(name=n, version=v) for n, v in env.dependencies]
        )

    def GetRequiredPlugins(
        self, request: language_pb2.GetRequiredPluginsRequest, context: grpc.ServicerContext
    ) -> language_pb2.GetRequiredPluginsResponse:
        env = self._environment_or_abort(request.info, context)
        return language_pb2.GetRequiredPluginsResponse(
            plugins=[
                plugin_pb2.PluginDependency(name=p.name, kind="resource", version=p.version, server=p.server)
                for p in env.plugins
                if p.parameterization is None
            ]
        )

    def GetRequiredPackages(
        self, request: language_pb2.GetRequiredPackagesRequest, context: grpc.ServicerContext
    ) -> language_pb2.GetRequiredPackagesResponse:
        # Cortex resources are dynamic: their provider is bundled with the CLI, so this lists only the
        # resource plugins of other Pulumi packages installed beside cortex-pulumi (pulumi_aws, ...).
        env = self._environment_or_abort(request.info, context)
        packages = []
        for plugin in env.plugins:
            package = plugin_pb2.PackageDependency(
                name=plugin.name, kind="resource", version=plugin.version, server=plugin.server
            )
            if plugin.parameterization is not None:
                p = plugin.parameterization
                package.parameterization.CopyFrom(
                    plugin_pb2.PackageParameterization(
                        name=str(p.get("name", "")),
                        version=str(p.get("version", "")),
                        value=str(p.get("value", "")).encode(),
                    )
                )
            packages.append(package)
        return language_pb2.GetRequiredPackagesResponse(packages=packages)

    def RuntimeOptionsPrompts(
        self, request: language_pb2.RuntimeOptionsRequest, context: grpc.ServicerContext
    ) -> language_pb2.RuntimeOptionsResponse:
        return language_pb2.RuntimeOptionsResponse()  # `pulumi new` has nothing to ask

    def InstallDependencies(
        self, request: language_pb2.InstallDependenciesRequest, context: grpc.ServicerContext
    ) -> Iterator[language_pb2.InstallDependenciesResponse]:
        try:
            python = select_interpreter(_options(request.info), request.info.root_directory or os.getcwd())
        except InterpreterError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
            raise
        message = (
            f"cortex_pulumi language host: dependencies come from the active Python environment ({python}); "
            "nothing to install. Install the program's packages there, e.g. `pip install cortex-pulumi`.\n"
        )
        yield language_pb2.InstallDependenciesResponse(stdout=message.encode())

    def stop_programs(self) -> None:
        """Terminate the programs still running (the engine is shutting down or was interrupted)."""
        with self._lock:
            running = [child for child in self._children if child.poll() is None]
        for child in running:
            child.terminate()

    def Cancel(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> empty_pb2.Empty:
        # The engine calls this when it shuts down (and on Ctrl-C).
        self.stop_programs()
        return empty_pb2.Empty()

    # -- running programs --------------------------------------------------------------------------
    def _program_path(self, request: language_pb2.RunRequest) -> str:
        info = request.info
        directory = info.program_directory or request.pwd or os.getcwd()
        entry = info.entry_point or request.program or "."
        path = os.path.normpath(os.path.join(directory, entry))
        return os.path.join(path, "__main__.py") if os.path.isdir(path) else path

    def _command(self, request: language_pb2.RunRequest, python: str, program: str) -> list[str]:
        command = [
            python, "-u", "-m", "cortex_pulumi.langhost.runner",
            "--monitor", request.monitor_address,
            "--project", request.project,
            "--stack", request.stack,
            "--parallel", str(request.parallel),
        ]  # fmt: skip
        if self.engine_address:
            command += ["--engine", self.engine_address]
        if request.organization:
            command += ["--organization", request.organization]
        if request.info.root_directory:
            command += ["--root-directory", request.info.root_directory]
        if request.dryRun:
            command.append("--dry-run")
        return [*command, program, *request.args]

    def Run(
        self, request: language_pb2.RunRequest, context: grpc.ServicerContext
    ) -> language_pb2.RunResponse:
        try:
            python = select_interpreter(_options(request.info), request.info.root_directory or os.getcwd())
            if not is_current_interpreter(python):
                # Another interpreter (a project virtualenv): make sure it has what the runner needs, so a
                # missing install reads as such rather than as a crash of the program (probed once).
                self._environment(request.info)
        except InterpreterError as exc:
            return language_pb2.RunResponse(error=str(exc))
        program = self._program_path(request)
        if not os.path.isfile(program):
            return language_pb2.RunResponse(error=f"unable to find the Python program '{program}'")
        env = {
            **os.environ,
            "PULUMI_CONFIG": json.dumps(dict(request.config)),
            "PULUMI_CONFIG_SECRET_KEYS": json.dumps(list(request.configSecretKeys)),
        }
        cwd = request.pwd or os.path.dirname(program)
        log.debug("running %s with %s in %s", program, python, cwd)
        # The child inherits our stdout and stderr, which the engine already streams to the user, so the
        # program's output shows up live, exactly as with the official host.
        try:
            child = subprocess.Popen(self._command(request, python, program), cwd=cwd, env=env)
        except OSError as exc:
            return language_pb2.RunResponse(error=f"could not start {python}: {exc}")

        def stop_child() -> None:  # the engine went away (cancelled update): do not leave the program running
            if child.poll() is None:
                child.terminate()

        context.add_callback(stop_child)
        with self._lock:
            self._children.add(child)
        try:
            status = child.wait()
        finally:
            with self._lock:
                self._children.discard(child)
        if status == 0:
            return language_pb2.RunResponse()
        if status == EXIT_ERROR_REPORTED:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=_describe_exit(status))


def serve(
    engine_address: str, host: str = "127.0.0.1", servicer: LanguageHost | None = None
) -> tuple[grpc.Server, int]:
    """Start the service on an ephemeral port of `host`; returns the server and its port."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(servicer or LanguageHost(engine_address), server)
    port = server.add_insecure_port(f"{host}:0")
    server.start()
    return server, port


def _stop_when_orphaned(stop: threading.Event, parent: int, interval: float = 0.5) -> None:
    """Set `stop` once `parent`, the engine that started us, is gone.

    A `pulumi` killed with SIGKILL never signals its plugins; without this the host (and the program it
    runs) would live on forever, re-parented to init. `parent` is read as the process starts: read in
    this thread instead, an engine killed while the server starts would already have been replaced by
    init and never be missed.
    """
    if os.getppid() != parent:
        stop.set()
        return
    while not stop.wait(interval):
        if os.getppid() != parent:
            stop.set()


def main(argv: list[str] | None = None) -> None:
    """Plugin entry point: flags the engine may pass, then the engine address last."""
    engine_pid = os.getppid()
    parser = argparse.ArgumentParser(prog="pulumi-language-python")
    parser.add_argument("--tracing", default="", help="accepted for compatibility; tracing is not exported")
    parser.add_argument("--logtostderr", action="store_true")
    parser.add_argument("-v", dest="verbosity", type=int, default=0)
    parser.add_argument("--root", default="", help="accepted for compatibility with the official host")
    parser.add_argument("engine_address", nargs="?", default="")
    options, _unknown = parser.parse_known_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if options.verbosity >= 7 else logging.WARNING,
        format="langhost: %(message)s",
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(
        target=_stop_when_orphaned, args=(stop, engine_pid), name="parent-watch", daemon=True
    ).start()
    host = LanguageHost(options.engine_address)
    server, port = serve(options.engine_address, servicer=host)
    # The engine reads the port from our first line of stdout; everything after it is program output.
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    stop.wait()
    host.stop_programs()
    server.stop(grace=0.5).wait()
    sys.stdout.flush()
    sys.stderr.flush()
    # The engine waits for its plugins to exit before it goes on; interpreter teardown (gRPC's threads)
    # would add a few hundred milliseconds to every command for nothing.
    os._exit(0)
