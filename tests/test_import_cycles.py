"""No import circles inside cortex_pulumi: not at run time, not even for the type checker.

A circle makes the import order matter (a module half-initialised when the other reads it) and hides a
layering mistake; the old ones were entry points importing back into cli/, settings building a client, and
retry.py naming ratelimit.py's limiter. The graph is read from the source (tests/support/imports.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.imports import circles, import_graph, path_between

PACKAGE = Path(__file__).resolve().parent.parent / "cortex_pulumi"


def _described(graph: dict[str, set[str]]) -> list[str]:
    return [" -> ".join(path_between(graph, circle[0], circle[0])) for circle in circles(graph)]


@pytest.mark.parametrize("type_checking", [False, True], ids=["run time", "with TYPE_CHECKING imports"])
def test_the_package_has_no_import_circle(type_checking: bool) -> None:
    graph = import_graph(PACKAGE, type_checking)
    assert len(graph) > 100 and "cortex_pulumi.cli.audit" in graph["cortex_pulumi.audit.__main__"]
    assert _described(graph) == [], "break each circle: move the shared piece down, or type against a Protocol"


def test_the_graph_sees_function_level_and_relative_imports_but_not_type_only_ones(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "def later():\n    from pkg.sub import c\n",
        "sub/__init__.py": "",
        "sub/c.py": "import pkg.a\nfrom ..b import later\n",
        "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .e import E\nelse:\n    import json\n",
        "e.py": "from pkg import d\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text)
    graph = import_graph(pkg)
    assert graph["pkg.sub.c"] == {"pkg.a", "pkg.b"} and graph["pkg.b"] == {"pkg.sub.c"}
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c"]]
    assert path_between(graph, "pkg.a", "pkg.a") == ["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]
    assert circles(import_graph(pkg, type_checking=True)) == [["pkg.a", "pkg.b", "pkg.sub.c"], ["pkg.d", "pkg.e"]]
