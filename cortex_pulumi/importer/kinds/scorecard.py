"""Scorecards in an import: each descriptor exactly as Cortex returns it, in `scorecards/<tag>.yaml`, declared by
one `Scorecard.from_file` statement named after its tag (exemptions refer to it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from ...provider.scorecard import _ScorecardProvider
from ..names import check_file_tag
from ..snapshot import Attention, Tenant
from ..validation import document_errors
from .base import ImportKind, Program, meaningful

if TYPE_CHECKING:
    from ...client import CortexClient

SCORECARD = _ScorecardProvider.spec


@attrs.frozen
class Scorecard:
    """A scorecard: its descriptor text exactly as Cortex returned it, and its rules' identifiers by title."""

    tag: str
    name: str
    descriptor: str
    rule_identifiers: dict[str, str]


def _read(client: CortexClient, _tenant: Tenant, keep: Callable[[str], bool]) -> list[Any]:
    listed = [s for s in SCORECARD.iter_all(client) if keep(s.tag)]
    return [Scorecard(card.tag, card.name, client.get_scorecard_descriptor_text(tag=card.tag), dict(card.rule_identifiers))
            for card in sorted(listed, key=lambda s: s.tag)]


def _file(card: Scorecard) -> str:
    return f"scorecards/{card.tag}.yaml"


def _program(program: Program) -> str:
    cards: Sequence[Scorecard] = program.rows(SCORECARD)
    if not cards:
        return ""
    variables = program.variables[SCORECARD]
    lines = ["\n# -- Scorecards: the descriptors in scorecards/, exactly as Cortex returned them --\n"]
    lines += [f"{variables[card.tag]} = cortex.Scorecard.from_file({card.tag!r}, \"{_file(card)}\", adopt=True)\n"
              for card in cards]
    return "".join(lines)


def _files(cards: Sequence[Scorecard]) -> dict[str, str]:
    for card in cards:
        check_file_tag(card.tag, IMPORT.noun)
    return {_file(card): card.descriptor for card in cards}


def _refused(tenant: Tenant) -> list[Attention]:
    found = []
    cards = tenant.rows.get(SCORECARD, [])
    for card in list(cards):
        errors = document_errors(_ScorecardProvider, card.descriptor)
        if errors:
            cards.remove(card)
            found.append(Attention(IMPORT.noun, card.tag, tuple(errors), _file(card), card.descriptor))
    return found


def _compare(cards: Sequence[Scorecard]) -> dict[str, Any]:
    return {c.tag: meaningful(yaml.safe_load(c.descriptor)) for c in cards}


IMPORT = ImportKind(
    spec=SCORECARD, position=3, read=_read, program=_program,
    declared_as="`scorecards/<tag>.yaml` + `Scorecard.from_file`", compare=_compare,
    named=lambda cards: [card.tag for card in cards], files=_files, refused=_refused,
)
