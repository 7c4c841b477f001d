"""Per-process, per-kind read-through cache: one paged list answers many reads (refresh of a large stack).

Cortex lists secrets, workflows and scorecards 1,000 to a page and every team in one call, each item in the
shape its single GET returns. When a provider process reads many objects of one kind (a `pulumi refresh` of
1,000 objects, the existence checks of 100 scorecard creates), one listing replaces a GET per object.

Rules that keep it from ever serving stale data written by this process:

* A key this process writes is marked *before* the write is sent, and a marked key is never again answered
  from a listing in this process: it goes to the API directly. A listing that started before, during or
  after the write cannot leak an old version of it. (Whole-kind invalidation would be as safe, but every
  create in a large `pulumi up` would then force the next existence check to list the kind again.)
* A listing is used for at most `ttl` seconds (30), then listed again on the next read; create's check
  that a tag is still free trusts it for 10 seconds (an object made elsewhere in that window is not seen,
  as it would not be in the moment between a GET and the POST that follows it). A key a listing holds is
  never "known absent", so that check lists again only when it could answer yes.
* The cache lists a kind only after `threshold` reads of it, and only once the single reads made would
  have paid for every page of the listing (the first page tells how many there are): a small stack in a
  large account keeps making single GETs instead of paging through objects it does not manage.
* An object missing from a listing is looked up directly (listings may omit archived or not-yet-indexed
  objects): only the API's own 404 makes a refresh drop a resource. Only create's "is this tag free?"
  check (`known_absent`) trusts a fresh listing's absence.
* A listing that fails (permissions, errors) switches the kind to direct reads for the process.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..client.errors import CortexError, NotFoundError
from ..client.models.common import Page
from .kinds import Kind

if TYPE_CHECKING:
    from ..client.client import CortexClient

__all__ = ["KindCache", "ReadCache", "forget", "listed_for_adoption", "note_write", "read_cache"]

log = logging.getLogger("cortex_pulumi.provider")

T = TypeVar("T")

#: Seconds a listing answers reads before it is listed again.
DEFAULT_TTL = 30.0
#: Seconds a listing may tell create that a tag is free (an object made elsewhere since is not seen).
ABSENT_TTL = 10.0
#: Reads of a kind answered by single GETs before the kind is listed.
DEFAULT_THRESHOLD = 3
_PAGE = 1000


class KindCache(Generic[T]):
    """The listing of one kind (or of one entity's deploys), keyed by the id the provider reads it by.

    `fetch_page(n)` returns page n of the listing; `key(item)` the id a provider reads the item by.
    """

    def __init__(self, name: str, fetch_page: Callable[[int], Page[T]], key: Callable[[T], str], *,
                 ttl: float = DEFAULT_TTL, threshold: int = DEFAULT_THRESHOLD, list_when_paid_for: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name, self._fetch_page, self._key, self._clock = name, fetch_page, key, clock
        self._ttl, self._threshold, self._list_when_paid_for = ttl, threshold, list_when_paid_for
        self._lock = threading.Lock()
        self._items: dict[str, T] | None = None
        self._loaded_at = 0.0
        self._reads = 0
        self._reads_wanted = 0
        self._written: dict[str, int] = {}
        self._disabled = False
        #: Listings made and pages fetched, for tests and benchmarks.
        self.listings = 0
        self.pages = 0

    def written(self, key: str) -> None:
        """Mark `key` as written by this process (call before sending the write)."""
        with self._lock:
            self._written[key] = self._written.get(key, 0) + 1

    def forget(self) -> None:
        """Start afresh (a new deployment): the next listing is newer than every write made so far."""
        with self._lock:
            self._items, self._reads, self._reads_wanted, self._disabled = None, 0, 0, False
            self._written.clear()

    def _page(self, number: int) -> Page[T]:
        self.pages += 1
        return self._fetch_page(number)

    def _load(self) -> dict[str, T] | None:
        """Every page, or None when listing would cost more calls than the single reads made so far."""
        first = self._page(0)
        if self._list_when_paid_for and not first.is_last and first.total_pages > self._reads:
            # A large account and (so far) few reads: keep reading one by one until the reads made would
            # have paid for the listing, so listing never costs much more than not listing.
            self._reads_wanted = first.total_pages
            return None
        items = {self._key(item): item for item in first.items}
        page = first
        while not page.is_last:
            page = self._page(page.page + 1)
            items.update((self._key(item), item) for item in page.items)
        return items

    def _listing(self, ttl: float | None = None) -> dict[str, T] | None:
        """The current listing, listing the kind when due; None when reads must go to the API. Hold the lock."""
        if self._disabled:
            return None
        now = self._clock()
        if self._items is not None and now - self._loaded_at <= (self._ttl if ttl is None else ttl):
            return self._items
        self._reads += 1
        if self._reads <= max(self._threshold, self._reads_wanted):
            return None
        try:
            items = self._load()
        except CortexError as exc:
            log.info("listing %s failed (%s): reading them one by one", self.name, exc)
            self._disabled = True
            self._items = None
            return None
        if items is None:
            return None
        self.listings += 1
        self._items, self._loaded_at = items, now
        return self._items

    def listed_keys(self, ttl: float | None = None) -> frozenset[str]:
        """Every key of the kind, from a listing younger than `ttl` (default: the cache's) or a new one (all
        pages, whatever the threshold): preview's "is this key taken?" check. Errors reach the caller."""
        with self._lock:
            if self._items is None or self._clock() - self._loaded_at > (self._ttl if ttl is None else ttl):
                loaded_at = self._clock()
                page = self._page(0)
                items = {self._key(item): item for item in page.items}
                while not page.is_last:
                    page = self._page(page.page + 1)
                    items.update((self._key(item), item) for item in page.items)
                self.listings += 1
                self._items, self._loaded_at = items, loaded_at
            return frozenset(self._items)

    def read(self, key: str, fetch: Callable[[], T]) -> T:
        """The object under `key`: from a current listing, else `fetch()` (the single GET, whose 404 stands)."""
        with self._lock:
            items = None if key in self._written else self._listing()
            found = items.get(key) if items is not None else None
        return found if found is not None else fetch()

    def known_absent(self, key: str, announced: int = 1) -> bool:
        """True only when a listing younger than the TTL lacks `key` and this process wrote it no more than
        the `announced` times the caller noted itself (a create notes its own write before checking)."""
        with self._lock:
            if self._written.get(key, 0) > announced:
                return False
            if self._items is not None and key in self._items:
                # Listed, however long ago: "not known absent" needs no fresher listing (the caller reads it),
                # and asking for one would list the whole kind again every 10 s of a long adopting `up`.
                return False
            items = self._listing(min(self._ttl, ABSENT_TTL))
            return items is not None and key not in items


class ReadCache:
    """The listings one client (one Cortex account and key) has made, one per listed kind (or per entity for
    kinds listed by entity), built from the kind registry."""

    def __init__(self, client: CortexClient, *, ttl: float = DEFAULT_TTL, threshold: int = DEFAULT_THRESHOLD) -> None:
        self._client = weakref.proxy(client)  # the cache lives as long as the client; it must not keep it alive
        self._ttl = ttl
        self._threshold = threshold
        self._caches: dict[tuple[str, str], KindCache[Any]] = {}
        self._lock = threading.Lock()

    def listing(self, kind: Kind, id_: str) -> tuple[KindCache[Any], str] | None:
        """The listing an object of `kind` with Pulumi id `id_` is found in, and its key there; None for kinds
        that are not listed (or an id that is not one of the kind)."""
        c: Any = self._client
        if kind.list_page is not None:
            scope, key = "", id_
            fetch_page, threshold, list_when_paid_for = partial(kind.list_page, c), self._threshold, True
        elif kind.list_in is not None and kind.split_id is not None:
            try:
                scope, key = kind.split_id(id_)
            except ValueError:
                return None
            # Listed at the first read: without the cache, every read of the kind scans the entity's whole listing.
            fetch_page, threshold, list_when_paid_for = partial(kind.list_in, c, scope), 0, False
        else:
            return None
        with self._lock:
            cache = self._caches.get((kind.name, scope))
            if cache is None:
                name = f"{kind.name} listing" + (f" of {scope}" if scope else "")
                cache = self._caches[kind.name, scope] = KindCache(
                    name, lambda n: fetch_page(n, _PAGE), kind.listed_id, ttl=self._ttl, threshold=threshold,
                    list_when_paid_for=list_when_paid_for)
        return cache, key

    def read(self, kind: Kind, id_: str) -> Any:
        """The object `id_`: from a current listing, else `kind.fetch` (the single GET, whose 404 stands)."""
        found = self.listing(kind, id_)
        if found is None:
            return kind.fetch(self._client, id_)
        cache, key = found
        return cache.read(key, lambda: kind.fetch(self._client, id_))

    def known_absent(self, kind: Kind, id_: str) -> bool:
        """True only when a fresh listing lacks `id_` (see `KindCache.known_absent`)."""
        found = self.listing(kind, id_)
        return found is not None and found[0].known_absent(found[1])

    def written(self, kind: Kind, id_: str) -> None:
        """Mark `id_` as written by this process (before the write is sent)."""
        found = self.listing(kind, id_)
        if found is not None:
            found[0].written(found[1])

    def forget(self, kind_name: str) -> None:
        """Drop what is listed of one kind."""
        with self._lock:
            listings = [cache for (name, _), cache in self._caches.items() if name == kind_name]
        for listing in listings:
            listing.forget()


_CACHES: weakref.WeakKeyDictionary[CortexClient, ReadCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def read_cache(client: CortexClient) -> ReadCache:
    """The read cache of this client (the provider process shares one client per configuration)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(client)
        if cache is None:
            cache = _CACHES[client] = ReadCache(client)
        return cache


def forget(kind_name: str) -> None:
    """A provider of `kind_name` was configured: a new deployment starts, so nothing listed before may answer.

    The engine starts one provider process per deployment and configures each provider before its first
    call, so no write of that kind is in flight; in-process callers (tests) configure a provider for each
    scenario and must not see an earlier scenario's listing."""
    with _CACHES_LOCK:
        caches = list(_CACHES.values())
    for cache in caches:
        cache.forget(kind_name)


def note_write(client: CortexClient, spec: Kind, id_: str | None = None,
               props: Mapping[str, Any] | None = None) -> None:
    """Before a create (`props`) or an update/delete (`id_`): the object must not be served from a listing.

    A create names its object by the kind's key input; kinds whose ids Cortex makes (deploys) cannot be stale."""
    key = id_ if id_ else (props or {}).get(spec.key_input or "")
    if isinstance(key, str) and key:
        read_cache(client).written(spec, key)


def listed_for_adoption(client: CortexClient, spec: Kind, props: Mapping[str, Any]) -> Any | None:
    """The object a create with `adopt=True` would take over, looked up before anything is sent: from the
    kind's listing (one GET while the kind is not listed yet); None when Cortex has none, or the kind is not
    listed account-wide. Adopting N existing objects then costs a listing, not a failed create and a GET each."""
    key = props.get(spec.key_input or "")
    if spec.list_page is None or not isinstance(key, str) or not key:
        return None
    cache = read_cache(client)
    if cache.known_absent(spec, key):
        return None
    try:
        return cache.read(spec, key)
    except NotFoundError:
        return None
