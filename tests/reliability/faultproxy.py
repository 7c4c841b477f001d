"""A TCP proxy that loses acknowledgements: it forwards requests to Cortex, then sometimes drops the connection
instead of passing the answer on, so the write happened but the client cannot know. (The emulator's own
fault injection drops connections before a request is processed; this is the other, harder half.)"""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any


class LostAckProxy:
    """`LostAckProxy(upstream_port).start()`; `.url`. Two knobs, changeable at any time: `loss_rate` (the answer
    is dropped whole) and `cut_rate` (only the status line and headers get through, then the connection dies:
    the client learns the status but never gets the body). `.lost` and `.cut` count them."""

    def __init__(self, upstream_port: int, *, loss_rate: float = 0.0, cut_rate: float = 0.0,
                 seed: int | None = None) -> None:
        self.upstream_port = upstream_port
        self.loss_rate = loss_rate
        self.cut_rate = cut_rate
        self.lost = 0
        self.cut = 0
        self.forwarded = 0
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LostAckProxy:
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._loop.close()

        threading.Thread(target=run, name="lost-ack-proxy", daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:  # open connections: end them here, not when the loop is gone
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        cut = asyncio.Event()

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, answers: bool) -> None:
            try:
                while not cut.is_set():
                    chunk = await src.read(65536)
                    if not chunk:
                        break
                    if answers and self._rng.random() < self.loss_rate:
                        self.lost += 1  # the server did the work; the client never hears about it
                        cut.set()
                        break
                    head_end = chunk.find(b"\r\n\r\n") if answers and chunk.startswith(b"HTTP/") else -1
                    if head_end >= 0 and self._rng.random() < self.cut_rate:
                        self.cut += 1  # status and headers only: the body never arrives
                        dst.write(chunk[: head_end + 4])
                        await dst.drain()
                        cut.set()
                        break
                    if answers:
                        self.forwarded += 1
                    dst.write(chunk)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                cut.set()
                for w in (writer, up_writer):
                    transport: Any = w.transport
                    transport.abort()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))
