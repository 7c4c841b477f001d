"""Drive the real dynamic-provider process (`python -u -m pulumi.dynamic`) over gRPC, the way the engine does.

Also: `blobs_from_program()` runs a Pulumi program under `set_mocks` and returns the `__provider` strings the
real Resource objects serialised, so the provider process unpickles exactly what a program would send.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import grpc
import pulumi
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

REPO_ROOT = Path(__file__).resolve().parents[2]
PROVIDER_KEY = "__provider"
#: The engine's wire signature for a secret value (`{sig: ..., value: ...}`).
SECRET_SIG = rpc._special_sig_key  # type: ignore[attr-defined]
SECRET_VALUE = rpc._special_secret_sig  # type: ignore[attr-defined]
UNKNOWN = rpc.UNKNOWN


def struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(dict(values))
    return s


def plain(message: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(message)


def secret(value: Any) -> dict[str, Any]:
    """A secret-wrapped property value as the engine would send it to a provider that accepts secrets."""
    return {SECRET_SIG: SECRET_VALUE, "value": value}


class RecordingMocks(pulumi.runtime.Mocks):
    """Plays the engine for a program: records each resource's inputs (with `__provider` unwrapped)."""

    def __init__(self) -> None:
        self.resources: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.lock = threading.Lock()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        inputs = dict(args.inputs)
        if PROVIDER_KEY in inputs:
            inputs[PROVIDER_KEY] = rpc.unwrap_rpc_secret(inputs[PROVIDER_KEY])
        with self.lock:
            self.resources[args.name] = inputs
            self.types[args.name] = args.typ
        outs = {k: v for k, v in args.inputs.items() if k != PROVIDER_KEY}
        return f"{args.name}-id", outs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return {}, None


def run_program(program: Callable[[], Any], mocks: pulumi.runtime.Mocks | None = None,
                project: str = "cortex-test", stack: str = "test") -> pulumi.runtime.Mocks:
    """Run `program` under `set_mocks` until every registration finished; returns the mocks."""
    mocks = mocks or RecordingMocks()
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False)
    pulumi.runtime.test(program)()
    return mocks


def blobs_from_program(program: Callable[[], Any]) -> dict[str, str]:
    """Resource name -> the `__provider` string its real Resource object serialised."""
    mocks = run_program(program)
    assert isinstance(mocks, RecordingMocks)
    return {name: inputs[PROVIDER_KEY] for name, inputs in mocks.resources.items()}


def decoded(blob: str) -> bytes:
    return base64.b64decode(blob)


class ProviderProcess:
    """One `python -u -m pulumi.dynamic` subprocess and a gRPC stub to it."""

    def __init__(self, project: str = "cortex-test", env: Mapping[str, str] | None = None) -> None:
        self.project = project
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("CORTEX_")}
        full_env.update({"PULUMI_PROJECT": project, "PYTHONPATH": str(REPO_ROOT)})
        full_env.update(env or {})
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic"],
            stdout=subprocess.PIPE, stderr=self._stderr, cwd=str(REPO_ROOT), env=full_env,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.strip():
            raise RuntimeError(f"provider process printed no port; stderr:\n{self.stderr()}")
        self.port = int(line)
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        grpc.channel_ready_future(self.channel).result(timeout=15)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    # -- lifecycle ------------------------------------------------------------------------------------

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def stdout_rest(self) -> str:
        """Whatever the provider printed after the port line (call after close)."""
        assert self.proc.stdout is not None
        return self.proc.stdout.read().decode(errors="replace")

    def close(self) -> None:
        self.channel.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> ProviderProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- RPCs -----------------------------------------------------------------------------------------

    def configure(self, config: Mapping[str, Any]) -> provider_pb2.ConfigureResponse:
        """Send stack config (keys like `cortex:apiToken`; wrap secrets with `secret()`)."""
        return self.stub.Configure(provider_pb2.ConfigureRequest(args=struct(config), acceptSecrets=True))

    def check(self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        resp = self.stub.Check(provider_pb2.CheckRequest(urn=urn, olds=struct(olds), news=struct(news)))
        return plain(resp.inputs), [(f.property, f.reason) for f in resp.failures]

    # The engine stores each resource's inputs beside its outputs and sends them back with every Diff, Update,
    # Delete and Read (`old_inputs`, `inputs`); this harness does the same, per URN, unless a test passes its own.
    _stored: dict[str, dict[str, Any]]

    def _old_inputs(self, urn: str, given: Mapping[str, Any] | None = None) -> Any:
        stored = getattr(self, "_stored", {})
        return struct(given if given is not None else stored.get(urn, {}))

    def _store(self, urn: str, inputs: Mapping[str, Any]) -> None:
        if not hasattr(self, "_stored"):
            self._stored = {}
        self._stored[urn] = dict(inputs)

    def create(self, urn: str, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        resp = self.stub.Create(provider_pb2.CreateRequest(urn=urn, properties=struct(props)))
        self._store(urn, props)
        return resp.id, plain(resp.properties)

    def diff(self, urn: str, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any],
             old_inputs: Mapping[str, Any] | None = None) -> provider_pb2.DiffResponse:
        return self.stub.Diff(provider_pb2.DiffRequest(id=id_, urn=urn, olds=struct(olds), news=struct(news),
                                                       old_inputs=self._old_inputs(urn, old_inputs)))

    def update(self, urn: str, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any],
               old_inputs: Mapping[str, Any] | None = None) -> dict[str, Any]:
        resp = self.stub.Update(provider_pb2.UpdateRequest(id=id_, urn=urn, olds=struct(olds), news=struct(news),
                                                           old_inputs=self._old_inputs(urn, old_inputs)))
        self._store(urn, news)
        return plain(resp.properties)

    def read(self, urn: str, id_: str, props: Mapping[str, Any],
             inputs: Mapping[str, Any] | None = None) -> tuple[str, dict[str, Any], dict[str, Any]]:
        resp = self.stub.Read(provider_pb2.ReadRequest(id=id_, urn=urn, properties=struct(props),
                                                       inputs=self._old_inputs(urn, inputs)))
        if resp.HasField("inputs") and plain(resp.inputs):
            self._store(urn, plain(resp.inputs))
        return resp.id, plain(resp.properties), plain(resp.inputs)

    def delete(self, urn: str, id_: str, props: Mapping[str, Any], old_inputs: Mapping[str, Any] | None = None) -> None:
        self.stub.Delete(provider_pb2.DeleteRequest(id=id_, urn=urn, properties=struct(props),
                                                    old_inputs=self._old_inputs(urn, old_inputs)))


def urn(type_name: str, name: str, project: str = "cortex-test", stack: str = "test") -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi-python:dynamic/cortex:{type_name}::{name}"
