"""Team property shape: the nested objects' keys and the canonical forms `diff` compares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._diff import Canon, flag, keyed_set, plain, text

MEMBER_KEYS = ("email", "name", "description", "notifications_enabled", "roles")
LINK_KEYS = ("name", "type", "url", "description")
CHANNEL_KEYS = ("name", "notifications_enabled", "description")


def _member(m: Any) -> Any:
    if not isinstance(m, Mapping):
        return m
    return (str(m.get("email", "")).lower(), m.get("name"), text(m.get("description")),
            flag(True)(m.get("notifications_enabled")), tuple(sorted(m.get("roles") or ())))


def _link(link: Any) -> Any:
    if not isinstance(link, Mapping):
        return link
    return (link.get("name"), link.get("type"), link.get("url"), text(link.get("description")))


def _channel(ch: Any) -> Any:
    if not isinstance(ch, Mapping):
        return ch
    return (ch.get("name"), flag(False)(ch.get("notifications_enabled")), text(ch.get("description")))


def _ordered(canon: Canon) -> Canon:
    return lambda items: tuple(canon(i) for i in items) if items else None


def _idp(group: Any) -> Any:
    if not isinstance(group, Mapping):
        return plain(group)
    return (group.get("group"), str(group.get("provider", "")).upper())


#: Managed inputs -> canonical form (members compared as a set by email, links and channels in order).
FIELDS: dict[str, Canon] = {
    "team_tag": plain,
    "type": lambda v: v or "CORTEX",
    "idp_group": _idp,
    "name": text,
    "description": text,
    "summary": text,
    "members": keyed_set("email", _member),
    "links": _ordered(_link),
    "slack_channels": _ordered(_channel),
    "archived": flag(False),
}
