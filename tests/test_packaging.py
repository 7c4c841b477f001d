"""The package is ready to publish: `python -m build` and `twine check` pass, the LICENSE is in sdist and wheel,
and the metadata carries the version, project URLs, classifiers and a `test` extra without the project's own tools."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import cortex_pulumi
from tests.support.packaging import ROOT, build_distributions


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_distributions(tmp_path_factory.mktemp("dist"))


def test_twine_check_passes(dists: tuple[Path, Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dists)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_license_is_in_sdist_and_wheel(dists: tuple[Path, Path]) -> None:
    sdist, wheel = dists
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    with tarfile.open(sdist) as archive:
        member = archive.extractfile(f"cortex_pulumi-{cortex_pulumi.__version__}/LICENSE")
        assert member is not None and member.read().decode() == text
    with zipfile.ZipFile(wheel) as archive:
        licenses = [n for n in archive.namelist() if n.endswith("/LICENSE") and ".dist-info/" in n]
        assert len(licenses) == 1 and archive.read(licenses[0]).decode() == text


def test_metadata(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
        entry_points = archive.read(name.replace("METADATA", "entry_points.txt")).decode()
    assert metadata["Version"] == cortex_pulumi.__version__
    classifiers = metadata.get_all("Classifier")
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "License :: OSI Approved :: Apache Software License" in classifiers
    assert "Typing :: Typed" in classifiers
    assert metadata["License"] == "Apache-2.0" and metadata["Requires-Python"] == ">=3.10"
    assert len(metadata.get_all("Project-URL")) >= 2
    assert "[pytest11]\ncortex_pulumi = cortex_pulumi.testing.plugin" in entry_points
    requires = metadata.get_all("Requires-Dist")
    user_test = [r for r in requires if 'extra == "test"' in r]
    assert any(r.startswith("pytest") for r in user_test)
    # The project's own tools are in the dev extra, not in what users install for testing.
    for tool in ("ruff", "mypy", "schemathesis", "cortexapps-cli", "twine"):
        assert not any(r.startswith(tool) for r in user_test), tool
        assert any(r.startswith(tool) and 'extra == "dev"' in r for r in requires), tool


def test_the_user_agent_carries_the_version() -> None:
    from cortex_pulumi.client.transport import USER_AGENT

    assert f"cortex-pulumi/{cortex_pulumi.__version__}" == USER_AGENT


def test_the_web_view_templates_are_in_the_wheel(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    shipped = ROOT / "cortex_pulumi" / "emulator" / "web" / "templates"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    wanted = {f"cortex_pulumi/emulator/web/templates/{p.name}" for p in shipped.glob("*.html")}
    assert len(wanted) > 10 and wanted <= names, sorted(wanted - names)
