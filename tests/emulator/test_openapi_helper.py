"""The OpenAPI validation helper itself: it must catch wrong bodies and fail loudly without the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import openapi

TEAM = {
    "id": "en0123456789abcdef", "teamTag": "t", "catalogEntityTag": "t", "type": "CORTEX", "isArchived": False,
    "metadata": {"name": "T"}, "links": [], "slackChannels": [], "cortexTeam": {"members": []},
}


def test_accepts_a_valid_team_and_rejects_broken_ones() -> None:
    openapi.validate_response("get", "/api/v1/teams/{tagOrId}", 200, TEAM)
    broken = [
        {k: v for k, v in TEAM.items() if k != "cortexTeam"},  # the CORTEX variant requires it
        {**TEAM, "type": "OTHER"},
        {**TEAM, "metadata": {"name": "T", "description": None}},  # nulls are not strings
        {**TEAM, "isArchived": "no"},
    ]
    for body in broken:
        with pytest.raises(AssertionError):
            openapi.validate_response("get", "/api/v1/teams/{tagOrId}", 200, body)


def test_rejects_undeclared_operations_and_statuses() -> None:
    with pytest.raises(AssertionError, match="not a path"):
        openapi.validate_response("get", "/api/v1/nothing", 200, {})
    with pytest.raises(AssertionError, match="status 418"):
        openapi.validate_response("get", "/api/v1/secrets", 418, {})


def test_custom_data_values_may_be_strings() -> None:
    deploy = {"uuid": "123e4567-e89b-12d3-a456-426614174000", "title": "t", "type": "DEPLOY",
              "timestamp": "2024-01-01T00:00:00Z", "customData": {"k": "v"}}
    openapi.validate_schema("CustomDeploy1", deploy)
    with pytest.raises(AssertionError):
        openapi.validate_schema("CustomDeploy1", {**deploy, "type": "EXPLODE"})


def test_missing_document_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(openapi, "OPENAPI_PATH", tmp_path / "absent.json")
    openapi.document.cache_clear()
    try:
        with pytest.raises(openapi.OpenApiDocumentMissing, match="cortex-openapi.json not found at"):
            openapi.validate_response("get", "/api/v1/secrets", 200, {})
    finally:
        openapi.document.cache_clear()
