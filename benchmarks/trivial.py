"""The preview baseline: a dynamic provider that does nothing, so a preview of its resources measures Pulumi alone.

Its `check` and `diff` return at once (no validation, no API), and resources go through the same Resource
base as Cortex's (one pickled provider per type), so the only difference from a Cortex stack of the same size
is this package's own work: validation, canonical diffs and the read-only preview checks.

`Carrying` is the same do-nothing resource declaring given inputs (another stack's recorded inputs) and recording
no outputs but its key: the floor for any provider whose objects declare that much, since Pulumi keeps every
input in the state to diff the next run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider
from pulumi.dynamic.dynamic import PROVIDER_KEY

from cortex_pulumi.provider._resource import CortexResource, provider_blob
from cortex_pulumi.provider._stack_trace import program_frames_only


class _NothingProvider(ResourceProvider):
    """Checks nothing, changes nothing."""

    serialize_as_secret_always = False
    #: No managed fields (the resource base documents a kind's fields and defaults from this).
    fields: ClassVar[Mapping[str, Any]] = {}

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(str(props["key"]), props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)


@attrs.frozen(kw_only=True)
class NothingArgs:
    """Arguments of `Nothing`."""

    key: pulumi.Input[str]
    """The id."""


class Nothing(CortexResource, module="bench", name="Nothing"):
    """One resource of the baseline."""

    _args_type = NothingArgs
    _provider_type = _NothingProvider

    def _claim(self, resource_name: str, props: dict[str, Any]) -> None:
        """No Cortex key to claim."""


class _CarryingProvider(_NothingProvider):
    """Keeps its inputs (Pulumi does) and records no output but the key."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(str(props["key"]), {"key": props["key"]})


class Carrying(CortexResource, module="bench", name="Carrying"):
    """A do-nothing resource declaring `inputs` beside its key."""

    _args_type = NothingArgs
    _provider_type = _CarryingProvider

    def __init__(self, resource_name: str, key: str, inputs: Mapping[str, Any]) -> None:
        props = {**inputs, "key": key, PROVIDER_KEY: provider_blob(self._provider_type)}
        with program_frames_only():  # as CortexResource records them
            pulumi.CustomResource.__init__(self, f"pulumi-python:{self._resource_type_name}", resource_name, props)
