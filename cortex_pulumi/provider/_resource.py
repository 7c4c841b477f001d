"""The Pulumi-side Resource base: Args/kwargs handling, Args to property conversion, the provider blob, the pickler guard."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable, Mapping, Sequence
from types import FunctionType
from typing import Any, ClassVar

import attrs
import pulumi
from pulumi import dynamic
from pulumi.dynamic.dynamic import PROVIDER_KEY as _PROVIDER_KEY, serialize_provider

from . import _reference
from ._base import CortexProvider
from ._claims import DUPLICATE_KEY, claim, document_tag
from ._keywords import check_keywords, guard_args_class
from ._stack_trace import install as _install_stack_trace_trimming, program_frames_only

_install_stack_trace_trimming()

_BATCH = "_batch_setitems"


def _pristine(fn: Any) -> Any:
    """Unwrap the wrappers `serialize_provider` stacks on `_batch_setitems` (each closes over the previous one)."""
    seen = 0
    while getattr(fn, "__qualname__", "") != f"_Pickler.{_BATCH}" and seen < 100_000:
        cells = [c.cell_contents for c in (getattr(fn, "__closure__", None) or ()) if callable(c.cell_contents)]
        if not cells:
            break
        fn = cells[0]
        seen += 1
    return fn


# Captured at import: the stdlib's own methods, even if some dynamic resource was built before this import.
_ORIGINAL_BATCH: FunctionType = _pristine(pickle._Pickler.__dict__[_BATCH])
_ORIGINAL_SAVE_DICT: FunctionType = pickle._Pickler.__dict__["save_dict"]
if getattr(_ORIGINAL_SAVE_DICT, "__qualname__", "") != "_Pickler.save_dict":
    _ORIGINAL_SAVE_DICT = pickle._Pickler.save_dict  # type: ignore[attr-defined]


def restore_pickler() -> None:
    """Undo what `pulumi.dynamic.serialize_provider` leaves behind.

    The SDK (3.272) wraps `pickle._Pickler._batch_setitems` once more on every resource and never unwraps it,
    so pickling depth grows with the number of resources and ends in RecursionError after a few hundred
    (pulumi/pulumi#17803 looks like this). Restoring the stdlib methods after each construction keeps the
    cost flat; the next serialisation installs its (single) sorted wrapper again.
    """
    pickle._Pickler._batch_setitems = _ORIGINAL_BATCH  # type: ignore[attr-defined]
    if getattr(_ORIGINAL_SAVE_DICT, "__qualname__", "") == "_Pickler.save_dict":
        pickle._Pickler.save_dict = _ORIGINAL_SAVE_DICT  # type: ignore[attr-defined]


_BLOBS: dict[type, str] = {}


def provider_blob(provider_type: type[dynamic.ResourceProvider]) -> str:
    """The `__provider` input of every resource of a provider class, pickled once per class.

    The SDK would pickle (with dill) a new provider instance for each resource; ours hold no data, so the blob is
    the same every time: a class reference, made by the SDK's own `serialize_provider` so the dynamic-provider
    process reads it exactly as it reads any other. Our providers set `serialize_as_secret_always = False` and
    capture no secrets, so the blob is stored in the clear (see `_base.CortexProvider`).
    """
    blob = _BLOBS.get(provider_type)
    if blob is None:
        try:
            blob = _BLOBS[provider_type] = str(serialize_provider(provider_type()))
        finally:
            restore_pickler()
    return blob


def to_props(value: Any) -> Any:
    """Turn Args objects (and lists/dicts of them) into plain property dicts, keeping Outputs as Outputs.

    An Output whose value is an Args object (or contains some) is mapped with `apply`, which keeps its
    secretness and dependencies.
    """
    if isinstance(value, pulumi.Output):
        return value.apply(to_props)
    if attrs.has(type(value)):
        return {f.name: to_props(getattr(value, f.name)) for f in attrs.fields(type(value))
                if getattr(value, f.name) is not None}
    if isinstance(value, Mapping):
        return {k: to_props(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_props(v) for v in value]
    return value


TOKEN_KEY = "cortex:apiToken"


def refuse_plain_token() -> None:
    """Stop the program when ``cortex:apiToken`` is set without ``--secret``.

    The engine hands the stack config to the dynamic provider as its inputs, and those inputs are saved in the
    stack's state: a token set in plain text would be written there unencrypted. Refusing before the first
    resource registers keeps it out (nothing is written yet).
    """
    if pulumi.runtime.get_config(TOKEN_KEY) and not pulumi.runtime.is_config_secret(TOKEN_KEY):
        raise pulumi.RunError(
            f"{TOKEN_KEY} is set in plain text in the stack config, and Pulumi would store it unencrypted in the "
            f"stack's state. Set it as a secret: `pulumi config set --secret {TOKEN_KEY}` (it prompts for the token, "
            f"keeping it out of your shell history; `pulumi config set --secret {TOKEN_KEY} <token>` works too), which "
            f"replaces the plain value in Pulumi.<stack>.yaml; or remove it with `pulumi config rm {TOKEN_KEY}` and "
            "use CORTEX_API_TOKEN"
        )


def _constructor_signature(args_type: type) -> inspect.Signature:
    """What `inspect.signature(Resource.__init__)` shows: the `args=` form and every input as a keyword."""
    kind = inspect.Parameter
    params = [kind("self", kind.POSITIONAL_OR_KEYWORD), kind("resource_name", kind.POSITIONAL_OR_KEYWORD, annotation="str"),
              kind("args", kind.POSITIONAL_OR_KEYWORD, default=None, annotation=f"{args_type.__name__} | None"),
              kind("opts", kind.POSITIONAL_OR_KEYWORD, default=None, annotation="pulumi.ResourceOptions | None")]
    params += [kind(f.name, kind.KEYWORD_ONLY, annotation=str(f.type),
                    **({} if f.default is attrs.NOTHING else {"default": f.default}))
               for f in attrs.fields(args_type)]
    return inspect.Signature(params, return_annotation="None")


def _args_doc(cls: type, defaults: Mapping[str, Any]) -> Callable[[], str]:
    return lambda: _reference.args_reference(cls, defaults)


def _document(resource: type[CortexResource]) -> None:
    """Give the resource, its `*Args` class and the nested ones the docstrings help() shows (rendered on first
    read), a checked constructor each, and the resource's `__init__` its full signature."""
    args_type = resource._args_type
    defaults = resource._provider_type.fields
    if not isinstance(resource.__dict__.get("__doc__"), _reference.LazyDoc):
        resource.__doc__ = _reference.LazyDoc(  # type: ignore[assignment]
            resource.__dict__.get("__doc__"), lambda: _reference.resource_reference(resource, args_type, defaults))
    nested: list[tuple[type, Mapping[str, Any]]] = [(n, {}) for n in _reference.nested_args(args_type)]
    for cls, its_defaults in [(args_type, defaults), *nested]:
        if not isinstance(cls.__dict__.get("__doc__"), _reference.LazyDoc):
            cls.__doc__ = _reference.LazyDoc(cls.__dict__.get("__doc__"), _args_doc(cls, its_defaults))  # type: ignore[assignment]
        guard_args_class(cls)
    init = resource.__init__
    if init is not CortexResource.__init__:  # the generated typed constructor, the resource's own function
        init.__signature__ = _constructor_signature(args_type)  # type: ignore[attr-defined]


class CortexResource(dynamic.Resource):
    """Base of every Cortex resource: `Name(resource_name, args=NameArgs(...), opts=...)` or keyword arguments.

    Subclasses set `_args_type` (the attrs `<Name>Args` class), `_provider_type` (the provider class) and
    `_outputs` (server-generated output keys). The type token, `pulumi-python:dynamic/cortex:<type_name>`, comes
    from the provider's `spec` (a stable contract: it is recorded in every stack's state). A resource derives from
    its generated `<Name>Signature` (the typed overloads, scripts/resource_signatures.py); defining it documents
    the resource and its `*Args` classes for help() and checks their keywords (`_document`). A kind's own step
    before registering (a warning, wrapping a secret) overrides `_prepare`.
    """

    _args_type: ClassVar[type]
    _provider_type: ClassVar[type[CortexProvider]]
    _outputs: ClassVar[Sequence[str]] = ()
    _secret_outputs: ClassVar[Sequence[str]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        provider = vars(cls).get("_provider_type")
        if provider is not None and "module" not in kwargs:
            kwargs = {**kwargs, "module": "cortex", "name": provider.spec.type_name}
        super().__init_subclass__(**kwargs)
        if "_args_type" in vars(cls):
            _document(cls)

    def _prepare(self, resource_name: str, args: Any) -> Any:
        """The arguments to register, from the checked ones (a kind's program-wide checks, wrapping secrets)."""
        return args

    def _claim(self, resource_name: str, props: dict[str, Any]) -> None:
        """Claim the Cortex key this resource manages: a second resource with one key carries the message its
        `check` fails with (so one preview names every duplicate, of every kind)."""
        spec = self._provider_type.spec
        if not spec.key_input:
            return
        key = props.get(spec.key_input)
        document = self._provider_type.document_key
        if key is None and document:
            key = document_tag(props.get(document))
        problem = claim(spec.type_name, key, resource_name)
        if problem:
            props[DUPLICATE_KEY] = problem

    def __init__(self, resource_name: str, args: Any = None, opts: pulumi.ResourceOptions | None = None,
                 **kwargs: Any) -> None:
        refuse_plain_token()
        who = f"{type(self).__name__}({resource_name!r})"
        if isinstance(args, pulumi.ResourceOptions) and opts is None:  # `Team("x", opts, team_tag=...)`, as Pulumi's SDKs allow
            args, opts = None, args
        if args is not None and kwargs:
            raise TypeError(f"{who}: pass either args= or keyword arguments, not both")
        if args is None:
            check_keywords(self._args_type, kwargs, who)
            args = self._args_type(**kwargs)
        elif not isinstance(args, self._args_type):
            raise TypeError(f"{who}: args must be a {self._args_type.__name__}, got {type(args).__name__}")
        args = self._prepare(resource_name, args)
        props: dict[str, Any] = {f.name: to_props(getattr(args, f.name)) for f in attrs.fields(type(args))}
        for key in self._outputs:
            props.setdefault(key, None)
        if self._secret_outputs:
            extra = pulumi.ResourceOptions(additional_secret_outputs=list(self._secret_outputs))
            opts = pulumi.ResourceOptions.merge(opts, extra) if opts else extra
        if _PROVIDER_KEY in props:
            raise TypeError(f"{type(self).__name__}({resource_name!r}): {_PROVIDER_KEY} is reserved")
        props[_PROVIDER_KEY] = provider_blob(self._provider_type)
        self._claim(resource_name, props)
        # What `dynamic.Resource.__init__` does, minus pickling the provider again for every resource; calling
        # `CustomResource` from here also makes Pulumi record the program's line as the source position.
        with program_frames_only():
            pulumi.CustomResource.__init__(self, f"pulumi-python:{self._resource_type_name}", resource_name, props,
                                           opts)
