"""Team models: create/update/member requests and ``TeamResponse`` (CORTEX- or IDP-backed teams)."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
from attrs import validators as v

from .._json import JsonModel, OpenModel
from .common import also_accepts, model_of, non_empty, optional, to_tuple, tuple_of

__all__ = [
    "IDP_PROVIDERS",
    "TEAM_TYPES",
    "AllTeamsResponse",
    "CortexManagedTeamMembersRequest",
    "CortexTeamDetails",
    "CortexTeamMember",
    "CortexTeamMemberDetails",
    "CortexTeamMemberRole",
    "CreateTeamRequest",
    "IdpGroup",
    "IdpGroupDetails",
    "IdpGroupMember",
    "IdpMemberRole",
    "SlackChannel",
    "TeamLink",
    "TeamMetadata",
    "TeamResponse",
    "UpdateTeamRequest",
]

TEAM_TYPES = ("CORTEX", "IDP")
IDP_PROVIDERS = (
    "ACTIVE_DIRECTORY",
    "AZURE_DEVOPS",
    "BAMBOOHR",
    "GIT",
    "GITLAB",
    "GOOGLE",
    "OKTA",
    "OPSGENIE",
    "SERVICE_NOW",
    "SLACK",
    "WORKDAY",
)


@attrs.frozen(kw_only=True)
class TeamMetadata(OpenModel):
    """Display name, description and summary of a team."""

    name: str = attrs.field(validator=non_empty)
    description: str | None = optional(str)
    summary: str | None = optional(str)


@attrs.frozen(kw_only=True)
class TeamLink(OpenModel):
    """``TeamsLink``: a link shown on the team page (runbook, dashboard, ...)."""

    name: str = attrs.field(validator=non_empty)
    type: str = attrs.field(validator=non_empty)
    url: str = attrs.field(validator=non_empty)
    description: str | None = optional(str)


@attrs.frozen(kw_only=True)
class SlackChannel(OpenModel):
    """``SlackChannel1``: a team Slack channel."""

    name: str = attrs.field(validator=non_empty)
    notifications_enabled: bool = attrs.field(default=False, validator=v.instance_of(bool))
    description: str | None = optional(str)


@attrs.frozen(kw_only=True)
class CortexTeamMemberRole(OpenModel):
    """A member's team role (``TEAM_ROLE`` with tag/name, or ``MISCONFIGURED``)."""

    type: str = attrs.field(validator=v.instance_of(str))
    tag: str = attrs.field(validator=v.instance_of(str))
    name: str | None = optional(str)
    source: str | None = optional(str)


@attrs.frozen(kw_only=True)
class CortexTeamMemberDetails(OpenModel):
    """A member of a Cortex-managed team as create/update bodies and responses carry it."""

    email: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=v.instance_of(str))
    notifications_enabled: bool = attrs.field(default=True, validator=v.instance_of(bool))
    description: str | None = optional(str)
    role: CortexTeamMemberRole | None = optional(CortexTeamMemberRole)
    roles: tuple[CortexTeamMemberRole, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(CortexTeamMemberRole)
    )


@attrs.frozen(kw_only=True)
class CortexTeamMember(JsonModel):
    """A member in the members-replace body (roles given as ``roleTags``)."""

    email: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=v.instance_of(str))
    notifications_enabled: bool = attrs.field(default=True, validator=v.instance_of(bool))
    role_tags: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))
    description: str | None = optional(str)


def _unique_emails(_inst: Any, _attribute: attrs.Attribute[Any], members: tuple[Any, ...]) -> None:
    emails = [m.email.lower() for m in members]
    if len(set(emails)) != len(emails):
        raise ValueError(f"team member emails must be unique: {emails}")


@attrs.frozen(kw_only=True)
class CortexTeamDetails(OpenModel):
    """``cortexTeam``: the members of a Cortex-managed team."""

    members: tuple[CortexTeamMemberDetails, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(CortexTeamMemberDetails, _unique_emails)
    )


@attrs.frozen(kw_only=True)
class IdpGroup(JsonModel):
    """``IdpGroupDetailsRequest``: the identity-provider group backing an IDP team."""

    group: str = attrs.field(validator=non_empty)
    provider: str = attrs.field(validator=v.in_(IDP_PROVIDERS))


@attrs.frozen(kw_only=True)
class IdpMemberRole(OpenModel):
    """A role synced from the identity provider."""

    name: str = attrs.field(validator=v.instance_of(str))
    source: str | None = optional(str)


@attrs.frozen(kw_only=True)
class IdpGroupMember(OpenModel):
    """A member synced from the identity provider."""

    id: str | None = optional(str)
    email: str | None = optional(str)
    name: str | None = optional(str)
    role: IdpMemberRole | None = optional(IdpMemberRole)
    roles: tuple[IdpMemberRole, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(IdpMemberRole))


@attrs.frozen(kw_only=True)
class IdpGroupDetails(OpenModel):
    """``IdpGroupDetailsResponse``: the group, its provider and the synced members."""

    group: str = attrs.field(validator=v.instance_of(str))
    provider: str = attrs.field(validator=v.instance_of(str))
    members: tuple[IdpGroupMember, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(IdpGroupMember)
    )


@attrs.frozen(kw_only=True)
class _TeamBody(JsonModel):
    """What create and update bodies share: ``type`` CORTEX (members in ``cortex_team``) or IDP, with metadata,
    links and channels."""

    #: Whether the body names the identity-provider group (only a create does; an update keeps the team's).
    _takes_idp_group: ClassVar[bool] = False

    metadata: TeamMetadata = attrs.field(validator=model_of(TeamMetadata))
    type: str = attrs.field(default="CORTEX", validator=v.in_(TEAM_TYPES))
    links: tuple[TeamLink, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(TeamLink))
    slack_channels: tuple[SlackChannel, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(SlackChannel)
    )
    cortex_team: CortexTeamDetails | None = optional(CortexTeamDetails)

    def __attrs_post_init__(self) -> None:
        idp_group = getattr(self, "idp_group", None)
        if self.type == "CORTEX" and idp_group is not None:
            raise ValueError("a CORTEX team takes cortex_team members, not an idp_group")
        if self.type == "IDP":
            if self.cortex_team is not None and self.cortex_team.members:
                raise ValueError(
                    "an IDP team's members come from its identity provider; do not set cortex_team members"
                )
            if self._takes_idp_group and idp_group is None:
                raise ValueError("an IDP team needs idp_group (group and provider)")
        if self.type == "CORTEX" and self.cortex_team is None:
            # The schema requires cortexTeam for CORTEX teams; an empty member list is valid.
            object.__setattr__(self, "cortex_team", CortexTeamDetails())


@attrs.frozen(kw_only=True)
class CreateTeamRequest(_TeamBody):
    """``CreateTeamRequest``: ``type`` CORTEX (members in ``cortex_team``) or IDP (``idp_group``)."""

    _takes_idp_group: ClassVar[bool] = True

    team_tag: str = attrs.field(validator=non_empty)
    idp_group: IdpGroup | None = optional(IdpGroup)


@attrs.frozen(kw_only=True)
class UpdateTeamRequest(_TeamBody):
    """``UpdateTeamRequest``: full replacement of metadata, links, channels (and members for CORTEX)."""


@attrs.frozen(kw_only=True)
class CortexManagedTeamMembersRequest(JsonModel):
    """Body replacing all members of a Cortex-managed team."""

    members: tuple[CortexTeamMember, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(CortexTeamMember, _unique_emails)
    )
    type: str = attrs.field(default="CORTEX", validator=v.in_(("CORTEX",)))


@attrs.frozen(kw_only=True)
class TeamResponse(OpenModel):
    """``TeamResponse``: a team as Cortex reports it."""

    team_tag: str = attrs.field(validator=non_empty)
    metadata: TeamMetadata = attrs.field(validator=model_of(TeamMetadata))
    type: str = attrs.field(default="CORTEX", validator=v.instance_of(str))
    id: str | None = optional(str)
    catalog_entity_tag: str | None = optional(str)
    is_archived: bool = attrs.field(default=False, validator=v.instance_of(bool))
    links: tuple[TeamLink, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(TeamLink))
    slack_channels: tuple[SlackChannel, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(SlackChannel)
    )
    cortex_team: CortexTeamDetails | None = optional(CortexTeamDetails)
    idp_group: IdpGroupDetails | None = optional(IdpGroupDetails)

    @property
    def members(self) -> tuple[CortexTeamMemberDetails, ...]:
        """Cortex-managed members (empty for IDP teams)."""
        return self.cortex_team.members if self.cortex_team is not None else ()


@attrs.frozen(kw_only=True)
class AllTeamsResponse(OpenModel):
    """``AllTeamsResponse``: ``{teams: [...]}`` (not paginated)."""

    teams: tuple[TeamResponse, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(TeamResponse))


# A member or a group in the form another operation's body spells it is accepted where this one is wanted: the
# two member models differ only in how they carry roles (`CortexTeamDetails(members=[CortexTeamMember(...)])` works).
also_accepts(CortexTeamMemberDetails, CortexTeamMember, lambda m: CortexTeamMemberDetails(
    email=m.email, name=m.name, notifications_enabled=m.notifications_enabled, description=m.description,
    roles=[CortexTeamMemberRole(type="TEAM_ROLE", tag=tag) for tag in m.role_tags]))
also_accepts(CortexTeamMember, CortexTeamMemberDetails, lambda d: CortexTeamMember(
    email=d.email, name=d.name, notifications_enabled=d.notifications_enabled, description=d.description,
    role_tags=[r.tag for r in (*d.roles, *((d.role,) if d.role is not None else ()))]))
also_accepts(IdpGroup, IdpGroupDetails, lambda g: IdpGroup(group=g.group, provider=g.provider))
