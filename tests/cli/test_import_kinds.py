"""The importer's kinds come from the provider's registry and `importer/kinds/`, never from a list of its own: every
provider kind has its piece, a kind found there is read (and declared) after the kinds it depends on, and the
modules that loop over the kinds name none of them."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from cortex_pulumi import Team
from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.importer import ALL_KINDS, DEFAULT_KINDS, ImportFailure, kinds as registry, read_tenant
from cortex_pulumi.importer.compare import comparable
from cortex_pulumi.importer.kinds.base import ImportKind, ordered
from cortex_pulumi.importer.program import render_program
from cortex_pulumi.importer.readme import render_readme
from cortex_pulumi.provider.kinds import Kind, kinds, package_of
from tests.support import ADMIN_TOKEN, api

IMPORTER = Path(registry.__file__).resolve().parent.parent
#: The modules that handle every kind alike: no kind's name, option or noun may appear in them as a value.
GENERIC = ("reader.py", "snapshot.py", "readme.py", "compare.py", "program.py", "checks.py", "project.py")


def test_every_provider_kind_has_its_importer_piece_in_a_module_named_after_its_key() -> None:
    import importlib

    assert registry.missing_imports() == []
    assert sorted(p.spec.name for p in registry.imports()) == sorted(k.name for k in kinds())
    for spec in kinds():
        key = package_of(spec).rsplit(".", 1)[1]
        assert importlib.import_module(f"{registry.__name__}.{key}").IMPORT.spec is spec


def test_the_kinds_option_takes_the_words_users_type() -> None:
    """The `--kinds` words come from each kind's `Kind.option`; they are the command's surface, so they are pinned."""
    assert ALL_KINDS == ("teams", "hierarchy", "scorecards", "exemptions", "workflows", "secrets", "deploys")
    assert (*DEFAULT_KINDS, "deploys") == ALL_KINDS
    assert [p.label for p in registry.imports()] == ["teams", "hierarchy edges", "scorecards", "exemptions",
                                                     "workflows", "secrets", "deploys"]


def _piece(spec: Kind, position: int, after: tuple[Kind, ...] = ()) -> ImportKind:
    return ImportKind(spec=spec, position=position, after=after, read=lambda *_: [], program=lambda _p: "",
                      declared_as="", compare=lambda _rows: {})


def test_the_order_comes_from_what_each_kind_is_read_after() -> None:
    by_name = {p.spec.name: p for p in registry.imports()}
    team, card = by_name["team"].spec, by_name["scorecard"].spec
    first, second, third = _piece(card, 1, after=(team,)), _piece(team, 2), _piece(by_name["secret"].spec, 3)
    assert [p.spec for p in ordered([first, second, third])] == [team, card, by_name["secret"].spec]
    with pytest.raises(RuntimeError, match="in a circle"):
        ordered([_piece(card, 1, after=(team,)), _piece(team, 2, after=(card,))])


@attrs.frozen(kw_only=True)
class _WidgetArgs:
    tag: str
    name: str | None = None


WIDGET = Kind(name="widget", type_name="Widget", key_input="tag", fields={}, args=_WidgetArgs,
              fetch=lambda _client, _tag: None, render=lambda _client, found, _props: dict(found))

_WIDGET_MODULE = '''
from tests.cli.test_import_kinds import WIDGET, widget_piece

IMPORT = widget_piece()
'''


def widget_piece() -> ImportKind:
    """A kind the importer's modules cannot know of, declared first by `position` but read after teams."""
    team = Team._provider_type.spec

    def read(_client: CortexClient, tenant: Any, _keep: Any) -> list[Any]:
        # What was read before: a widget row per team (a kind built on another reads the other's rows).
        return [WIDGET.inputs({"tag": f"w-{row['team_tag']}", "name": None}) for row in tenant.rows.get(team, [])]

    def program(context: Any) -> str:
        return "".join(f"# widget {row['tag']}\n" for row in context.rows(WIDGET))

    return ImportKind(spec=WIDGET, position=0, after=(team,), read=read, program=program,
                      declared_as="`# widget` lines", compare=lambda rows: {r["tag"]: r for r in rows})


@pytest.fixture
def with_widget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`importer/kinds/` with one more module, `widget.py`, found by discovery as the others are."""
    (tmp_path / "widget.py").write_text(_WIDGET_MODULE)
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "_FOUND", [])
    yield
    sys.modules.pop(f"{registry.__name__}.widget", None)


def test_a_discovered_kind_is_read_declared_and_compared_after_the_kind_it_depends_on(
        with_widget: None, emu: Emulator) -> None:
    assert [p.option for p in registry.imports()][:2] == ["teams", "widgets"]  # position 0, yet after teams
    api(emu).post("/api/v1/teams", json={"teamTag": "payments", "metadata": {"name": "Payments"}, "type": "CORTEX",
                                         "cortexTeam": {"members": []}, "links": [], "slackChannels": []})
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN)
    tenant = read_tenant(client, ["widgets", "teams"])
    assert [spec.name for spec in tenant.kinds] == ["team", "widget"]
    assert tenant.rows[WIDGET] == [{"tag": "w-payments"}]  # the kind's own input view: no name (None)
    assert "# widget w-payments\n" in render_program(tenant)
    assert "| widgets | 1 | `# widget` lines |" in render_readme(tenant, "p")
    assert comparable(tenant)["widgets"] == {"w-payments": {"tag": "w-payments"}}
    with pytest.raises(ImportFailure, match="unknown kind 'gadgets' in --kinds; known kinds: "):
        read_tenant(client, ["widgets", "gadgets"])


def _values(path: Path) -> set[str]:
    """Every string constant of a module, docstrings left out (prose may name kinds; values may not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs}


@pytest.mark.parametrize("module", GENERIC)
def test_the_modules_that_handle_every_kind_name_none(module: str) -> None:
    words = {w for p in registry.imports() for w in (p.option, p.noun, p.label, p.spec.name, p.spec.type_name)}
    named = sorted(words & {value.strip() for value in _values(IMPORTER / module)})
    assert named == [], f"importer/{module} names kinds {named}: take them from importer/kinds/ instead"
    keys = {package_of(k).rsplit(".", 1)[1] for k in kinds()}
    imported = [node.module for node in ast.walk(ast.parse((IMPORTER / module).read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("provider", "kinds")
                and node.module.split(".")[1:2] and node.module.split(".")[1] in keys]
    assert imported == [], f"importer/{module} imports one kind's module: {imported}"
