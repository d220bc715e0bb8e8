"""store: the DuckDB file every query, export and the web page read.

One article is written in one transaction together with all its rows, so a
run killed mid-batch leaves a usable database holding whole articles only;
running again skips what is stored (by content hash) and completes the rest.
The store never imports a stage: it reads the Doc and its records only.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from eventwire import __version__
from eventwire.document import Doc
from eventwire.errors import StoreError
from eventwire.records import article_record, records

SCHEMA_VERSION = 3

ACTOR_SIDES = ("source", "target")
EVENT_COLUMNS = [
    "event_id",
    "doc",
    "event_type",
    "mode",
    "context",
    "cameo",
    *[f"{side}_{field}" for side in ACTOR_SIDES for field in ("text", "name", "country", "sector", "kb_id")],
    "date_text",
    "date_start",
    "date_end",
    "location_text",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "status",
    "attribution_text",
    "attribution_name",
    "attribution_country",
    "attribution_sector",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "confidence",
    "rule",
    "trigger",
    "mentions",
]
TABLE_COLUMNS: dict[str, list[str]] = {
    "articles": [
        "doc",
        "content_hash",
        "title",
        "date",
        "date_source",
        "date_confidence",
        "url",
        "outlet",
        "source_path",
        "text",
        "n_chars",
        "n_events",
        "processed_at",
        "notes",
        "eventwire_version",
        "pipeline",
    ],
    "events": EVENT_COLUMNS,
    "actor_mentions": [
        "doc",
        "mention_index",
        "text",
        "start",
        "end",
        "name",
        "country",
        "sector",
        "kb_id",
        "confidence",
        "label",
        "method",
    ],
    "time_expressions": ["doc", "time_index", "text", "start", "end", "value_start", "value_end", "granularity"],
    "quotes": [
        "doc",
        "quote_index",
        "speaker_text",
        "speaker_name",
        "speaker_country",
        "speaker_sector",
        "speaker_kb_id",
        "quote",
        "start",
        "end",
        "kind",
    ],
}
CHILD_TABLES = ("events", "actor_mentions", "time_expressions", "quotes", "learned_actors")

# Migrations: version -> SQL. Applied in order, each recorded in schema_version.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        doc VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, title VARCHAR, date DATE,
        date_source VARCHAR, date_confidence DOUBLE, url VARCHAR, outlet VARCHAR, source_path VARCHAR,
        text VARCHAR NOT NULL, n_chars INTEGER, n_events INTEGER, processed_at TIMESTAMP);
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL, event_type VARCHAR NOT NULL, mode VARCHAR,
        context VARCHAR[], cameo VARCHAR,
        source_text VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_kb_id VARCHAR,
        target_text VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_kb_id VARCHAR,
        date_text VARCHAR, date_start DATE, date_end DATE,
        location_text VARCHAR, location_name VARCHAR, location_country VARCHAR,
        location_lat DOUBLE, location_lon DOUBLE,
        status VARCHAR, attribution_text VARCHAR, attribution_name VARCHAR, attribution_country VARCHAR,
        attribution_sector VARCHAR, evidence_text VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
        confidence DOUBLE, rule VARCHAR, trigger VARCHAR, mentions VARCHAR);
    CREATE INDEX events_doc ON events(doc);
    CREATE TABLE actor_mentions (
        doc VARCHAR NOT NULL, mention_index INTEGER, text VARCHAR, start INTEGER, "end" INTEGER, name VARCHAR,
        country VARCHAR, sector VARCHAR, kb_id VARCHAR, confidence DOUBLE, label VARCHAR, method VARCHAR);
    CREATE TABLE time_expressions (
        doc VARCHAR NOT NULL, time_index INTEGER, text VARCHAR, start INTEGER, "end" INTEGER,
        value_start DATE, value_end DATE, granularity VARCHAR);
    CREATE TABLE quotes (
        doc VARCHAR NOT NULL, quote_index INTEGER, speaker_text VARCHAR, speaker_name VARCHAR,
        speaker_country VARCHAR, speaker_sector VARCHAR, speaker_kb_id VARCHAR, quote VARCHAR,
        start INTEGER, "end" INTEGER, kind VARCHAR);
    CREATE TABLE rejected (
        input VARCHAR NOT NULL, code VARCHAR NOT NULL, reason VARCHAR, first_seen TIMESTAMP,
        last_seen TIMESTAMP, PRIMARY KEY (input, code));
    CREATE TABLE learned_actors (
        name VARCHAR NOT NULL, country VARCHAR, sector VARCHAR, role VARCHAR, doc VARCHAR, learned_at TIMESTAMP);
    CREATE TABLE event_clusters (
        event_id VARCHAR PRIMARY KEY, cluster_id VARCHAR NOT NULL, method VARCHAR, score DOUBLE);
    """,
    # What the pipeline could not do as asked for an article (a passage cut before parsing ...).
    2: "ALTER TABLE articles ADD COLUMN notes VARCHAR[];",
    # Which eventwire wrote an article's rows: its version and the fingerprint of its pipeline (stages,
    # options, data files, models). Rows from before carry neither and count as stale.
    3: "ALTER TABLE articles ADD COLUMN eventwire_version VARCHAR; ALTER TABLE articles ADD COLUMN pipeline VARCHAR;",
}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _side(prefix: str, value: dict[str, Any] | None, fields: Iterable[str]) -> dict[str, Any]:
    value = value or {}
    return {f"{prefix}_{field}": value.get(field) for field in fields}


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    """Flatten one contract event record into an ``events`` row."""
    row: dict[str, Any] = {
        key: record.get(key)
        for key in ("event_id", "doc", "event_type", "mode", "cameo", "status", "confidence", "rule", "trigger")
    }
    row["context"] = list(record.get("context") or [])
    for side in ACTOR_SIDES:
        row.update(_side(side, record.get(side), ("text", "name", "country", "sector", "kb_id")))
    date = record.get("date") or {}
    row.update({"date_text": date.get("text"), "date_start": date.get("start"), "date_end": date.get("end")})
    location = record.get("location") or {}
    row.update(
        {
            "location_text": location.get("text"),
            "location_name": location.get("name"),
            "location_country": location.get("country"),
            "location_lat": location.get("lat"),
            "location_lon": location.get("lon"),
        }
    )
    row.update(_side("attribution", record.get("attribution"), ("text", "name", "country", "sector")))
    evidence = record["evidence"]
    row.update(
        {"evidence_text": evidence["text"], "evidence_start": evidence["start"], "evidence_end": evidence["end"]}
    )
    row["mentions"] = json.dumps(record.get("mentions") or [])
    return row


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the contract record of an ``events`` row (exports, API)."""

    def side(prefix: str, fields: tuple[str, ...]) -> dict[str, Any] | None:
        value = {field: row.get(f"{prefix}_{field}") for field in fields}
        return value if any(v is not None for v in value.values()) else None

    date = None
    if row.get("date_start") is not None:
        date = {"text": row.get("date_text"), "start": str(row["date_start"]), "end": str(row["date_end"])}
    location = None
    if row.get("location_name") is not None or row.get("location_country") is not None:
        location = {
            "text": row.get("location_text"),
            "name": row.get("location_name"),
            "country": row.get("location_country"),
            "lat": row.get("location_lat"),
            "lon": row.get("location_lon"),
        }
    return {
        "event_id": row["event_id"],
        "doc": row["doc"],
        "event_type": row["event_type"],
        "mode": row.get("mode"),
        "context": list(row.get("context") or []),
        "cameo": row.get("cameo"),
        "source": side("source", ("text", "name", "country", "sector", "kb_id")),
        "target": side("target", ("text", "name", "country", "sector", "kb_id")),
        "date": date,
        "location": location,
        "status": row.get("status"),
        "attribution": side("attribution", ("text", "name", "country", "sector")),
        "evidence": {"text": row["evidence_text"], "start": row["evidence_start"], "end": row["evidence_end"]},
        "confidence": row.get("confidence"),
    }


def rows_for_doc(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """Every table row one processed document contributes (pure; Spark uses it too).

    Facts the actors stage learned about people (``doc.learned_actors``) are
    stored too, so that later runs can use them.
    """
    article = article_record(doc)
    events = [event_row(r) for r in records(doc, "events")]
    # The same event id can only be stored once per article.
    events = list({row["event_id"]: row for row in events}.values())
    article_row = {key: article.get(key) for key in TABLE_COLUMNS["articles"] if key in article}
    article_row.update(
        {"text": doc.original, "n_events": len(events), "processed_at": _now(), "notes": list(doc.notes),
         "eventwire_version": __version__, "pipeline": doc.pipeline}
    )
    actor_rows = [
        {"mention_index": i, **{k: r.get(k) for k in TABLE_COLUMNS["actor_mentions"] if k != "mention_index"}}
        for i, r in enumerate(records(doc, "actors"))
    ]
    time_rows = [
        {"time_index": i, **{k: r.get(k) for k in TABLE_COLUMNS["time_expressions"] if k != "time_index"}}
        for i, r in enumerate(records(doc, "times"))
    ]
    quote_rows = []
    for i, r in enumerate(records(doc, "quotes")):
        row = {
            "doc": r["doc"],
            "quote_index": i,
            "quote": r["quote"],
            "start": r["start"],
            "end": r["end"],
            "kind": r.get("kind"),
        }
        row.update(_side("speaker", r.get("speaker"), ("text", "name", "country", "sector", "kb_id")))
        quote_rows.append(row)
    return {
        "articles": [article_row],
        "events": events,
        "actor_mentions": actor_rows,
        "time_expressions": time_rows,
        "quotes": quote_rows,
        "learned_actors": [{**fact, "doc": doc.id, "learned_at": _now()} for fact in doc.learned_actors],
    }


def _check_location(path: Path, read_only: bool) -> None:
    """Say plainly what is wrong with a --db path before DuckDB says it less plainly."""
    if str(path) == ":memory:":
        return
    if path.is_dir():
        raise StoreError("E205", path=str(path), kind="folder")
    if path.exists() and not path.is_file():
        raise StoreError("E205", path=str(path), kind="special file (a pipe or a device)")
    folder = path.absolute().parent
    if read_only and not path.exists():
        raise StoreError("E209", path=str(path))
    if not folder.is_dir():
        raise StoreError("E206", path=str(path), folder=str(folder))
    if not path.exists() and not read_only and not os.access(folder, os.W_OK):
        raise StoreError("E204", path=str(path), detail=f"cannot create a file in {folder}")


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")


def _lock_holder(message: str) -> str:
    """Who holds the lock: its command line when the process is on this machine ("eventwire run ... (PID 12)")."""
    match = _LOCK_HOLDER.search(message)
    if not match:
        return "another process"
    pid = match["pid"]
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            args = [a.decode("utf-8", "backslashreplace") for a in handle.read().split(b"\0") if a]
    except OSError:
        args = []
    if args and any(a.endswith("eventwire") or a == "eventwire.cli" for a in args):
        start = next(i for i, a in enumerate(args) if a.endswith("eventwire") or a == "eventwire.cli")
        command = " ".join(["eventwire", *args[start + 1 :]])
    else:
        command = " ".join(args) or match["program"]
    return f"PID {pid}: {command[:200]}"


def store_error(path: str, exc: BaseException) -> StoreError:
    """A DuckDB or OS error on the database file, as the coded error that tells the user what to do."""
    return file_error(path, exc) or StoreError("E208", path=path, detail=(str(exc).splitlines() or [""])[0])


def file_error(path: str, exc: BaseException) -> StoreError | None:
    """The coded error of a problem with the file itself (lock, space, permission, damage), else None."""
    message = str(exc)
    first = message.splitlines()[0] if message else type(exc).__name__
    os_errno = getattr(exc, "errno", None)
    if "Could not set lock" in message:
        return StoreError("E203", path=path, holder=_lock_holder(message))
    if os_errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or any(
        words in message for words in ("No space left", "File too large", "Disk quota exceeded")
    ):
        return StoreError("E207", path=path, detail=first)
    if os_errno in (errno.EACCES, errno.EPERM, errno.EROFS) or any(
        words in message for words in ("Permission denied", "Read-only file system", "Operation not permitted")
    ):
        return StoreError("E204", path=path, detail=first)
    if "Is a directory" in message:
        return StoreError("E205", path=path, kind="folder")
    if "not a valid DuckDB database file" in message:
        return StoreError("E202", path=path, detail="not a DuckDB file; it was not changed")
    if any(words in message for words in ("Corrupt", "checksum", "Could not read", "Serialization Error")):
        return StoreError("E208", path=path, detail=first)
    return None


class Store:
    """A DuckDB database of processed articles.

    Args:
        path: the database file (created when missing).
        read_only: open for queries only (several readers may share a file).
        init: add eventwire's tables to a DuckDB file that holds other tables (refused otherwise).

    Every problem with the file is a ``StoreError`` with its own code: locked by
    another process (E203), permission (E204), not a file (E205), missing folder
    (E206), disk full (E207), damaged (E208), not ours (E202).
    """

    def __init__(self, path: str | Path = "eventwire.duckdb", *, read_only: bool = False, init: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        _check_location(Path(path), read_only)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise store_error(self.path, exc) from None
        try:
            self._check_is_ours(init)
            if not read_only:
                self.migrate()
        except duckdb.Error as exc:
            self.con.close()
            raise store_error(self.path, exc) from None
        except StoreError:
            self.con.close()
            raise

    def _check_is_ours(self, init: bool) -> None:
        """Refuse a DuckDB file written by another tool: adding our tables to it would change it unasked."""
        tables = [row[0] for row in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        if "schema_version" in tables or init or (not tables and not self.read_only):
            return
        if not tables:
            raise StoreError("E202", path=self.path, detail="an empty DuckDB file; `eventwire run` fills it")
        shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
        raise StoreError(
            "E202",
            path=self.path,
            detail=f"a DuckDB file with other tables ({shown}); it was not changed. "
            "Use another --db, or --init to add eventwire's tables to it",
        )

    # -- schema -----------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        if not exists:
            return 0
        return self.scalar("SELECT coalesce(max(version), 0) FROM schema_version")

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError("E201", path=self.path, found=current, supported=SCHEMA_VERSION)
        if current == 0:
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
        for version in sorted(v for v in MIGRATIONS if v > current):
            with self._transaction():
                self.con.execute(MIGRATIONS[version])
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])

    # -- writes -------------------------------------------------------------
    def known_hashes(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT content_hash FROM articles").fetchall()}

    def stored_documents(self) -> dict[str, tuple[str, str | None, str | None]]:
        """Every stored document id with its content hash, the input it came from and the fingerprint of the
        pipeline that coded it."""
        rows = self.con.execute("SELECT doc, content_hash, source_path, pipeline FROM articles").fetchall()
        return {doc: (content_hash, source, pipeline) for doc, content_hash, source, pipeline in rows}

    def stale_articles(self, fingerprint: str) -> list[dict[str, Any]]:
        """Articles another pipeline coded (or an eventwire before fingerprints), with what recoding needs."""
        rows = self.con.execute(
            "SELECT doc, content_hash, title, date, date_source, url, outlet, source_path, text FROM articles "
            "WHERE pipeline IS DISTINCT FROM ? ORDER BY doc", [fingerprint]).fetchall()
        keys = ("doc", "content_hash", "title", "date", "date_source", "url", "outlet", "source_path", "text")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def add_doc(self, doc: Doc) -> bool:
        """Store a processed document with all its rows in one transaction.

        Returns False when the same content is already stored by the same pipeline. A document whose id is
        stored with other content (an updated article), or coded by another pipeline (a stale one), replaces it.
        """
        found = self.con.execute("SELECT content_hash, pipeline FROM articles WHERE doc = ?", [doc.id]).fetchone()
        if found and found[0] == doc.content_hash and (doc.pipeline is None or found[1] == doc.pipeline):
            return False
        tables = rows_for_doc(doc)
        with self._transaction():
            if found:
                self._delete_doc(doc.id)
            for table, rows in tables.items():
                self._insert(table, rows)
        return True

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            # After a failed write (a full disk) DuckDB may have ended the transaction itself: a second error
            # from ROLLBACK would only hide the first.
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            coded = file_error(self.path, exc) if isinstance(exc, duckdb.Error) else None
            if coded is not None:
                raise coded from None
            raise

    def _delete_doc(self, doc_id: str) -> None:
        self.con.execute(
            "DELETE FROM event_clusters WHERE event_id IN (SELECT event_id FROM events WHERE doc = ?)", [doc_id]
        )
        for table in CHILD_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE doc = ?", [doc_id])
        self.con.execute("DELETE FROM articles WHERE doc = ?", [doc_id])

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.con.executemany(
            f"INSERT INTO {table} ({quoted}) VALUES ({marks})", [[row.get(c) for c in columns] for row in rows]
        )

    def add_rejected(self, input_name: str, code: str, reason: str) -> None:
        now = _now()
        try:
            self.con.execute(
                """INSERT INTO rejected VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (input, code) DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen""",
                [input_name, code, reason, now, now],
            )
        except duckdb.Error as exc:
            raise (file_error(self.path, exc) or exc) from None

    def clear_rejected(self, input_name: str) -> None:
        """Forget earlier rejections of an input that has now been stored."""
        self.con.execute("DELETE FROM rejected WHERE input = ?", [input_name])

    def learned_actors(self) -> list[dict[str, Any]]:
        return self.query("SELECT DISTINCT name, country, sector, role FROM learned_actors ORDER BY name")

    # -- reads ----------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """The first value of the first row (an aggregate's answer), None when there is no row."""
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        return {
            table: self.scalar(f"SELECT count(*) FROM {table}")
            for table in ("articles", "events", "actor_mentions", "time_expressions", "quotes", "rejected")
        }

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
