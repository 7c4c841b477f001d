"""The in-repository copy of the official OpenAPI document: structural only, and in step with upstream."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support import openapi_structure
from tests.support.openapi import document

ROOT = Path(__file__).resolve().parents[1]


def upstream_document() -> Path | None:
    """The official document, when the checkout has it beside it (CI names it for its isolated clone)."""
    named = os.environ.get("CORTEX_OPENAPI_UPSTREAM")
    if named:
        return Path(named)
    beside = ROOT.parent / "shared" / "cortex-openapi.json"
    return beside if beside.is_file() else None


def test_the_copy_holds_the_45_operations_and_their_schemas() -> None:
    doc = document()
    operations = [op for item in doc["paths"].values() for op in item.values() if "operationId" in op]
    assert len(operations) == 45
    assert all(op["responses"] for op in operations)
    assert {"TeamResponse", "ScorecardResponse", "WorkflowDefinition"} <= set(doc["components"]["schemas"])


def test_the_copy_carries_no_prose() -> None:
    text = openapi_structure.COPY_PATH.read_text(encoding="utf-8")
    doc = json.loads(text)
    # Stripping the copy again removes nothing, and it is written in its canonical form.
    assert openapi_structure.render(doc) == text
    for operation in (op for item in doc["paths"].values() for op in item.values()):
        assert not {"summary", "description", "tags"} & set(operation)


def test_stripping_keeps_property_names_and_drops_prose() -> None:
    source = {
        "info": {"title": "T", "version": "v1", "description": "prose"},
        "paths": {"/a": {"get": {"summary": "s", "operationId": "getA", "x-hint": 1, "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "example": {"a": 1},
                "properties": {"description": {"type": "string", "description": "prose"}}}}}}}}}},
    }
    assert openapi_structure.structural_copy(source) == {
        "info": {"title": "T", "version": "v1"}, "servers": [],
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"content": {"application/json": {
            "schema": {"type": "object", "properties": {"description": {"type": "string"}}}}}}}}}},
    }


def test_the_copy_matches_the_upstream_document() -> None:
    upstream = upstream_document()
    if upstream is None:
        pytest.skip("no upstream cortex-openapi.json beside the checkout to compare the copy with")
    expected = openapi_structure.render(json.loads(upstream.read_text(encoding="utf-8")))
    actual = openapi_structure.COPY_PATH.read_text(encoding="utf-8")
    assert actual == expected, (
        f"the structural copy differs from {upstream}: refresh it with "
        f"`python -m tests.support.openapi_structure {upstream}` and review the contract change"
    )
