"""Team changes in Cortex's terms: members, links and Slack channels added or removed, archive state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...provider.team import Team
from ...provider.team.shape import CHANNEL, LINK, MEMBER
from ..model import Code, Line, Quote, Segment, line
from ..preview import ResourceChange
from ..values import counted, field_changes, item_changes, keyed, listed, lower, scalar_lines, show
from .base import KindSummary, changed, code_label, sections

LABELS = {"team_tag": "Team tag", "name": "Name", "description": "Description", "summary": "Summary",
          "type": "Type", "idp_group": "IdP group"}
MEMBER_LABELS = {"name": "name", "description": "description", "notifications_enabled": "notifications",
                 "roles": "roles"}
CHANNEL_LABELS = {"notifications_enabled": "notifications", "description": "description"}


def _member(member: Mapping[str, Any]) -> tuple[Segment, ...]:
    name = member.get("name")
    return ((Quote(str(name)), " ") if name else ()) + (Code(str(member.get("email", ""))),)


def _members(old: Any, new: Any) -> list[Line]:
    before, after = keyed(old, lower("email")), keyed(new, lower("email"))
    out = [line("Member added: ", *_member(after[k])) for k in after if k not in before]
    out += [line("Member removed: ", *_member(before[k])) for k in before if k not in after]
    canon = MEMBER.fields  # the kind's own forms: a member's notifications are on unless turned off
    for key in (k for k in after if k in before):
        diffs = field_changes(before[key], after[key], MEMBER_LABELS, canon)
        if diffs:
            out.append(item_changes(("Member ", *_member(after[key])), diffs))
    return out


def _removals(change: ResourceChange) -> list[Line]:
    """Each member, link and Slack channel the update removes from the team."""
    old, new = change.old or {}, change.new or {}
    team = show(change.value("team_tag"))
    out: list[Line] = []
    for key, what, ident, label in (("members", "member", lower("email"), _member), ("links", "link", LINK, _link),
                                    ("slack_channels", "Slack channel", lower("name"), _channel)):
        if new.get(key) is None:
            continue  # left out: Cortex keeps the list as it is
        before, after = keyed(old.get(key), ident), keyed(new.get(key), ident)
        out += [line(f"Remove {what} ", *label(before[k]), " from team ", team) for k in before if k not in after]
    return out


def _channel(channel: Mapping[str, Any]) -> tuple[Segment, ...]:
    return (show(channel.get("name")),)


def _link(link: Mapping[str, Any]) -> tuple[Segment, ...]:
    return (Quote(str(link.get("name", ""))), " ", show(link.get("url")))


def _links(old: Any, new: Any) -> list[Line]:
    before, after = keyed(old, LINK), keyed(new, LINK)
    out = [line("Link added: ", *_link(after[k])) for k in after if k not in before]
    out += [line("Link removed: ", *_link(before[k])) for k in before if k not in after]
    if not out:
        out.append(line("Links reordered"))
    return out


def _channels(old: Any, new: Any) -> list[Line]:
    before, after = keyed(old, lower("name")), keyed(new, lower("name"))
    out = [line("Slack channel added: ", show(after[k].get("name"))) for k in after if k not in before]
    out += [line("Slack channel removed: ", show(before[k].get("name"))) for k in before if k not in after]
    canon = CHANNEL.fields
    for key in (k for k in after if k in before):
        diffs = field_changes(before[key], after[key], CHANNEL_LABELS, canon)
        if diffs:
            out.append(item_changes(("Slack channel ", show(after[key].get("name"))), diffs))
    return out or [line("Slack channels reordered")]


def _group(group: Any) -> Any:
    if isinstance(group, Mapping):
        return f"{group.get('group')} ({group.get('provider')})"
    return group


def _idp(props: Mapping[str, Any]) -> Any:
    return _group(props.get("idp_group"))


def _reason_value(key: str, value: Any) -> Any:
    return _group(value) if key == "idp_group" else value


def _created(props: Mapping[str, Any]) -> list[Line]:
    out = [line("Name ", Quote(str(props.get("name", ""))))] if props.get("name") else []
    if props.get("description"):
        out.append(line("Description ", Quote(str(props["description"]))))
    if props.get("idp_group"):
        out.append(line("Members synced from the IdP group ", show(_idp(props))))
    out += listed("Members", [line(*_member(m)) for m in props.get("members") or () if isinstance(m, Mapping)])
    out += listed("Links", [line(*_link(link)) for link in props.get("links") or () if isinstance(link, Mapping)])
    channels = [line(show(c.get("name"))) for c in props.get("slack_channels") or () if isinstance(c, Mapping)]
    out += listed("Slack channels", channels)
    if props.get("archived"):
        out.append(line("Archived"))
    return out


def _deleted(old: Mapping[str, Any]) -> list[Line]:
    return [line(f"Deleted ({counted(len(old.get('members') or ()), 'member')}); its edges in the hierarchy and its "
                 "ownership of entities go")]


def _updated(change: ResourceChange) -> list[Line]:
    old, new = change.old or {}, change.new or {}
    keys = changed(change, Team)
    out = scalar_lines(change, [k for k in keys if k != "idp_group"], LABELS)
    if "idp_group" in keys:
        out.append(line("IdP group: ", show(_idp(old)), " → ", show(_idp(new))))
    if "archived" in keys:
        out.append(line("Archived" if new.get("archived") else "Unarchived (active again)"))
    return out + sections(change, keys, {"members": _members, "links": _links, "slack_channels": _channels})


SUMMARY = KindSummary(
    resource=Team, position=3, heading="Teams", label=code_label("team_tag"),
    created=_created, deleted=_deleted, updated=_updated,
    reasons={"team_tag": "team tag", "type": "team type", "idp_group": "IdP group"},
    replace_note="a new team is created and the old one deleted, with its place in the hierarchy",
    reason_value=_reason_value, removals=_removals,
)
