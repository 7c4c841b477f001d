"""Deploy record changes: what is recorded (title, sha, environment, deployer), corrected or deleted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.deploy import Deploy
from ..model import Line, Quote, Segment, line
from ..preview import ResourceChange
from ..values import from_to, is_unknown, scalar_lines, show
from .base import KindSummary, changed

LABELS = {"entity": "Entity", "title": "Title", "type": "Type", "sha": "Commit", "environment": "Environment",
          "url": "Link", "custom_data": "Custom data", "timestamp": "Time"}


def _deployer(value: Any) -> Any:
    if isinstance(value, Mapping):
        parts = [str(value[k]) for k in ("name", "email") if value.get(k)]
        return " ".join(parts) or None
    return value


def _record(props: Mapping[str, Any]) -> list[Line]:
    out = [line("Records a ", show(props.get("type") or "DEPLOY"), " of ", show(props.get("entity")),
                *((" to ", show(props["environment"])) if props.get("environment") else ()),
                *((" at commit ", show(props["sha"])) if props.get("sha") else ()))]
    if props.get("deployer"):
        out.append(line("Deployer: ", show(_deployer(props["deployer"]))))
    for key in ("url", "timestamp", "custom_data"):
        if props.get(key) is not None:
            out.append(line(f"{LABELS[key]}: ", show(props[key])))
    return out


def _deleted(old: Mapping[str, Any]) -> list[Line]:
    if old.get("retain_on_delete"):
        return [line("Leaves the program; the deploy record is kept in Cortex (retain_on_delete)")]
    return [line("The deploy record is deleted from Cortex's deploy history")]


def _updated(change: ResourceChange) -> list[Line]:
    keys = changed(change, Deploy)
    out = scalar_lines(change, [k for k in keys if k != "deployer"], LABELS)
    if "deployer" in keys:
        out.append(line("Deployer: ", *from_to(_deployer((change.old or {}).get("deployer")),
                                               _deployer((change.new or {}).get("deployer")))))
    return out


def _label(change: ResourceChange) -> tuple[Segment, ...]:
    title, entity = change.value("title"), change.value("entity")
    if isinstance(title, str) and title and not is_unknown(title):
        return (Quote(title), *((" on ", show(entity)) if entity else ()))
    return (show(change.name),)


SUMMARY = KindSummary(
    resource=Deploy, position=7, heading="Deploys", label=_label, created=_record, deleted=_deleted, updated=_updated,
    reasons={"entity": "entity"}, replace_note="the record moves: a new deploy is recorded on the new entity",
)
