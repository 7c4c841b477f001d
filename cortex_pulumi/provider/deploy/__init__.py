"""The `Deploy` resource: one deploy record of a catalog entity, addressed by `entity/uuid`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, UpdateResult

from ...client.models.deploy import DEPLOY_TYPES, CustomDeploy
from .._base import CortexProvider, gone, read_or_gone
from .._check import ENTITY_TAG, Checker
from .._ids import deploy_id, parse_deploy_id
from .._read_cache import read_cache
from ..kinds import Kind, unset
from ._signature import DeployArgsDict, DeployerArgsDict, DeploySignature
from .args import DeployArgs, DeployerArgs
from .shape import COMPUTED, FIELDS, from_api, to_api

__all__ = ["Deploy", "DeployArgs", "DeployArgsDict", "DeployerArgs", "DeployerArgsDict"]


_BODY = ("title", "type", "sha", "environment", "url", "deployer", "custom_data", "timestamp")


def _first(deploys: Iterable[CustomDeploy], match: Any) -> CustomDeploy | None:
    return next((d for d in deploys if match(d)), None)


def _fetch(client: Any, id_: str) -> CustomDeploy | None:
    entity, uuid = parse_deploy_id(id_)
    return _first(client.iter_deploys(tag_or_id=entity, page_size=1000), lambda d: d.uuid == uuid)


def natural_key(d: CustomDeploy) -> tuple[Any, ...]:
    """What makes two deploys of an entity the same record: title, type, sha and environment."""
    return (d.title, d.type or "DEPLOY", unset(d.sha), unset(d.environment))


def _locate(client: Any, inputs: Mapping[str, Any]) -> tuple[str, CustomDeploy] | None:
    entity = inputs.get("entity")
    if not isinstance(entity, str):
        return None
    want = (inputs.get("title"), inputs.get("type") or "DEPLOY", unset(inputs.get("sha")),
            unset(inputs.get("environment")))
    hit = _first(_DeployProvider.spec.iter_in(client, entity), lambda d: natural_key(d) == want)
    return (deploy_id(entity, hit.uuid), hit) if hit else None


class _DeployProvider(CortexProvider):
    """CRUD for deploy records (`/api/v1/catalog/{entity}/deploys`); the Pulumi id is `entity/uuid`."""

    spec = Kind(
        permission="Edit entities",
        name="deploy", type_name="Deploy", key_input=None, replace_on=("entity",),
        fields=FIELDS, args=DeployArgs, computed=COMPUTED, fetch=_fetch,
        list_in=lambda client, entity, page, size: client.get_deploys_for_entity(tag_or_id=entity, page=page,
                                                                                 page_size=size),
        listed_id=lambda d: d.uuid, split_id=parse_deploy_id, join_id=deploy_id, locate=_locate,
        natural_key=natural_key,
        describe=lambda d: f"{d.title!r} ({d.type} {d.sha or '-'} {d.environment or '-'})",
        render=lambda _client, d, props: from_api(d, props),
    )
    label_key = "title"

    def validate(self, c: Checker) -> None:
        c.tag("entity", ENTITY_TAG, what="entity tag")
        c.string("title", required=True)
        c.enum("type", DEPLOY_TYPES)
        for key in ("sha", "environment", "url"):
            c.string(key)
        deployer = c.mapping("deployer")
        if deployer is not None:
            c.keys("deployer", deployer, ("email", "name"))
            if deployer.get("email") is not None:
                c.email(deployer["email"], "deployer.email")
            c.string("", value=deployer.get("name"), path="deployer.name")
        c.mapping("custom_data")
        c.timestamp("timestamp")
        c.boolean("retain_on_delete")
        c.boolean("adopt")

    # -- helpers ------------------------------------------------------------------------------------

    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def _find(self, entity: str, match: Any) -> CustomDeploy | None:
        return _first(self.client.iter_deploys(tag_or_id=entity, page_size=1000), match)

    # -- CRUD ---------------------------------------------------------------------------------------

    def _create(self, props: dict[str, Any]) -> CreateResult:
        entity = props["entity"]
        body = self.to_api(props)
        existing = None
        if props.get("adopt"):
            existing = self._find(entity, lambda d: (d.title, d.type, d.sha, d.environment) == (
                body["title"], body["type"], body["sha"], body["environment"]))
        if existing is None:
            found = self.client.add_deploy_for_entity(tag_or_id=entity, **body)
        else:
            current = self.from_api(existing, props)
            declared = {**props, "timestamp": props.get("timestamp") or current["timestamp"]}
            if any(self.fields[k](current.get(k)) != self.fields[k](declared.get(k)) for k in _BODY):
                found = self.client.update_deploy_by_uuid(tag_or_id=entity, uuid=existing.uuid,
                                                          **self.to_api(declared))
            else:
                found = existing
        return CreateResult(deploy_id(entity, found.uuid), self.from_api(found, props))

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        entity, _ = parse_deploy_id(id_)
        found = read_or_gone(read_cache(self.client).read, self.spec, id_)  # one listing serves the entity's deploys
        if found is None:
            raise gone()
        outs = self.from_api(found, {**props, "entity": entity})
        return ReadResult(id_, outs, self.spec.inputs(outs))

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        entity, uuid = parse_deploy_id(id_)
        declared = self.with_computed(olds, news)
        if all(self.fields[k](olds.get(k)) == self.fields[k](declared.get(k)) for k in _BODY):
            return UpdateResult({**olds, "retain_on_delete": news.get("retain_on_delete"),
                                 "adopt": news.get("adopt")})
        found = self.client.update_deploy_by_uuid(tag_or_id=entity, uuid=uuid, **self.to_api(declared))
        return UpdateResult(self.from_api(found, {**news, "entity": entity}))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        if props.get("retain_on_delete"):
            return
        entity, uuid = parse_deploy_id(id_)
        self.client.delete_deploy_by_uuid(tag_or_id=entity, uuid=uuid)


class Deploy(DeploySignature):
    """A deploy recorded on a catalog entity (shown in its deploy history and used by scorecard rules).

    ```python
    cortex.Deploy("release", entity=payments.team_tag, title="payments 1.4.2", type="DEPLOY",
                  sha=config.require("sha"), environment="prod", retain_on_delete=True)
    ```
    The Pulumi id is `<entity>/<uuid>`. Changes update the record in place (PUT by uuid).
    """

    _args_type = DeployArgs
    _provider_type = _DeployProvider
    _outputs = ("uuid",)

    entity: pulumi.Output[str]
    """The entity the deploy belongs to."""
    uuid: pulumi.Output[str]
    """Cortex's uuid of the deploy record."""
    title: pulumi.Output[str]
    """Title of the deploy."""
    type: pulumi.Output[str]
    """DEPLOY, SCALE, ROLLBACK or RESTART."""
    timestamp: pulumi.Output[str]
    """When the deploy happened (UTC, ISO-8601)."""
