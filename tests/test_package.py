"""The package's public names resolve, and importing the package (as the language host does) loads none of them."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys

import pytest

import cortex_pulumi

LAZY_PACKAGES = ("cortex_pulumi", "cortex_pulumi.client", "cortex_pulumi.client.models")


def _type_checking_exports(package_name: str) -> set[str]:
    """The names a package's `if TYPE_CHECKING:` block re-exports, as a type checker reads them."""
    package = importlib.import_module(package_name)
    block = next(node for node in ast.parse(inspect.getsource(package)).body
                 if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    names: set[str] = set()
    for statement in block.body:
        assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
        module = importlib.import_module("." * statement.level + (statement.module or ""), package_name)
        for alias in statement.names:
            if alias.name == "*":
                names.update(module.__all__)
            else:
                # `import name` alone would be private to the package under a strict type checker.
                assert alias.asname == alias.name, f"{package_name}: write `{alias.name} as {alias.name}`"
                names.add(alias.name)
    return names


def test_every_public_name_resolves() -> None:
    for name in cortex_pulumi.__all__:
        assert getattr(cortex_pulumi, name).__name__ == name
    assert set(cortex_pulumi.__all__) <= set(dir(cortex_pulumi))


@pytest.mark.parametrize("package_name", LAZY_PACKAGES)
def test_type_checkers_see_exactly_the_names_the_package_exports(package_name: str) -> None:
    package = importlib.import_module(package_name)
    assert _type_checking_exports(package_name) == set(package.__all__)
    for name in package.__all__:
        assert getattr(package, name) is not None
    assert set(package.__all__) <= set(dir(package))


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
