"""Team hierarchy operations: read and replace the whole parent/child edge set."""

from __future__ import annotations

from collections.abc import Iterable

from .. import models
from ..models.common import coerce
from ._base import ModelLike, OperationsBase

__all__ = ["TeamHierarchyOperations"]

_PATH = "/api/v1/teams/relationships"


def _edge(edge: models.TeamEdgeRequest | models.TeamEdge | ModelLike | tuple[str, str], where: str) -> models.TeamEdgeRequest:
    if isinstance(edge, models.TeamEdge):
        return edge.as_request()
    if isinstance(edge, tuple) and len(edge) == 2:
        parent, child = edge
        return models.TeamEdgeRequest(parent_team_tag=parent, child_team_tag=child)
    return coerce(models.TeamEdgeRequest, edge, where)


class TeamHierarchyOperations(OperationsBase):
    """The global team hierarchy: a set of directed parent -> child edges between team tags."""

    def get_team_hierarchy_relationships(self) -> tuple[models.TeamEdge, ...]:
        """``GET /api/v1/teams/relationships`` (getTeamHierarchyRelationships): every edge."""
        data = self._call("GET", _PATH)
        return self._decode(models.TeamsRelationshipsResponse, data, method="GET", path=_PATH).edges

    def replace_all_team_hierarchy_relationships(
        self, *, edges: Iterable[models.TeamEdgeRequest | models.TeamEdge | ModelLike | tuple[str, str]],
        replace: bool = True
    ) -> tuple[models.TeamEdge, ...]:
        """``PUT /api/v1/teams/relationships?replace=true`` (replaceAllTeamHierarchyRelationships): **Replaces the
        whole hierarchy** with ``edges`` — edges left out are removed, those added in the UI too.

        ``edges`` are models, mappings of their fields or ``(parent, child)`` pairs; returns the hierarchy as
        stored. Cortex supports only ``replace=True``.
        """
        body = models.TeamsRelationshipsRequest(edges=[_edge(e, f"edges[{i}]") for i, e in enumerate(edges)]).to_dict()
        data = self._call("PUT", _PATH, params={"replace": replace}, body=body)
        return self._decode(models.TeamsRelationshipsResponse, data, method="PUT", path=_PATH).edges
