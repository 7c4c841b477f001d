"""The generated `__main__.py`: data tables plus a loop per kind, one statement per scorecard and secret.

Why tables: a tenant holds hundreds of teams. Hundreds of near-identical `cortex.Team(...)` calls hide the
data in boilerplate, and every change to how teams are declared would have to be made hundreds of times;
one row per team keeps a review diff to the row that changed, and the loop is written once. Scorecards
and secrets stay one statement each, named after their tag: programs refer to them (exemptions name their
rules through `scorecard.rule_identifiers`; workflows use secrets), and there are few of them.
"""

from __future__ import annotations

import pprint
import re
from collections.abc import Callable
from typing import Any

from .names import Names
from .snapshot import Tenant

__all__ = ["config_key", "identifiers", "render_program"]

_WIDTH = 110


def _table(name: str, rows: list[Any], annotation: str) -> str:
    """`NAME: annotation = [` then one row per line (or per block, for long rows), then `]`."""
    lines = [f"{name}: {annotation} = ["]
    for row in rows:
        text = pprint.pformat(row, width=_WIDTH - 4, sort_dicts=False)
        lines.append("    " + text.replace("\n", "\n    ") + ",")
    return "\n".join(lines) + "\n]\n"


def config_key(identifier: str) -> str:
    """The stack config key of a secret's value (a letter first, as Pulumi config keys want)."""
    return identifier if identifier[0].isalpha() else "secret" + identifier


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "rule"


def _header(tenant: Tenant) -> str:
    return f'''"""Cortex as code: the tenant at {tenant.base_url}, as `cortex-pulumi import` read it.

Each kind is a data table plus one loop: edit a row to change that object (the loop stays as it is), add a
row to declare a new one, remove a row and `pulumi up` deletes the object. Scorecards and workflows live in
their own files (scorecards/<tag>.yaml, workflows/<tag>.yaml), in Cortex's own formats. `adopt=True` lets the
first `pulumi up` take over the objects that already exist instead of creating them. README.md lists what
was left out and why.
"""

import cortex_pulumi as cortex
import pulumi

config = pulumi.Config()
'''


def _teams(tenant: Tenant) -> str:
    rows = [dict(t) for t in tenant.teams]
    return ("\n# -- Teams: one row per team (members, links, Slack channels; IdP teams name their group) --\n"
            + _table("TEAMS", rows, "list[dict]")
            + "\nteams: dict[str, cortex.Team] = {}\nfor spec in TEAMS:\n"
            "    teams[spec[\"team_tag\"]] = cortex.Team(spec[\"team_tag\"], **spec, adopt=True)\n")


def _team_tag_helper() -> str:
    return ('\n\ndef team_tag(tag: str) -> pulumi.Input[str]:\n'
            '    """A team\'s tag: the Team\'s output when it is declared here, so Pulumi orders the two."""\n'
            '    return teams[tag].team_tag if tag in teams else tag\n\n')


def _hierarchy(tenant: Tenant) -> str:
    return ("\n# -- Team hierarchy: (parent, child) edges between the teams above --\n"
            + _table("EDGES", list(tenant.edges or ()), "list[tuple[str, str]]")
            + "\ncortex.TeamHierarchy(\n    \"team-hierarchy\",\n"
            "    edges=[cortex.TeamEdgeArgs(parent=team_tag(parent), child=team_tag(child)) for parent, child in EDGES],\n"
            + (f"    ownership=\"{tenant.hierarchy_ownership}\",  # "
               + ("the edges in EDGES; others (the UI's, other stacks') stay\n" if tenant.hierarchy_ownership == "DECLARED"
                  else "every edge: one not in EDGES is removed by `up` (integration-synced ones excepted)\n"))
            + "    adopt=True,\n)\n")


def identifiers(tenant: Tenant) -> tuple[dict[str, str], dict[str, str]]:
    """The variable names of scorecards and of secrets, by tag (one namespace: unique across both);
    ValueError for a tag that cannot become an identifier."""
    names = Names()
    cards = {card.tag: names(card.tag, "scorecard") for card in tenant.scorecards}
    return cards, {tag: names(tag, "secret") for tag, _ in tenant.secrets}


def _scorecards(tenant: Tenant, variables: dict[str, str]) -> str:
    lines = ["\n# -- Scorecards: the descriptors in scorecards/, exactly as Cortex returned them --\n"]
    for card in tenant.scorecards:
        var = variables[card.tag]
        lines.append(f"{var} = cortex.Scorecard.from_file({card.tag!r}, \"scorecards/{card.tag}.yaml\", adopt=True)\n")
    return "".join(lines)


def _exemptions(tenant: Tenant, variables: dict[str, str]) -> str:
    used: set[str] = set()
    rows = []
    for ex in tenant.exemptions:
        name = base = f"{ex['scorecard']}/{ex['entity']}/{_slug(ex['rule_title'])}"
        n = 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        rows.append({"name": name, "scorecard": ex["scorecard"], "entity": ex["entity"], "rule": ex["rule_title"],
                     "reason": ex["reason"]})
    cards = "".join(f"    {tag!r}: {var},\n" for tag, var in variables.items()
                    if any(r["scorecard"] == tag for r in rows))
    return ("\n# -- Approved rule exemptions: `rule` is the rule's title, resolved through the scorecard --\n"
            + _table("EXEMPTIONS", rows, "list[dict]")
            + f"\nscorecards = {{\n{cards}}}\nfor row in EXEMPTIONS:\n    card = scorecards[row[\"scorecard\"]]\n"
            "    cortex.ScorecardExemption(\n        row[\"name\"],\n        scorecard=card.tag,\n"
            "        entity=team_tag(row[\"entity\"]),\n"
            "        rule=card.rule_identifiers.apply(lambda ids, title=row[\"rule\"]: ids[title]),\n"
            "        reason=row[\"reason\"],\n        approve=True,\n        adopt=True,\n    )\n")


def _workflows(tenant: Tenant) -> str:
    tags = [wf.tag for wf in tenant.workflows]
    return ("\n# -- Workflows: the definitions in workflows/ --\n" + _table("WORKFLOWS", tags, "list[str]")
            + "\nfor tag in WORKFLOWS:\n    cortex.Workflow.from_file(tag, f\"workflows/{tag}.yaml\", adopt=True)\n")


def _secrets(tenant: Tenant, variables: dict[str, str]) -> str:
    lines = ["\n# -- Secrets: Cortex never returns a value; each comes from the stack config "
             "(pulumi config set --secret KEY) --\n"]
    for tag, name in tenant.secrets:
        var = variables[tag]
        lines.append(f"{var} = cortex.Secret(\n    {tag!r},\n    tag={tag!r},\n    name={name!r},\n"
                     f"    value=config.require_secret({config_key(var)!r}),\n    adopt=True,\n)\n")
    return "".join(lines)


def _deploys(tenant: Tenant) -> str:
    return ("\n# -- Deploy records (imported on request) --\n" + _table("DEPLOYS", tenant.deploys, "list[dict]")
            + "\nfor number, deploy in enumerate(DEPLOYS):\n"
            "    cortex.Deploy(f\"deploy-{number}\", **{**deploy, \"entity\": team_tag(deploy[\"entity\"])}, adopt=True)\n")


def render_program(tenant: Tenant) -> str:
    """The text of `__main__.py` for `tenant` (ValueError when a tag cannot become an identifier)."""
    cards, secrets = identifiers(tenant)
    parts = [_header(tenant)]
    parts.append(_teams(tenant) if tenant.teams else "\nteams: dict[str, cortex.Team] = {}\n")
    needs_helper = bool(tenant.edges) or bool(tenant.exemptions) or bool(tenant.deploys)
    if needs_helper:
        parts.append(_team_tag_helper())
    sections: list[tuple[bool, Callable[[], str]]] = [
        (bool(tenant.edges), lambda: _hierarchy(tenant)),
        (bool(tenant.scorecards), lambda: _scorecards(tenant, cards)),
        (bool(tenant.exemptions), lambda: _exemptions(tenant, cards)),
        (bool(tenant.workflows), lambda: _workflows(tenant)),
        (bool(tenant.secrets), lambda: _secrets(tenant, secrets)),
        (bool(tenant.deploys), lambda: _deploys(tenant)),
    ]
    parts.extend(render() for wanted, render in sections if wanted)
    text = "".join(parts)
    return re.sub(r"\n{4,}", "\n\n\n", text)
