"""No API token or secret value anywhere it must not be: state (with and without --show-secrets), program and
provider output, every log line (engine -v=9 with --logflow, the provider process at Python DEBUG), exception
messages, and the emulator's request log and log output."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from cortex_pulumi.client import CortexClient, CortexError
from cortex_pulumi.client.settings import Settings
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider.secret import _SecretProvider
from tests.engine.harness import CliResult, PulumiWorkspace
from tests.provider.conftest import checked, configured
from tests.reliability.report import Scenario
from tests.reliability.support import SECRET_SEED, EmulatorServer, fleet, up
from tests.support import ADMIN_TOKEN, VIEWER_TOKEN

SIG = "4dabf18193072939515e22adb298388d"
SIZE = {"teams": 3, "secrets": 3, "deploys": 2, "workflows": 1, "hierarchy": True}
#: Logs every Python logger of the provider process (and of the program) at DEBUG to stderr, which the engine
#: shows as diagnostics: what a user turning debug logging on would see.
SITECUSTOMIZE = "import logging, sys\nlogging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"


def secret_values() -> list[str]:
    return [SECRET_SEED] + [f"{SECRET_SEED}-value-{i:03d}" for i in range(SIZE["secrets"])]


def unprotected(document: Any, needles: list[str], path: str = "") -> list[str]:
    """Paths where a needle appears outside a secret-marked value of an exported state."""
    if isinstance(document, dict):
        if SIG in document:
            return []
        return [p for k, v in document.items() for p in unprotected(v, needles, f"{path}/{k}")]
    if isinstance(document, list):
        return [p for i, v in enumerate(document) for p in unprotected(v, needles, f"{path}/{i}")]
    return [path] if isinstance(document, str) and any(n in document for n in needles) else []


def protected(document: Any, needles: list[str], path: str = "") -> list[str]:
    """Paths of secret-marked values (decrypted by --show-secrets) that hold a needle."""
    if isinstance(document, dict):
        if SIG in document:
            return [path] if any(n in json.dumps(document) for n in needles) else []
        return [p for k, v in document.items() for p in protected(v, needles, f"{path}/{k}")]
    if isinstance(document, list):
        return [p for i, v in enumerate(document) for p in protected(v, needles, f"{path}/{i}")]
    return []


def hits(text: str, needles: list[str]) -> list[str]:
    return [n for n in needles if n in text]


def test_nothing_leaks_through_a_whole_lifecycle(workspace: PulumiWorkspace, tmp_path: Path, scenario: Scenario) -> None:
    emu = EmulatorServer(tmp_path / "emulator", extra_args=("--log-level", "debug")).start()
    debug_path = tmp_path / "debug"
    debug_path.mkdir()
    (debug_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    verbose = ("-v=9", "--logtostderr", "--logflow", "--debug")
    debug_env = {"PYTHONPATH": f"{debug_path}:{workspace.env()['PYTHONPATH']}"}
    try:
        stack = fleet(workspace, emu, "leaks", prefix="lk", config=SIZE)
        outputs: dict[str, CliResult] = {}
        outputs["preview"] = stack.run("preview", "--diff", "--json", *verbose, check=True, env=debug_env)
        outputs["up"] = stack.run("up", "--yes", "--skip-preview", *verbose, check=True, env=debug_env)
        shown_exports = [json.loads(stack.run("stack", "export", "--show-secrets").stdout)]
        plain_exports = [stack.run("stack", "export").stdout]
        stack.set_config("fleet:stamp", "v2")
        outputs["update"] = stack.run("up", "--yes", "--diff", *verbose, check=True, env=debug_env)
        outputs["refresh"] = stack.run("refresh", "--yes", "--diff", *verbose, check=True, env=debug_env)
        outputs["outputs"] = stack.run("stack", "output", "--json")
        plain_exports.append(stack.run("stack", "export").stdout)
        shown_exports.append(json.loads(stack.run("stack", "export", "--show-secrets").stdout))
        outputs["destroy"] = stack.run("destroy", "--yes", "--skip-preview", *verbose, check=True, env=debug_env)
        request_log = json.dumps(emu.requests_log())
    finally:
        emu.stop()
    needles = [emu.token, *secret_values()]
    found = {name: hits(result.output, needles) for name, result in outputs.items()}
    found["export"] = hits("".join(plain_exports), needles)
    found["emulator request log"] = hits(request_log, needles)
    found["emulator log"] = hits(emu.stderr(), needles)
    loose = [p for shown in shown_exports for p in unprotected(shown, needles)]
    marked = [p for shown in shown_exports for p in protected(shown, needles)]
    debug_lines = sum(line.startswith("DEBUG:cortex_pulumi") for r in outputs.values() for line in
                      r.output.replace("\\n", "\n").splitlines())
    scenario.area, scenario.title = "Leaks", "Token and secret values across a whole lifecycle (real CLI)"
    scenario.injected = ("preview/up/update/refresh/destroy at -v=9 --logflow --debug, provider at Python DEBUG; "
                         "stack export with and without --show-secrets; emulator at debug level")
    scenario.leaks = sum(len(v) for v in found.values()) + len(loose)
    scenario.held = (f"0 hits in {len(found)} outputs and logs ({debug_lines} provider DEBUG lines checked); "
                     f"with --show-secrets only secret-marked values hold them ({len(marked)}: the Secret inputs and "
                     "the stack config the engine stores with the provider)")
    assert all(v == [] for v in found.values()), found
    assert loose == [], loose
    assert debug_lines > 0, "the provider's DEBUG logging did not reach the output: the search proved nothing"
    assert any(p.endswith("/inputs/value") for p in marked), marked


def test_a_token_from_the_environment_never_reaches_the_state(workspace: PulumiWorkspace, server: EmulatorServer,
                                                              scenario: Scenario) -> None:
    stack = fleet(workspace, server, "envtoken", prefix="et", config={"teams": 1, "secrets": 1},
                  token_in_config=False)
    workspace.extra_env["CORTEX_API_TOKEN"] = server.token
    try:
        result = up(stack)
        assert result.returncode == 0, result.output[-3000:]
        shown = stack.run("stack", "export", "--show-secrets").stdout
    finally:
        del workspace.extra_env["CORTEX_API_TOKEN"]
    scenario.area, scenario.title = "Leaks", "Token from CORTEX_API_TOKEN instead of stack config"
    scenario.injected = "`pulumi stack export --show-secrets` after an up"
    scenario.leaks = shown.count(server.token)
    scenario.held = "the token appears nowhere in the state, even decrypted (with cortex:apiToken it is stored, encrypted)"
    assert server.token not in shown


def test_logs_and_errors_of_the_provider_at_every_level(emu: Emulator, caplog: pytest.LogCaptureFixture,
                                                        scenario: Scenario) -> None:
    """In-process, every logger at DEBUG: successful calls, a conflict, a refused key, server errors."""
    value = "pl4in-secret-value-7c1e"
    caplog.set_level(logging.DEBUG)
    provider = configured(_SecretProvider, emu)
    errors: list[str] = []
    made = provider.create(checked(provider, {"tag": "leak_s", "name": "S", "value": value}))
    provider.update(made.id, dict(made.outs or {}), checked(provider, {"tag": "leak_s", "name": "S2", "value": value + "x"}))
    provider.read(made.id, dict(made.outs or {}))
    for attempt in (
        lambda: provider.create(checked(provider, {"tag": "leak_s", "name": "S", "value": value})),  # conflict
        lambda: configured(_SecretProvider, emu, token=VIEWER_TOKEN).create(
            checked(provider, {"tag": "leak_v", "name": "V", "value": value})),  # 403
        lambda: configured(_SecretProvider, emu, token="wrong-" + ADMIN_TOKEN).read("leak_s", {}),  # 401
    ):
        with pytest.raises((CortexResourceError, CortexError)) as raised:
            attempt()
        errors.append(str(raised.value) + repr(raised.value))
    # Checked before the faults: preview's read-only check would otherwise meet the 503 first (and fail the check).
    inputs = checked(provider, {"tag": "leak_f", "name": "F", "value": value})
    emu.set_faults(errorRate=1.0, errorStatuses=[503])
    with pytest.raises(CortexResourceError) as raised:
        configured(_SecretProvider, emu).create(inputs)
    errors.append(str(raised.value))
    emu.clear_faults()
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN)
    reprs = [repr(client), repr(client._transport), repr(Settings(api_token=ADMIN_TOKEN, base_url=emu.url))]
    text = caplog.text + "\n".join(errors + reprs) + json.dumps(emu.requests())
    needles = [ADMIN_TOKEN, VIEWER_TOKEN, value, value + "x"]
    scenario.area, scenario.title = "Leaks", "Provider and client logs at DEBUG, errors, reprs (in-process)"
    scenario.injected = "create/update/read, a 409, a 403, a 401, a 503 with every logger at DEBUG"
    scenario.leaks = len(hits(text, needles))
    scenario.held = f"{len(caplog.records)} log records, {len(errors)} error messages, 3 reprs: no token, no value"
    assert len(caplog.records) > 10
    assert hits(text, needles) == [], hits(text, needles)
