"""Drive the real Pulumi CLI (local file backend, passphrase secrets) for engine tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import requests

from cortex_pulumi.emulator.process import EmulatorProcess

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-pulumi"
CLI_VERSION = "3.274.1"
PASSPHRASE = "engine-tests-passphrase"
# Plugin scripts the engine needs beside `pulumi` for Python programs with dynamic resources.
PLUGIN_SCRIPTS = ("pulumi-resource-pulumi-python", "pulumi-language-python")


class EngineSetupError(RuntimeError):
    """The Pulumi CLI or its plugin scripts are missing; the message says how to install them."""


def find_cli_dir() -> Path:
    """The directory holding `pulumi` and the plugin scripts, without building anything.

    Order: CORTEX_PULUMI_CLI_DIR (scripts/test exports it), `pulumi` on PATH with the plugin scripts beside
    it, then install-pulumi's cache. Missing → EngineSetupError: engine tests fail, they never skip.
    """
    candidates: list[Path] = []
    if os.environ.get("CORTEX_PULUMI_CLI_DIR"):
        candidates.append(Path(os.environ["CORTEX_PULUMI_CLI_DIR"]))
    on_path = shutil.which("pulumi")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    cache = Path(
        os.environ.get("CORTEX_PULUMI_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cortex-pulumi"
    )
    candidates.append(cache / f"pulumi-v{CLI_VERSION}" / "bin")
    for directory in candidates:
        if (directory / "pulumi").is_file() and all((directory / s).is_file() for s in PLUGIN_SCRIPTS):
            return directory
    raise EngineSetupError(
        "The Pulumi CLI is not installed (looked in: "
        + ", ".join(str(c) for c in candidates)
        + f"). Run `{INSTALL_SCRIPT}` (scripts/test does it) or put pulumi >= 3.181 and the plugin scripts "
        "(pulumi-resource-pulumi-python, pulumi-language-python) on PATH."
    )


@attrs.frozen
class CliResult:
    """One finished CLI command."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        """The command's JSON document (for `--json` runs); a clear error if stdout is not JSON."""
        try:
            return json.loads(self.stdout)
        except ValueError as exc:
            raise AssertionError(
                f"`pulumi {' '.join(self.args)}` did not print JSON:\n{self.output}"
            ) from exc


class CliError(AssertionError):
    """A CLI command failed when the test expected success (or the reverse)."""


def change_counts(summary: Mapping[str, Any]) -> dict[str, int]:
    """{'create': n, 'update': n, 'replace': n, 'delete': n, 'same': n} from a JSON changeSummary.

    Replacements count once however the engine spells them (replace, create-replacement, ...).
    """
    counts = {"create": 0, "update": 0, "replace": 0, "delete": 0, "same": 0}
    for op, count in summary.items():
        key = {"create-replacement": "replace", "delete-replaced": None, "replaced": "replace"}.get(op, op)
        if key is None:
            continue
        if key in counts:
            counts[key] = max(counts[key], int(count)) if key == "replace" else counts[key] + int(count)
    return counts


@attrs.define
class PulumiWorkspace:
    """A private PULUMI_HOME and file:// backend, and the environment every CLI call gets."""

    cli_dir: Path
    root: Path
    passphrase: str = PASSPHRASE
    extra_env: dict[str, str] = attrs.Factory(dict)

    @property
    def backend_url(self) -> str:
        return f"file://{self.root / 'state'}"

    def env(self, overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PULUMI_", "CORTEX_"))}
        venv_bin = str(Path(sys.executable).parent)
        env.update(
            {
                "PATH": os.pathsep.join([str(self.cli_dir), venv_bin, env.get("PATH", "")]),
                "PULUMI_HOME": str(self.root / "home"),
                "PULUMI_BACKEND_URL": self.backend_url,
                "PULUMI_CONFIG_PASSPHRASE": self.passphrase,
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                "PULUMI_SKIP_CONFIRMATIONS": "true",
                "PULUMI_PYTHON_CMD": sys.executable,
                # The engine tests' own modules (tests.engine.*) must import in the program and provider.
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")])),
                "NO_COLOR": "1",
                # The commands of one workspace share rate-limit answer times, as a user's would.
                "CORTEX_RATE_LIMIT_DIR": str(self.root / "ratelimit"),
            }
        )
        env.update(self.extra_env)
        for key, value in (overrides or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def __attrs_post_init__(self) -> None:
        (self.root / "state").mkdir(parents=True, exist_ok=True)
        (self.root / "home").mkdir(parents=True, exist_ok=True)

    def run(
        self,
        args: Iterable[str],
        *,
        cwd: Path,
        check: bool | None = True,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 300,
        stdin: str | None = None,
    ) -> CliResult:
        """Run `pulumi <args>`; check=True demands success, False demands failure, None accepts either."""
        argv = ("pulumi", *args, "--non-interactive")
        started = time.monotonic()
        done = subprocess.run(
            [str(self.cli_dir / "pulumi"), *argv[1:]],
            cwd=cwd,
            env=self.env(env),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        result = CliResult(
            tuple(argv[1:]), done.returncode, done.stdout, done.stderr, time.monotonic() - started
        )
        if check is True and done.returncode != 0:
            raise CliError(f"`{' '.join(argv)}` failed ({done.returncode}) in {cwd}:\n{result.output}")
        if check is False and done.returncode == 0:
            raise CliError(
                f"`{' '.join(argv)}` succeeded but was expected to fail, in {cwd}:\n{result.output}"
            )
        return result

    def project(self, source: Path, name: str | None = None, *, main_only: bool = False) -> Path:
        """Copy a project (Pulumi.yaml and its program) into the workspace, leaving the repository clean."""
        target = self.root / "projects" / (name or source.name)
        ignore = shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml", ".pulumi")
        shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=False)
        return target


@attrs.define
class Stack:
    """One stack of one copied project; every method is one CLI command."""

    workspace: PulumiWorkspace
    project_dir: Path
    name: str = "test"

    def run(self, *args: str, check: bool | None = True, **kwargs: Any) -> CliResult:
        return self.workspace.run([*args, "--stack", self.name], cwd=self.project_dir, check=check, **kwargs)

    def init(self) -> Stack:
        self.workspace.run(
            ["stack", "init", self.name, "--secrets-provider", "passphrase"], cwd=self.project_dir
        )
        return self

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        # The value goes through stdin so that secrets never appear on a command line.
        args = ["config", "set", key, *(["--secret"] if secret else ["--plaintext"])]
        self.run(*args, stdin=value)

    def remove_config(self, key: str) -> None:
        self.run("config", "rm", key)

    def up(self, *extra: str, check: bool | None = True) -> CliResult:
        return self.run("up", "--yes", "--skip-preview", "--json", *extra, check=check)

    def preview(self, *extra: str, check: bool | None = True, json_output: bool = True) -> CliResult:
        return self.run("preview", *(["--json"] if json_output else []), *extra, check=check)

    def refresh(self, *extra: str, check: bool | None = True) -> CliResult:
        return self.run("refresh", "--yes", "--skip-preview", "--json", *extra, check=check)

    def destroy(self, *extra: str, check: bool | None = True) -> CliResult:
        return self.run("destroy", "--yes", "--skip-preview", "--json", *extra, check=check)

    def export(self) -> dict[str, Any]:
        exported: dict[str, Any] = self.run("stack", "export").json()
        return exported

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        extra = ["--show-secrets"] if show_secrets else []
        outputs: dict[str, Any] = self.run("stack", "output", "--json", *extra).json()
        return outputs

    def resources(self, type_prefix: str = "pulumi-python:dynamic") -> list[dict[str, Any]]:
        """The stack's resources of the given type prefix, from the exported state."""
        deployment = self.export().get("deployment", {})
        return [r for r in deployment.get("resources") or [] if r.get("type", "").startswith(type_prefix)]


def events_of(result: CliResult) -> list[dict[str, Any]]:
    """The engine events of a `--json` up/refresh/destroy run (one JSON object per line)."""
    events = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
    return events


def counts_of(result: CliResult) -> dict[str, int]:
    """Change counts of a `--json` run: a preview's digest, or the summary event of up/refresh/destroy."""
    try:
        document = json.loads(result.stdout)
    except ValueError:
        document = None
    if (
        isinstance(document, dict)
        and "steps" in document
        or isinstance(document, dict)
        and "changeSummary" in document
    ):
        return change_counts(document.get("changeSummary") or {})
    for event in reversed(events_of(result)):
        if "summaryEvent" in event:
            return change_counts(event["summaryEvent"].get("resourceChanges") or {})
    raise AssertionError(
        f"no change summary in the output of `pulumi {' '.join(result.args)}`:\n{result.output}"
    )


def diagnostics_text(result: CliResult, *, include_debug: bool = False) -> str:
    """Every diagnostic message of a `--json` run, plus stderr (the raw output when it is not JSON)."""
    try:
        document = json.loads(result.stdout)
    except ValueError:
        document = None
    if isinstance(document, dict):
        diagnostics = document.get("diagnostics") or []
    else:
        diagnostics = [e["diagnosticEvent"] for e in events_of(result) if "diagnosticEvent" in e]
        if not diagnostics:
            return result.output
    messages = [d.get("message", "") for d in diagnostics if include_debug or d.get("severity") != "debug"]
    return "\n".join(messages) + "\n" + result.stderr


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_dry_run(entry: Mapping[str, Any]) -> bool:
    """A logged request Cortex only validates (`?dryRun=true`): it writes nothing."""
    return "dryrun=true" in str(entry.get("query") or "").lower()
EMULATOR_TOKEN = "engine-tests-api-token-5e1d7c"


class Emulator:
    """A Cortex emulator subprocess (`cortex_pulumi.emulator.process.EmulatorProcess`) with raw HTTP helpers.

    Tests use `api()` to change objects behind Pulumi's back and `requests_log()` to see what the
    program sent; both go straight to the HTTP API, never through the project's client.
    """

    def __init__(self, directory: Path, *, token: str = EMULATOR_TOKEN, startup_timeout: float = 30,
                 seed: Path | None = None, other_keys: Mapping[str, str] | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.token = token
        self.db = directory / "cortex.db"
        self._process = EmulatorProcess(
            "--db", str(self.db), "--api-key", f"{token}=ADMIN", *(["--seed", str(seed)] if seed else []),
            *(arg for key, role in (other_keys or {}).items() for arg in ("--api-key", f"{key}={role}")),
            timeout=startup_timeout, stderr_path=directory / "emulator.log", cwd=directory,
        ).start()
        self.base_url = self._process.url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    # -- the Cortex API, raw ----------------------------------------------------------------------
    def api(
        self, method: str, path: str, *, expect: int | tuple[int, ...] | None = None, **kwargs: Any
    ) -> requests.Response:
        """One raw request to the emulator's Cortex API (`path` starts with /api/v1)."""
        response = self.session.request(method, self.base_url + path, timeout=30, **kwargs)
        wanted = (expect,) if isinstance(expect, int) else expect
        if wanted is not None and response.status_code not in wanted:
            raise AssertionError(
                f"{method} {path} -> {response.status_code}, expected {wanted}: {response.text}"
            )
        return response

    def get_json(self, path: str) -> Any:
        return self.api("GET", path, expect=200).json()

    def exists(self, path: str) -> bool:
        """Whether GET `path` finds the object (200) rather than 404."""
        return self.api("GET", path, expect=(200, 404)).status_code == 200

    # -- emulator administration ------------------------------------------------------------------
    def requests_log(self, *, after_seq: int = 0) -> list[dict[str, Any]]:
        response = self.session.get(
            f"{self.base_url}/_emulator/requests", params={"afterSeq": after_seq}, timeout=30
        )
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()["requests"]
        return entries

    def last_seq(self) -> int:
        entries = self.requests_log()
        return max((e["seq"] for e in entries), default=0)

    def writes_since(self, seq: int) -> list[dict[str, Any]]:
        """Requests that could have changed data, made after request number `seq` (a dry run cannot: preview's
        permission check of scorecards is one)."""
        return [e for e in self.requests_log(after_seq=seq) if e["method"] in WRITE_METHODS and not is_dry_run(e)]

    def register_entities(self, *entities: Mapping[str, Any]) -> None:
        """Catalog entities (services...) that deploys and exemptions may name; teams are made by programs."""
        response = self.session.post(f"{self.base_url}/_emulator/entities", json=list(entities), timeout=30)
        response.raise_for_status()

    def reset(self) -> None:
        self.session.post(f"{self.base_url}/_emulator/reset", timeout=30).raise_for_status()

    def stop(self) -> None:
        self._process.stop()

    def configure_stack(self, stack: Stack) -> None:
        """Point a stack at this emulator: cortex:baseUrl, and the API token as a secret."""
        stack.set_config("cortex:baseUrl", self.base_url)
        stack.set_config("cortex:apiToken", self.token, secret=True)
