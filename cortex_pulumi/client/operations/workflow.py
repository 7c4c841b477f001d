"""Workflow operations: list, get, upsert, validate, async callback, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from .. import models
from ..pagination import DEFAULT_PAGE_SIZE, check_page_args, iterate_pages
from ._base import OperationsBase, seg

__all__ = ["WorkflowOperations"]

_WORKFLOWS = "/api/v1/workflows"


def _as_text(workflow: models.WorkflowDefinition | str) -> tuple[str, str]:
    """(body text, content type); text is sent unchanged, as JSON when it parses as JSON, else YAML."""
    if isinstance(workflow, models.WorkflowDefinition):
        return workflow.to_json(), "application/json"
    try:
        json.loads(workflow)
    except ValueError:
        return workflow, "application/yaml"
    return workflow, "application/json"


class WorkflowOperations(OperationsBase):
    """Workflows, addressed by tag; the definition has the same shape in JSON and YAML."""

    def list_workflows(
        self,
        *,
        include_actions: bool | None = None,
        search_query: str | None = None,
        page: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> models.Page[models.WorkflowDefinition]:
        """``GET /api/v1/workflows`` (listWorkflows): one page; actions only with ``include_actions``."""
        params: dict[str, Any] = {"includeActions": include_actions, "searchQuery": search_query}
        return self._page(
            models.WorkflowDefinition, _WORKFLOWS, "workflows", page=page, page_size=page_size, params=params
        )

    def iter_workflows(
        self,
        *,
        include_actions: bool | None = None,
        search_query: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[models.WorkflowDefinition]:
        """Every workflow, fetched lazily page by page."""
        check_page_args(0, page_size)
        return iterate_pages(
            lambda page: self.list_workflows(
                include_actions=include_actions, search_query=search_query, page=page, page_size=page_size
            )
        )

    def get_workflow(self, *, tag_or_id: str) -> models.WorkflowDefinition:
        """``GET /api/v1/workflows/{tagOrId}`` (getWorkflow): the full definition (JSON requested)."""
        path = f"{_WORKFLOWS}/{seg(tag_or_id)}"
        data = self._call("GET", path, accept="application/json")
        return self._decode(models.WorkflowDefinition, data, method="GET", path=path)

    def create_or_update_workflow(self, *, workflow: models.WorkflowDefinition | str) -> models.WorkflowDefinition:
        """``POST /api/v1/workflows`` (createOrUpdateWorkflow): upsert by tag from a model or JSON/YAML text;
        **replaces an existing workflow whole** (actions and settings the definition leaves out are gone).

        Text is checked locally and sent unchanged. Retried on 5xx: the call is keyed by tag.
        """
        if isinstance(workflow, str):
            models.WorkflowDefinition.from_yaml(workflow)
        text, content_type = _as_text(workflow)
        data = self._call(
            "POST",
            _WORKFLOWS,
            text=text,
            content_type=content_type,
            accept="application/json",
            idempotent=True,
        )
        return self._decode(models.WorkflowDefinition, data, method="POST", path=_WORKFLOWS)

    def validate_workflow_descriptor(self, *, descriptor: models.WorkflowDefinition | str) -> models.ValidationResult:
        """``POST /api/v1/workflows/validate`` (validateWorkflowDescriptor): ``{ok, violations}``.

        Text is sent unchanged (even when it would not parse locally): validation is the server's job here.
        """
        text, content_type = _as_text(descriptor)
        path = f"{_WORKFLOWS}/validate"
        data = self._call("POST", path, text=text, content_type=content_type, idempotent=True)
        return self._decode(models.ValidationResult, data, method="POST", path=path)

    def workflows_async_http_callback(
        self,
        *,
        tag_or_id: str,
        callback_id: str,
        status: str,
        message: str,
        response: Mapping[str, Any] | None = None,
    ) -> None:
        """``POST /api/v1/workflows/{tagOrId}/callback/{callbackId}`` (workflowsAsyncHttpCallback): report
        the result (SUCCESS/FAILURE/UPDATE) of an async HTTP block."""
        body = models.CallbackRequest(status=status, message=message, response=response).to_dict()
        path = f"{_WORKFLOWS}/{seg(tag_or_id)}/callback/{seg(callback_id)}"
        # A callback is not idempotent for UPDATE messages; only a 429 is retried.
        self._send("POST", path, body=body, idempotent=False)

    def delete_workflow(self, *, tag_or_id: str) -> None:
        """``DELETE /api/v1/workflows/{tagOrId}`` (deleteWorkflow)."""
        self._send("DELETE", f"{_WORKFLOWS}/{seg(tag_or_id)}")
