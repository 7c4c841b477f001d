"""Approved rule exemptions in an import: one `EXEMPTIONS` row each (the provider's input view, the rule named by
its title), declared by one loop that resolves the rule through its scorecard's `rule_identifiers`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...client.errors import NotFoundError
from ...provider.exemption import _ExemptionProvider
from ..code import slug, table
from ..snapshot import Attention, Skipped, Tenant
from .base import PAGE, ImportKind, Program, provider_inputs
from .scorecard import SCORECARD, Scorecard
from .team import TEAM

if TYPE_CHECKING:
    from ...client import CortexClient

EXEMPTION = _ExemptionProvider.spec


def _read(client: CortexClient, tenant: Tenant, _keep: Callable[[str], bool]) -> list[Any]:
    rows: list[Any] = []
    card: Scorecard
    for card in tenant.rows.get(SCORECARD, []):  # exemptions name their rules through the scorecards declared with them
        try:
            scores = list(client.iter_scorecard_scores(tag=card.tag, page_size=PAGE))
        except NotFoundError:
            continue
        for score in sorted(scores, key=lambda s: s.service.tag or ""):
            rows += [row for ex in score.rule_exemptions
                     if (row := _exemption(client, tenant, card, str(score.service.tag), ex)) is not None]
    return rows


def _exemption(client: CortexClient, tenant: Tenant, card: Scorecard, entity: str, ex: Any) -> dict[str, Any] | None:
    """The row of an approved exemption whose rule is still in its scorecard; the others are listed as skipped."""
    name = f"{card.tag}/{entity}/{ex.rule_identifier}"
    titles = {identifier: title for title, identifier in card.rule_identifiers.items()}
    if ex.status != "APPROVED":
        if ex.status == "PENDING":
            tenant.skipped.append(Skipped(IMPORT.noun, name, "pending: a request awaiting a decision is not "
                                          "configuration; approve or deny it in Cortex, then import again"))
        return None
    if ex.rule_identifier not in titles:
        tenant.skipped.append(Skipped(IMPORT.noun, name, "its rule is no longer in the scorecard"))
        return None
    if ex.end_date:
        tenant.notes.append(Skipped(f"{IMPORT.noun} end date", name, f"expires {ex.end_date.isoformat()} in "
                                      "Cortex; the program does not declare a duration (`days`), so the imported one "
                                      "is kept and a copy to another tenant lasts until revoked"))
    title = titles[ex.rule_identifier]
    return provider_inputs(EXEMPTION, client, ex, {"scorecard": card.tag, "entity": entity, "rule": title,
                                                   "rule_identifier": ex.rule_identifier, "rule_title": title})


def _names(rows: Sequence[dict[str, Any]]) -> list[str]:
    """A resource name per row (`scorecard/entity/rule-title`), unique among them."""
    used: set[str] = set()
    names = []
    for ex in rows:
        name = base = f"{ex['scorecard']}/{ex['entity']}/{slug(ex['rule'])}"
        n = 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names.append(name)
    return names


def _program(program: Program) -> str:
    found = program.rows(EXEMPTION)
    if not found:
        return ""
    rows = [{"name": name, "scorecard": ex["scorecard"], "entity": ex["entity"], "rule": ex["rule"],
             "reason": ex.get("reason")} for name, ex in zip(_names(found), found, strict=True)]
    cards = "".join(f"    {tag!r}: {var},\n" for tag, var in program.variables[SCORECARD].items()
                    if any(r["scorecard"] == tag for r in rows))
    return ("\n# -- Approved rule exemptions: `rule` is the rule's title, resolved through the scorecard --\n"
            + table("EXEMPTIONS", rows, "list[dict]")
            + f"\nscorecards = {{\n{cards}}}\nfor row in EXEMPTIONS:\n    card = scorecards[row[\"scorecard\"]]\n"
            "    cortex.ScorecardExemption(\n        row[\"name\"],\n        scorecard=card.tag,\n"
            "        entity=team_tag(row[\"entity\"]),\n"
            "        rule=card.rule_identifiers.apply(lambda ids, title=row[\"rule\"]: ids[title]),\n"
            "        reason=row[\"reason\"],\n        approve=True,\n        adopt=True,\n    )\n")


def _refused(tenant: Tenant) -> list[Attention]:
    """The exemptions of a scorecard set aside (they name their rule through it), and their notes."""
    kept = {card.tag for card in tenant.rows.get(SCORECARD, [])}
    rows = tenant.rows.get(EXEMPTION, [])
    gone = [ex for ex in rows if ex["scorecard"] not in kept]
    for ex in gone:
        rows.remove(ex)
    if gone:  # the end date of an exemption no longer declared is no note on the program
        cards = tuple({f"{ex['scorecard']}/" for ex in gone})
        tenant.notes[:] = [note for note in tenant.notes if not note.name.startswith(cards)]
    return [Attention(IMPORT.noun, f"{ex['scorecard']}/{ex['entity']}/{ex['rule']}",
                      (f"its scorecard {ex['scorecard']!r} needs attention (above)",)) for ex in gone]


IMPORT = ImportKind(
    spec=EXEMPTION, position=4, noun="exemption", after=(TEAM,),
    needs={SCORECARD: "an exemption names its rule through its scorecard's rule_identifiers"},
    read=_read, program=_program, declared_as="`EXEMPTIONS` rows (approved)",
    compare=lambda rows: {f"{e['scorecard']}/{e['entity']}/{e['rule']}": e.get("reason") for e in rows},
    refused=_refused, reserved=frozenset({"EXEMPTIONS", "scorecards", "rule", "rules", "ids", "title"}),
)
