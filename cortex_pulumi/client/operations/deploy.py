"""Deploy operations: list per entity, add (never blindly repeated), update by uuid, and the deletes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import Any, overload

from .. import models
from ..pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, check_page_args, iterate_pages
from ..retry import recover_create
from ._base import ModelLike, OperationsBase, one_of, seg

__all__ = ["DeployOperations"]


def _save_request(*, timestamp: _dt.datetime | None, **fields: Any) -> models.SaveDeployRequest:
    """The body of an add or update; an omitted timestamp is left to the model's default (now, UTC)."""
    if timestamp is not None:
        fields["timestamp"] = timestamp
    return models.SaveDeployRequest(**fields)


def _same_deploy(found: models.CustomDeploy, sent: models.SaveDeployRequest) -> bool:
    fields = ("title", "type", "timestamp", "sha", "environment", "url")
    return all(getattr(found, k) == getattr(sent, k) for k in fields)


def _deleted_body(data: Any) -> Any:
    """Bulk deletes answer ``{deploys: [...]}``; "delete for entity" is typed as a single deploy."""
    if isinstance(data, Mapping) and "deploys" not in data and "uuid" in data:
        return [data]
    return data.get("deploys") if isinstance(data, Mapping) else data


class DeployOperations(OperationsBase):
    """Deploy records of catalog entities; a deploy is addressed by (entity tag or id, uuid)."""

    def get_deploys_for_entity(
        self, *, tag_or_id: str, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE
    ) -> models.Page[models.CustomDeploy]:
        """``GET /api/v1/catalog/{tagOrId}/deploys`` (getDeploysForEntity): one page of deploys."""
        path = f"/api/v1/catalog/{seg(tag_or_id)}/deploys"
        return self._page(models.CustomDeploy, path, "deployments", page=page, page_size=page_size)

    @overload
    def iter_deploys(self, /, *, tag_or_id: str, page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[models.CustomDeploy]: ...

    @overload
    def iter_deploys(  # the former positional form, deprecated
        self, positional_tag_or_id: str, /, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> Iterator[models.CustomDeploy]: ...

    def iter_deploys(self, positional_tag_or_id: str | None = None, /, *, tag_or_id: str | None = None,
                     page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[models.CustomDeploy]:
        """Every deploy of entity ``tag_or_id``, fetched lazily page by page.

        ``tag_or_id`` is keyword-only, as everywhere in the client; a positional value still works
        (DeprecationWarning)."""
        tag_or_id = one_of("iter_deploys", "tag_or_id", tag_or_id, "", positional_tag_or_id, positional=True)
        check_page_args(0, page_size)
        return iterate_pages(
            lambda page: self.get_deploys_for_entity(tag_or_id=tag_or_id, page=page, page_size=page_size)
        )

    def add_deploy_for_entity(self, *, tag_or_id: str, title: str, type: str = "DEPLOY",
                              timestamp: _dt.datetime | None = None, sha: str | None = None,
                              environment: str | None = None, url: str | None = None,
                              deployer: models.Deployer | ModelLike | None = None,
                              custom_data: Mapping[str, Any] | None = None) -> models.CustomDeploy:
        """``POST /api/v1/catalog/{tagOrId}/deploys`` (addDeployForEntity): record a deploy (timestamp
        defaults to now, UTC).

        Never blindly repeated: after an ambiguous failure the entity's deploys are searched for this
        one (same title, type, timestamp, sha, environment, url) before sending it again.
        """
        request = _save_request(title=title, type=type, timestamp=timestamp, sha=sha, environment=environment, url=url,
                              deployer=deployer, custom_data=custom_data)
        body = request.to_dict()
        path = f"/api/v1/catalog/{seg(tag_or_id)}/deploys"

        def attempt() -> models.CustomDeploy:
            data = self._call("POST", path, body=body, idempotent=False)
            return self._decode(models.CustomDeploy, data, method="POST", path=path)

        def landed() -> models.CustomDeploy | None:
            for deploy in self.iter_deploys(tag_or_id=tag_or_id, page_size=MAX_PAGE_SIZE):
                if _same_deploy(deploy, request):
                    return deploy
            return None

        return recover_create(attempt, landed, what=f"deploy {title!r} of {tag_or_id}")

    def update_deploy_by_uuid(self, *, tag_or_id: str, uuid: str, title: str, type: str = "DEPLOY",
                              timestamp: _dt.datetime | None = None, sha: str | None = None,
                              environment: str | None = None, url: str | None = None,
                              deployer: models.Deployer | ModelLike | None = None,
                              custom_data: Mapping[str, Any] | None = None) -> models.CustomDeploy:
        """``PUT /api/v1/catalog/{tagOrId}/deploys/{uuid}`` (updateDeployByUuid): **Replaces the whole deploy
        record** — fields left out are cleared (the timestamp becomes now), so pass every field to keep."""
        body = _save_request(title=title, type=type, timestamp=timestamp, sha=sha, environment=environment, url=url,
                              deployer=deployer, custom_data=custom_data).to_dict()
        path = f"/api/v1/catalog/{seg(tag_or_id)}/deploys/{seg(uuid)}"
        return self._decode(models.CustomDeploy, self._call("PUT", path, body=body), method="PUT", path=path)

    def delete_all_deploys(self) -> tuple[models.CustomDeploy, ...]:
        """``DELETE /api/v1/catalog/deploys/all`` (deleteAllDeploys): every deploy of every entity."""
        path = "/api/v1/catalog/deploys/all"
        return self._decode_list(
            models.CustomDeploy, self._call("DELETE", path), method="DELETE", path=path, key="deploys"
        )

    def delete_deploys_for_entity(
        self,
        *,
        tag_or_id: str,
        environment: str | None = None,
        sha: str | None = None,
        type: str | None = None,
    ) -> tuple[models.CustomDeploy, ...]:
        """``DELETE /api/v1/catalog/{tagOrId}/deploys`` (deleteDeploysForEntity): the entity's deploys
        matching the filters (all of them without filters). Returns what Cortex reports deleted."""
        path = f"/api/v1/catalog/{seg(tag_or_id)}/deploys"
        data = self._call("DELETE", path, params={"environment": environment, "sha": sha, "type": type})
        return self._decode_list(models.CustomDeploy, _deleted_body(data), method="DELETE", path=path)

    def delete_deploy_by_uuid(self, *, tag_or_id: str, uuid: str) -> models.CustomDeploy | None:
        """``DELETE /api/v1/catalog/{tagOrId}/deploys/{uuid}`` (deleteDeployByUuid): the deleted deploy
        (``None`` if Cortex answers without a body)."""
        path = f"/api/v1/catalog/{seg(tag_or_id)}/deploys/{seg(uuid)}"
        data = self._call("DELETE", path)
        if not isinstance(data, dict) or "uuid" not in data:
            return None
        return self._decode(models.CustomDeploy, data, method="DELETE", path=path)

    def delete_deploys_by_filter(
        self, *, environment: str | None = None, sha: str | None = None, type: str | None = None
    ) -> tuple[models.CustomDeploy, ...]:
        """``DELETE /api/v1/catalog/deploys`` (deleteDeploysByFilter): deploys of all entities matching
        the filters. At least one filter is required (``ValueError`` before any request otherwise)."""
        if environment is None and sha is None and type is None:
            raise ValueError("delete_deploys_by_filter needs at least one of environment, sha or type")
        path = "/api/v1/catalog/deploys"
        data = self._call("DELETE", path, params={"environment": environment, "sha": sha, "type": type})
        return self._decode_list(models.CustomDeploy, _deleted_body(data), method="DELETE", path=path)
