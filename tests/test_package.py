"""The package's public names resolve, and importing the package (as the language host does) loads none of them."""

from __future__ import annotations

import subprocess
import sys

import cortex_pulumi


def test_every_public_name_resolves() -> None:
    for name in cortex_pulumi.__all__:
        assert getattr(cortex_pulumi, name).__name__ == name
    assert set(cortex_pulumi.__all__) <= set(dir(cortex_pulumi))


def test_importing_the_package_loads_no_resource_lookup_or_client_module() -> None:
    code = ("import sys, cortex_pulumi, cortex_pulumi.langhost.server; "
            "print(sorted(m for m in sys.modules if m.startswith(('cortex_pulumi.provider', "
            "'cortex_pulumi.lookups', 'cortex_pulumi.client'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_client_loads_only_the_models_its_calls_decode() -> None:
    # The provider process of a stack of Secrets builds the models its calls decode, not every model class of the client.
    code = ("import sys; from cortex_pulumi.client import CortexClient; "
            "print(sorted(m for m in sys.modules if m.startswith('cortex_pulumi.client.models.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['cortex_pulumi.client.models.common']"
