"""Error mapping: one builder, the documented message format, every status class, token masking."""

from __future__ import annotations

import json

import pytest
import requests

from cortex_pulumi.client import (
    BadRequestError,
    ConflictError,
    CortexAPIError,
    CortexError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)
from cortex_pulumi.client.errors import error_from_response


def response(status: int, body: object = None, headers: dict[str, str] | None = None) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r._content = (
        (json.dumps(body) if not isinstance(body, str) else body).encode() if body is not None else b""
    )
    r.headers.update(headers or {})
    return r


def test_message_format_matches_the_design() -> None:
    error = error_from_response(
        response(
            404, {"type": "NOT_FOUND", "message": "Team not found", "httpStatus": 404, "requestId": "abc"}
        ),
        method="GET",
        path="/api/v1/teams/payments",
    )
    assert isinstance(error, NotFoundError)
    assert str(error) == "404 Not Found on GET /api/v1/teams/payments: Team not found (request id abc)"
    assert (error.status, error.method, error.path, error.type, error.request_id) == (
        404,
        "GET",
        "/api/v1/teams/payments",
        "NOT_FOUND",
        "abc",
    )


@pytest.mark.parametrize(
    "status, cls",
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, BadRequestError),
        (429, RateLimitedError),
        (500, ServerError),
        (503, ServerError),
        (405, CortexAPIError),
    ],
)
def test_status_classes(status: int, cls: type[CortexAPIError]) -> None:
    error = error_from_response(response(status, {"type": "X", "message": "m"}), method="PUT", path="/p")
    assert type(error) is cls
    assert isinstance(error, CortexError)


def test_violations_body_is_listed() -> None:
    body = {
        "ok": False,
        "violations": [
            {
                "title": "Bad rule",
                "description": "level Gold is not in the ladder",
                "violationType": "MUST",
                "pointer": "/rules/0/level",
                "paths": ["/rules/0"],
            }
        ],
    }
    error = error_from_response(response(400, body), method="POST", path="/api/v1/scorecards/descriptor")
    assert isinstance(error, BadRequestError)
    assert error.violations[0].pointer == "/rules/0/level"
    assert "level Gold is not in the ladder" in str(error) and "/rules/0/level" in str(error)


def test_problem_details_429() -> None:
    body = {
        "type": "about:blank",
        "title": "Too Many Requests",
        "status": 429,
        "detail": "Rate limit exceeded",
    }
    error = error_from_response(
        response(429, body, {"Retry-After": "12"}), method="GET", path="/api/v1/secrets"
    )
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 12
    assert str(error) == "429 Too Many Requests on GET /api/v1/secrets: Rate limit exceeded"


def test_details_and_non_json_bodies() -> None:
    error = error_from_response(
        response(400, {"type": "BAD_REQUEST", "message": "Invalid", "details": "tag too long"}),
        method="POST",
        path="/api/v1/secrets",
    )
    assert str(error) == "400 Bad Request on POST /api/v1/secrets: Invalid - tag too long"
    plain = error_from_response(response(502, "<html>Bad gateway</html>"), method="GET", path="/x")
    assert isinstance(plain, ServerError) and "Bad gateway" in str(plain)
    empty = error_from_response(response(500), method="GET", path="/x")
    assert str(empty) == "500 Internal Server Error on GET /x"


def test_token_is_masked_out_of_error_text() -> None:
    token = "sk-live-abcdef0123456789"
    error = error_from_response(
        response(401, {"type": "FORBIDDEN", "message": f"Invalid API key {token}"}),
        method="GET",
        path="/api/v1/teams",
        secrets=[token],
    )
    assert isinstance(error, UnauthorizedError)
    assert token not in str(error) and "***" in str(error)
