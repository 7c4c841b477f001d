"""Composite Pulumi ids (`entity/uuid`, `scorecard/entity/rule`): built and parsed here and nowhere else."""

from __future__ import annotations

from urllib.parse import quote, unquote


def join_id(*parts: str) -> str:
    """`a/b/c`, each part percent-encoded so a `/` inside a part cannot shift the others."""
    return "/".join(quote(part, safe="") for part in parts)


def split_id(id_: str, count: int, what: str) -> tuple[str, ...]:
    """Inverse of `join_id`; ValueError naming the expected shape when `id_` does not have `count` parts."""
    parts = id_.split("/")
    if len(parts) != count or not all(parts):
        raise ValueError(f"{id_!r} is not a {what} id")
    return tuple(unquote(p) for p in parts)


def deploy_id(entity: str, uuid: str) -> str:
    """The Pulumi id of a deploy: `<entity>/<uuid>`."""
    return join_id(entity, uuid)


def parse_deploy_id(id_: str) -> tuple[str, str]:
    entity, uuid = split_id(id_, 2, "deploy (<entity>/<uuid>)")
    return entity, uuid


def exemption_id(scorecard: str, entity: str, rule_identifier: str) -> str:
    """The Pulumi id of a rule exemption: `<scorecard>/<entity>/<rule identifier>`."""
    return join_id(scorecard, entity, rule_identifier)


def parse_exemption_id(id_: str) -> tuple[str, str, str]:
    scorecard, entity, rule = split_id(id_, 3, "rule exemption (<scorecard>/<entity>/<rule identifier>)")
    return scorecard, entity, rule
