"""Property-based fuzzing (schemathesis) of the secrets, teams, hierarchy and deploy operations: never a 5xx.

Cases are generated from the official OpenAPI document, both valid ("positive") and invalid ("negative")
inputs; every answer must be below 500 and, when it is an error, a JSON ErrorResponse.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN
from tests.support.openapi import OPENAPI_PATH, document

AREAS = ("/api/v1/secrets", "/api/v1/teams", "/api/v1/catalog/")


def _operations() -> list[Any]:
    document()  # fails loudly when the OpenAPI document is missing
    schema = schemathesis.openapi.from_path(str(OPENAPI_PATH.resolve()))
    ops = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in ops if op.path.startswith(AREAS) and "scorecards" not in op.path]
    assert len(mine) == 25, [f"{op.method} {op.path}" for op in mine]
    return mine


OPERATIONS = _operations()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS])
def test_no_server_errors(emulator: Emulator, operation: Any, mode: GenerationMode) -> None:
    emulator.reset()
    emulator.register_entity("svc")
    failures: list[str] = []

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {ADMIN_TOKEN}"}
        response = case.call(base_url=emulator.url, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} for body={case.body!r} query={case.query!r}: {response.text[:300]}")
        elif response.status_code >= 400:
            body = response.json()
            if "violations" not in body and not {"type", "message"} <= set(body):
                failures.append(f"{response.status_code} without an ErrorResponse body: {response.text[:300]}")

    exercise()
    assert failures == []
