"""Thread safety: many threads share one client (one session pair per thread), counts stay exact."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from cortex_pulumi.client import CortexClient
from cortex_pulumi.emulator import Emulator
from tests.support import ADMIN_TOKEN

THREADS = 8
PER_THREAD = 25


def test_many_threads_share_one_client(emu: Emulator, sleeps: list[float]) -> None:
    emu.register_entity("checkout")
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=60_000, timeout=10)
    barrier = threading.Barrier(THREADS)

    def work(worker: int) -> list[str]:
        barrier.wait()
        made = []
        for i in range(PER_THREAD):
            made.append(client.create_secret(tag=f"t{worker}_{i}", name=f"w{worker}", value="v").tag)
            client.add_deploy_for_entity(tag_or_id="checkout", title=f"{worker}-{i}")
            assert client.get_secret(tag_or_id=f"t{worker}_{i}").name == f"w{worker}"
        return made

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))

    assert sum(len(r) for r in results) == THREADS * PER_THREAD
    secrets = client.list_all_secrets(page_size=1000)
    assert secrets.total == THREADS * PER_THREAD
    assert sorted(s.tag for s in secrets) == sorted(tag for r in results for tag in r)
    deploys = [d.title for d in client.iter_deploys(tag_or_id="checkout", page_size=1000)]
    assert len(deploys) == len(set(deploys)) == THREADS * PER_THREAD
    # Each worker thread built its own sessions (one for idempotent calls, one for creates), plus the main thread's.
    assert len(client._transport._sessions) == 2 * THREADS + 1
    client.close()


def test_threads_ride_out_a_429_burst_together(emu: Emulator, sleeps: list[float]) -> None:
    client = CortexClient(base_url=emu.url, api_token=ADMIN_TOKEN, rate_limit_per_minute=None, max_retries=10)
    emu.set_faults(burst429=12)

    def work(worker: int) -> int:
        for i in range(5):
            client.create_secret(tag=f"b{worker}_{i}", name="n", value="v")
        return 5

    with ThreadPoolExecutor(4) as pool:
        assert sum(pool.map(work, range(4))) == 20
    assert client.list_all_secrets().total == 20
    assert len(sleeps) >= 12  # every injected 429 was waited out (instantly, in tests)
