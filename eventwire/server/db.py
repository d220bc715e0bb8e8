"""One DuckDB connection shared by all requests.

DuckDB allows a single writer per file, so the server opens the file once: read-only
when ingest is disabled (other processes may read it too), read-write when it is
enabled. Each request reads through its own cursor (a cheap child connection that
sees committed data); writes are serialised by a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import StoreError
from eventwire.store import Store


class Database:
    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        self._cursor_lock = threading.Lock()
        self.write_lock = threading.Lock()
        self.store: Store | None = None
        self.open()

    def open(self) -> None:
        """Open the file (again, after ``close``); a no-op when it is open."""
        if self.store is not None:
            return
        if not self.writable and not Path(self.path).is_file():
            raise StoreError("E001", path=self.path)
        store = Store(self.path, read_only=not self.writable)
        if store.schema_version() == 0:
            store.close()
            raise StoreError("E202", path=self.path, detail="it has no schema_version table")
        self.store = store

    def require(self) -> Store:
        """The open store (reopened if a shutdown closed it)."""
        if self.store is None:
            self.open()
        assert self.store is not None
        return self.store

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._cursor_lock:
            cur = self.require().con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        with self.cursor() as cur:
            result = cur.execute(sql, params or [])
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        with self.cursor() as cur:
            row = cur.execute(sql, params or []).fetchone()
            return row[0] if row else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
