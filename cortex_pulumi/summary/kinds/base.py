"""What the summary knows of one Cortex kind: its names, how an object is labelled, and its details renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from ...provider.kinds import Kind
from ..model import Code, HierarchyChange, Line, Segment
from ..preview import Preview, ResourceChange
from ..values import canonical_diff, is_unknown


@attrs.frozen
class KindSummary:
    """How a summary shows one kind of the registry (`provider.kinds`): heading, label and details of a change."""

    resource: Any
    """The resource class (`Team`): its provider's `spec` is the kind this summary describes."""
    position: int
    """Where the kind comes in the summary's tables and sections (lower first: what reviewers look at most)."""
    heading: str
    """Plural, for the counts table and the details section (`Teams`)."""
    label: Callable[[ResourceChange], tuple[Segment, ...]]
    created: Callable[[Mapping[str, Any]], list[Line]]
    """The details of a create, from the new inputs."""
    deleted: Callable[[Mapping[str, Any]], list[Line]]
    """The details of a delete, from the old state."""
    updated: Callable[[ResourceChange], list[Line]]
    """The details of an update or a replace."""
    reasons: Mapping[str, str] = attrs.field(factory=dict)
    """Input key -> how a reviewer calls it, for replace reasons (`team_tag` -> `team tag`)."""
    replace_note: str = ""
    """What a replace means for this kind, said once after its reasons."""
    singleton: bool = False
    """One object per tenant (the hierarchy): named by its kind alone."""
    reason_value: Callable[[str, Any], Any] = attrs.field(default=lambda _key, value: value)
    """How the old and new value of a replace reason read (an IdP group as `group (OKTA)`)."""
    figure: Callable[[ResourceChange, Preview], HierarchyChange | None] | None = None
    """The picture of a change drawn above its details (the hierarchy's diagram), from the whole preview."""
    removals: Callable[[ResourceChange], list[Line]] | None = None
    """What an update removes from an object it keeps (a member, a link, an edge), for the summary's caution: one
    made in the Cortex UI (never declared by the program) is lost without anyone deleting anything."""

    @property
    def spec(self) -> Kind:
        """The kind, as its provider declares it."""
        return self.resource._provider_type.spec

    @property
    def kind(self) -> str:
        """The kind's name (`team`, `scorecard exemption`), also the noun used in sentences."""
        return self.spec.name

    def details(self, change: ResourceChange) -> list[Line]:
        """The lines under the change's label."""
        if change.op == "create":
            return self.created(change.new or {})
        if change.op == "delete":
            return self.deleted(change.old or {})
        return self.updated(change)


def comparison(resource_type: Any) -> tuple[Mapping[str, Callable[[Any], Any]], tuple[str, ...]]:
    """The managed fields (key -> canonical form) and server-computed inputs of a resource's kind: the
    summary calls a field changed exactly when the provider's own diff does."""
    spec: Kind = resource_type._provider_type.spec
    return spec.fields, spec.computed


def changed(change: ResourceChange, resource_type: Any) -> list[str]:
    fields, computed = comparison(resource_type)
    return canonical_diff(change, fields, computed)


def code_label(*keys: str) -> Callable[[ResourceChange], tuple[Segment, ...]]:
    """Label an object by the first of `keys` that has a known value, else by its Pulumi resource name."""

    def label(change: ResourceChange) -> tuple[Segment, ...]:
        for key in keys:
            value = change.value(key)
            if isinstance(value, str) and value and not is_unknown(value):
                return (Code(value),)
        return (Code(change.name),)

    return label


def sections(change: ResourceChange, keys: Iterable[str],
             renderers: Mapping[str, Callable[[Any, Any], list[Line]]]) -> list[Line]:
    """The lines of each changed structured input, in the order of `renderers` (key -> lines of old and new value)."""
    old, new = change.old or {}, change.new or {}
    changed_keys = set(keys)
    out: list[Line] = []
    for key, lines in renderers.items():
        if key in changed_keys:
            out += lines(old.get(key), new.get(key))
    return out
