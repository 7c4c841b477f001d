"""Observability without leaks: debug logs show method, path, status and attempts, never the token or secrets."""

from __future__ import annotations

import logging

import pytest

from cortex_pulumi.client import CortexClient, CortexError, UnauthorizedError
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

SECRET_VALUE = "plaintext-secret-value-42"


def test_debug_logs_show_requests_but_no_token_or_secret(
    emu: Emulator, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's included
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None)
    emu.set_faults(burst429=1)
    client.create_secret(tag="db_pw", name="DB", value=SECRET_VALUE)
    client.update_secret(tag_or_id="db_pw", value=SECRET_VALUE + "-rotated")
    errors: list[str] = []
    for call in (
        lambda: client.create_secret(tag="db_pw", name="DB", value=SECRET_VALUE),
        lambda: client.get_secret(tag_or_id="missing"),
        lambda: CortexClient(
            base_url=emu.url, api_token="wrong-token-123456", rate_limit_per_minute=None
        ).get_secret(tag_or_id="db_pw"),
    ):
        with pytest.raises(CortexError) as info:
            call()
        errors.append(str(info.value) + repr(info.value) + repr(info.value.__dict__))
    assert isinstance(info.value, UnauthorizedError)

    text = caplog.text + "".join(errors) + repr(client)
    for leak in (ADMIN_TOKEN, SECRET_VALUE, "wrong-token-123456", "Bearer"):
        assert leak not in text, f"{leak!r} leaked into logs or errors"

    ours = [r.getMessage() for r in caplog.records if r.name == "cortex_pulumi.client"]
    assert any(m.startswith("POST /api/v1/secrets -> 200") and "attempts: 2" in m for m in ours)
    assert any(
        "retrying POST /api/v1/secrets after status 429 (attempt 2, Retry-After 1.0 s)" in m for m in ours
    )
    assert any(m.startswith("GET /api/v1/secrets/missing -> 404") for m in ours)
