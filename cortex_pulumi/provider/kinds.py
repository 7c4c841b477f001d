"""The kind registry: per resource kind, how its objects are keyed, fetched, listed, compared and rendered.

Each kind's provider class owns its `Kind` (`spec = Kind(...)`, in the kind's package `provider/<key>/`): the
one place its name, type token, key input, fields (canonical forms and defaults) and Cortex reads are declared.
The registry finds the kinds by discovery (every subpackage of `provider/`), so a new kind is its package and
nothing else here. The read cache, the audit, the importer and the preview summaries take the kind by object.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._words import plural
from ..client.errors import NotFoundError
from ..client.models.common import Page
from ._check import drop_nested_nulls
from ._diff import Record, changed_fields, without_defaults

if TYPE_CHECKING:
    from ..client.client import CortexClient

__all__ = ["SECRET", "TYPE_PREFIX", "Kind", "kind", "kind_of_type", "kinds", "one_page", "package_of",
           "unset"]

#: Pulumi type tokens of every Cortex resource: `pulumi-python:dynamic/cortex:<type_name>`.
TYPE_PREFIX = "pulumi-python:dynamic/cortex:"
#: Stands for a secret value a stack export does not reveal: never compared and never printed.
SECRET = object()


def unset(value: Any) -> Any:
    """None for an empty text (Cortex and Pulumi disagree on whether an absent text is "" or null)."""
    return None if value in (None, "") else value


def one_page(items: Iterable[Any]) -> Page[Any]:
    """An unpaginated listing (teams) as its single page."""
    listed = tuple(items)
    return Page(items=listed, page=0, total=len(listed), total_pages=1)


def _tag(obj: Any) -> str:
    return str(obj.tag)


def _gone(found: Any, _state: Mapping[str, Any]) -> bool:
    return found is None


@attrs.frozen(kw_only=True, eq=False)
class Kind:
    """What the rest of the package needs to know of one resource kind, declared once by its provider class
    (compared and hashed by identity: there is one object per kind).

    `name` is the noun messages and summaries use ("team", "scorecard exemption"); `type_name` makes the Pulumi
    type token; `key_input` is the input naming the Cortex object (None when Cortex makes the id). `fields` maps
    each managed input to its canonical form: the kind's one definition of equality and of defaults (a field
    whose canonical form equals that of `None` is at its default), used by diff, refresh, the audit, the
    summaries and the importer. `computed`: optional inputs Cortex fills in when the program leaves them out.

    `fetch(client, id)` returns the object a Pulumi id names (None or `NotFoundError` when there is none).
    Kinds Cortex lists account-wide give `list_page(client, page, size)`; kinds listed per catalog entity
    (deploys) give `list_in(client, entity, page, size)`, `split_id(id) -> (entity, key in the listing)` and
    its inverse `join_id` (both from `_ids`, the one place composite ids are built and parsed).
    `render(client, found, props)` is the provider's outputs from a fetched object (`props`: the state whose
    order lists keep and, for composite ids, the identifying inputs; `{}` otherwise); a kind whose listing
    lacks fields reads them then. `drift` compares through them.
    """

    name: str
    type_name: str
    key_input: str | None
    fields: Mapping[str, Callable[[Any], Any]]
    #: The `<Name>Args` class: which of the outputs are inputs.
    args: type
    fetch: Callable[[CortexClient, str], Any]
    render: Callable[[CortexClient, Any, Mapping[str, Any]], dict[str, Any]]
    computed: tuple[str, ...] = ()
    #: Inputs an adoption always writes because Cortex never returns them (a secret's value).
    write_only: tuple[str, ...] = ()
    #: Inputs whose change means a new Cortex object (identity: a team's tag and type). They stay in an input view
    #: even at their default, since `check` always fills them in and leaving one out would show as a change.
    replace_on: tuple[str, ...] = ()
    #: The permission an API key needs to write this kind (Cortex's documentation), named when Cortex answers 403.
    permission: str = ""
    #: A call that proves, writing nothing, that the key may write this kind (a scorecard's dry run, the secrets
    #: listing, which needs `Create secrets`); None where nothing read-only can tell (teams, hierarchy, deploys,
    #: workflows, exemption approvals). `props`: the declared inputs.
    write_probe: Callable[[CortexClient, Kind, Mapping[str, Any]], None] | None = None
    list_page: Callable[[CortexClient, int, int], Page[Any]] | None = None
    listed_id: Callable[[Any], str] = _tag
    list_in: Callable[[CortexClient, str, int, int], Page[Any]] | None = None
    split_id: Callable[[str], tuple[str, str]] | None = None
    join_id: Callable[[str, str], str] | None = None
    #: The object a declaration (its inputs) would create, for objects Cortex names itself: (id, object).
    locate: Callable[[CortexClient, Mapping[str, Any]], tuple[str, Any] | None] | None = None
    #: Whether `fetch`'s answer means the object is gone, given the state that declares it.
    is_gone: Callable[[Any, Mapping[str, Any]], bool] = _gone
    #: What makes two listed objects the same declaration (deploys: title, type, sha, environment).
    natural_key: Callable[[Any], tuple[Any, ...]] | None = None
    #: How a listed object is named in reports.
    describe: Callable[[Any], str] = _tag
    #: The word command-line options know the kind by (`cortex-pulumi import --kinds teams,hierarchy`): the name
    #: in the plural unless the kind declares another.
    option: str = attrs.field()

    @option.default
    def _plural_name(self) -> str:
        return plural(self.name)

    @property
    def type_token(self) -> str:
        return TYPE_PREFIX + self.type_name

    def without_defaults(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """`inputs` without every value equal to what the program gets by leaving it out, at any depth (a managed
        field at its default, a member's `notifications_enabled: true`, empty lists): what the program would write."""
        given = drop_nested_nulls(dict(inputs))
        identity = {key: given[key] for key in self.replace_on if key in given}
        return {**without_defaults(given, Record(self.fields)), **identity}

    def with_computed(self, current: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
        """`declared` with each omitted `computed` input taken from `current` (leaving one out keeps Cortex's)."""
        out = dict(declared)
        for key in self.computed:
            if out.get(key) is None and current.get(key) is not None:
                out[key] = current[key]
        return out

    def drift(self, client: CortexClient, found: Any, inputs: Mapping[str, Any],
              state: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
        """(field, declared value, Cortex's value) of each managed field in which the object Cortex holds (`found`)
        differs from the declared `inputs`: exactly what `pulumi preview --refresh` would show (the provider's
        outputs for `found`, compared with the kind's fields). `state`: the resource's state (inputs and outputs)."""
        held = self.render(client, found, state)
        declared = self.with_computed(held, inputs)
        return [(key, inputs.get(key), held.get(key)) for key in changed_fields(held, declared, self.fields)]

    def inputs(self, outputs: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs that declare an object whose outputs are `outputs` (`render`'s): what a refresh records and
        what an import writes."""
        names = {f.name for f in attrs.fields(self.args)}
        return self.without_defaults({k: v for k, v in outputs.items() if k in names and v not in (None, [], "")})

    def get(self, client: CortexClient, id_: str) -> Any:
        """The object `id_` names, None when Cortex has none (or the id is not one of this kind)."""
        try:
            return self.fetch(client, id_)
        except (NotFoundError, ValueError):
            return None

    def find(self, client: CortexClient, inputs: Mapping[str, Any]) -> tuple[str, Any] | None:
        """(id, object) of the Cortex object a declaration names by its natural key, None when it has none."""
        if self.locate is not None:
            return self.locate(client, inputs)
        key = inputs.get(self.key_input) if self.key_input else None
        if not isinstance(key, str) or not key:
            return None
        found = self.get(client, key)
        return (key, found) if found is not None else None

    def iter_all(self, client: CortexClient, page_size: int = 1000) -> Iterator[Any]:
        """Every object of an account-wide listed kind, page by page."""
        if self.list_page is None:
            return
        number = 0
        while True:
            page = self.list_page(client, number, page_size)
            yield from page.items
            if page.is_last:
                return
            number = page.page + 1

    def iter_in(self, client: CortexClient, scope: str, page_size: int = 1000) -> Iterator[Any]:
        """Every object of a per-entity kind listed under `scope` (none when the entity does not exist)."""
        if self.list_in is None:
            return
        number = 0
        try:
            while True:
                page = self.list_in(client, scope, number, page_size)
                yield from page.items
                if page.is_last:
                    return
                number = page.page + 1
        except NotFoundError:
            return


_REGISTRY: dict[str, Kind] = {}
#: Kind name -> the package declaring it (`cortex_pulumi.provider.team`).
_PACKAGES: dict[str, str] = {}
_LOCK = threading.RLock()


def _discover() -> dict[str, Kind]:
    """Every kind: the `spec` of each provider class defined in a subpackage of `provider/` (one per kind)."""
    package = importlib.import_module(__package__ or "cortex_pulumi.provider")
    found: dict[str, Kind] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            spec = vars(value).get("spec") if isinstance(value, type) else None
            if isinstance(spec, Kind) and value.__module__ == module.__name__:
                if spec.name in found:
                    raise RuntimeError(f"two provider classes declare the kind {spec.name!r}")
                found[spec.name] = spec
                _PACKAGES[spec.name] = module.__name__
    return found


def _registry() -> dict[str, Kind]:
    with _LOCK:
        if not _REGISTRY:
            _REGISTRY.update(_discover())
        return _REGISTRY


def kinds() -> list[Kind]:
    """Every kind, by name."""
    return sorted(_registry().values(), key=lambda k: k.name)


def package_of(spec: Kind) -> str:
    """The package declaring `spec` (`cortex_pulumi.provider.team`): its provider, arguments and shape."""
    _registry()
    return _PACKAGES[spec.name]


def kind(name: str) -> Kind:
    """The kind called `name` (e.g. "team"); KeyError for an unknown one."""
    return _registry()[name]


def kind_of_type(type_token: str) -> Kind | None:
    """The kind of a Pulumi type token (`pulumi-python:dynamic/cortex:Team`), None if it is not a Cortex one."""
    if not type_token.startswith(TYPE_PREFIX):
        return None
    name = type_token[len(TYPE_PREFIX):]
    return next((k for k in kinds() if k.type_name == name), None)
