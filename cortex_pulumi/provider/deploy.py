"""The `Deploy` resource: one deploy record of a catalog entity, addressed by `entity/uuid`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import pulumi
from pulumi.dynamic import CreateResult, ReadResult, UpdateResult

from ..client.dates import format_datetime, parse_datetime
from ..client.models.deploy import DEPLOY_TYPES, CustomDeploy, Deployer
from ._base import CortexProvider, gone, input_view, read_or_gone
from ._check import ENTITY_TAG, Checker
from ._diff import Canon, plain, text
from ._ids import deploy_id, parse_deploy_id
from ._read_cache import read_cache
from ._resource import CortexResource
from .kinds import Kind, differences, register, unset

__all__ = ["Deploy", "DeployArgs", "DeployerArgs"]


@attrs.frozen(kw_only=True)
class DeployerArgs:
    """Who deployed."""

    email: pulumi.Input[str] | None = None
    """Email of the deployer."""

    name: pulumi.Input[str] | None = None
    """Name of the deployer (a person or a CI system)."""


@attrs.frozen(kw_only=True)
class DeployArgs:
    """Arguments of `Deploy`."""

    entity: pulumi.Input[str]
    """Tag (or id) of the catalog entity deployed, e.g. `payments.team_tag` or a service tag. Changing it
    records a new deploy on the other entity (replace)."""

    title: pulumi.Input[str]
    """Title of the deploy, e.g. `payments 1.4.2`."""

    type: pulumi.Input[str] | None = None
    """DEPLOY (default), SCALE, ROLLBACK or RESTART."""

    sha: pulumi.Input[str] | None = None
    """Commit SHA deployed."""

    environment: pulumi.Input[str] | None = None
    """Environment, e.g. `prod`."""

    url: pulumi.Input[str] | None = None
    """Link to the deploy (pipeline run, release page)."""

    deployer: pulumi.Input[DeployerArgs] | None = None
    """Who deployed."""

    custom_data: pulumi.Input[Mapping[str, Any]] | None = None
    """Free-form JSON object stored with the deploy."""

    timestamp: pulumi.Input[str] | None = None
    """When it happened (ISO-8601, e.g. `2024-05-01T12:00:00Z`). Defaults to the time of creation, which is
    then kept: omitting it never causes an update."""

    retain_on_delete: pulumi.Input[bool] | None = None
    """Keep the deploy record in Cortex when the resource is deleted (deploy history is often kept as an
    audit trail). Default false: the record is deleted with the resource."""

    adopt: pulumi.Input[bool] | None = None
    """Take over an existing deploy of the entity with the same title, type, sha and environment instead of
    recording a new one; it is then set to the declared state."""


def _deployer(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return plain(value)
    pair = (text(value.get("email")), text(value.get("name")))
    return None if pair == (None, None) else pair


def _timestamp(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_datetime(value)
    except ValueError:
        return value


_BODY = ("title", "type", "sha", "environment", "url", "deployer", "custom_data", "timestamp")


class _DeployProvider(CortexProvider):
    """CRUD for deploy records (`/api/v1/catalog/{entity}/deploys`); the Pulumi id is `entity/uuid`."""

    kind = "deploy"
    label_key = "title"
    fields: ClassVar[dict[str, Canon]] = {
        "entity": plain,
        "title": text,
        "type": lambda v: v or "DEPLOY",
        "sha": text,
        "environment": text,
        "url": text,
        "deployer": _deployer,
        "custom_data": plain,
        "timestamp": _timestamp,
    }
    replace_on = ("entity",)
    # No timestamp in the program: the one recorded at creation stands.
    computed = ("timestamp",)

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

    @staticmethod
    def to_api(props: Mapping[str, Any], timestamp: str | None = None) -> dict[str, Any]:
        deployer = props.get("deployer")
        stamp = props.get("timestamp") or timestamp
        return {
            "title": props["title"],
            "type": props.get("type") or "DEPLOY",
            "timestamp": parse_datetime(stamp) if stamp else None,
            "sha": props.get("sha"),
            "environment": props.get("environment"),
            "url": props.get("url"),
            "deployer": Deployer(email=deployer.get("email"), name=deployer.get("name")) if deployer else None,
            "custom_data": props.get("custom_data"),
        }

    @staticmethod
    def from_api(found: CustomDeploy, props: Mapping[str, Any], entity: str) -> dict[str, Any]:
        who = found.effective_deployer
        return {
            "entity": entity,
            "uuid": found.uuid,
            "title": found.title,
            "type": found.type,
            "sha": found.sha,
            "environment": found.environment,
            "url": found.url,
            "deployer": {"email": who.email, "name": who.name} if who is not None else None,
            "custom_data": dict(found.custom_data) if found.custom_data else None,
            "timestamp": format_datetime(found.timestamp) if found.timestamp else props.get("timestamp"),
            "retain_on_delete": props.get("retain_on_delete"),
            "adopt": props.get("adopt"),
        }

    def _find(self, entity: str, match: Any) -> CustomDeploy | None:
        return _first(self.client.iter_deploys(entity, page_size=1000), match)

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
            current = self.from_api(existing, props, entity)
            declared = {**props, "timestamp": props.get("timestamp") or current["timestamp"]}
            if any(self.fields[k](current.get(k)) != self.fields[k](declared.get(k)) for k in _BODY):
                found = self.client.update_deploy_by_uuid(tag_or_id=entity, uuid=existing.uuid,
                                                          **self.to_api(declared))
            else:
                found = existing
        return CreateResult(deploy_id(entity, found.uuid), self.from_api(found, props, entity))

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        entity, _ = parse_deploy_id(id_)
        found = read_or_gone(read_cache(self.client).read, KIND, id_)  # one listing serves the entity's deploys
        if found is None:
            raise gone()
        outs = self.from_api(found, props, entity)
        return ReadResult(id_, outs, input_view(DeployArgs, outs))

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        entity, uuid = parse_deploy_id(id_)
        declared = self.with_computed(olds, news)
        if all(self.fields[k](olds.get(k)) == self.fields[k](declared.get(k)) for k in _BODY):
            return UpdateResult({**olds, "retain_on_delete": news.get("retain_on_delete"),
                                 "adopt": news.get("adopt")})
        found = self.client.update_deploy_by_uuid(tag_or_id=entity, uuid=uuid, **self.to_api(declared))
        return UpdateResult(self.from_api(found, news, entity))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        if props.get("retain_on_delete"):
            return
        entity, uuid = parse_deploy_id(id_)
        self.client.delete_deploy_by_uuid(tag_or_id=entity, uuid=uuid)


def _first(deploys: Iterable[CustomDeploy], match: Any) -> CustomDeploy | None:
    return next((d for d in deploys if match(d)), None)


def _fetch(client: Any, id_: str) -> CustomDeploy | None:
    entity, uuid = parse_deploy_id(id_)
    return _first(client.iter_deploys(entity, page_size=1000), lambda d: d.uuid == uuid)


def natural_key(d: CustomDeploy) -> tuple[Any, ...]:
    """What makes two deploys of an entity the same record: title, type, sha and environment."""
    return (d.title, d.type or "DEPLOY", unset(d.sha), unset(d.environment))


def _locate(client: Any, inputs: Mapping[str, Any]) -> tuple[str, CustomDeploy] | None:
    entity = inputs.get("entity")
    if not isinstance(entity, str):
        return None
    want = (inputs.get("title"), inputs.get("type") or "DEPLOY", unset(inputs.get("sha")),
            unset(inputs.get("environment")))
    hit = _first(KIND.iter_in(client, entity), lambda d: natural_key(d) == want)
    return (deploy_id(entity, hit.uuid), hit) if hit else None


KIND = register(Kind(
    name="deploy", type_name="Deploy", key_input=None, fetch=_fetch,
    list_in=lambda client, entity, page, size: client.get_deploys_for_entity(tag_or_id=entity, page=page,
                                                                             page_size=size),
    listed_id=lambda d: d.uuid, split_id=parse_deploy_id, join_id=deploy_id, locate=_locate,
    natural_key=natural_key,
    describe=lambda d: f"{d.title!r} ({d.type} {d.sha or '-'} {d.environment or '-'})",
    compare=lambda state, d: differences([(k, state.get(k) or ("DEPLOY" if k == "type" else None), getattr(d, k))
                                          for k in ("title", "type", "sha", "environment")]),
    render=lambda _client, d, props: _DeployProvider.from_api(d, props, props.get("entity", "")),
))


class Deploy(CortexResource, module="cortex", name="Deploy"):
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
