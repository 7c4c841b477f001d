"""Without the `emulator` extra (no Starlette, no uvicorn) the emulator says how to install it."""

from __future__ import annotations

import subprocess
import sys

# Makes the web stack unimportable in a child interpreter, as in an environment without the extra.
BLOCK = "import sys\nfor name in ('starlette', 'uvicorn'): sys.modules[name] = None\n"


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCK + code], capture_output=True, text=True, timeout=60)


def test_cortex_emulator_prints_the_install_command() -> None:
    result = run("from cortex_pulumi.emulator.__main__ import main\nsys.exit(main(['--port', '0']))")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == ("cortex-emulator: starlette is not installed; the Cortex emulator needs its "
                                     "extra: pip install 'cortex-pulumi[emulator]'")
    assert "Traceback" not in result.stderr


def test_in_process_emulator_names_the_extra() -> None:
    result = run("from cortex_pulumi.emulator import Emulator")
    assert result.returncode == 1
    assert "ModuleNotFoundError: No module named 'uvicorn': the Cortex emulator needs its extra: pip install " \
           "'cortex-pulumi[emulator]'" in result.stderr


def test_help_works_without_the_extra() -> None:
    result = run("from cortex_pulumi.emulator.__main__ import main\nsys.exit(main(['--help']))")
    assert result.returncode == 0 and "--api-key" in result.stdout
