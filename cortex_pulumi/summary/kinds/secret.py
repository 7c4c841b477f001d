"""Secret changes: created, renamed, value rotated or rewritten — never a value (they are `[secret]` here)."""

from __future__ import annotations

from ...provider.secret import Secret
from ..model import Code, Line, Quote, line
from ..preview import ResourceChange
from ..values import from_to, is_unknown
from .base import KindSummary, changed, code_label


def _updated(change: ResourceChange) -> list[Line]:
    old, new = change.old or {}, change.new or {}
    keys = changed(change, Secret)
    # The name as Cortex has it: after a refresh the outputs hold it, while the recorded inputs keep the last one
    # written (a secret renamed in the UI is a rename, not a rotation).
    current = (change.old_outputs or {}).get("name", old.get("name"))
    if current != new.get("name") and "name" not in keys and not is_unknown(new.get("name")):
        keys.append("name")
    out = []
    if "tag" in keys:
        out.append(line("Tag: ", *from_to(old.get("tag"), new.get("tag")),
                        " (workflows must refer to the new tag)"))
    if "name" in keys:
        out.append(line("Renamed: ", *from_to(current, new.get("name"))))
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
