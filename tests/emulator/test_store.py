"""The SQLite document store: ordering, prefixes, transactions, counters, durability, concurrent writers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cortex_pulumi.emulator import Emulator
from cortex_pulumi.emulator.store import Store
from tests.support import api


def test_put_get_delete_and_stable_order() -> None:
    store = Store()
    with store.transaction() as tx:
        for key in ("b", "a", "c"):
            tx.put("thing", key, {"k": key})
        tx.put("other", "a", {"k": "other"})
    with store.transaction() as tx:
        tx.put("thing", "b", {"k": "b2"})  # an update keeps the creation position
    with store.read() as tx:
        assert [d["k"] for d in tx.list("thing")] == ["b2", "a", "c"]
        assert tx.keys("thing") == ["b", "a", "c"]
        assert tx.get("thing", "a") == {"k": "a"} and tx.get("thing", "zz") is None
        assert tx.count("thing") == 3 and tx.count("other") == 1
        assert [d["k"] for d in tx.list("thing", offset=1, limit=1)] == ["a"]
    with store.transaction() as tx:
        assert tx.delete("thing", "a") is True and tx.delete("thing", "a") is False
    with store.read() as tx:
        assert tx.keys("thing") == ["b", "c"]


def test_prefix_queries() -> None:
    store = Store()
    with store.transaction() as tx:
        for key in ("svc/1", "svc/2", "svc-b/1", "sv/1", "svc/\U0001f600"):
            tx.put("deploy", key, {"key": key})
    with store.read() as tx:
        assert tx.keys("deploy", prefix="svc/") == ["svc/1", "svc/2", "svc/\U0001f600"]
        assert tx.count("deploy", prefix="svc/") == 3
    with store.transaction() as tx:
        assert tx.delete_prefix("deploy", "svc/") == 3
    with store.read() as tx:
        assert tx.keys("deploy") == ["svc-b/1", "sv/1"]


def test_failed_transaction_rolls_back_everything() -> None:
    store = Store()
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put("thing", "a", {"x": 1})
        tx.next_int("ids")
        raise RuntimeError("boom")
    with store.read() as tx:
        assert tx.get("thing", "a") is None
    with store.transaction() as tx:
        assert tx.next_int("ids") == 1 and tx.next_int("ids") == 2


def test_reads_cannot_write() -> None:
    store = Store()
    with store.read() as tx, pytest.raises(RuntimeError, match="transaction"):
        tx.put("thing", "a", {})


def test_clear() -> None:
    store = Store()
    with store.transaction() as tx:
        tx.put("thing", "a", {})
        tx.next_int("ids")
    store.clear()
    with store.transaction() as tx:
        assert tx.count("thing") == 0 and tx.next_int("ids") == 1


def test_file_store_survives_reopen_and_uses_wal(tmp_path: Path) -> None:
    path = str(tmp_path / "cortex.db")
    store = Store(path)
    with store.transaction() as tx:
        tx.put("thing", "a", {"v": [1, "two", None]})
    store.close()
    reopened = Store(path)
    with reopened.read() as tx:
        assert tx.get("thing", "a") == {"v": [1, "two", None]}
    assert (tmp_path / "cortex.db-wal").exists()
    reopened.close()


def test_in_process_restart_on_the_same_db(tmp_path: Path) -> None:
    db = str(tmp_path / "emu.db")
    with Emulator(db=db) as emu:
        assert api(emu, "local-admin-token").post("/api/v1/secrets", json={"tag": "a", "name": "A", "secret": "v"}).status_code == 200
        emu.register_entity("svc")
    with Emulator(db=db) as emu:
        client = api(emu, "local-admin-token")
        assert client.get("/api/v1/secrets/a").json()["name"] == "A"
        assert client.post("/api/v1/catalog/svc/deploys", json={"title": "t", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"}).status_code == 200


def test_concurrent_writers_exact_counts(emu: Emulator) -> None:
    emu.register_entity("svc")
    threads, per_thread = 8, 25
    errors: list[str] = []

    def work(n: int) -> None:
        client = api(emu)
        for i in range(per_thread):
            r = client.post("/api/v1/secrets", json={"tag": f"t{n}_{i}", "name": "x", "secret": "v"})
            d = client.post("/api/v1/catalog/svc/deploys", json={"title": f"{n}-{i}", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"})
            if r.status_code != 200 or d.status_code != 200:
                errors.append(f"{r.status_code} {d.status_code}")

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    total = threads * per_thread
    assert api(emu).get("/api/v1/secrets", params={"pageSize": 1}).json()["total"] == total
    deploys = api(emu).get("/api/v1/catalog/svc/deploys", params={"pageSize": 1000}).json()
    assert deploys["total"] == total
    assert len({d["uuid"] for d in deploys["deployments"]}) == total


def test_concurrent_duplicate_creates_have_one_winner(emu: Emulator) -> None:
    results: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(10)

    def create() -> None:
        client = api(emu)
        barrier.wait()
        status = client.post("/api/v1/secrets", json={"tag": "same", "name": "x", "secret": "v"}).status_code
        with lock:
            results.append(status)

    workers = [threading.Thread(target=create) for _ in range(10)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(results) == [200] + [409] * 9
