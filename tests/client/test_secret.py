"""Secret operations against the emulator: request shape, parsed results, pagination, errors."""

from __future__ import annotations

import pytest

from cortex_pulumi.client import (
    BadRequestError,
    ConflictError,
    CortexClient,
    ForbiddenError,
    NotFoundError,
    UnauthorizedError,
)
from cortex_pulumi.client.models import SecretResponse
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged, reset_log


def test_create_get_update_delete(client: CortexClient, emu: Emulator) -> None:
    created = client.create_secret(tag="db_pw", name="Payments DB", value="s3cr3t-value")
    assert isinstance(created, SecretResponse)
    assert created.tag == "db_pw" and created.name == "Payments DB"
    assert created.id is not None and created.id.startswith("se") and len(created.id) == 18
    assert logged(emu, "POST", "/api/v1/secrets")[0]["path"] == "/api/v1/secrets"

    assert client.get_secret(tag_or_id="db_pw") == created
    assert client.get_secret(tag_or_id=created.id) == created

    updated = client.update_secret(tag_or_id="db_pw", name="Renamed")
    assert updated.name == "Renamed" and updated.id == created.id
    assert client.update_secret(tag_or_id=created.id, value="rotated-value").name == "Renamed"
    puts = logged(emu, "PUT", at_least=2)
    assert [p["path"] for p in puts] == ["/api/v1/secrets/db_pw", f"/api/v1/secrets/{created.id}"]

    client.delete_secret(tag_or_id="db_pw")
    assert logged(emu, "DELETE")[0]["path"] == "/api/v1/secrets/db_pw"
    with pytest.raises(NotFoundError) as info:
        client.get_secret(tag_or_id="db_pw")
    assert str(info.value).startswith("404 Not Found on GET /api/v1/secrets/db_pw: ")
    with pytest.raises(NotFoundError):
        client.delete_secret(tag_or_id="db_pw")


def test_duplicate_tag_is_conflict_or_bad_request(client: CortexClient) -> None:
    client.create_secret(tag="dup", name="One", value="v1")
    with pytest.raises((ConflictError, BadRequestError)) as info:
        client.create_secret(tag="dup", name="Two", value="v2")
    assert "dup" in str(info.value)
    assert [s.name for s in client.iter_secrets()] == ["One"]


def test_pagination_across_pages(client: CortexClient, emu: Emulator) -> None:
    tags = [f"s_{i:02d}" for i in range(5)]
    for tag in tags:
        client.create_secret(tag=tag, name=tag.upper(), value="x")
    first = client.list_all_secrets(page=0, page_size=2)
    assert (first.page, first.total, first.total_pages, len(first)) == (0, 5, 3, 2)
    last = client.list_all_secrets(page=2, page_size=2)
    assert len(last) == 1 and last.is_last
    reset_log(emu)
    assert sorted(s.tag for s in client.iter_secrets(page_size=1)) == tags
    queries = [r["query"] for r in logged(emu, "GET", "/api/v1/secrets", at_least=5)]
    assert len(queries) == 5 and all("pageSize=1" in q for q in queries)
    reset_log(emu)
    assert sorted(s.tag for s in client.iter_secrets(page_size=1000)) == tags
    assert len(logged(emu, "GET", "/api/v1/secrets")) == 1


def test_iteration_is_lazy(client: CortexClient, emu: Emulator) -> None:
    for i in range(3):
        client.create_secret(tag=f"lazy_{i}", name="n", value="x")
    reset_log(emu)
    iterator = client.iter_secrets(page_size=1)
    assert emu.requests() == []
    next(iterator)
    assert len(logged(emu)) == 1


def test_page_arguments_are_checked_before_sending(client: CortexClient, emu: Emulator) -> None:
    reset_log(emu)
    with pytest.raises(ValueError):
        client.list_all_secrets(page_size=0)
    with pytest.raises(ValueError):
        client.list_all_secrets(page_size=1001)
    with pytest.raises(ValueError):
        client.list_all_secrets(page=-1)
    assert emu.requests() == []


def test_permissions_and_authentication(viewer: CortexClient, emu: Emulator, sleeps: list[float]) -> None:
    with pytest.raises(ForbiddenError):
        viewer.create_secret(tag="v", name="v", value="x")
    with pytest.raises(ForbiddenError):
        viewer.list_all_secrets()
    stranger = CortexClient(base_url=emu.url, api_token="not-a-valid-token", rate_limit_per_minute=None)
    with pytest.raises(UnauthorizedError) as info:
        stranger.get_secret(tag_or_id="x")
    assert "not-a-valid-token" not in str(info.value)


def test_bad_tag_is_rejected_locally(client: CortexClient, emu: Emulator) -> None:
    reset_log(emu)
    with pytest.raises(ValueError):
        client.create_secret(tag="has/slash", name="n", value="x")
    assert emu.requests() == []


def test_verify_credentials(
    client: CortexClient, viewer: CortexClient, emu: Emulator, sleeps: list[float]
) -> None:
    client.verify_credentials()
    viewer.verify_credentials()
    restricted = CortexClient(base_url=emu.url, api_token="no-such-key-000", rate_limit_per_minute=None)
    with pytest.raises(UnauthorizedError):
        restricted.verify_credentials()
