"""The kind registry: per resource kind, how its objects are keyed, fetched, listed, compared and rendered.

Each provider module declares its kind once (`register(Kind(...))`, next to its provider class). The read
cache, the audit, the importer and preview summaries are built from `kinds()` / `kind(name)`: they hold no
per-kind tables of their own. A new kind adds its module name to `_MODULES` and nothing else here.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..client.errors import NotFoundError
from ..client.models.common import Page

if TYPE_CHECKING:
    from ..client.client import CortexClient

__all__ = ["SECRET", "TYPE_PREFIX", "Kind", "differences", "kind", "kind_of_type", "kinds", "one_page", "register", "unset"]

#: Pulumi type tokens of every Cortex resource: `pulumi-python:dynamic/cortex:<type_name>`.
TYPE_PREFIX = "pulumi-python:dynamic/cortex:"
#: Stands for a secret value a stack export does not reveal: never compared and never printed.
SECRET = object()
#: The provider modules declaring a kind, in the order they are listed (the registration lines).
_MODULES = ("team", "team_hierarchy", "secret", "workflow", "scorecard", "exemption", "deploy")


def unset(value: Any) -> Any:
    """None for an empty text (Cortex and Pulumi disagree on whether an absent text is "" or null)."""
    return None if value in (None, "") else value


def differences(pairs: Iterable[tuple[str, Any, Any]]) -> list[str]:
    """`field: state X != Cortex Y` for each (field, state value, Cortex value) that differs; a secret the state
    does not reveal is skipped."""
    return [f"{field}: state {state!r} != Cortex {cortex!r}" for field, state, cortex in pairs
            if state is not SECRET and unset(state) != unset(cortex)]


def one_page(items: Iterable[Any]) -> Page[Any]:
    """An unpaginated listing (teams) as its single page."""
    listed = tuple(items)
    return Page(items=listed, page=0, total=len(listed), total_pages=1)


def _tag(obj: Any) -> str:
    return str(obj.tag)


def _no_differences(_state: Mapping[str, Any], _found: Any) -> list[str]:
    return []


def _gone(found: Any, _state: Mapping[str, Any]) -> bool:
    return found is None


@attrs.frozen(kw_only=True)
class Kind:
    """What the rest of the package needs to know of one resource kind.

    `fetch(client, id)` returns the object a Pulumi id names (None or `NotFoundError` when there is none).
    Kinds Cortex lists account-wide give `list_page(client, page, size)`; kinds listed per catalog entity
    (deploys) give `list_in(client, entity, page, size)`, `split_id(id) -> (entity, key in the listing)` and
    its inverse `join_id` (both from `_ids`, the one place composite ids are built and parsed).
    `compare(state, found)` lists managed fields that differ (`differences` words them); `render(client, found,
    props)` is the provider's outputs from a fetched object (`props`: the inputs whose order lists keep and, for
    composite ids, the identifying inputs; `{}` otherwise); a kind whose listing lacks fields reads them then.
    """

    name: str
    type_name: str
    key_input: str | None
    fetch: Callable[[CortexClient, str], Any]
    render: Callable[[CortexClient, Any, Mapping[str, Any]], dict[str, Any]]
    compare: Callable[[Mapping[str, Any], Any], list[str]] = _no_differences
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

    @property
    def type_token(self) -> str:
        return TYPE_PREFIX + self.type_name

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
_LOCK = threading.Lock()
_LOADED = False


def register(spec: Kind) -> Kind:
    """Declare a kind (once, in its provider module); returns it for the module to keep."""
    with _LOCK:
        _REGISTRY[spec.name] = spec
    return spec


def _load() -> None:
    global _LOADED
    if not _LOADED:
        for module in _MODULES:
            importlib.import_module(f"{__package__}.{module}")
        _LOADED = True


def kinds() -> list[Kind]:
    """Every registered kind, by name."""
    _load()
    with _LOCK:
        return sorted(_REGISTRY.values(), key=lambda k: k.name)


def kind(name: str) -> Kind:
    """The kind called `name` (a provider's `kind`, e.g. "team"); KeyError for an unknown one."""
    _load()
    with _LOCK:
        return _REGISTRY[name]


def kind_of_type(type_token: str) -> Kind | None:
    """The kind of a Pulumi type token (`pulumi-python:dynamic/cortex:Team`), None if it is not a Cortex one."""
    if not type_token.startswith(TYPE_PREFIX):
        return None
    name = type_token[len(TYPE_PREFIX):]
    return next((k for k in kinds() if k.type_name == name), None)
