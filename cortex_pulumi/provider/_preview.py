"""What `check` asks Cortex at preview (read-only, on by default): does the token work, is a new object's key free.

A preview that does not look at Cortex previews `+ create` for an object that already exists (made in the UI
or owned by another stack) and fails half-way through `pulumi up`; it also previews green with a missing or
rejected token. So `check` makes, per provider process, one cheap call that proves the token, and for each
object the program is about to create one paged listing of its kind through the read cache (shared by every
resource of that kind, and by later reads) - never a GET per object, never a write.

Opt out for programs previewed without credentials: stack config `cortex:previewChecks false`, or the
environment variable `CORTEX_PREVIEW_CHECKS=false`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from ..client.errors import CortexAPIError, CortexConfigError, CortexError
from ._check import Checker, is_unknown, normalize_props
from ._errors import STACK_WIDE, StackWideError, hint_for, with_note
from ._read_cache import read_cache
from .kinds import Kind

__all__ = ["CONFIG_KEY", "ENV_KEY", "OPT_OUT", "check_against_cortex", "forget_held"]

CONFIG_KEY = "previewChecks"
ENV_KEY = "CORTEX_PREVIEW_CHECKS"
#: Seconds one listing answers preview's checks: a preview of 1,000 creates lists each kind once, not every
#: 30 s (reads keep the cache's own, shorter TTL; an object made elsewhere meanwhile still fails at create).
LISTING_TTL = 600.0
OPT_OUT = (f"to preview without credentials, turn these read-only checks off with `pulumi config set "
           f"cortex:{CONFIG_KEY} false` or {ENV_KEY}=false")


#: (kind, key) of objects the stack already holds, as their checks with old inputs showed in this process. The
#: engine checks a replacement a second time without old inputs: a same-key replacement (a new IdP group) is
#: then not mistaken for a create over someone else's object.
_HELD: set[tuple[str, str]] = set()
_HELD_LOCK = threading.Lock()


def forget_held(kind_name: str) -> None:
    """A new deployment of `kind_name` starts (its provider is configured): what an earlier one held is not known."""
    with _HELD_LOCK:
        _HELD.difference_update({held for held in _HELD if held[0] == kind_name})


def _new_key(kind_name: str, olds: Mapping[str, Any], key_input: str, key: Any) -> bool:
    """Whether `key` names an object this resource does not have yet (a create, or a replacement's new key)."""
    if not isinstance(key, str) or not key:
        return False
    held = normalize_props(olds).get(key_input)
    with _HELD_LOCK:
        if isinstance(held, str):
            _HELD.add((kind_name, held))
        return held != key and (kind_name, key) not in _HELD


def _refused(provider: Any, runtime: Any, exc: CortexError) -> str:
    """Why the read-only check failed: in full (once per stack for a stack-wide cause), else one line."""
    if isinstance(exc, STACK_WIDE):
        reported = runtime.stack.report(exc)
        if not reported.startswith(str(exc)):
            return reported
    hint = hint_for(exc, provider.kind, "read")
    # "Refused" only when Cortex answered; a connection failure says for itself what happened.
    what = "Cortex refused" if isinstance(exc, CortexAPIError) else "Cortex could not be reached for"
    text = f"{what} the preview's read-only check: {exc}" + (f" Hint: {hint}." if hint else "") + f" ({OPT_OUT})"
    return with_note(text) if isinstance(exc, STACK_WIDE) else text


def check_against_cortex(provider: Any, runtime: Any, checker: Checker, olds: Mapping[str, Any]) -> None:
    """Add a CheckFailure when the token does not work, a new object's key is taken in Cortex, or the kind's own
    check (`check_with_cortex`) finds a collision with what others did in Cortex."""
    try:
        client = runtime.client()
    except CortexConfigError as exc:
        checker.fail("", f"{exc}; {OPT_OUT}")
        return
    spec: Kind = provider.spec
    key_input = spec.key_input
    key = checker.props.get(key_input) if key_input else None
    adopt = checker.props.get("adopt")
    try:
        runtime.verify_once()
        if not checker.has_unknowns:
            provider.check_with_cortex(client, checker, normalize_props(olds))
        if not key_input or not _new_key(provider.kind, olds, key_input, key) or adopt is True or is_unknown(adopt):
            return
        assert isinstance(key, str)  # _new_key says so
        found = read_cache(client).listing(spec, key)
        if found is None or found[1] not in found[0].listed_keys(LISTING_TTL):
            return
    except StackWideError as exc:
        checker.fail("", str(exc))  # the first resource to meet the problem reported it in full
        return
    except CortexError as exc:
        checker.fail("", _refused(provider, runtime, exc))
        return
    checker.fail(key_input, (
        f"Cortex already has a {provider.kind} with {key_input} {key!r} (made in the Cortex UI or managed by another "
        f"stack), so creating it would fail at `pulumi up`. Hint: pass adopt=True to take it over (it is read first, "
        f"then set to the declared state), or choose another {key_input}"))
