"""Secret changes: created, renamed, value rotated or rewritten — never a value (they are `[secret]` here)."""

from __future__ import annotations

from ...provider.secret import Secret
from ..model import Code, Line, Quote, line
from ..preview import ResourceChange
from ..values import from_to
from .base import KindSummary, changed, code_label


def _updated(change: ResourceChange) -> list[Line]:
    old, new = change.old or {}, change.new or {}
    keys = changed(change, Secret)
    out = []
    if "tag" in keys:
        out.append(line("Tag: ", *from_to(old.get("tag"), new.get("tag")),
                        " (workflows must refer to the new tag)"))
    if "name" in keys:
        out.append(line("Renamed: ", *from_to(old.get("name"), new.get("name"))))
    if "version" in keys:
        out.append(line("Value written again (version ", *from_to(old.get("version"), new.get("version")), ")"))
    elif change.op == "update" and not keys:
        # The provider reports an update with no visible field changed only when the value's hash differs.
        out.append(line("Value rotated (the new value is not shown)"))
    return out


SUMMARY = KindSummary(
    resource=Secret, position=5, heading="Secrets", label=code_label("tag"),
    created=lambda new: [line("Name ", Quote(str(new.get("name", "")))), line("Value set from the program (not shown)")],
    deleted=lambda old: [line("Deleted; workflows using ", Code("{{context.secrets." + str(old.get("tag", "")) + "}}"),
                              " fail from then on")],
    updated=_updated,
    reasons={"tag": "tag"}, replace_note="Cortex cannot rename a secret's tag: a new secret is created and the "
    "old one deleted",
)
