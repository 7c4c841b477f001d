"""The window limiter: R requests in any 60 s go at once, request R + 1 waits for the window; exact, fake clock."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cortex_pulumi.client import CortexClient, CortexConfigError
from cortex_pulumi.client.ratelimit import (
    LOG_DIR_VARIABLE,
    WindowLimiter,
    WindowLog,
    log_directory,
    shared_limiter,
)
from tests.client.stub import Reply, StubServer

TOKEN = "stub-token-0123456789abcdef"
SECRET = {"id": "se0123456789abcdef", "tag": "db_pw", "name": "DB"}


class FakeClock:
    """A clock that only moves when told to, or when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def limiter(limit: int, clock: FakeClock) -> WindowLimiter:
    return WindowLimiter(limit, clock=clock, sleep=clock.sleep)


def one_request(lim: WindowLimiter, clock: FakeClock, duration: float = 0.0) -> float:
    waited = lim.acquire()
    clock.now += duration
    lim.release()
    return waited


def test_burst_of_r_goes_without_waiting_and_request_r_plus_1_waits_for_the_window() -> None:
    clock = FakeClock()
    lim = limiter(1000, clock)
    assert [one_request(lim, clock, 0.001) for _ in range(1000)] == [0.0] * 1000
    assert clock.slept == []
    burst_end = clock.now  # the first request was answered 1 ms after 1000.0
    assert one_request(lim, clock) == pytest.approx(1000.001 + 60 - burst_end)
    assert clock.now == pytest.approx(1060.001)
    # The next one takes over the second-oldest slot: answered 1 ms after the first.
    assert one_request(lim, clock) == pytest.approx(0.001)


def test_r_requests_may_be_in_flight_at_once_and_slots_free_a_window_after_their_answer() -> None:
    clock = FakeClock()
    lim = limiter(3, clock)
    for _ in range(3):
        assert lim.acquire() == 0.0
    assert lim.held() == 3
    clock.now += 5  # answered 5 s later
    for _ in range(3):
        lim.release()
    clock.now += 59.9
    assert lim.held() == 3
    clock.now += 0.1
    assert lim.held() == 0
    assert [one_request(lim, clock) for _ in range(3)] == [0.0, 0.0, 0.0]


def test_waiting_requests_are_served_in_order_of_the_slots_that_free() -> None:
    clock = FakeClock()
    lim = limiter(2, clock)
    one_request(lim, clock, 1.0)  # slot frees at 1061
    one_request(lim, clock, 2.0)  # slot frees at 1063
    assert lim.acquire() == pytest.approx(1061 - 1003)
    assert clock.now == pytest.approx(1061)
    # The first waiter took the first slot; the next is the one freeing at 1063, whoever comes when.
    assert lim.acquire() == pytest.approx(2.0)
    lim.release()
    lim.release()


def test_a_request_waits_for_a_release_when_every_slot_is_in_flight() -> None:
    lim = WindowLimiter(2, window=0.05)
    lim.acquire()
    lim.acquire()
    got: list[float] = []
    started = time.monotonic()

    def third() -> None:
        lim.acquire()
        got.append(time.monotonic())
        lim.release()

    waiter = threading.Thread(target=third)
    waiter.start()
    time.sleep(0.1)
    assert got == []  # still blocked: both slots are held by requests without an answer
    lim.release()
    waiter.join(2)
    assert got and got[0] - started >= 0.1 + 0.05 - 0.01  # the release, then the window
    lim.release()


def test_release_without_acquire_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="without a matching acquire"):
        WindowLimiter(1).release()


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "100"])
def test_bad_limit_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="limit must be a whole number"):
        WindowLimiter(bad)  # type: ignore[arg-type]


def _server_views(limit: int, counted: list[float], window: float = 60.0) -> None:
    """Assert the counted instants pass a sliding window, fixed minutes at any phase, and a token bucket."""
    counted = sorted(counted)
    for i in range(len(counted) - limit):
        assert counted[i + limit] - counted[i] >= window - 1e-9, "sliding window exceeded"
    for phase in (0.0, 13.7, 42.0, 59.99):
        minutes: dict[int, int] = {}
        for t in counted:
            minute = int((t - phase) // window)
            minutes[minute] = minutes.get(minute, 0) + 1
        assert max(minutes.values()) <= limit, "fixed minute exceeded"
    tokens, last = float(limit), counted[0]
    for t in counted:
        tokens = min(float(limit), tokens + (t - last) * limit / window)
        last = t
        assert tokens >= 1.0 - 1e-9, "token bucket empty"
        tokens -= 1.0


@pytest.mark.parametrize("seed", range(5))
def test_no_server_counting_rule_sees_more_than_r_whatever_the_latency(seed: int) -> None:
    # Requests take 0-3 s and the server counts each at a random instant between sending and answering:
    # neither a sliding minute, a fixed minute at any phase, nor a full token bucket may ever refuse.
    rng = random.Random(seed)
    clock = FakeClock()
    lim = limiter(7, clock)
    counted: list[float] = []
    for _ in range(60):
        clock.now += rng.choice([0.0, 0.0, rng.uniform(0, 20)])
        lim.acquire()
        sent, duration = clock.now, rng.uniform(0, 3)
        counted.append(sent + rng.uniform(0, duration))
        clock.now += duration
        lim.release()
    _server_views(7, counted)
    assert clock.slept, "the scenario never reached the limit"


def test_threads_share_one_limiter_and_never_hold_more_than_r_slots() -> None:
    lim = WindowLimiter(5, window=0.2)
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(6):
            lim.acquire()
            sent = time.monotonic()
            time.sleep(0.005)
            answered = time.monotonic()
            lim.release()
            with lock:
                spans.append((sent, answered))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(spans) == 24
    # At the start of each request, at most 4 others may still hold a slot (in flight or answered < 0.2 s ago).
    for sent, _ in spans:
        holding = [s for s, a in spans if s <= sent < a + 0.2]
        assert len(holding) <= 5


def test_shared_limiter_is_one_per_url_key_and_limit() -> None:
    a = shared_limiter("http://127.0.0.1:1", "token-a", 10)
    assert shared_limiter("http://127.0.0.1:1", "token-a", 10) is a
    assert shared_limiter("http://127.0.0.1:1", "token-b", 10) is not a
    assert shared_limiter("http://127.0.0.1:2", "token-a", 10) is not a
    assert "token-a" not in repr(a)


def test_clients_of_one_process_share_the_window(sleeps: list[float]) -> None:
    with StubServer(lambda _r: Reply(200, SECRET)) as stub:
        first = CortexClient(base_url=stub.url, api_token=TOKEN, rate_limit_per_minute=3, max_retries=0)
        second = CortexClient(base_url=stub.url, api_token=TOKEN, rate_limit_per_minute=3, max_retries=0)
        first.get_secret(tag_or_id="db_pw")
        second.get_secret(tag_or_id="db_pw")
        first.get_secret(tag_or_id="db_pw")
        assert sleeps == []
        second.get_secret(tag_or_id="db_pw")
    # The fourth request of the process waits out the window of the first (the sleep itself is faked).
    assert len(sleeps) == 1 and 59 < sleeps[0] <= 60


def test_a_repeat_after_a_server_error_takes_a_slot_of_its_own(sleeps: list[float]) -> None:
    replies = iter([Reply(503, {"status": 503})])
    with StubServer(lambda _r: next(replies, Reply(200, SECRET))) as stub:
        client = CortexClient(base_url=stub.url, api_token=TOKEN + "x", rate_limit_per_minute=1, max_retries=2,
                              backoff_factor=0.01)
        assert client.get_secret(tag_or_id="db_pw").tag == "db_pw"
    assert len(stub.calls("GET")) == 2
    # The backoff, then the window: the 503 answered attempt was counted by the server.
    assert len(sleeps) == 2 and sleeps[0] < 1 and 59 < sleeps[1] <= 60


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_client_refuses_a_bad_rate_limit(bad: object) -> None:
    with pytest.raises(CortexConfigError, match="rate_limit_per_minute"):
        CortexClient(base_url="http://127.0.0.1:9", api_token=TOKEN, rate_limit_per_minute=bad)  # type: ignore[arg-type]


def shared(directory: Path, limit: int, clock: FakeClock, key: str = "k") -> WindowLimiter:
    return WindowLimiter(limit, clock=clock, sleep=clock.sleep, shared_log=WindowLog(directory, key, wall=clock))


def test_a_later_process_starts_from_the_answers_of_the_previous_one(tmp_path: Path) -> None:
    clock = FakeClock()
    first = shared(tmp_path, 3, clock)
    for _ in range(3):
        one_request(first, clock, 0.5)  # answered at 1000.5, 1001.0, 1001.5
    clock.now += 10
    second = shared(tmp_path, 3, clock)  # the next `pulumi` command on the same key
    assert one_request(second, clock) == pytest.approx(1060.5 - 1011.5)
    # And the first process sees the second's answer in turn, beside its own.
    assert first.held() == 3


def test_another_key_or_log_directory_is_not_shared(tmp_path: Path) -> None:
    clock = FakeClock()
    first = shared(tmp_path / "a", 1, clock)
    one_request(first, clock)
    assert one_request(shared(tmp_path / "b", 1, clock), clock) == 0.0
    assert one_request(shared(tmp_path / "a", 1, clock, key="other"), clock) == 0.0


def test_half_written_and_damaged_lines_are_read_safely(tmp_path: Path) -> None:
    clock = FakeClock()
    log = WindowLog(tmp_path, "k", wall=clock)
    path = tmp_path / f"k-{int(clock.now // 600)}.log"
    path.write_bytes(b"other 1000.000\ngarbage\nother not-a-time\nother 1000.5")
    assert log.read_new() == [1000.0]
    with path.open("ab") as file:
        file.write(b"00\n")
    assert log.read_new() == [1000.5]
    assert log.read_new() == []


def test_old_log_files_are_removed_and_a_broken_directory_turns_the_log_off(tmp_path: Path) -> None:
    clock = FakeClock()
    clock.now = 6000.0  # epoch 10
    for epoch in (7, 8, 9, 10):
        (tmp_path / f"k-{epoch}.log").write_text("x 1.0\n")
    WindowLog(tmp_path, "k", wall=clock)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k-10.log", "k-9.log"]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    broken = WindowLog(blocker / "sub", "k", wall=clock)
    broken.record()
    assert broken.read_new() == []
    lim = WindowLimiter(1, clock=clock, sleep=clock.sleep, shared_log=broken)
    assert one_request(lim, clock) == 0.0  # still limits by itself


def test_log_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(LOG_DIR_VARIABLE, str(tmp_path))
    assert log_directory() == tmp_path
    monkeypatch.setenv(LOG_DIR_VARIABLE, "off")
    assert log_directory() is None
    monkeypatch.delenv(LOG_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert log_directory() == tmp_path / "cache" / "cortex-pulumi" / "ratelimit"


def test_answers_of_a_real_other_process_are_seen(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from cortex_pulumi.client.ratelimit import WindowLimiter, WindowLog;"
            "lim = WindowLimiter(2, shared_log=WindowLog(Path(sys.argv[1]), 'k'));"
            "[(lim.acquire(), lim.release()) for _ in range(2)]")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60)
    lim = WindowLimiter(2, shared_log=WindowLog(tmp_path, "k"))
    assert lim.held() == 2  # both answers of the other process hold their slots for a minute
    assert "k-" in " ".join(p.name for p in tmp_path.iterdir())
