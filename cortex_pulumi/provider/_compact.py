"""Outputs recorded once: an output equal to the input the engine stores beside it is left out of the state.

The engine keeps every resource's inputs and outputs, and Pulumi's file backends rewrite the whole state after
every step, so a field held in both is paid for twice on every checkpoint (docs/performance.md). The engine
also sends the stored inputs back with every Diff, Update, Delete and Read (`old_inputs`, `inputs`), which
pulumi.dynamic's server does not hand to the provider's methods; `engine_inputs` reads them from the request
that server is answering. So when the provider runs under the engine:

- `compact(outs, inputs)` leaves out each output equal to the stored input of that name and lists the names
  under `ELIDED` (so an output Cortex cleared, absent from `outs`, is never mistaken for one left out);
- `expand(props, inputs)` puts them back before the provider reads its state.

Kept whatever they hold: the object's key (programs pass tags between resources, and an output missing from
the state is unknown during preview) and every output that is not an input (ids, rule identifiers, hashes).
A state written before this module (no `ELIDED`) reads unchanged; it shrinks as each object is written or
refreshed. Called outside the engine (tests driving a provider directly) nothing is left out.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from types import FrameType
from typing import Any

from ._check import PROVIDER_KEY, drop_nested_nulls, normalize_props

#: The output listing the outputs left out because they equal the stored inputs.
ELIDED = "__same_as_inputs"
#: pulumi.dynamic's servicer methods and the request field holding the inputs the engine stores.
_STORED_INPUTS = {"Diff": "old_inputs", "Update": "old_inputs", "Delete": "old_inputs", "Read": "inputs"}
_SERVICER = ("pulumi", "dynamic", "__main__.py")
_DEPTH = 16


def _servicer_request() -> tuple[str, Any] | None:
    """(method, request) of the pulumi.dynamic servicer call this provider method runs in, if any."""
    frame: FrameType | None = sys._getframe(1)
    for _ in range(_DEPTH):
        if frame is None:
            return None
        code = frame.f_code
        if code.co_name in (*_STORED_INPUTS, "Create") and code.co_filename.replace("\\", "/").endswith("/".join(_SERVICER)):
            request = frame.f_locals.get("request")
            return (code.co_name, request) if request is not None else None
        frame = frame.f_back
    return None


def under_engine() -> bool:
    """Whether the provider is answering the engine (through pulumi.dynamic's server), which stores its inputs."""
    return _servicer_request() is not None


def engine_inputs() -> dict[str, Any] | None:
    """The inputs the engine stores for the resource of the current Diff, Update, Delete or Read (None elsewhere)."""
    found = _servicer_request()
    if found is None or found[0] not in _STORED_INPUTS:
        return None
    method, request = found
    field = _STORED_INPUTS[method]
    if not request.HasField(field):
        return None
    from pulumi.runtime import rpc

    inputs: dict[str, Any] = rpc.deserialize_properties(getattr(request, field))
    return inputs


def compact(outs: Mapping[str, Any], inputs: Mapping[str, Any] | None, keep: Iterable[str]) -> dict[str, Any]:
    """`outs` without the outputs equal to the same-named stored input (`keep`: never left out)."""
    if inputs is None:
        return dict(outs)
    kept = set(keep) | {PROVIDER_KEY, ELIDED}
    same = sorted(k for k, v in outs.items() if k not in kept and k in inputs and v is not None and _same(inputs[k], v))
    if not same:
        return {k: v for k, v in outs.items() if k != ELIDED}
    out = {k: v for k, v in outs.items() if k not in same}
    out[ELIDED] = same
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (Python's `==` takes True for 1, and the engine would give back the input's type)."""
    return a == b and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def recorded(outs: Mapping[str, Any], inputs: Mapping[str, Any] | None, keep: Iterable[str]) -> dict[str, Any]:
    """`compact` against the inputs as the engine records them (nested nulls left out), when there are any."""
    if inputs is None:
        return dict(outs)
    return compact(outs, normalize_props(drop_nested_nulls(dict(inputs))), keep)


def expand(props: Mapping[str, Any], inputs: Mapping[str, Any] | None) -> dict[str, Any]:
    """The full outputs: `props` with the outputs `compact` left out taken back from the stored `inputs` (the
    engine's, or a state file's and `pulumi stack export`'s for the audit and the summaries); a state written before
    this module, with no such list, as it is."""
    listed = props.get(ELIDED)
    if not isinstance(listed, (list, tuple)):
        return dict(props)
    out = {k: v for k, v in props.items() if k != ELIDED}
    if inputs is None:
        raise RuntimeError("the state lists outputs recorded as its inputs, and the engine sent no inputs to read "
                           "them from")
    for key in listed:
        if isinstance(key, str) and key in inputs and key not in out:
            out[key] = inputs[key]
    return out

