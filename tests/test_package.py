"""The package's public names resolve, and importing the package (as the language host does) loads none of them."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import cortex_pulumi
from cortex_pulumi import _lazy

LAZY_PACKAGES = ("cortex_pulumi", "cortex_pulumi.client", "cortex_pulumi.client.models")


def test_every_public_name_resolves() -> None:
    for name in cortex_pulumi.__all__:
        assert getattr(cortex_pulumi, name).__name__ == name
    assert set(cortex_pulumi.__all__) <= set(dir(cortex_pulumi))


@pytest.mark.parametrize("package_name", LAZY_PACKAGES)
def test_every_name_the_type_checking_block_declares_is_public_and_resolves(package_name: str) -> None:
    # The block is the one list: `_lazy` builds `__all__` from it, so each declared name must import.
    package = importlib.import_module(package_name)
    declared = _lazy.locations(package_name, Path(str(package.__file__)))
    assert set(package.__all__) == set(declared) and declared
    for name in package.__all__:
        assert getattr(package, name) is not None
    assert set(package.__all__) <= set(dir(package))


def test_a_kind_package_is_exported_whole_by_one_star_import() -> None:
    # A new kind's public names reach `cortex_pulumi` through its package's `__all__`, not a second list.
    from cortex_pulumi.provider.kinds import kinds, package_of

    for spec in kinds():
        package = importlib.import_module(package_of(spec))
        assert set(package.__all__) <= set(cortex_pulumi.__all__), package.__name__


def test_a_name_the_block_does_not_declare_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Teem'"):
        _ = cortex_pulumi.Teem


def test_the_block_may_hold_only_from_imports(tmp_path: Path) -> None:
    source = tmp_path / "pkg.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import os\n")
    with pytest.raises(ImportError, match="only `from ... import`"):
        _lazy.locations("pkg", source)


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
