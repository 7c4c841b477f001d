"""Operations a program may need besides the resources: plain functions, each one API call, never at preview.

Like the lookups, they read credentials from the stack config (`cortex:apiToken`, `cortex:baseUrl`, ...) or
`CORTEX_API_TOKEN` / `CORTEX_BASE_URL`, or take `client=`. Unlike the lookups they change Cortex, so inside a
Pulumi preview they do nothing and return None; call them from an `apply` on a resource's output so they run
after it, at `pulumi up`::

    release = cortex.Deploy("release", entity="payments", title="payments 1.4.2", type="DEPLOY", sha=sha)
    release.uuid.apply(lambda _: cortex.trigger_scorecard_evaluation("production-readiness", "payments"))
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import pulumi

from .client import CortexClient
from .client.models import CustomDeploy, TeamResponse
from .client.models.team import CortexTeamMember
from .lookups import _client

__all__ = ["delete_deploys", "replace_team_members", "trigger_scorecard_evaluation"]

log = logging.getLogger("cortex_pulumi")


def _previewing(what: str) -> bool:
    if pulumi.runtime.is_dry_run():
        log.info("preview: not calling Cortex to %s", what)
        return True
    return False


def trigger_scorecard_evaluation(scorecard: str, entity: str, *, client: CortexClient | None = None) -> bool | None:
    """Ask Cortex to re-evaluate scorecard `scorecard` for entity `entity` now (e.g. right after a `Deploy`).

    Returns True; None in a preview. Cortex answers 409 while an evaluation of that pair already runs, which
    is what was asked for, so that is not an error."""
    if _previewing(f"evaluate scorecard {scorecard!r} for {entity!r}"):
        return None
    from .client.errors import ConflictError

    try:
        _client(client).refresh_scorecard_score_for_entity(tag=scorecard, entity_tag=entity)
    except ConflictError:
        log.info("an evaluation of scorecard %r for %r is already running", scorecard, entity)
    return True


def delete_deploys(entity: str | None = None, *, environment: str | None = None, sha: str | None = None,
                   type: str | None = None, client: CortexClient | None = None) -> list[CustomDeploy] | None:
    """Delete the deploys of `entity` matching the filters (all of its deploys without filters), or, without
    `entity`, the deploys of every entity matching them (at least one filter then: ValueError otherwise).

    Returns the deleted deploys as Cortex reports them; None in a preview. Deploys a `Deploy` resource
    manages are then gone from Cortex: the next `pulumi refresh` drops them from the stack."""
    if entity is None and environment is None and sha is None and type is None:
        raise ValueError("delete_deploys needs an entity or at least one of environment, sha or type")
    if _previewing(f"delete deploys of {entity or 'every entity'}"):
        return None
    api = _client(client)
    if entity is not None:
        return list(api.delete_deploys_for_entity(tag_or_id=entity, environment=environment, sha=sha, type=type))
    return list(api.delete_deploys_by_filter(environment=environment, sha=sha, type=type))


def _member(item: Any) -> CortexTeamMember:
    if isinstance(item, CortexTeamMember):
        return item
    if not isinstance(item, Mapping):
        raise TypeError(f"a member must be a mapping with email and name, got {type(item).__name__}")
    return CortexTeamMember(email=item["email"], name=item.get("name") or item["email"],
                            notifications_enabled=bool(item.get("notifications_enabled", True)),
                            role_tags=tuple(item.get("roles") or ()), description=item.get("description"))


def replace_team_members(team: str, members: Iterable[Any], *,
                         client: CortexClient | None = None) -> TeamResponse | None:
    """Replace the members of Cortex-managed team `team` (only them: name, links and channels stay), through
    Cortex's members-only endpoint. `members` are mappings `{email, name, description?, notifications_enabled?,
    roles?}` (the keys of `TeamMemberArgs`) or client `CortexTeamMember`s. Returns the team; None in a preview.

    A `Team` resource that declares `members` sets them back at its next update; declare the team without
    `members` to leave them to this function (or to the Cortex UI)."""
    wanted = [_member(m) for m in members]  # bad input fails before any request, preview included
    if _previewing(f"replace the members of team {team!r}"):
        return None
    return _client(client).update_cortex_team_members(tag_or_id=team, members=wanted)
