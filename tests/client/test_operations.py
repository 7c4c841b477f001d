"""Every operationId of the official OpenAPI document has its client method (snake_case, boto3-style)."""

from __future__ import annotations

import inspect
import re

import pytest

from cortex_pulumi.client import CortexClient
from tests.support.openapi import document


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.fixture(scope="module")
def operations() -> list[tuple[str, str, str, dict]]:
    spec = document()
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                found.append((op["operationId"], method.upper(), path, op))
    return found


def test_there_are_45_operations(operations: list) -> None:  # type: ignore[type-arg]
    assert len(operations) == 45


def test_every_operation_has_a_method(operations: list) -> None:  # type: ignore[type-arg]
    missing = [
        op_id for op_id, *_ in operations if not callable(getattr(CortexClient, snake_case(op_id), None))
    ]
    assert missing == []


def test_path_and_query_parameters_are_keyword_arguments(operations: list) -> None:  # type: ignore[type-arg]
    """Each method takes the operation's path and query parameters, snake_cased (page/pageSize included)."""
    problems = []
    for op_id, _method, _path, op in operations:
        signature = inspect.signature(getattr(CortexClient, snake_case(op_id)))
        for param in op.get("parameters", []):
            name = snake_case(param["name"])
            if name not in signature.parameters:
                problems.append(f"{snake_case(op_id)} lacks {name}")
            elif signature.parameters[name].kind is not inspect.Parameter.KEYWORD_ONLY:
                problems.append(f"{snake_case(op_id)}.{name} is not keyword-only")
    assert problems == []


def test_every_method_has_a_docstring_naming_its_operation(operations: list) -> None:  # type: ignore[type-arg]
    undocumented = [
        op_id
        for op_id, *_ in operations
        if op_id not in (getattr(CortexClient, snake_case(op_id)).__doc__ or "")
    ]
    assert undocumented == []


def test_paginated_operations_have_iterators() -> None:
    for name in (
        "iter_scorecards",
        "iter_secrets",
        "iter_workflows",
        "iter_deploys",
        "iter_scorecard_scores",
    ):
        assert callable(getattr(CortexClient, name))
