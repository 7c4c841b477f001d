"""What the program's Python environment holds: interpreter, installed distributions, Pulumi plugins."""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import attrs

log = logging.getLogger(__name__)

# How long the environment probe of a foreign interpreter may take before the host gives up.
PROBE_TIMEOUT_SECONDS = 60.0
# The probe run in a foreign interpreter: the Pulumi SDK first, so that a bare virtualenv is reported as lacking
# it (the one thing every program needs), not as lacking whichever of this package's dependencies loads first.
_PROBE = "import pulumi, runpy; runpy.run_module('cortex_pulumi.langhost.environment', run_name='__main__')"


class InterpreterError(RuntimeError):
    """The program's interpreter cannot be found or inspected; the message says what to fix."""


@attrs.frozen(kw_only=True)
class PluginRequirement:
    """A Pulumi resource plugin a package in the environment declares in its `pulumi-plugin.json`."""

    name: str
    version: str = ""
    server: str = ""
    parameterization: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class EnvironmentInfo:
    """A snapshot of one interpreter's environment, as the language host reports it to the engine."""

    executable: str
    version: str
    dependencies: tuple[tuple[str, str], ...] = ()
    plugins: tuple[PluginRequirement, ...] = ()

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self, recurse=True))

    @classmethod
    def from_json(cls, text: str) -> EnvironmentInfo:
        raw = json.loads(text)
        return cls(
            executable=raw["executable"],
            version=raw["version"],
            dependencies=tuple((str(n), str(v)) for n, v in raw.get("dependencies", [])),
            plugins=tuple(PluginRequirement(**p) for p in raw.get("plugins", [])),
        )


def is_current_interpreter(python: str) -> bool:
    """Whether `python` is this very interpreter. Paths are compared unresolved: a virtualenv's python is a
    symlink to the base interpreter, yet has other packages."""
    return os.path.normcase(os.path.abspath(python)) == os.path.normcase(os.path.abspath(sys.executable))


def select_interpreter(options: Mapping[str, Any], root_directory: str) -> str:
    """The Python that runs the program: `runtime.options.virtualenv`, else PULUMI_PYTHON_CMD, else ours.

    The official host honours the same two settings, so a project's Pulumi.yaml works with either host.
    """
    venv = options.get("virtualenv")
    if isinstance(venv, str) and venv:
        path = venv if os.path.isabs(venv) else os.path.join(root_directory, venv)
        bindir = "Scripts" if os.name == "nt" else "bin"
        python = os.path.join(path, bindir, "python.exe" if os.name == "nt" else "python")
        if not os.path.exists(python):
            raise InterpreterError(
                f"The virtualenv '{path}' named by runtime.options.virtualenv in Pulumi.yaml has no {bindir}/python. "
                f"Create it with `python3 -m venv {venv}` and install the program's dependencies into it "
                "(for example `pip install cortex-pulumi`)."
            )
        return python
    command = os.environ.get("PULUMI_PYTHON_CMD", "")
    if command:
        found = shutil.which(command)
        if found is None:
            raise InterpreterError(
                f"PULUMI_PYTHON_CMD names '{command}', which is not an executable on PATH."
            )
        return found
    return sys.executable


def _plugin_from_manifest(dist: metadata.Distribution, text: str) -> PluginRequirement | None:
    """Read one `pulumi-plugin.json`; packages built by Pulumi's codegen ship one per resource provider."""
    try:
        manifest = json.loads(text)
    except ValueError:
        log.debug("ignoring unreadable pulumi-plugin.json in %s", dist.metadata["Name"])
        return None
    if not isinstance(manifest, dict) or not manifest.get("resource", False):
        return None
    dist_name = str(dist.metadata["Name"])
    name = manifest.get("name") or dist_name.removeprefix("pulumi_").removeprefix("pulumi-")
    version = manifest.get("version") or dist.version
    parameterization = manifest.get("parameterization")
    return PluginRequirement(
        name=str(name),
        version=str(version),
        server=str(manifest.get("server") or ""),
        parameterization=parameterization if isinstance(parameterization, dict) else None,
    )


def _top_level_names(dist: metadata.Distribution) -> list[str]:
    """The importable top-level packages of a distribution, without reading its (large) RECORD file."""
    listed = (dist.read_text("top_level.txt") or "").split()
    return listed or [str(dist.metadata["Name"]).replace("-", "_").lower()]


def inspect_current() -> EnvironmentInfo:
    """Describe the running interpreter: its distributions and the Pulumi plugins they require.

    Like the official host, a package requires a plugin when `<package>/pulumi-plugin.json` exists; only
    that one path is looked at per package, which keeps this cheap (the engine asks on every command).
    """
    dependencies: dict[str, str] = {}
    plugins: list[PluginRequirement] = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or name in dependencies:  # the first one on sys.path wins, as for imports
            continue
        dependencies[name] = dist.version
        for top in _top_level_names(dist):
            manifest = os.path.join(str(dist.locate_file(top)), "pulumi-plugin.json")
            if os.path.isfile(manifest):
                with open(manifest, encoding="utf-8") as handle:
                    plugin = _plugin_from_manifest(dist, handle.read())
                if plugin is not None:
                    plugins.append(plugin)
    return EnvironmentInfo(
        executable=sys.executable,
        version=platform.python_version(),
        dependencies=tuple(sorted(dependencies.items(), key=lambda item: item[0].lower())),
        plugins=tuple(sorted(plugins, key=lambda p: p.name)),
    )


def python_version(python: str) -> str:
    """The version of `python`, cheaply: `pulumi up` asks for it on every run (update metadata)."""
    if is_current_interpreter(python):
        return platform.python_version()
    return _probe(python, "-I", "-S", "-c", "import platform; print(platform.python_version())", check=True).stdout.strip()


def _probe(python: str, *args: str, check: bool) -> subprocess.CompletedProcess[str]:
    """Run the program's interpreter with `args` (bounded in time); InterpreterError when it cannot run."""
    try:
        return subprocess.run([python, *args], capture_output=True, text=True, timeout=PROBE_TIMEOUT_SECONDS,
                              check=check)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InterpreterError(f"Could not run the program's interpreter {python}: {exc}") from exc


def inspect_interpreter(python: str) -> EnvironmentInfo:
    """Describe `python`'s environment; in-process when it is this interpreter, else through a child."""
    if is_current_interpreter(python):
        return inspect_current()
    done = _probe(python, "-c", _PROBE, check=False)
    if done.returncode != 0:
        last_line = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise InterpreterError(
            f"The program's interpreter {python} cannot run Cortex programs: {last_line}. "
            "Install the program's dependencies into it, e.g. `<venv>/bin/pip install cortex-pulumi`."
        )
    return EnvironmentInfo.from_json(done.stdout)


if __name__ == "__main__":
    sys.stdout.write(inspect_current().to_json() + "\n")
