"""The language host's gRPC answers, called directly (no engine): plugins, dependencies, about, install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import language_pb2, language_pb2_grpc


def _fake_provider_package(site: Path) -> None:
    """A Pulumi provider SDK as codegen builds it: `<package>/pulumi-plugin.json` beside the code."""
    dist = site / "pulumi_fakecloud-4.5.6.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pulumi_fakecloud\nVersion: 4.5.6\n")
    (dist / "top_level.txt").write_text("pulumi_fakecloud\n")
    package = site / "pulumi_fakecloud"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pulumi-plugin.json").write_text(
        json.dumps(
            {
                "resource": True,
                "name": "fakecloud",
                "version": "4.5.6",
                "server": "https://plugins.example.com",
            }
        )
    )
    other = site / "pulumi_nonresource-1.0.dist-info"  # a package whose manifest is not a resource plugin
    other.mkdir()
    (other / "METADATA").write_text("Metadata-Version: 2.1\nName: pulumi_nonresource\nVersion: 1.0\n")
    (site / "pulumi_nonresource").mkdir()
    (site / "pulumi_nonresource" / "pulumi-plugin.json").write_text(json.dumps({"resource": False}))


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[language_pb2_grpc.LanguageRuntimeStub]:
    site = tmp_path_factory.mktemp("site")
    _fake_provider_package(site)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    env.pop("PULUMI_PYTHON_CMD", None)
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "cortex_pulumi.langhost", "127.0.0.1:1"], stdout=subprocess.PIPE, env=env
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=30)
        yield language_pb2_grpc.LanguageRuntimeStub(channel)
        channel.close()
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0  # a clean, quick exit on the engine's signal


INFO = language_pb2.ProgramInfo(
    root_directory="/nonexistent", program_directory="/nonexistent", entry_point="."
)


def _installed_resource_plugins() -> set[tuple[str, str]]:
    """(name, version) of the provider SDKs this test environment really has (the dev extra brings some, for
    the cloud example), read from their manifests the way the official host reads them."""
    found = set()
    for manifest in Path(sysconfig.get_paths()["purelib"]).glob("*/pulumi-plugin.json"):
        declared = json.loads(manifest.read_text())
        if declared.get("resource"):
            found.add((declared["name"], declared["version"]))
    return found


def test_required_packages_come_from_plugin_manifests(host: language_pb2_grpc.LanguageRuntimeStub) -> None:
    packages = host.GetRequiredPackages(language_pb2.GetRequiredPackagesRequest(info=INFO)).packages
    fake = [(p.name, p.kind, p.version, p.server) for p in packages if p.name == "fakecloud"]
    assert fake == [("fakecloud", "resource", "4.5.6", "https://plugins.example.com")]
    expected = {("fakecloud", "4.5.6")} | _installed_resource_plugins()  # never pulumi_nonresource
    assert {(p.name, p.version) for p in packages} == expected
    plugins = host.GetRequiredPlugins(language_pb2.GetRequiredPluginsRequest(info=INFO)).plugins
    assert {(p.name, p.version) for p in plugins} == expected


def test_program_dependencies_list_the_environment(host: language_pb2_grpc.LanguageRuntimeStub) -> None:
    request = language_pb2.GetProgramDependenciesRequest(info=INFO, transitiveDependencies=True)
    names = {d.name: d.version for d in host.GetProgramDependencies(request).dependencies}
    assert names["pulumi_fakecloud"] == "4.5.6"
    assert "pulumi" in names and "cortex-pulumi" in names


def test_about_install_and_plugin_info(host: language_pb2_grpc.LanguageRuntimeStub) -> None:
    about = host.About(language_pb2.AboutRequest(info=INFO))
    assert about.executable == sys.executable
    assert about.version == ".".join(map(str, sys.version_info[:3]))
    messages = list(host.InstallDependencies(language_pb2.InstallDependenciesRequest(info=INFO)))
    assert b"nothing to install" in b"".join(m.stdout for m in messages)
    assert host.GetPluginInfo(empty_pb2.Empty()).version
    assert host.RuntimeOptionsPrompts(language_pb2.RuntimeOptionsRequest(info=INFO)).prompts == []


def test_a_missing_program_is_an_error_not_a_crash(host: language_pb2_grpc.LanguageRuntimeStub) -> None:
    response = host.Run(
        language_pb2.RunRequest(project="p", stack="s", monitor_address="127.0.0.1:1", info=INFO)
    )
    assert "unable to find the Python program" in response.error
    assert host.GetPluginInfo(empty_pb2.Empty()).version  # still serving


def test_an_unknown_virtualenv_is_named(host: language_pb2_grpc.LanguageRuntimeStub) -> None:
    info = language_pb2.ProgramInfo(
        root_directory="/nonexistent", program_directory="/nonexistent", entry_point="."
    )
    info.options.update({"virtualenv": "no-such-venv"})
    with pytest.raises(grpc.RpcError) as raised:
        host.GetRequiredPackages(language_pb2.GetRequiredPackagesRequest(info=info))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "/nonexistent/no-such-venv" in (raised.value.details() or "")
