"""Deploy operations against the emulator: add, list/iterate, update, and the four deletes."""

from __future__ import annotations

import datetime as dt

import pytest

from cortex_pulumi.client import CortexClient, NotFoundError
from cortex_pulumi.client.models import CustomDeploy, Deployer
from cortex_pulumi.emulator import Emulator
from tests.client.conftest import logged, reset_log

WHEN = dt.datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=dt.timezone.utc)


@pytest.fixture
def entities(emu: Emulator) -> list[str]:
    for tag in ("checkout", "search"):
        emu.register_entity(tag)
    return ["checkout", "search"]


def test_add_and_list(client: CortexClient, emu: Emulator, entities: list[str]) -> None:
    deploy = client.add_deploy_for_entity(
        tag_or_id="checkout",
        title="checkout 1.4.2",
        timestamp=WHEN,
        sha="abc123",
        environment="prod",
        url="https://ci.example.com/1",
        deployer=Deployer(email="ada@example.com", name="Ada"),
        custom_data={"branch": "main", "run": 42},
    )
    assert isinstance(deploy, CustomDeploy)
    assert deploy.uuid and deploy.title == "checkout 1.4.2" and deploy.type == "DEPLOY"
    assert deploy.timestamp == WHEN and deploy.sha == "abc123"
    assert deploy.effective_deployer == Deployer(email="ada@example.com", name="Ada")
    assert deploy.custom_data == {"branch": "main", "run": 42}
    assert logged(emu, "POST")[0]["path"] == "/api/v1/catalog/checkout/deploys"

    page = client.get_deploys_for_entity(tag_or_id="checkout")
    assert (page.total, page.total_pages, len(page)) == (1, 1, 1)
    listed = page.items[0]
    assert listed.uuid == deploy.uuid and listed.deployer == Deployer(email="ada@example.com", name="Ada")
    assert logged(emu, "GET")[0]["query"] == "page=0&pageSize=250"


def test_default_timestamp_is_now(client: CortexClient, entities: list[str]) -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    deploy = client.add_deploy_for_entity(tag_or_id="checkout", title="t", type="RESTART")
    assert deploy.timestamp is not None and before <= deploy.timestamp <= dt.datetime.now(dt.timezone.utc)
    assert deploy.type == "RESTART"


def test_pagination(client: CortexClient, emu: Emulator, entities: list[str]) -> None:
    titles = [f"d{i}" for i in range(5)]
    for i, title in enumerate(titles):
        client.add_deploy_for_entity(
            tag_or_id="search", title=title, timestamp=WHEN + dt.timedelta(minutes=i)
        )
    page = client.get_deploys_for_entity(tag_or_id="search", page=1, page_size=2)
    assert (page.page, page.total, page.total_pages, len(page)) == (1, 5, 3, 2)
    reset_log(emu)
    assert sorted(d.title for d in client.iter_deploys(tag_or_id="search", page_size=1)) == titles
    assert len(logged(emu, "GET", at_least=5)) == 5
    assert sorted(d.title for d in client.iter_deploys(tag_or_id="search", page_size=1000)) == titles


def test_update_by_uuid(client: CortexClient, entities: list[str]) -> None:
    deploy = client.add_deploy_for_entity(tag_or_id="checkout", title="t", sha="old", timestamp=WHEN)
    updated = client.update_deploy_by_uuid(
        tag_or_id="checkout", uuid=deploy.uuid, title="t2", type="ROLLBACK", sha="new", timestamp=WHEN
    )
    assert (updated.uuid, updated.title, updated.type, updated.sha) == (deploy.uuid, "t2", "ROLLBACK", "new")
    # A full replacement: fields not sent are gone.
    assert updated.environment is None
    assert [d.sha for d in client.iter_deploys(tag_or_id="checkout")] == ["new"]
    with pytest.raises(NotFoundError):
        client.update_deploy_by_uuid(
            tag_or_id="checkout", uuid="00000000-0000-0000-0000-000000000000", title="x"
        )


def test_deletes(client: CortexClient, emu: Emulator, entities: list[str]) -> None:
    def add(entity: str, title: str, **kw: str) -> CustomDeploy:
        return client.add_deploy_for_entity(tag_or_id=entity, title=title, timestamp=WHEN, **kw)  # type: ignore[arg-type]

    a = add("checkout", "a", sha="s1", environment="prod")
    add("checkout", "b", sha="s2", environment="staging")
    add("search", "c", sha="s1", environment="prod", type="SCALE")
    add("search", "d", sha="s3", environment="prod")

    removed = client.delete_deploy_by_uuid(tag_or_id="checkout", uuid=a.uuid)
    assert removed is None or removed.uuid == a.uuid
    assert [d.title for d in client.iter_deploys(tag_or_id="checkout")] == ["b"]

    by_filter = client.delete_deploys_by_filter(type="SCALE")
    assert [d.title for d in by_filter] == ["c"]
    assert logged(emu, "DELETE", "/api/v1/catalog/deploys")[-1]["query"] == "type=SCALE"

    for_entity = client.delete_deploys_for_entity(tag_or_id="search", environment="prod")
    assert [d.title for d in for_entity] == ["d"]
    assert list(client.iter_deploys(tag_or_id="search")) == []

    everything = client.delete_all_deploys()
    assert [d.title for d in everything] == ["b"]
    assert list(client.iter_deploys(tag_or_id="checkout")) == []


def test_filterless_bulk_delete_is_refused_locally(client: CortexClient, emu: Emulator) -> None:
    reset_log(emu)
    with pytest.raises(ValueError, match="at least one"):
        client.delete_deploys_by_filter()
    assert emu.requests() == []


def test_unknown_entity(client: CortexClient) -> None:
    with pytest.raises(NotFoundError):
        client.add_deploy_for_entity(tag_or_id="nowhere", title="t")
    with pytest.raises(NotFoundError):
        client.get_deploys_for_entity(tag_or_id="nowhere")
