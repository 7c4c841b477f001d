"""Team operations: list/get, create (never blindly repeated), whole-team and member replacements, edit, archive, delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload

from .. import models
from ..errors import NotFoundError
from ..models.common import coerce
from ..retry import recover_create
from ._base import ModelLike, OperationsBase, seg, unless_missing

__all__ = ["TeamOperations"]

_TEAMS = "/api/v1/teams"


def _members(cortex_team: models.CortexTeamDetails | ModelLike | None) -> models.CortexTeamDetails | None:
    return None if cortex_team is None else coerce(models.CortexTeamDetails, cortex_team, "cortex_team")


def _update_body(metadata: models.TeamMetadata | ModelLike, type: str, links: Iterable[models.TeamLink | ModelLike],
                 slack_channels: Iterable[models.SlackChannel | ModelLike],
                 cortex_team: models.CortexTeamDetails | ModelLike | None) -> dict[str, Any]:
    """The body of both whole-team updates (by tag in the path or in the query)."""
    return models.UpdateTeamRequest(metadata=coerce(models.TeamMetadata, metadata, "metadata"), type=type,
                                    links=links, slack_channels=slack_channels,
                                    cortex_team=_members(cortex_team)).to_dict()


class TeamOperations(OperationsBase):
    """Teams, addressed by team tag (or id). A team is also a catalog entity."""

    @overload
    def get_team_details_advanced(
        self, *, team_tag: str, include_teams_without_members: bool | None = None
    ) -> models.TeamResponse: ...

    @overload
    def get_team_details_advanced(
        self, *, team_tag: None = None, include_teams_without_members: bool | None = None
    ) -> tuple[models.TeamResponse, ...]: ...

    def get_team_details_advanced(
        self, *, team_tag: str | None = None, include_teams_without_members: bool | None = None
    ) -> models.TeamResponse | tuple[models.TeamResponse, ...]:
        """``GET /api/v1/teams`` (getTeamDetailsAdvanced): with ``team_tag`` one team (tags with any
        characters), else every team. Cortex hides member-less teams unless ``include_teams_without_members``.
        """
        params = {"teamTag": team_tag, "includeTeamsWithoutMembers": include_teams_without_members}
        data = self._call("GET", _TEAMS, params=params)
        if team_tag is not None:
            if isinstance(data, dict) and isinstance(data.get("teams"), list):
                # Tolerate a server that answers with the list envelope even for one tag.
                for team in self._decode(models.AllTeamsResponse, data, method="GET", path=_TEAMS).teams:
                    if team.team_tag == team_tag:
                        return team
                raise NotFoundError(
                    status=404, method="GET", path=_TEAMS, message=f"Team {team_tag!r} not found"
                )
            return self._decode(models.TeamResponse, data, method="GET", path=_TEAMS)
        return self._decode(models.AllTeamsResponse, data, method="GET", path=_TEAMS).teams

    def list_teams(self, *, include_teams_without_members: bool = True) -> tuple[models.TeamResponse, ...]:
        """Every team (including member-less ones by default): ``get_team_details_advanced`` without a tag."""
        return self.get_team_details_advanced(include_teams_without_members=include_teams_without_members)

    def get_team_details(self, *, tag_or_id: str) -> models.TeamResponse:
        """``GET /api/v1/teams/{tagOrId}`` (getTeamDetails)."""
        path = f"{_TEAMS}/{seg(tag_or_id)}"
        return self._decode(models.TeamResponse, self._call("GET", path), method="GET", path=path)

    def create_team(
        self,
        *,
        team_tag: str,
        metadata: models.TeamMetadata | ModelLike,
        type: str = "CORTEX",
        links: Iterable[models.TeamLink | ModelLike] = (),
        slack_channels: Iterable[models.SlackChannel | ModelLike] = (),
        cortex_team: models.CortexTeamDetails | ModelLike | None = None,
        idp_group: models.IdpGroup | ModelLike | None = None,
    ) -> models.TeamResponse:
        """``POST /api/v1/teams`` (createTeam): a CORTEX team (members in ``cortex_team``) or an IDP team
        (``idp_group``). A duplicate tag raises ``ConflictError`` or ``BadRequestError``.

        Each nested argument is its model or a mapping of its fields; members may be ``CortexTeamMemberDetails``
        or ``CortexTeamMember``. Never blindly repeated: after an ambiguous failure, ``GET /teams/{tag}`` decides.
        """
        body = models.CreateTeamRequest(
            team_tag=team_tag, metadata=coerce(models.TeamMetadata, metadata, "metadata"), type=type, links=links,
            slack_channels=slack_channels, cortex_team=_members(cortex_team),
            idp_group=None if idp_group is None else coerce(models.IdpGroup, idp_group, "idp_group")).to_dict()

        def attempt() -> models.TeamResponse:
            data = self._call("POST", _TEAMS, body=body, idempotent=False)
            return self._decode(models.TeamResponse, data, method="POST", path=_TEAMS)

        return recover_create(attempt, unless_missing(self.get_team_details, tag_or_id=team_tag),
                              what=f"team {team_tag!r}")

    def update_cortex_team_members(
        self, *, tag_or_id: str, members: Iterable[models.CortexTeamMember | models.CortexTeamMemberDetails | ModelLike]
    ) -> models.TeamResponse:
        """``PUT /api/v1/teams/{tagOrId}/members`` (updateCortexTeamMembers): **Replaces all members** of a
        Cortex-managed team — members left out are removed (``ForbiddenError`` for IDP teams)."""
        path = f"{_TEAMS}/{seg(tag_or_id)}/members"
        body = models.CortexManagedTeamMembersRequest(members=members).to_dict()
        return self._decode(models.TeamResponse, self._call("PUT", path, body=body), method="PUT", path=path)

    def update_cortex_team_members_advanced(
        self, *, team_tag: str, members: Iterable[models.CortexTeamMember | models.CortexTeamMemberDetails | ModelLike]
    ) -> models.TeamResponse:
        """``PUT /api/v1/teams/members?teamTag=`` (updateCortexTeamMembersAdvanced): **Replaces all members**,
        as ``update_cortex_team_members``, for tags with characters that cannot go in a path."""
        path = f"{_TEAMS}/members"
        body = models.CortexManagedTeamMembersRequest(members=members).to_dict()
        data = self._call("PUT", path, params={"teamTag": team_tag}, body=body)
        return self._decode(models.TeamResponse, data, method="PUT", path=path)

    def update_team_advanced(self, *, team_tag: str, metadata: models.TeamMetadata | ModelLike, type: str = "CORTEX",
                             links: Iterable[models.TeamLink | ModelLike] = (),
                             slack_channels: Iterable[models.SlackChannel | ModelLike] = (),
                             cortex_team: models.CortexTeamDetails | ModelLike | None = None) -> models.TeamResponse:
        """``PUT /api/v1/teams?teamTag=`` (updateTeamAdvanced): **Replaces the whole team** — metadata, links,
        Slack channels and (CORTEX) members; what is left out is cleared, members included. To change some fields
        and keep the rest, use ``edit_team``. The tag and an IDP group cannot change."""
        body = _update_body(metadata, type, links, slack_channels, cortex_team)
        data = self._call("PUT", _TEAMS, params={"teamTag": team_tag}, body=body)
        return self._decode(models.TeamResponse, data, method="PUT", path=_TEAMS)

    def update_team_metadata(self, *, tag_or_id: str, metadata: models.TeamMetadata | ModelLike, type: str = "CORTEX",
                             links: Iterable[models.TeamLink | ModelLike] = (),
                             slack_channels: Iterable[models.SlackChannel | ModelLike] = (),
                             cortex_team: models.CortexTeamDetails | ModelLike | None = None) -> models.TeamResponse:
        """``PUT /api/v1/teams/{tagOrId}`` (updateTeamMetadata): **Replaces the whole team**, as
        ``update_team_advanced`` — despite its name, links, Slack channels and members left out are cleared. To
        change the name or description and keep the rest, use ``edit_team``."""
        body = _update_body(metadata, type, links, slack_channels, cortex_team)
        path = f"{_TEAMS}/{seg(tag_or_id)}"
        return self._decode(models.TeamResponse, self._call("PUT", path, body=body), method="PUT", path=path)

    def edit_team(self, *, tag_or_id: str, name: str | None = None, description: str | None = None,
                  summary: str | None = None, links: Iterable[models.TeamLink | ModelLike] | None = None,
                  slack_channels: Iterable[models.SlackChannel | ModelLike] | None = None) -> models.TeamResponse:
        """Change only the given fields of a team (its name, say) and keep everything else — members, links,
        channels — as Cortex has it: reads the team, then writes it back whole with the changes
        (``update_team_metadata``). Two calls; an edit made by someone else between them is overwritten.

        ``description=""`` or ``summary=""`` clears that text; ``links=[]``/``slack_channels=[]`` removes them all.
        """
        team = self.get_team_details(tag_or_id=tag_or_id)
        old = team.metadata
        metadata = models.TeamMetadata(
            name=old.name if name is None else name, extra=old.extra,
            description=old.description if description is None else (description or None),
            summary=old.summary if summary is None else (summary or None))
        return self.update_team_metadata(
            tag_or_id=tag_or_id, metadata=metadata, type=team.type,
            links=team.links if links is None else links,
            slack_channels=team.slack_channels if slack_channels is None else slack_channels,
            cortex_team=team.cortex_team if team.type == "CORTEX" else None)

    def archive_team(self, *, tag_or_id: str) -> models.TeamResponse:
        """``PUT /api/v1/teams/{tagOrId}/archive`` (archiveTeam)."""
        path = f"{_TEAMS}/{seg(tag_or_id)}/archive"
        return self._decode(models.TeamResponse, self._call("PUT", path), method="PUT", path=path)

    def unarchive_team(self, *, tag_or_id: str) -> models.TeamResponse:
        """``PUT /api/v1/teams/{tagOrId}/unarchive`` (unarchiveTeam)."""
        path = f"{_TEAMS}/{seg(tag_or_id)}/unarchive"
        return self._decode(models.TeamResponse, self._call("PUT", path), method="PUT", path=path)

    def delete_team(self, *, team_tag: str) -> None:
        """``DELETE /api/v1/teams?teamTag=`` (deleteTeam); 405 (a ``CortexAPIError``) when not allowed."""
        self._send("DELETE", _TEAMS, params={"teamTag": team_tag})

    def delete_team_by_tag_or_id(self, *, tag_or_id: str) -> None:
        """``DELETE /api/v1/teams/{tagOrId}`` (deleteTeamByTagOrId)."""
        self._send("DELETE", f"{_TEAMS}/{seg(tag_or_id)}")
