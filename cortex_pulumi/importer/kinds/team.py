"""Teams in an import: one `TEAMS` row per team (the provider's input view of it), declared by one loop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...provider.team import _TeamProvider
from ..code import table
from ..snapshot import Attention, Skipped, Tenant
from ..validation import input_errors
from .base import ImportKind, Program, provider_inputs

if TYPE_CHECKING:
    from ...client import CortexClient
    from ...client.models.team import TeamResponse

TEAM = _TeamProvider.spec


def team_inputs(client: CortexClient, team: TeamResponse) -> dict[str, Any]:
    """The `Team` inputs of `team`, by one rule for members, links and Slack channels: declared as read when there
    are some (the program owns that list), left out when there are none (the list stays the Cortex UI's, so what a
    colleague adds there survives). It is the provider's input view (an empty list is a default, as in a refresh),
    so import and refresh agree, and no team's ownership depends on a list that happened to be empty."""
    return provider_inputs(TEAM, client, team)


def _read(client: CortexClient, tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    rows = []
    for team in sorted(TEAM.iter_all(client), key=lambda t: t.team_tag):
        if not keep(team.team_tag):
            continue
        rows.append(team_inputs(client, team))
        if team.type == "IDP" and team.idp_group is not None and team.idp_group.members:
            emails = ", ".join(m.email or m.name or "?" for m in team.idp_group.members)
            tenant.skipped.append(Skipped(f"{IMPORT.noun} members", team.team_tag, f"synced from "
                                          f"{team.idp_group.provider} group {team.idp_group.group!r}, not declared: "
                                          f"{emails}"))
    return rows


def _teams(rows: Sequence[dict[str, Any]]) -> str:
    """The `TEAMS` table and the loop declaring each row."""
    return ("\n# -- Teams: one row per team (members, links, Slack channels; IdP teams name their group) --\n"
            + table("TEAMS", [dict(t) for t in rows], "list[dict]")
            + "\nteams: dict[str, cortex.Team] = {}\nfor spec in TEAMS:\n"
            "    teams[spec[\"team_tag\"]] = cortex.Team(spec[\"team_tag\"], **spec, adopt=True)\n")


_TEAM_TAG = ('\n\ndef team_tag(tag: str) -> pulumi.Input[str]:\n'
             '    """A team\'s tag: the Team\'s output when it is declared here, so Pulumi orders the two."""\n'
             '    return teams[tag].team_tag if tag in teams else tag\n\n')


def _program(program: Program) -> str:
    # `teams` always exists, so the `team_tag` helper of the kinds declared after teams works without any.
    rows = program.rows(TEAM)
    text = _teams(rows) if rows else "\nteams: dict[str, cortex.Team] = {}\n"
    return text + (_TEAM_TAG if TEAM in program.referenced else "")


def _team(team: dict[str, Any]) -> dict[str, Any]:
    out = dict(team)
    if "members" in out:
        out["members"] = sorted(out["members"], key=lambda m: str(m.get("email", "")).lower())
    return out


def _refused(tenant: Tenant) -> list[Attention]:
    found = []
    rows = tenant.rows.get(TEAM, [])
    for team in list(rows):
        errors = input_errors(_TeamProvider, {**team, "adopt": True})
        if errors:
            rows.remove(team)
            found.append(Attention(IMPORT.noun, team["team_tag"], tuple(errors)))
    return found


def _owns(tenant: Tenant) -> list[str]:
    if TEAM not in tenant.kinds:
        return []
    return ["- the members, links and Slack channels of each team whose row lists them: all of them, so one added "
            "in the Cortex UI is removed by the next `up` (`cortex-pulumi summarize` lists each such removal in "
            "its caution block). A row without `members`, `links` or `slack_channels` (the team had none when "
            "imported) leaves that list to the Cortex UI: what a colleague adds there stays. Why: the same rule as "
            "`pulumi refresh` (an empty list is what leaving the input out means), so no team's ownership depends "
            "on a list that happened to be empty on the day of the import;"]


IMPORT = ImportKind(
    spec=TEAM, position=1, read=_read, program=_program, declared_as="`TEAMS` rows",
    compare=lambda rows: {t["team_tag"]: _team(t) for t in rows},
    refused=_refused, owns=_owns, reserved=frozenset({"TEAMS", "teams", "team", "spec", "team_tag"}),
)
