"""docs/architecture.md's "Adding a resource kind" list, checked against the repository as the README's generated
sections are: every place it names exists for every kind, and every file a kind has is one it names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cortex_pulumi.provider.kinds import kinds, package_of

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
HEADING = "### Adding a resource kind (key `widget`)"
#: Files of the package every kind's files are registered in (the list names them): each names every kind. The
#: first is written by hand; the export blocks of the other two are generated (scripts/resource_signatures.py).
REGISTRATIONS = ("client/client.py", "client/models/__init__.py", "__init__.py")


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(HEADING) + len(HEADING)
    end = text.find("\n## ", start)
    return text[start:end if end >= 0 else None]


def _places() -> list[str]:
    """The paths the list names for `widget`, braces expanded (`tests/{client,provider}/test_widget.py`)."""
    out = []
    for token in re.findall(r"`([^`\s]*widget[^`\s]*)`", _section()):
        token = token.split(":")[0]
        braces = re.search(r"\{([^}]*)\}", token)
        choices = braces.group(1).split(",") if braces else [""]
        out += [token.replace(braces.group(0), c) if braces else token for c in choices]
    return out


def _keys() -> list[str]:
    return [package_of(spec).rsplit(".", 1)[1] for spec in kinds()]


def _in_repo(place: str) -> Path:
    """Where a place of the list is: package paths are relative to `cortex_pulumi/`, the rest to the root."""
    return ROOT / place if place.split("/")[0] in ("tests", "examples", "scripts", "docs") else ROOT / "cortex_pulumi" / place


def test_the_list_names_the_places_of_each_layer() -> None:
    places = _places()
    for layer in ("client/models/", "client/operations/", "provider/widget/", "summary/kinds/", "importer/kinds/",
                  "emulator/services/", "tests/", "examples/"):
        assert any(p.startswith(layer) for p in places), f"the list names nothing under {layer}"


@pytest.mark.parametrize("key", _keys())
def test_every_place_the_list_names_exists_for_each_kind(key: str) -> None:
    missing = [p for p in _places() if not _in_repo(p.replace("widget", key)).exists()]
    assert not missing, f"docs/architecture.md names places the kind {key!r} does not have: {missing}"
    for registration in REGISTRATIONS:
        assert f"`{registration}`" in _section() or f"`{registration}'s" in _section(), registration
        text = (ROOT / "cortex_pulumi" / registration).read_text(encoding="utf-8")
        camel = "".join(part.capitalize() for part in key.split("_"))  # `TeamHierarchyOperations` in client.py
        assert key in text or camel in text, f"{registration} does not register the kind {key!r}"


@pytest.mark.parametrize("key", _keys())
def test_every_file_of_a_kind_is_one_the_list_names(key: str) -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    own = [f for f in tracked if re.search(rf"(^|/)(test_)?{key}(\.py|/)", f) and not f.startswith("tests/support/")]
    places = [str(_in_repo(p.replace("widget", key)).relative_to(ROOT)) for p in _places()]
    unnamed = [f for f in own if not any(f == p or (p.endswith("/") or (ROOT / p).is_dir()) and f.startswith(p.rstrip("/") + "/")
                                         for p in places)]
    assert not unnamed, f"files of the kind {key!r} that docs/architecture.md's list does not name: {unnamed}"
