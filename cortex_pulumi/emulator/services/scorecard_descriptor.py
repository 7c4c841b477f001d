"""Scorecard YAML descriptors: parse and validate (as violations); read-back forms come from scorecard_readback."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from cortex_pulumi.contract.cql import cql_problems
from cortex_pulumi.emulator.services.scorecard_readback import (
    effective,
    posted,
    rule_identifier,
    timestamp,
    to_json,
    to_yaml,
)
from cortex_pulumi.emulator.services.violations import (
    DocumentError,
    ViolationList,
    checked,
    parse_yaml_or_raise,
    type_name as violation_type_name,
)

TAG_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
FILTER_KINDS = frozenset({"GENERIC"})
FILTER_CATEGORIES = frozenset({"SERVICE", "RESOURCE", "DOMAIN"})


class DescriptorError(DocumentError):
    """The descriptor is invalid; ``violations`` says where and why."""


# --------------------------------------------------------------------------- validation


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Checker:
    """Collects violations for one descriptor, with line numbers from the YAML node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.out = ViolationList(root)

    def add(self, path: tuple[str | int, ...], title: str, description: str) -> None:
        self.out.add(path, title, description)

    def typed(
        self, obj: dict[str, Any], key: str, path: tuple[str | int, ...], kind: str, required: bool = False
    ) -> bool:
        """Check ``obj[key]`` has the kind: string, boolean, integer, number, mapping, list."""
        if key not in obj or obj[key] is None:
            if required:
                self.add((*path, key), "Missing required field", f"`{key}` is required")
            return False
        value = obj[key]
        checks: dict[str, Callable[[Any], bool]] = {
            "string": lambda v: isinstance(v, str),
            "boolean": lambda v: isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": _is_number,
            "mapping": lambda v: isinstance(v, dict),
            "list": lambda v: isinstance(v, list),
        }
        if not checks[kind](value):
            self.add((*path, key), "Wrong type", f"`{key}` must be a {kind}, got {type_name(value)}")
            return False
        return True

    def enum(self, obj: dict[str, Any], key: str, path: tuple[str | int, ...], allowed: frozenset[str]) -> None:
        if self.typed(obj, key, path, "string") and obj[key] not in allowed:
            choices = ", ".join(sorted(allowed))
            self.add((*path, key), "Unknown value", f"`{key}` must be one of {choices}, got {obj[key]!r}")

    def cql(self, text: str, path: tuple[str | int, ...]) -> None:
        """Cortex checks CQL when the scorecard is saved (and in a dry run), not first when it scores."""
        for problem in cql_problems(text):
            self.add(path, "Invalid CQL", f"`{path[-1]}` is not valid CQL: {problem}")

    def bools(self, obj: dict[str, Any], path: tuple[str | int, ...], keys: tuple[str, ...]) -> None:
        for key in keys:
            self.typed(obj, key, path, "boolean")

    def filter(self, obj: dict[str, Any], key: str, path: tuple[str | int, ...]) -> None:
        if not self.typed(obj, key, path, "mapping"):
            return
        flt = obj[key]
        here = (*path, key)
        self.enum(flt, "kind", here, FILTER_KINDS)
        self.enum(flt, "category", here, FILTER_CATEGORIES)
        if self.typed(flt, "query", here, "string"):
            self.cql(flt["query"], (*here, "query"))
        for part in ("types", "groups"):
            if not self.typed(flt, part, here, "mapping"):
                continue
            sub = flt[part]
            for side in ("include", "exclude"):
                if self.typed(sub, side, (*here, part), "list"):
                    for i, item in enumerate(sub[side]):
                        if not isinstance(item, str):
                            self.add((*here, part, side, i), "Wrong type", f"`{part}.{side}` items must be strings")
            if sub.get("include") and sub.get("exclude"):
                self.add((*here, part), "Conflicting filter", f"`{part}` may set only one of include or exclude")

    def check(self, doc: dict[str, Any]) -> None:
        top: tuple[str | int, ...] = ()
        if self.typed(doc, "tag", top, "string", required=True) and not TAG_PATTERN.match(doc["tag"]):
            self.add(("tag",), "Invalid tag", f"`tag` must match {TAG_PATTERN.pattern}")
        if self.typed(doc, "name", top, "string", required=True) and not doc["name"].strip():
            self.add(("name",), "Missing required field", "`name` must not be empty")
        self.typed(doc, "description", top, "string")
        self.typed(doc, "draft", top, "boolean")
        if self.typed(doc, "notifications", top, "mapping"):
            self.bools(doc["notifications"], ("notifications",), ("enabled", "scoreDropNotificationsEnabled"))
        if self.typed(doc, "exemptions", top, "mapping"):
            keys = ("enabled", "autoApprove", "userSpecificNotifications")
            self.bools(doc["exemptions"], ("exemptions",), keys)
        if self.typed(doc, "evaluation", top, "mapping"):
            ev = doc["evaluation"]
            if self.typed(ev, "window", ("evaluation",), "integer") and ev["window"] < 1:
                self.add(("evaluation", "window"), "Invalid value", "`window` must be at least 1 hour")
        self.filter(doc, "filter", top)
        level_names = self.ladder(doc)
        self.rules(doc, level_names)

    def ladder(self, doc: dict[str, Any]) -> set[str] | None:
        if not self.typed(doc, "ladder", (), "mapping"):
            return None
        ladder = doc["ladder"]
        self.typed(ladder, "name", ("ladder",), "string")
        names: set[str] = set()
        if not self.typed(ladder, "levels", ("ladder",), "list", required=True):
            return names
        if not ladder["levels"]:
            self.add(("ladder", "levels"), "Missing required field", "a ladder needs at least one level")
        ranks: set[int] = set()
        for i, level in enumerate(ladder["levels"]):
            path = ("ladder", "levels", i)
            if not isinstance(level, dict):
                self.add(path, "Wrong type", f"a level must be a mapping, got {type_name(level)}")
                continue
            if self.typed(level, "name", path, "string", required=True):
                if level["name"] in names:
                    self.add((*path, "name"), "Duplicate level", f"level name {level['name']!r} is used twice")
                names.add(level["name"])
            if self.typed(level, "rank", path, "integer", required=True):
                if level["rank"] < 1:
                    self.add((*path, "rank"), "Invalid value", "`rank` must be at least 1 (1 is the lowest)")
                elif level["rank"] in ranks:
                    self.add((*path, "rank"), "Duplicate level", f"level rank {level['rank']} is used twice")
                ranks.add(level["rank"])
            self.typed(level, "description", path, "string")
            self.typed(level, "color", path, "string", required=True)
        return names

    def rules(self, doc: dict[str, Any], level_names: set[str] | None) -> None:
        if not self.typed(doc, "rules", (), "list", required=True):
            return
        titles: set[str] = set()
        idents: set[str] = set()
        for i, rule in enumerate(doc["rules"]):
            path: tuple[str | int, ...] = ("rules", i)
            if not isinstance(rule, dict):
                self.add(path, "Wrong type", f"a rule must be a mapping, got {type_name(rule)}")
                continue
            if self.typed(rule, "title", path, "string"):
                if rule["title"] in titles:
                    self.add((*path, "title"), "Duplicate rule", f"rule title {rule['title']!r} is used twice")
                titles.add(rule["title"])
            has_expr = self.typed(rule, "expression", path, "string", required=True)
            if has_expr and not rule["expression"].strip():
                self.add((*path, "expression"), "Missing required field", "`expression` must not be empty")
            elif has_expr and "title" not in rule:
                if rule["expression"] in idents:
                    self.add(path, "Duplicate rule", "two untitled rules share the same expression")
                idents.add(rule["expression"])
            if has_expr and rule["expression"].strip():
                self.cql(rule["expression"], (*path, "expression"))
            self.typed(rule, "description", path, "string")
            self.typed(rule, "failureMessage", path, "string")
            if self.typed(rule, "weight", path, "number") and rule["weight"] <= 0:
                self.add((*path, "weight"), "Invalid value", "`weight` must be a positive number")
            if self.typed(rule, "level", path, "string"):
                if level_names is None:
                    self.add((*path, "level"), "Unknown level", "the scorecard has no ladder, so rules take no level")
                elif rule["level"] not in level_names:
                    self.add((*path, "level"), "Unknown level", f"level {rule['level']!r} is not in the ladder")
            if rule.get("effectiveFrom") is not None and timestamp(rule["effectiveFrom"]) is None:
                self.add((*path, "effectiveFrom"), "Wrong type", "`effectiveFrom` must be an ISO-8601 date-time")
            self.filter(rule, "filter", path)


def type_name(value: Any) -> str:
    return violation_type_name(value, mapping="a mapping")


def parse(text: str) -> dict[str, Any]:
    """Parse and validate descriptor text; return it as read back (scorecard_readback.posted) or raise DescriptorError."""
    data, root = parse_yaml_or_raise(text, DescriptorError)
    checker = _Checker(root)
    descriptor = checked(data, checker.out, ("Not a mapping", "the descriptor must be a YAML mapping"), checker.check,
                         DescriptorError)
    try:
        return posted(descriptor)
    except RecursionError:
        raise DescriptorError([ViolationList.deep()]) from None


def find_rule(descriptor: dict[str, Any], identifier: str) -> dict[str, Any] | None:
    """The descriptor rule with this identifier, if any."""
    for rule in descriptor["rules"]:
        if rule_identifier(descriptor["tag"], rule) == identifier:
            return rule
    return None


__all__ = [
    "DescriptorError",
    "TAG_PATTERN",
    "effective",
    "find_rule",
    "parse",
    "rule_identifier",
    "to_json",
    "to_yaml",
]
