"""Exports of a store's events: JSON Lines (the event contract), CSV and Parquet in eventwire's own
shape, and the shapes other tools read: GDELT 2.0 event files and POLECAT's PLOVER records.

The CLI (``eventwire export``) and the web API (``GET /api/export``) share ``export_sql`` and the
row writers, so a file exported from the page holds what the same filters list.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from eventwire.formats.gdelt import iter_gdelt
from eventwire.formats.polecat import iter_polecat
from eventwire.queries import EVENT_DAY_SQL, Filters
from eventwire.store import EVENT_COLUMNS, Store, event_from_row

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "polecat")
EXPORT_MEDIA_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "gdelt": "text/tab-separated-values; charset=utf-8",
    "polecat": "application/x-ndjson; charset=utf-8",
}
# What the GDELT and POLECAT shapes need beyond the event row: the day, the article's URL, date and
# outlet, when it was processed, whether the evidence is in the lead paragraph, how often it is stated.
EXTRA_COLUMNS = (
    f"{EVENT_DAY_SQL} AS day, a.url AS article_url, a.date AS article_date, a.outlet AS article_outlet, "
    "a.processed_at, e.evidence_start < coalesce(nullif(strpos(a.text, chr(10) || chr(10)), 0), 1000) AS root_event, "
    "coalesce(json_array_length(e.mentions::JSON), 1) AS n_mentions"
)


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


def export_sql(filters: Filters | None = None, *, extra: bool = True) -> tuple[str, list[Any]]:
    """The query every export runs: matching events in date order (undated last), with the extra columns."""
    where, params = (filters or Filters()).event_where()
    columns = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS) + (f", {EXTRA_COLUMNS}" if extra else "")
    sql = (
        f"SELECT {columns} FROM events e JOIN articles a USING (doc){where} "
        f"ORDER BY {EVENT_DAY_SQL} NULLS LAST, e.doc, e.evidence_start, e.event_id"
    )
    return sql, params


def iter_jsonl(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(event_from_row(row), ensure_ascii=False, default=_jsonable) + "\n"


def iter_csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for i, row in enumerate(rows):
        writer.writerow(flat_row(row))
        if i % 500 == 499:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


TEXT_WRITERS = {"jsonl": iter_jsonl, "csv": iter_csv, "gdelt": iter_gdelt, "polecat": iter_polecat}


def write_jsonl(rows: list[dict[str, Any]], out: IO[str]) -> int:
    out.writelines(iter_jsonl(rows))
    return len(rows)


def write_csv(rows: list[dict[str, Any]], out: IO[str]) -> int:
    out.writelines(iter_csv(rows))
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
        sql, params = export_sql(filters, extra=False)
        store.con.execute(f"COPY ({sql}) TO '{_sql_path(output)}' (FORMAT parquet)", params)
        return store.scalar(f"SELECT count(*) FROM read_parquet('{_sql_path(output)}')")
    sql, params = export_sql(filters)
    rows = store.query(sql, params)
    lines = TEXT_WRITERS[fmt](rows)
    if output is None:
        sys.stdout.writelines(lines)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
    return len(rows)


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")
