"""Read-only lookups for Pulumi programs: plain functions returning the client's typed models.

Each function reads Cortex once, when called (no state, nothing managed). Credentials come from the stack
config (`cortex:apiToken`, `cortex:baseUrl`, `cortex:timeout`, `cortex:rateLimit`, ...) and fall back to
`CORTEX_API_TOKEN` / `CORTEX_BASE_URL`; pass `client=` to use a `CortexClient` of your own instead::

    import cortex_pulumi as cortex
    platform = cortex.get_team("platform")
    pulumi.export("platform_members", [m.email for m in platform.members])

Errors are the client's (`NotFoundError`, `ForbiddenError`, ...), whose text reads like
`404 Not Found on GET /api/v1/teams/payments: Team not found`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from .client import CortexClient
from .client.models import (
    BadgeMarkdown,
    CustomDeploy,
    EntityScorecardScore,
    NextSteps,
    ScorecardResponse,
    SecretResponse,
    ServiceScore,
    TeamEdge,
    TeamResponse,
    ValidationResult,
    WorkflowDefinition,
)
from .client.settings import Settings
from .config import settings_from_stack

__all__ = [
    "get_entity_scorecard_scores",
    "get_scorecard",
    "get_scorecard_badge",
    "get_scorecard_next_steps",
    "get_scorecard_scores",
    "get_secret",
    "get_team",
    "get_team_hierarchy",
    "get_workflow",
    "list_deploys",
    "list_scorecards",
    "list_secrets",
    "list_teams",
    "list_workflows",
    "validate_workflow",
]


@functools.lru_cache(maxsize=8)
def _cached_client(settings: Settings) -> CortexClient:
    return CortexClient(settings=settings)


def _client(client: CortexClient | None) -> CortexClient:
    """The given client, else one (cached per settings) from stack config and the environment."""
    if client is not None:
        return client
    return _cached_client(settings_from_stack())


# -- scorecards -------------------------------------------------------------------------------------


def get_scorecard(tag: str, *, client: CortexClient | None = None) -> ScorecardResponse:
    """The scorecard `tag`, with its rules and their identifiers (`.rule_identifiers`)."""
    return _client(client).get_scorecard(tag=tag)


def list_scorecards(*, show_drafts: bool = False, groups: Sequence[str] | None = None,
                    entities: Sequence[str] | None = None, teams: Sequence[str] | None = None,
                    client: CortexClient | None = None) -> list[ScorecardResponse]:
    """Every scorecard (all pages); drafts only with `show_drafts`. Filtering by groups, entities or teams makes
    Cortex search, which can miss scorecards that were never evaluated."""
    return list(_client(client).iter_scorecards(show_drafts=show_drafts, groups=groups, entities=entities,
                                                teams=teams))


def get_scorecard_scores(tag: str, *, entity: str | None = None,
                         client: CortexClient | None = None) -> list[ServiceScore]:
    """Scores of every entity in scorecard `tag` (all pages), or only of `entity`."""
    return list(_client(client).iter_scorecard_scores(tag=tag, entity_tag=entity))


def get_entity_scorecard_scores(entity: str, *, client: CortexClient | None = None) -> list[EntityScorecardScore]:
    """The score of entity `entity` (tag or id) in every scorecard that evaluates it."""
    return list(_client(client).list_scorecard_scores_for_entity(tag_or_id=entity))


def get_scorecard_next_steps(tag: str, entity: str, *, client: CortexClient | None = None) -> list[NextSteps]:
    """What `entity` must do to reach the next level of scorecard `tag`."""
    return list(_client(client).get_scorecard_next_steps_for_entity(tag=tag, entity_tag=entity))


def get_scorecard_badge(tag: str, entity: str, *, client: CortexClient | None = None) -> BadgeMarkdown:
    """The shields.io badge Markdown (`.value`) of `entity` in scorecard `tag`."""
    return _client(client).get_badge_markdown(scorecard_tag=tag, tag_or_id=entity)


# -- teams ------------------------------------------------------------------------------------------


def get_team(team_tag: str, *, client: CortexClient | None = None) -> TeamResponse:
    """The team `team_tag` (tag or id): metadata, members (`.members`) or IdP group, links, channels."""
    return _client(client).get_team_details(tag_or_id=team_tag)


def list_teams(*, include_teams_without_members: bool = True,
               client: CortexClient | None = None) -> list[TeamResponse]:
    """Every team. Cortex hides member-less teams unless `include_teams_without_members` (the default here)."""
    return list(_client(client).list_teams(include_teams_without_members=include_teams_without_members))


def get_team_hierarchy(*, client: CortexClient | None = None) -> list[TeamEdge]:
    """Every parent -> child edge of the team hierarchy."""
    return list(_client(client).get_team_hierarchy_relationships())


# -- secrets ----------------------------------------------------------------------------------------


def get_secret(tag: str, *, client: CortexClient | None = None) -> SecretResponse:
    """Metadata (id, tag, name) of the secret `tag`; Cortex never returns secret values."""
    return _client(client).get_secret(tag_or_id=tag)


def list_secrets(*, client: CortexClient | None = None) -> list[SecretResponse]:
    """Metadata of every secret (all pages)."""
    return list(_client(client).iter_secrets())


# -- workflows --------------------------------------------------------------------------------------


def get_workflow(tag: str, *, client: CortexClient | None = None) -> WorkflowDefinition:
    """The full definition of workflow `tag` (`.to_yaml()` gives Cortex's YAML form)."""
    return _client(client).get_workflow(tag_or_id=tag)


def list_workflows(*, include_actions: bool = False, search_query: str | None = None,
                   client: CortexClient | None = None) -> list[WorkflowDefinition]:
    """Every workflow (all pages); actions are included only with `include_actions`."""
    return list(_client(client).iter_workflows(include_actions=include_actions, search_query=search_query))


def validate_workflow(definition: str | WorkflowDefinition, *,
                      client: CortexClient | None = None) -> ValidationResult:
    """Ask Cortex to validate a workflow (JSON/YAML text or model): `.ok` and `.violations`."""
    return _client(client).validate_workflow_descriptor(descriptor=definition)


# -- deploys ----------------------------------------------------------------------------------------


def list_deploys(entity: str, *, client: CortexClient | None = None) -> list[CustomDeploy]:
    """Every deploy recorded for `entity` (tag or id), all pages."""
    return list(_client(client).iter_deploys(tag_or_id=entity))
