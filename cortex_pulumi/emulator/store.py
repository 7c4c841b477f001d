"""SQLite document store: the only module of the emulator that runs SQL.

Documents are JSON objects addressed by ``(kind, key)`` and listed in stable creation order (an update
keeps a document's position). Usage from a service::

    store = request.app.state.store
    with store.transaction() as tx:          # serialised writer: BEGIN IMMEDIATE ... COMMIT / ROLLBACK
        if tx.get("secret", tag) is not None:
            raise ApiError(409, ...)         # any exception rolls the whole transaction back
        tx.put("secret", tag, {...})
    with store.read() as tx:                 # consistent snapshot for several reads
        items = tx.list("secret", offset=0, limit=250)

Cursor methods: ``get(kind, key) -> dict | None``, ``put(kind, key, doc)``, ``delete(kind, key) -> bool``,
``list(kind, prefix=None, offset=0, limit=None) -> list[dict]``, ``keys(kind, prefix=None) -> list[str]``,
``count(kind, prefix=None) -> int``, ``delete_prefix(kind, prefix) -> int`` and ``next_int(name) -> int``
(a persistent counter for numeric ids). ``Store.clear()`` empties everything (used by reset).

Rules: never ``await`` while a transaction or read is open (one connection is shared by every request,
guarded by a lock, so an await inside would let another request join the same transaction). Reads and
writes are short; a file database runs in WAL mode with ``synchronous=FULL`` so every acknowledged write
survives a crash or kill of the process.

Kinds and keys used by the core services (E2's modules document theirs):
``secret``/tag, ``secret_id``/id -> {"tag"}, ``team``/teamTag, ``entity``/tag (registered entities),
``entity_id``/id -> {"kind", "tag"} (teams and entities), ``team_hierarchy``/"edges" -> {"edges": [...]},
``deploy``/"<entity tag>/<uuid>".
"""

from __future__ import annotations

import builtins
import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    doc  TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE INDEX IF NOT EXISTS docs_kind_seq ON docs (kind, seq);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

# The highest code point: every key starting with a prefix sorts below prefix + this under BINARY collation.
_MAX_CHAR = "\U0010ffff"


def _prefix_clause(prefix: str | None) -> tuple[str, tuple[str, ...]]:
    if not prefix:
        return "", ()
    return " AND key >= ? AND key < ?", (prefix, prefix + _MAX_CHAR)


class Cursor:
    """Document operations inside one transaction or read snapshot."""

    def __init__(self, conn: sqlite3.Connection, writable: bool) -> None:
        self._conn = conn
        self._writable = writable

    def _check_writable(self) -> None:
        if not self._writable:
            raise RuntimeError("write attempted inside Store.read(); use Store.transaction()")

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT doc FROM docs WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        self._check_writable()
        self._conn.execute(
            "INSERT INTO docs (kind, key, doc) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc",
            (kind, key, json.dumps(doc, separators=(",", ":"))),
        )

    def delete(self, kind: str, key: str) -> bool:
        self._check_writable()
        return self._conn.execute("DELETE FROM docs WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0

    def delete_prefix(self, kind: str, prefix: str) -> int:
        self._check_writable()
        clause, args = _prefix_clause(prefix)
        return self._conn.execute(f"DELETE FROM docs WHERE kind = ?{clause}", (kind, *args)).rowcount

    def list(
        self, kind: str, prefix: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[dict[str, Any]]:
        clause, args = _prefix_clause(prefix)
        rows = self._conn.execute(
            f"SELECT doc FROM docs WHERE kind = ?{clause} ORDER BY seq LIMIT ? OFFSET ?",
            (kind, *args, -1 if limit is None else limit, offset),
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def keys(self, kind: str, prefix: str | None = None) -> builtins.list[str]:
        clause, args = _prefix_clause(prefix)
        rows = self._conn.execute(f"SELECT key FROM docs WHERE kind = ?{clause} ORDER BY seq", (kind, *args))
        return [row[0] for row in rows.fetchall()]

    def count(self, kind: str, prefix: str | None = None) -> int:
        clause, args = _prefix_clause(prefix)
        row = self._conn.execute(f"SELECT COUNT(*) FROM docs WHERE kind = ?{clause}", (kind, *args)).fetchone()
        return int(row[0])

    def next_int(self, name: str) -> int:
        """Increment and return a persistent counter (starts at 1)."""
        self._check_writable()
        self._conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1",
            (name,),
        )
        row = self._conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0])


class Store:
    """A JSON document store on one SQLite connection (``":memory:"`` or a file path)."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so transactions are explicit.
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30.0)
        self._lock = threading.Lock()
        with self._lock:
            if path != ":memory:" and not path.startswith("file::memory:"):
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _in_transaction(self, begin: str, writable: bool) -> Iterator[Cursor]:
        with self._lock:
            self._conn.execute(begin)
            try:
                yield Cursor(self._conn, writable=writable)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            # A write commits; a read ends its snapshot without keeping anything.
            self._conn.execute("COMMIT" if writable else "ROLLBACK")

    def transaction(self) -> contextlib.AbstractContextManager[Cursor]:
        """A serialised write transaction; commits on success, rolls back on any exception."""
        return self._in_transaction("BEGIN IMMEDIATE", writable=True)

    def read(self) -> contextlib.AbstractContextManager[Cursor]:
        """A read-only snapshot (a deferred transaction that is always rolled back)."""
        return self._in_transaction("BEGIN", writable=False)

    def is_empty(self) -> bool:
        """True when no document is stored (a new database, or one just cleared)."""
        with self.read():
            return self._conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is None

    def clear(self) -> None:
        """Delete every document and counter (the reset endpoint)."""
        with self.transaction():
            self._conn.execute("DELETE FROM docs")
            self._conn.execute("DELETE FROM counters")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
