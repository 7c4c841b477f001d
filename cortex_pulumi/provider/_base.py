"""Shared ResourceProvider base: configure(), the lazily built client, error translation, 404 handling, check/diff."""

from __future__ import annotations

import abc
import contextlib
import json
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..client.errors import CortexConfigError, NotFoundError
from ..client.settings import Settings
from ..config import no_stack_config, settings_from_stack
from ._check import (
    DERIVED_KEY,
    ENGINE_KEYS,
    Checker,
    contains_unknown,
    drop_nested_nulls,
    engine_failures,
    normalize_props,
)
from ._claims import DUPLICATE_KEY
from ._compact import engine_inputs, expand, recorded, under_engine
from ._diff import Canon, changed_fields, result
from ._errors import CortexResourceError, StackProblem, install_message_only_errors, translated
from ._permissions import WritePermissions
from ._preview import check_against_cortex, forget_held
from ._read_cache import forget, listed_for_adoption, note_write, read_cache
from .kinds import Kind

if TYPE_CHECKING:
    from ..client.client import CortexClient

log = logging.getLogger("cortex_pulumi.provider")
install_message_only_errors()


class _Runtime:
    """What a configured provider needs in the provider process: its settings and one thread-safe client.

    Kept out of the provider instance (in `_RUNTIMES`) so the token can never be pickled into state. The
    client is built on first use, so a preview that needs no API call works without a token, and a missing
    token surfaces as one error naming the resource, cortex:apiToken and CORTEX_API_TOKEN.
    """

    def __init__(self, settings: Settings | None, problem: str | None = None) -> None:
        self.settings = settings
        #: What is wrong with the cortex:* settings (base URL, numbers, flags), found without a network call.
        self.problem = problem
        self.validate_with_server = bool(settings and settings.validate_with_server)
        self.preview_checks = settings.preview_checks if settings else True
        self._lock = threading.Lock()
        self._client: CortexClient | None = None
        self._verified = False
        #: The first stack-wide failure of this configuration: reported once, referred to after.
        self.stack = StackProblem()
        #: Whether the key may write each kind, checked read-only once per kind (preview checks).
        self.permissions = WritePermissions()

    def client(self) -> CortexClient:
        with self._lock:
            if self._client is None:
                if self.settings is None:
                    raise CortexConfigError(self.problem or "invalid cortex:* settings")
                from ..client.client import CortexClient  # the HTTP stack loads only when a call needs it

                self._client = CortexClient(settings=self.settings)
            return self._client

    def verify_once(self) -> None:
        """Check the token and base URL with one cheap call per process (validateWithServer previews, and before a
        404 is taken for a missing object); no call once the stack is known not to work."""
        client = self.client()
        with self._lock:
            if self._verified:
                return
        self.stack.raise_if_known()
        client.verify_credentials()
        with self._lock:
            self._verified = True


_RUNTIMES: weakref.WeakKeyDictionary[ResourceProvider, _Runtime] = weakref.WeakKeyDictionary()
_RUNTIMES_LOCK = threading.Lock()
#: Runtimes by settings: the providers of all resource types in one process share one client, so they also
#: share its connection pool and its client-side rate limiter (Cortex limits requests per API key).
_SHARED: dict[Settings, _Runtime] = {}


def shared_runtime(get: Callable[[str], Any], env: Mapping[str, str]) -> _Runtime:
    """The runtime for the stack config read through `get` (the environment standing in), built once."""
    try:
        # The token is checked when the client is built: previews that make no call work without one.
        settings = settings_from_stack(get, env, require_token=False)
    except CortexConfigError as exc:
        return _Runtime(None, str(exc))  # nothing to share: every use reports the problem
    with _RUNTIMES_LOCK:
        if settings not in _SHARED:
            _SHARED[settings] = _Runtime(settings)
        return _SHARED[settings]


class CortexProvider(ResourceProvider, metaclass=abc.ABCMeta):
    """Base of every Cortex provider. Instances hold no data at all (they are pickled into state).

    Subclasses declare:
      * `spec`: their `Kind` (name, type token, key input, fields with their canonical forms, computed inputs,
        Cortex reads); `kind`, `fields`, `computed` and the default `label_key` are taken from it;
    and implement `validate(checker)`, `_create`, `_read`, `_update`, `_delete`.
    """

    spec: ClassVar[Kind]
    #: The kind's name, used in messages (from `spec`).
    kind: ClassVar[str] = "object"
    #: The input naming the object in messages (the spec's key input unless the class says otherwise).
    label_key: ClassVar[str] = "tag"
    # The pickled provider is a bare class reference (no token, no data), so it needs no encryption. Secret by
    # default, it costs 2 x 260 bytes of ciphertext per resource in every state checkpoint, which Pulumi's
    # file backends rewrite whole after each step (see docs/performance.md).
    serialize_as_secret_always: bool = False
    fields: ClassVar[Mapping[str, Canon]] = {}
    #: Input keys whose change means a new Cortex object (from `spec`).
    replace_on: ClassVar[tuple[str, ...]] = ()
    #: An input holding a whole document (descriptor text) that `check` expands into the structured fields
    #: (see DocumentProvider): the fields it stands for, and what such a document is called in messages.
    document_key: ClassVar[str | None] = None
    document_fields: ClassVar[tuple[str, ...]] = ()
    document_kind: ClassVar[str] = "document"
    #: Optional inputs Cortex fills in when omitted: leaving one out means "keep whatever Cortex has".
    computed: ClassVar[tuple[str, ...]] = ()
    create_hints: ClassVar[Mapping[int, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = vars(cls).get("spec")
        if spec is not None:  # the kind's own facts, read from its one declaration
            cls.kind, cls.fields, cls.computed, cls.replace_on = spec.name, spec.fields, spec.computed, spec.replace_on
            if "label_key" not in vars(cls) and spec.key_input:
                cls.label_key = spec.key_input

    # -- configuration --------------------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        forget(self.kind)  # a new deployment: nothing listed before answers its reads
        forget_held(self.kind)
        runtime = shared_runtime(req.config.get, os.environ)
        with _RUNTIMES_LOCK:
            _RUNTIMES[self] = runtime

    def _runtime(self) -> _Runtime:
        with _RUNTIMES_LOCK:
            runtime = _RUNTIMES.get(self)
        if runtime is None:
            # Not configured (called outside the provider server): environment only.
            runtime = shared_runtime(no_stack_config, os.environ)
            with _RUNTIMES_LOCK:
                _RUNTIMES[self] = runtime
        return runtime

    @property
    def client(self) -> CortexClient:
        return self._runtime().client()

    def label(self, props: Mapping[str, Any], id_: str = "") -> str:
        value = props.get(self.label_key)
        return value if isinstance(value, str) and value else id_

    # -- check / diff ---------------------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        duplicate = news.get(DUPLICATE_KEY)
        if isinstance(duplicate, str):  # the program declares this key twice: nothing else to check or ask
            return CheckResult(news, [CheckFailure("", duplicate)])
        checker = Checker(news)
        self.validate(checker)
        _check_sizes(checker)
        runtime = self._runtime()
        problem = runtime.problem
        if problem:
            checker.fail("", problem)  # not an input: the message names the cortex:* setting
            return CheckResult(checker.props, checker.failures)
        if runtime.validate_with_server:
            with translated("validate", self.kind, self.label(checker.props), stack=runtime.stack):
                runtime.verify_once()
                if not checker.failures and not checker.has_unknowns:
                    self.validate_remotely(checker)
        if not checker.failures and runtime.preview_checks:
            check_against_cortex(self, runtime, checker, olds)
        if not checker.failures and runtime.preview_checks and not normalize_props(olds):
            problem = self._may_not_write(checker.props)  # a create
            if problem:
                checker.fail("", problem)
        if checker.failures:
            return CheckResult(checker.props, engine_failures(checker.props, checker.failures))
        return CheckResult(self._recorded_inputs(checker.props, news), [])

    def _recorded_inputs(self, props: dict[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
        """The checked inputs as recorded in state: nested nulls left out (`normalize_props` drops them before any use) and
        a document (descriptor text) that `check` expanded into the structured fields dropped, since the fields
        carry all of it: the state would otherwise hold every scorecard and workflow twice. The inputs `check` filled
        in or changed from the program's `declared` ones are listed under `__derived`: a program sees an output left
        out of the state as the value it declared, so those outputs are always recorded."""
        recorded = drop_nested_nulls(props)
        document = self.document_key
        if document and isinstance(recorded.get(document), str) and not contains_unknown(recorded[document]):
            del recorded[document]
        given = drop_nested_nulls(dict(declared))
        derived = sorted(k for k, v in recorded.items() if k not in ENGINE_KEYS and given.get(k) != v)
        recorded.pop(DERIVED_KEY, None)
        return {**recorded, DERIVED_KEY: derived} if derived else recorded

    def _recorded_outputs(self, outs: Mapping[str, Any] | None, inputs: Mapping[str, Any] | None) -> dict[str, Any]:
        """The outputs as recorded in state (`_compact.recorded`): the key, the computed settings and what `check`
        derived (`__derived`: the program never saw those values) always kept."""
        derived = (inputs or {}).get(DERIVED_KEY) or ()
        keep = (*filter(None, (self.spec.key_input,)), *self.computed, *derived)
        return recorded(drop_nested_nulls(outs) or {}, inputs, keep)

    @abc.abstractmethod
    def validate(self, checker: Checker) -> None:
        """Add CheckFailures and normalise `checker.props` (the checked inputs)."""

    def check_with_cortex(self, client: CortexClient, checker: Checker, olds: Mapping[str, Any]) -> None:
        """The kind's own read-only preview check (`cortex:previewChecks`): what another stack or the Cortex UI did
        that this object's next write would collide with. `olds` are the inputs the state holds (empty for a create)."""

    def validate_remotely(self, checker: Checker) -> None:
        """Opt-in (`cortex:validateWithServer`) server-side validation during preview."""

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old = normalize_props(expand(olds, engine_inputs()))
        if self.document_key and contains_unknown(news.get(self.document_key)):
            # The document is not known yet (preview): there is a change, but which one cannot be told.
            return DiffResult(changes=True, replaces=[], stables=None, delete_before_replace=False)
        new = self.with_computed(old, {k: v for k, v in news.items() if k not in ENGINE_KEYS})
        changed = self.changed(old, new)
        problem = self._may_not_write(new) if changed and self._runtime().preview_checks else None
        if problem:
            raise CortexResourceError(f"Cortex would refuse to update {self.kind} {self.label(new, id_)!r}", problem)
        return result(changed, self.replace_on, delete_first=self.delete_before_replace(id_, old, new))

    def _hints(self, hints: Mapping[int, str] | None = None) -> dict[int, str]:
        """Hints for a failed write: a 403 names the permission the key lacks (the kind's, as Cortex documents it)."""
        out = dict(hints or {})
        if self.spec.permission:
            out.setdefault(403, f"the API key lacks the `{self.spec.permission}` permission, which writing a {self.kind} "
                                "needs: give it to the key (or a role that has it) in Cortex's API-key settings")
        return out

    def _may_not_write(self, props: Mapping[str, Any]) -> str | None:
        """Why the API key may not write this kind, found read-only (None when it may or nothing can tell)."""
        runtime = self._runtime()
        try:
            client = runtime.client()
        except CortexConfigError:
            return None  # the token check reports it
        return runtime.permissions.problem(self.spec, client, props)

    def changed(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The managed fields `diff` reports changed from the state `olds` to the inputs `news`: the kind's one
        equality (its fields' canonical forms), a computed input the program leaves out keeping Cortex's value."""
        old = normalize_props(dict(olds))
        return changed_fields(old, self.with_computed(old, {k: v for k, v in news.items() if k not in ENGINE_KEYS}),
                              self.fields)

    def with_computed(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        """`news` with each omitted `computed` input taken from the current state."""
        return self.spec.with_computed(olds, news)

    def delete_before_replace(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """True when the replacement would reuse the old object's identity (so the old one must go first)."""
        return False

    # -- CRUD with error translation ------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = normalize_props(props)
        with translated("create", self.kind, self.label(inputs), self._hints(self.create_hints), stack=self._runtime().stack), \
                self._missing_confirmed():
            # adopt=True: look in the read cache first (before this object is marked as written), so taking
            # over an existing object needs no failed create and no GET of its own.
            existing = listed_for_adoption(self.client, self.spec, inputs) if inputs.get("adopt") else None
            note_write(self.client, self.spec, props=inputs)  # never serve this object from a listing again
            made = self._create(inputs) if existing is None else self._adopt_listed(existing, inputs)
        return CreateResult(made.id, self._recorded_outputs(made.outs, props if under_engine() else None))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        stored = engine_inputs()
        state = normalize_props(expand(props, stored))
        try:
            with translated("read", self.kind, self.label(state, id_), stack=self._runtime().stack):
                try:
                    found = self._read(id_, state)
                except _Gone:
                    self._runtime().verify_once()  # gone, or a base URL that answers no API?
                    raise
        except _Gone:
            return ReadResult("", {}, None)
        outs = drop_nested_nulls(found.outs) or {}
        if found.inputs is None or not changed_fields(state, outs, self.fields):
            # Cortex still holds what the state says: the program's inputs stay exactly as recorded, so a refresh
            # of an unchanged object changes nothing however often it runs (no defaults such as `archived:
            # false` appear in them, and a secret's value, which cannot be read back, is kept).
            return ReadResult(found.id, self._recorded_outputs(outs, stored), None)
        inputs = self.spec.without_defaults(drop_nested_nulls(found.inputs))
        if stored is not None and stored.get(DERIVED_KEY):
            inputs[DERIVED_KEY] = stored[DERIVED_KEY]
        return ReadResult(found.id, self._recorded_outputs(outs, inputs if stored is not None else None), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        stored = engine_inputs()
        old, new = normalize_props(expand(olds, stored)), normalize_props(news)
        with translated("update", self.kind, self.label(new, id_), self._hints(), stack=self._runtime().stack), \
                self._missing_confirmed():
            note_write(self.client, self.spec, id_)
            updated = self._update(id_, old, new)
        return UpdateResult(self._recorded_outputs(updated.outs, news if stored is not None else None))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        state = normalize_props(expand(props, engine_inputs()))
        with translated("delete", self.kind, self.label(state, id_), self._hints(), stack=self._runtime().stack):
            note_write(self.client, self.spec, id_)
            try:
                self._delete(id_, state)
            except NotFoundError:
                self._runtime().verify_once()  # an object already gone, not a base URL that answers no API
                log.info("Cortex %s %r was already gone", self.kind, self.label(state, id_))

    @contextlib.contextmanager
    def _missing_confirmed(self) -> Iterator[None]:
        """A 404 inside the block is re-raised after checking (once per process) that the base URL answers Cortex's
        API: with a mistyped `cortex:baseUrl` every path is "not found", and that is reported as such."""
        try:
            yield
        except NotFoundError:
            self._runtime().verify_once()
            raise

    @abc.abstractmethod
    def _create(self, props: dict[str, Any]) -> CreateResult:
        """Create (or adopt) the object from checked inputs; return the id and full outputs."""

    def _adopt_listed(self, existing: Any, props: dict[str, Any]) -> CreateResult:
        """Take over `existing` (found by `listed_for_adoption`) and bring it to `props`; kinds without a
        cheaper path create as usual (their create adopts on conflict)."""
        return self._create(props)

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Rebuild outputs and inputs from Cortex; `raise gone()` (or let a 404 out of `read_or_gone`). By default:
        the object through the read cache, the kind's outputs for it and their input view."""
        found = read_or_gone(read_cache(self.client).read, self.spec, id_)
        outs = self.spec.render(self.client, found, props)
        return ReadResult(self.spec.listed_id(found), outs, self.spec.inputs(outs))

    @abc.abstractmethod
    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply the new inputs (`olds` are the old outputs); return full outputs."""

    @abc.abstractmethod
    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the object; a NotFoundError escaping it counts as success."""


#: Cortex refuses request bodies over 2 MB: an input that large can never be written, so preview says so.
MAX_INPUT_BYTES = 2 * 1024 * 1024


def _check_sizes(checker: Checker) -> None:
    for key, value in checker.props.items():
        if key in ENGINE_KEYS or contains_unknown(value):
            continue
        try:
            size = len(json.dumps(value, default=str).encode("utf-8"))
        except RecursionError:
            checker.fail(key, f"{key} nests too deeply to be sent to Cortex")
            continue
        if size > MAX_INPUT_BYTES:
            checker.fail(key, f"{key} is too large: {size / 1048576:.1f} MiB, and Cortex accepts at most 2 MiB per request")


class _Gone(Exception):
    """Raised inside `_read` when the object no longer exists."""


def gone() -> _Gone:
    """`raise gone()` from `_read` to report an object deleted outside Pulumi (empty id)."""
    return _Gone()


def read_or_gone(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a client getter; a 404 becomes `_Gone` (the object was deleted out of band)."""
    try:
        return fn(*args, **kwargs)
    except NotFoundError:
        raise gone() from None
