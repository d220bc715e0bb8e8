"""Exports of a store to JSON Lines (the event contract), CSV and Parquet."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import IO, Any

from eventwire.queries import Filters, events
from eventwire.store import EVENT_COLUMNS, Store, event_from_row

FORMATS = ("jsonl", "csv", "parquet")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV-friendly row: lists joined with ';', dates as ISO strings."""
    out = {}
    for key in EVENT_COLUMNS:
        value = row.get(key)
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        out[key] = _jsonable(value)
    return out


def write_jsonl(rows: list[dict[str, Any]], out: IO[str]) -> int:
    for row in rows:
        out.write(json.dumps(event_from_row(row), ensure_ascii=False, default=_jsonable) + "\n")
    return len(rows)


def write_csv(rows: list[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(flat_row(row))
    return len(rows)


def export_events(store: Store, fmt: str, output: str | Path | None, filters: Filters | None = None) -> int:
    """Write the store's events in ``fmt``; returns how many were written.

    Parquet goes through DuckDB's own writer and needs an output file; the
    text formats write to stdout when ``output`` is None.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None:
            raise ValueError("Parquet export needs an output file (--output FILE.parquet)")
        where, params = (filters or Filters()).event_where()
        columns = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS)
        sql = f"SELECT {columns} FROM events e JOIN articles a USING (doc){where} ORDER BY e.doc, e.evidence_start"
        store.con.execute(f"COPY ({sql}) TO '{_sql_path(output)}' (FORMAT parquet)", params)
        return store.con.execute(f"SELECT count(*) FROM read_parquet('{_sql_path(output)}')").fetchone()[0]
    rows = events(store, filters)
    if output is None:
        return (write_jsonl if fmt == "jsonl" else write_csv)(rows, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        return (write_jsonl if fmt == "jsonl" else write_csv)(rows, handle)


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")
