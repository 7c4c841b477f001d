"""The `Team` resource: a Cortex-managed team (members) or an IdP-backed team (group + provider)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, UpdateResult

from ...client.errors import BadRequestError, ConflictError, CortexAPIError, NotFoundError
from ...client.models.team import IDP_PROVIDERS, IdpGroup, TeamResponse
from .._base import CortexProvider
from .._check import ENTITY_TAG, Checker, is_unknown
from .._errors import CortexResourceError, conflict_hint
from ..kinds import Kind, one_page
from ._signature import (
    IdpGroupArgsDict,
    SlackChannelArgsDict,
    TeamArgsDict,
    TeamLinkArgsDict,
    TeamMemberArgsDict,
    TeamSignature,
)
from .args import IdpGroupArgs, SlackChannelArgs, TeamArgs, TeamLinkArgs, TeamMemberArgs
from .shape import CHANNEL_KEYS, FIELDS, LINK_KEYS, MEMBER_KEYS, from_api, to_api

__all__ = ["IdpGroupArgs", "IdpGroupArgsDict", "SlackChannelArgs", "SlackChannelArgsDict", "Team",
           "TeamArgs", "TeamArgsDict", "TeamLinkArgs", "TeamLinkArgsDict", "TeamMemberArgs",
           "TeamMemberArgsDict"]


#: Fields whose change is written with one full PUT /teams/{tag}.
_CONTENT = ("name", "description", "summary", "members", "links", "slack_channels")
#: Collections a program may leave unmanaged: omitted, the PUT carries what Cortex has (read, merge, write).
_UNMANAGED_WHEN_OMITTED = ("members", "links", "slack_channels")


class _TeamProvider(CortexProvider):
    """CRUD for Cortex teams (`/api/v1/teams`); the Pulumi id is the team tag."""

    spec = Kind(
        permission="Edit entities",
        name="team", type_name="Team", key_input="team_tag", replace_on=("team_tag", "type", "idp_group"),
        fields=FIELDS, args=TeamArgs, computed=_UNMANAGED_WHEN_OMITTED,
        fetch=lambda client, tag: client.get_team_details(tag_or_id=tag),
        list_page=lambda client, _page, _size: one_page(client.list_teams(include_teams_without_members=True)),
        listed_id=lambda team: team.team_tag, describe=lambda team: team.team_tag,
        render=lambda _client, team, props: from_api(team, props),
    )
    create_hints = conflict_hint("team")

    # -- check --------------------------------------------------------------------------------------

    def validate(self, c: Checker) -> None:
        c.tag("team_tag", ENTITY_TAG, what="team tag")
        c.string("name", required=True)
        c.string("description")
        c.string("summary")
        c.boolean("archived")
        c.boolean("adopt")
        declared = c.enum("type", ("CORTEX", "IDP"))
        is_idp = "idp_group" in c.props
        group = c.mapping("idp_group")
        if group is not None:
            c.keys("idp_group", group, ("group", "provider"))
            c.string("", required=True, value=group.get("group"), path="idp_group.group")
            provider = c.enum("", IDP_PROVIDERS, required=True, value=group.get("provider"), path="idp_group.provider")
            if provider:
                c.props["idp_group"] = {**group, "provider": provider}
        derived = "IDP" if is_idp else "CORTEX"
        if declared is not None and declared != derived:
            c.fail("type", f"type {declared} does not match the arguments: " + (
                "an IDP team needs idp_group" if declared == "IDP" else "idp_group makes this an IDP team"))
        elif "type" not in c.props or not is_unknown(c.props["type"]):
            c.props["type"] = derived
        c.each("members", lambda i, m, p: self._check_member(c, m, p))
        c.unique("members", ((i, m.get("email")) for i, m in enumerate(c.items("members") or [])
                             if isinstance(m, Mapping)), "member email")
        if is_idp and c.items("members"):
            c.fail("members", "an IDP team's members come from its identity provider group; remove members")
        c.each("links", lambda i, link, p: self._check_link(c, link, p))
        c.each("slack_channels", lambda i, ch, p: self._check_channel(c, ch, p))

    @staticmethod
    def _check_member(c: Checker, member: Any, path: str) -> None:
        m = c.nested(member, path, MEMBER_KEYS, required=("name",), texts=("description",),
                     flags=("notifications_enabled",))
        if m is not None:
            c.email(m.get("email"), f"{path}.email")
            c.string_list("", value=m.get("roles"), path=f"{path}.roles")

    @staticmethod
    def _check_link(c: Checker, link: Any, path: str) -> None:
        c.nested(link, path, LINK_KEYS, required=("name", "type", "url"), texts=("description",))

    @staticmethod
    def _check_channel(c: Checker, channel: Any, path: str) -> None:
        c.nested(channel, path, CHANNEL_KEYS, required=("name",), texts=("description",),
                 flags=("notifications_enabled",))

    def delete_before_replace(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        # Same tag, new type or group: the old team must be gone before the new one can take the tag.
        return news.get("team_tag") == id_

    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def _set_archived(self, tag: str, team: TeamResponse, archived: bool) -> TeamResponse:
        if team.is_archived == archived:
            return team
        if archived:
            return self.client.archive_team(tag_or_id=tag)
        return self.client.unarchive_team(tag_or_id=tag)

    # -- CRUD ---------------------------------------------------------------------------------------

    def _create(self, props: dict[str, Any]) -> CreateResult:
        tag = props["team_tag"]
        request = self.to_api(props)
        try:
            idp = props.get("idp_group")
            team = self.client.create_team(
                team_tag=tag, idp_group=IdpGroup(group=idp["group"], provider=idp["provider"]) if idp else None,
                **request,
            )
        except (ConflictError, BadRequestError) as exc:
            existing = self._existing(tag)
            if existing is None:
                raise
            if not props.get("adopt"):
                raise CortexResourceError(f"Unable to create Cortex team {tag!r}", str(exc),
                                          conflict_hint("team")[409], exc.status) from None
            team = self._adopt(tag, existing, props, request)
        team = self._set_archived(tag, team, bool(props.get("archived")))
        return CreateResult(tag, self.from_api(team, props))

    def _adopt_listed(self, existing: Any, props: dict[str, Any]) -> CreateResult:
        tag = props["team_tag"]
        team = self._adopt(tag, existing, props, self.to_api(props))
        team = self._set_archived(tag, team, bool(props.get("archived")))
        return CreateResult(tag, self.from_api(team, props))

    def _existing(self, tag: str) -> TeamResponse | None:
        try:
            return self.client.get_team_details(tag_or_id=tag)
        except NotFoundError:
            return None

    def _adopt(self, tag: str, existing: TeamResponse, props: Mapping[str, Any], request: dict[str, Any]) -> TeamResponse:
        if existing.type != request["type"]:
            raise CortexResourceError(
                f"Unable to adopt Cortex team {tag!r}",
                f"the existing team is of type {existing.type}, the program declares {request['type']}",
                "declare the same type (idp_group for IDP teams), or delete the existing team first",
            )
        if existing.idp_group is not None and props.get("idp_group"):
            wanted = props["idp_group"]
            if (existing.idp_group.group, existing.idp_group.provider) != (wanted["group"], wanted["provider"]):
                raise CortexResourceError(
                    f"Unable to adopt Cortex team {tag!r}",
                    f"the existing team is backed by {existing.idp_group.provider} group {existing.idp_group.group!r}",
                    "declare the same idp_group, or delete the existing team first",
                )
        current = self.from_api(existing, props)
        wanted = _with_unmanaged(props, current)
        if any(self.fields[k](current.get(k)) != self.fields[k](wanted.get(k)) for k in _CONTENT):
            return self.client.update_team_metadata(tag_or_id=tag, **self.to_api(wanted))
        return existing

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        content_changed = any(self.fields[k](olds.get(k)) != self.fields[k](news.get(k)) for k in _CONTENT
                              if k in news or k not in _UNMANAGED_WHEN_OMITTED)
        if content_changed:
            if any(k not in news for k in _UNMANAGED_WHEN_OMITTED):
                # Cortex only replaces a team whole: read what it has now (members added in the UI since the
                # last refresh, say) and send that back for every collection the program leaves unmanaged.
                current = self.from_api(self.client.get_team_details(tag_or_id=id_), news)
                news = _with_unmanaged(news, current)
            team = self.client.update_team_metadata(tag_or_id=id_, **self.to_api(news))
        else:
            team = None
        wanted = bool(news.get("archived"))
        if team is None and bool(olds.get("archived")) == wanted:
            # Nothing to send (e.g. only `adopt` changed): keep the last known state.
            return UpdateResult({**olds, "adopt": news.get("adopt")})
        if team is None:
            team = self.client.archive_team(tag_or_id=id_) if wanted else self.client.unarchive_team(tag_or_id=id_)
        else:
            team = self._set_archived(id_, team, wanted)
        return UpdateResult(self.from_api(team, news))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.delete_team_by_tag_or_id(tag_or_id=id_)
        except CortexAPIError as exc:
            if exc.status == 405:
                raise CortexResourceError(
                    f"Unable to delete Cortex team {id_!r}", str(exc),
                    "Cortex does not allow deleting this team (it is managed outside the API); remove it from "
                    "the program with `pulumi state delete` or archive it instead", exc.status) from None
            raise


def _with_unmanaged(props: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """`props` with each omitted (unmanaged) collection taken from the team as Cortex has it (`current`)."""
    out = dict(props)
    for key in _UNMANAGED_WHEN_OMITTED:
        if key not in out and current.get(key) is not None:
            out[key] = current[key]
    return out


class Team(TeamSignature):
    """A Cortex team: Cortex-managed (`members`) or backed by an identity-provider group (`idp_group`).

    ```python
    platform = cortex.Team("platform", team_tag="platform", name="Platform",
                           members=[cortex.TeamMemberArgs(email="ada@example.com", name="Ada")])
    payments = cortex.Team("payments", team_tag="payments", name="Payments",
                           idp_group=cortex.IdpGroupArgs(group="payments@example.com", provider="OKTA"))
    ```
    """

    _args_type = TeamArgs
    _provider_type = _TeamProvider
    _outputs = ("cortex_id", "catalog_entity_tag", "idp_members")

    team_tag: pulumi.Output[str]
    """The team's tag (also the Pulumi id)."""
    name: pulumi.Output[str]
    """Display name."""
    type: pulumi.Output[str]
    """`CORTEX` or `IDP`."""
    members: pulumi.Output[list[dict[str, Any]]]
    """Members as Cortex reports them (Cortex-managed teams)."""
    archived: pulumi.Output[bool]
    """Whether the team is archived."""
    cortex_id: pulumi.Output[str]
    """Cortex's id of the team's catalog entity (`en...`)."""
    catalog_entity_tag: pulumi.Output[str]
    """Tag of the team's catalog entity (normally the team tag)."""
    idp_members: pulumi.Output[list[str]]
    """Emails of the members synced from the IdP group (IDP teams)."""
