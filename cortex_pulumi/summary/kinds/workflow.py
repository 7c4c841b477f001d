"""Workflow changes in Cortex's terms: actions added, removed or changed (by slug), variables, who may run it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.workflow import Workflow
from ...provider.workflow.shape import VARIABLE
from ..model import Code, Line, Quote, Segment, line
from ..preview import ResourceChange
from ..values import counted, from_to, item_changes, keyed, listed, normal, scalar_lines, show
from .base import KindSummary, changed, code_label, sections

LABELS = {
    "tag": "Tag", "name": "Name", "description": "Description", "is_draft": "Draft",
    "is_runnable_via_api": "Runnable through the API", "restrict_action_completion_to_runner_user":
    "Only the runner completes manual steps", "icon_tag": "Icon", "run_response_template": "Success message",
    "failed_run_response_template": "Failure message",
}


def _schema(action: Mapping[str, Any]) -> Mapping[str, Any]:
    schema = action.get("schema")
    return schema if isinstance(schema, Mapping) else {}


def _action(action: Mapping[str, Any]) -> tuple[Segment, ...]:
    schema = _schema(action)
    kind: tuple[Segment, ...] = (" (", show(schema["type"]), ")") if schema.get("type") else ()
    return (Code(str(action.get("slug", ""))), " ", Quote(str(action.get("name", ""))), *kind)


def _action_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[Segment, ...]]:
    out: list[tuple[Segment, ...]] = []
    if old.get("name") != new.get("name"):
        out.append(("name ", *from_to(old.get("name"), new.get("name"))))
    before, after = _schema(old), _schema(new)
    for key in sorted(set(before) | set(after), key=lambda k: (k != "type", k)):
        if normal(before.get(key)) != normal(after.get(key)):
            out.append((f"{key} ", *from_to(before.get(key), after.get(key))))
    if list(old.get("outgoing_actions") or ()) != list(new.get("outgoing_actions") or ()):
        out.append(("next ", *from_to(", ".join(old.get("outgoing_actions") or ()),
                                      ", ".join(new.get("outgoing_actions") or ()))))
    if bool(old.get("is_root_action")) != bool(new.get("is_root_action")):
        out.append(("first action ", *from_to(bool(old.get("is_root_action")), bool(new.get("is_root_action")))))
    return out


def _actions(old: Any, new: Any) -> list[Line]:
    ident = lambda action: str(action.get("slug", ""))  # noqa: E731
    before, after = keyed(old, ident), keyed(new, ident)
    out = [line("Action added: ", *_action(after[k])) for k in after if k not in before]
    out += [line("Action removed: ", *_action(before[k])) for k in before if k not in after]
    for key in (k for k in after if k in before):
        diffs = _action_changes(before[key], after[key])
        if diffs:
            out.append(item_changes(("Action ", Code(key)), diffs))
    return out or [line("Actions: the first action changes")]


def _variables(old: Any, new: Any) -> list[Line]:
    ident = lambda variable: str(variable.get("slug", ""))  # noqa: E731
    before, after = keyed(old, ident), keyed(new, ident)
    out = [line("Variable added: ", Code(k)) for k in after if k not in before]
    out += [line("Variable removed: ", Code(k)) for k in before if k not in after]
    for key in (k for k in after if k in before):
        if VARIABLE(before[key]) != VARIABLE(after[key]):  # the kind's equality: a variable is a STRING unless typed
            out.append(line("Variable ", Code(key), ": ", *from_to(before[key], after[key])))
    return out


def _policies(old: Any, new: Any) -> list[Line]:
    def pairs(value: Any) -> list[str]:
        return [f"{p.get('type')} {p.get('id')}" for p in value or () if isinstance(p, Mapping)]

    before, after = pairs(old), pairs(new)
    return ([line("May run it, added: ", Code(p)) for p in after if p not in before]
            + [line("May run it, removed: ", Code(p)) for p in before if p not in after])


def _filter(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    parts = [str(value.get("type") or "GLOBAL")]
    for key in ("ownership_scope", "entity_types", "entity_groups", "excluded_entity_groups"):
        if value.get(key):
            item = value[key]
            parts.append(f"{key.replace('_', ' ')} {', '.join(item) if isinstance(item, list) else item}")
    return "; ".join(parts)


def _created(props: Mapping[str, Any]) -> list[Line]:
    out = [line("Name ", Quote(str(props.get("name", ""))))] if props.get("name") else []
    out.append(line("Runs ", show(_filter(props.get("filter")) or "GLOBAL")))
    actions = [a for a in props.get("actions") or () if isinstance(a, Mapping)]
    out += listed("Actions", [line(*_action(a)) for a in actions])
    out += listed("Variables", [line(Code(str(v.get("slug")))) for v in props.get("variables") or ()
                                if isinstance(v, Mapping)])
    out += _policies([], props.get("run_restriction_policies"))
    return out


def _updated(change: ResourceChange) -> list[Line]:
    keys = changed(change, Workflow)
    return scalar_lines(change, keys, LABELS) + sections(change, keys, {
        "filter": lambda old, new: [line("Runs: ", *from_to(_filter(old), _filter(new)))],
        "run_restriction_policies": _policies, "variables": _variables, "actions": _actions,
    })


SUMMARY = KindSummary(
    resource=Workflow, position=6, heading="Workflows", label=code_label("tag"), created=_created,
    deleted=lambda old: [line(f"Deleted with its {counted(len(old.get('actions') or ()), 'action')}")], updated=_updated,
    reasons={"tag": "tag"}, replace_note="a new workflow is created and the old one deleted, with its run history",
)
