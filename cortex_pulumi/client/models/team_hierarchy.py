"""Team hierarchy models: parent/child edges between team tags."""

from __future__ import annotations

from typing import Any

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel
from .common import non_empty, optional, to_tuple, tuple_of

__all__ = ["TeamEdge", "TeamEdgeRequest", "TeamsRelationshipsRequest", "TeamsRelationshipsResponse"]


@attrs.frozen(kw_only=True)
class TeamEdgeRequest(JsonModel):
    """An edge to write: ``parent_team_tag`` is the parent of ``child_team_tag``."""

    parent_team_tag: str = attrs.field(validator=non_empty)
    child_team_tag: str = attrs.field(validator=non_empty)

    @child_team_tag.validator
    def _not_self(self, _attribute: attrs.Attribute[Any], value: str) -> None:
        if value == self.parent_team_tag:
            raise ValueError(f"a team cannot be its own parent: {value!r}")


@attrs.frozen(kw_only=True)
class TeamEdge(OpenModel):
    """An edge as read back; ``provider`` is set (e.g. ``WORKDAY``) for edges synced from an integration."""

    parent_team_tag: str = attrs.field(validator=v.instance_of(str))
    child_team_tag: str = attrs.field(validator=v.instance_of(str))
    provider: str | None = optional(str)

    def as_request(self) -> TeamEdgeRequest:
        """The writable part of this edge."""
        return TeamEdgeRequest(parent_team_tag=self.parent_team_tag, child_team_tag=self.child_team_tag)


@attrs.frozen(kw_only=True)
class TeamsRelationshipsRequest(JsonModel):
    """Body replacing the whole hierarchy."""

    edges: tuple[TeamEdgeRequest, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(TeamEdgeRequest)
    )


@attrs.frozen(kw_only=True)
class TeamsRelationshipsResponse(OpenModel):
    """``{edges: [...]}`` as read back."""

    edges: tuple[TeamEdge, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(TeamEdge))
