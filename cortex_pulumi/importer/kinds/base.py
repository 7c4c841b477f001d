"""What the import knows of one resource kind (`ImportKind`), declared once per kind in `importer/kinds/<key>.py`
and taking the kind by object from the provider's registry: how its objects are read, declared in the program,
counted, compared, checked and written to files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..._words import plural
from ...provider.kinds import Kind
from ..snapshot import Attention, Tenant

if TYPE_CHECKING:
    from ...client import CortexClient

__all__ = ["PAGE", "ImportKind", "Program", "meaningful", "provider_inputs"]

#: Page size of the listings an import reads.
PAGE = 1000
#: Reads one kind: (client, the tenant read so far, whether a tag is selected) -> the kind's rows.
Reader = Callable[["CortexClient", Tenant, Callable[[str], bool]], list[Any]]


def provider_inputs(spec: Kind, client: CortexClient, found: Any, props: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The inputs that declare `found` as Cortex holds it: the provider's own outputs for it (`spec.render`) seen
    as inputs, defaults left out at any depth (so `import` and `pulumi refresh` cannot disagree about them)."""
    return spec.inputs(spec.render(client, found, props or {}))


def meaningful(value: Any) -> Any:
    """`value` without empty lists, empty mappings and nulls (`exclude: []` means what no `exclude` means)."""
    if isinstance(value, dict):
        cleaned = {k: meaningful(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [meaningful(v) for v in value]
    return value


@attrs.frozen(kw_only=True)
class Program:
    """What a kind's part of the generated `__main__.py` is written from."""

    tenant: Tenant
    #: Per kind: the Python variable of each object the program names (by tag; one namespace across kinds).
    variables: Mapping[Kind, Mapping[str, str]]
    #: The kinds another kind's declared rows come after (the team part then writes its `team_tag` helper).
    referenced: frozenset[Kind]

    def rows(self, spec: Kind) -> list[Any]:
        """The rows of `spec` the program declares (none when the kind was not imported)."""
        return self.tenant.rows.get(spec, [])


def _none(_rows: Sequence[Any]) -> list[Any]:
    return []


def _no_files(_rows: Sequence[Any]) -> dict[str, str]:
    return {}


def _nothing_refused(_tenant: Tenant) -> list[Attention]:
    return []


def _no_commands(_rows: Sequence[Any], _variables: Mapping[str, str]) -> list[str]:
    return []


def _owns_nothing(_tenant: Tenant) -> list[str]:
    return []


@attrs.frozen(kw_only=True, eq=False)
class ImportKind:
    """One kind as the import handles it; `spec` is the provider's `Kind` (its name, `option`, inputs)."""

    spec: Kind
    #: Where the kind comes among kinds free to come next (each comes after what it is read after).
    position: int
    read: Reader
    #: Its part of `__main__.py` ("" for nothing); called for every kind, imported or not.
    program: Callable[[Program], str]
    #: How the README's table says its rows are declared.
    declared_as: str
    #: key -> what a copy of the tenant must reproduce (`cortex-pulumi diff`).
    compare: Callable[[Sequence[Any]], dict[str, Any]]
    #: What one row is, in counts, skipped and needs-attention lists ("hierarchy edge").
    noun: str = attrs.field()
    #: Kinds read (and declared) before this one when imported with it.
    after: tuple[Kind, ...] = ()
    #: Kinds this one cannot be imported without, and why.
    needs: Mapping[Kind, str] = attrs.field(factory=dict)
    #: Imported unless `--kinds` says otherwise.
    by_default: bool = True
    #: The README's "Not imported" line when it was left out of `--kinds`.
    not_imported: str = ""
    #: Objects the program declares for its rows (the hierarchy is one object of many edges).
    objects: Callable[[Sequence[Any]], int] = len
    #: Tags of rows the program names with a variable of their own.
    named: Callable[[Sequence[Any]], list[str]] = _none
    #: Relative path -> text of the files its rows are written to.
    files: Callable[[Sequence[Any]], dict[str, str]] = _no_files
    #: Removes from the tenant the rows the provider's validation refuses, returning them.
    refused: Callable[[Tenant], list[Attention]] = _nothing_refused
    #: Commands the user runs before the first `up` (a secret's value), given the rows' variables.
    config_commands: Callable[[Sequence[Any], Mapping[str, str]], list[str]] = _no_commands
    #: README lines of what the program owns of this kind.
    owns: Callable[[Tenant], list[str]] = _owns_nothing
    #: Python names its part of the program uses, which no object's variable may take.
    reserved: frozenset[str] = frozenset()

    @noun.default
    def _kind_name(self) -> str:
        return self.spec.name

    @property
    def option(self) -> str:
        """The word `--kinds` takes for it."""
        return self.spec.option

    @property
    def label(self) -> str:
        """Its rows in the plural, for the README's table ("hierarchy edges")."""
        return plural(self.noun)

    @property
    def depends(self) -> tuple[Kind, ...]:
        """Every kind it comes after."""
        return (*self.after, *self.needs)

    def rows(self, tenant: Tenant) -> list[Any]:
        return tenant.rows.get(self.spec, [])


def ordered(pieces: Iterable[ImportKind]) -> list[ImportKind]:
    """`pieces` with each after the kinds it depends on; among those free to come next, by `position`."""
    waiting = sorted(pieces, key=lambda p: (p.position, p.spec.name))
    present = {p.spec for p in waiting}
    done: list[ImportKind] = []
    while waiting:
        placed = {p.spec for p in done}
        ready = next((p for p in waiting if all(d in placed or d not in present for d in p.depends)), None)
        if ready is None:
            raise RuntimeError("importer kinds depend on each other in a circle: "
                               + ", ".join(p.spec.name for p in waiting))
        done.append(ready)
        waiting.remove(ready)
    return done
