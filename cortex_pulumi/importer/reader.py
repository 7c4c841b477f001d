"""Read a tenant through the client: paged listings, one descriptor read per scorecard, nothing written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from ..client import CortexClient
from ..client.errors import (
    CortexConnectionError,
    CortexError,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
)
from ..client.models.team import TeamResponse
from ..provider.deploy import Deploy
from ..provider.kinds import Kind
from ..provider.team import Team
from .snapshot import Scorecard, Skipped, Tenant, Workflow

__all__ = ["ALL_KINDS", "DEFAULT_KINDS", "ImportFailure", "read_tenant"]

#: Kinds `--kinds` accepts; deploys are records, not configuration, so they are read only on request.
ALL_KINDS = ("teams", "hierarchy", "scorecards", "exemptions", "workflows", "secrets", "deploys")
DEFAULT_KINDS = ALL_KINDS[:-1]
_PAGE = 1000
T = TypeVar("T")


class ImportFailure(Exception):
    """The import cannot go on; the message is the one line the command prints."""


def _guarded(kind: str, base_url: str, read: Callable[[], T]) -> T:
    """Run one kind's reads, turning client errors into a one-line cause naming the kind."""
    try:
        return read()
    except UnauthorizedError as exc:
        raise ImportFailure(f"Cortex at {base_url} rejected the API token (401) while reading {kind}: {exc}") from None
    except ForbiddenError as exc:
        raise ImportFailure(f"the API token has no read permission on {kind} (403 from Cortex at {base_url}): "
                            f"{exc}; use a key that can read {kind}, or leave it out with --kinds") from None
    except CortexConnectionError as exc:
        raise ImportFailure(f"cannot reach Cortex at {base_url} (reading {kind}): {exc}") from None
    except CortexError as exc:
        raise ImportFailure(f"reading {kind} from Cortex at {base_url} failed: {exc}") from None


def _selected(tag: str, prefixes: Sequence[str], exclude: Iterable[str]) -> bool:
    return (not prefixes or tag.startswith(tuple(prefixes))) and tag not in set(exclude)


def provider_inputs(spec: Kind, client: CortexClient, found: Any, props: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The inputs that declare `found` as Cortex holds it: the provider's own outputs for it (`spec.render`) seen
    as inputs, defaults left out at any depth (so `import` and `pulumi refresh` cannot disagree about them)."""
    return spec.inputs(spec.render(client, found, props or {}))


def team_inputs(client: CortexClient, team: TeamResponse) -> dict[str, Any]:
    """The `Team` inputs of `team`, by one rule for members, links and Slack channels: declared as read when there
    are some (the program owns that list), left out when there are none (the list stays the Cortex UI's, so what a
    colleague adds there survives). It is the provider's input view (an empty list is a default, as in a refresh),
    so import and refresh agree, and no team's ownership depends on a list that happened to be empty."""
    return provider_inputs(Team._provider_type.spec, client, team)


def _read_teams(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    for team in sorted(client.list_teams(include_teams_without_members=True), key=lambda t: t.team_tag):
        if not keep(team.team_tag):
            continue
        tenant.teams.append(team_inputs(client, team))
        if team.type == "IDP" and team.idp_group is not None and team.idp_group.members:
            emails = ", ".join(m.email or m.name or "?" for m in team.idp_group.members)
            tenant.skipped.append(Skipped("team members", team.team_tag, f"synced from {team.idp_group.provider} "
                                          f"group {team.idp_group.group!r}, not declared: {emails}"))


def _read_hierarchy(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    edges = sorted(client.get_team_hierarchy_relationships(), key=lambda e: (e.parent_team_tag, e.child_team_tag))
    managed = []
    for edge in edges:
        pair = f"{edge.parent_team_tag} -> {edge.child_team_tag}"
        if edge.provider:
            tenant.skipped.append(Skipped("hierarchy edge", pair, f"synced by the {edge.provider} integration; "
                                          "Cortex keeps it, the program leaves it alone"))
        else:
            managed.append((edge.parent_team_tag, edge.child_team_tag))
    inside = [(p, c) for p, c in managed if keep(p) and keep(c)]
    outside = [f"{p} -> {c}" for p, c in managed if not (keep(p) and keep(c))]
    if outside:
        # The hierarchy is one object: this program owns only its edges (ownership="DECLARED") and leaves
        # those joining teams outside the import to whoever manages them.
        tenant.partial_hierarchy = True
        tenant.skipped.extend(Skipped("hierarchy edge", pair, "joins a team outside this import; the program "
                                      "owns only the edges it declares (ownership=\"DECLARED\")") for pair in outside)
    tenant.edges = inside


def _read_scorecards(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    listed = [s for s in client.iter_scorecards(show_drafts=True, page_size=_PAGE) if keep(s.tag)]
    for card in sorted(listed, key=lambda s: s.tag):
        text = client.get_scorecard_descriptor_text(tag=card.tag)
        tenant.scorecards.append(Scorecard(card.tag, card.name, text, dict(card.rule_identifiers)))


def _read_exemptions(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    for card in tenant.scorecards:  # exemptions name their rules through the scorecards declared with them
        titles = {identifier: title for title, identifier in card.rule_identifiers.items()}
        try:
            scores = list(client.iter_scorecard_scores(tag=card.tag, page_size=_PAGE))
        except NotFoundError:
            continue
        for score in sorted(scores, key=lambda s: s.service.tag or ""):
            for ex in score.rule_exemptions:
                _exemption(tenant, card.tag, str(score.service.tag), titles, ex)


def _exemption(tenant: Tenant, card: str, entity: str, titles: dict[str, str], ex: Any) -> None:
    name = f"{card}/{entity}/{ex.rule_identifier}"
    if ex.status != "APPROVED":
        if ex.status == "PENDING":
            tenant.skipped.append(Skipped("exemption", name, "pending: a request awaiting a decision is not "
                                          "configuration; approve or deny it in Cortex, then import again"))
        return
    if ex.rule_identifier not in titles:
        tenant.skipped.append(Skipped("exemption", name, "its rule is no longer in the scorecard"))
        return
    tenant.exemptions.append({"scorecard": card, "entity": entity, "rule_title": titles[ex.rule_identifier],
                              "rule_identifier": ex.rule_identifier, "reason": ex.requesting_reason,
                              "end_date": ex.end_date.isoformat() if ex.end_date else None})


def _read_workflows(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    for wf in sorted(client.iter_workflows(include_actions=True, page_size=_PAGE), key=lambda w: w.tag):
        if keep(wf.tag):
            tenant.workflows.append(Workflow(wf.tag, wf.name, wf.to_dict()))


def _read_secrets(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    tenant.secrets.extend(sorted((s.tag, s.name or s.tag) for s in client.iter_secrets(page_size=_PAGE) if keep(s.tag)))


def _read_deploys(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> None:
    teams = [t["team_tag"] for t in tenant.teams] or [
        t.team_tag for t in client.list_teams(include_teams_without_members=True) if keep(t.team_tag)]
    for entity in sorted(teams):
        try:
            found = list(client.iter_deploys(tag_or_id=entity, page_size=_PAGE))
        except NotFoundError:
            continue
        for d in found:
            # Its timestamp included (from_api reports it), so the record is kept as it is.
            tenant.deploys.append(provider_inputs(Deploy._provider_type.spec, client, d, {"entity": entity}))


_READERS: dict[str, Callable[[CortexClient, Tenant, Callable[[str], bool]], None]] = {
    "teams": _read_teams, "hierarchy": _read_hierarchy, "scorecards": _read_scorecards,
    "exemptions": _read_exemptions, "workflows": _read_workflows, "secrets": _read_secrets,
    "deploys": _read_deploys,
}


def read_tenant(client: CortexClient, kinds: Sequence[str] = DEFAULT_KINDS, *, tag_prefixes: Sequence[str] = (),
                exclude: Iterable[str] = (), allow_empty: bool = False) -> Tenant:
    """Everything of `kinds` the tenant holds (tags filtered by `tag_prefixes` / `exclude`).

    Raises ImportFailure (one line) for an unknown kind, an unreachable tenant, a token that may not read a
    kind, or (unless `allow_empty`) a tenant with nothing to import."""
    unknown = [k for k in kinds if k not in ALL_KINDS]
    if unknown:
        raise ImportFailure(f"unknown kind {unknown[0]!r} in --kinds; known kinds: {', '.join(ALL_KINDS)}")
    if "exemptions" in kinds and "scorecards" not in kinds:
        raise ImportFailure("--kinds exemptions needs scorecards too: an exemption names its rule through its "
                            "scorecard's rule_identifiers")
    excluded = tuple(exclude)
    tenant = Tenant(base_url=client.base_url, kinds=tuple(k for k in ALL_KINDS if k in kinds))

    def keep(tag: str) -> bool:
        return _selected(tag, tag_prefixes, excluded)

    for kind in tenant.kinds:
        _guarded(kind, client.base_url, partial(_READERS[kind], client, tenant, keep))
    if tenant.object_count == 0 and not allow_empty:
        scope = f" with tags starting {' or '.join(map(repr, tag_prefixes))}" if tag_prefixes else ""
        raise ImportFailure(f"nothing to import: Cortex at {client.base_url} holds no {', '.join(tenant.kinds)}"
                            f"{scope}; check --base-url, --kinds and --tag-prefix")
    return tenant

