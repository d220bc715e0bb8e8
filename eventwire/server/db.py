"""The server's DuckDB file: one database instance, one read connection per worker thread.

DuckDB allows a single writer per file, so the server opens the file once: read-only
when ingest is disabled (other processes may read it too), read-write when it is
enabled. Reads take no lock: each worker thread keeps its own child connection
(``cursor()``), and DuckDB runs their queries in parallel, each seeing committed data.
Writes (ingest) go through the store's own connection under ``write_lock``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb

from eventwire.errors import StoreError
from eventwire.store import Store


class Database:
    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        self.write_lock = threading.Lock()
        self.store: Store | None = None
        self._local = threading.local()
        self._generation = 0  # bumped on close, so threads drop connections of a closed instance
        self._open_lock = threading.Lock()
        self.open()

    def open(self) -> None:
        """Open the file (again, after ``close``); a no-op when it is open."""
        with self._open_lock:
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

    def connection(self) -> duckdb.DuckDBPyConnection:
        """This thread's read connection, created on first use."""
        local = self._local
        if getattr(local, "generation", None) != self._generation or local.con is None:
            store = self.require()
            with self.write_lock:  # creating a child connection uses the parent, which the writer may be using
                local.con = store.con.cursor()
            local.generation = self._generation
        return local.con

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        result = self.connection().execute(sql, params or [])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.connection().execute(sql, params or []).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        with self._open_lock:
            self._generation += 1
            if self.store is not None:
                self.store.close()
                self.store = None
