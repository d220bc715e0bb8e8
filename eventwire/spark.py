"""spark: the eventwire pipeline on Apache Spark, for corpora that outgrow one machine.

The same stages run inside Spark's Python workers (``mapInArrow``): the
pipeline is built once per worker process and reused for every partition it
is given. Each article becomes the same rows the DuckDB store would hold
(:func:`eventwire.store.rows_for_doc`), written as one Parquet table per store
table under ``OUTPUT/<table>/``. :func:`attach_parquet` puts DuckDB views with
the store's table names over them, so every query command reads them as it
reads a store.

Run it::

    eventwire spark articles.jsonl out/                 # local[*]
    spark-submit eventwire/spark.py articles.jsonl out/ # any cluster manager
    python -m eventwire.spark articles.jsonl out/ --master local[2]

Inputs: JSON Lines files (one article per line, as ``eventwire run`` reads
them; the file is split across the cluster) and Parquet datasets with the same
columns (``id``, ``text``, ``title``, ``date``, ``url``, ``outlet``). Other
formats ``eventwire run`` reads (text, HTML, feeds) are read on the driver and
shipped, which is fine for a handful of files only.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import functools
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from eventwire.document import Doc
from eventwire.errors import EventwireError, InputRejected
from eventwire.stages.ingest import JSONL_SUFFIXES, SUPPORTED, read_inputs, record_to_doc
from eventwire.store import Store, _now, rows_for_doc

# Tables written by a Spark run (``event_clusters`` comes later, from ``eventwire merge``).
OUTPUT_TABLES = ("articles", "events", "actor_mentions", "time_expressions", "quotes", "rejected", "learned_actors")
PARQUET_SUFFIXES = {".parquet", ".pq"}
STAGING = "_staging"
# Input rows: ``kind`` is "jsonl" (``line`` is the raw record) or "doc" (``line`` is a Doc read on the driver).
INPUT_SCHEMA = "seq LONG, path STRING, number LONG, kind STRING, line STRING"
_SEQ_SHIFT = 1 << 40  # seq = file index * 2^40 + line number: the order `eventwire run` reads them in


# -- schemas -------------------------------------------------------------------


@functools.cache
def table_arrow_schemas() -> dict[str, Any]:
    """The Arrow schema of every output table, taken from the DuckDB store itself so they never drift."""
    store = Store(":memory:")
    try:
        return {
            table: store.con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema for table in OUTPUT_TABLES
        }
    finally:
        store.close()


def spark_schema() -> Any:
    """The schema ``mapInArrow`` returns: one nullable struct per table; each row fills exactly one."""
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    fields = [StructField("_seq", LongType()), StructField("_doc", StringType())]
    for table, schema in table_arrow_schemas().items():
        fields.append(StructField(table, from_arrow_schema(schema), nullable=True))
    return StructType(fields)


def _coerce(value: Any, arrow_type: Any) -> Any:
    """Python values as Arrow wants them (records carry ISO strings for dates)."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_date(arrow_type) and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if pa.types.is_timestamp(arrow_type) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if pa.types.is_integer(arrow_type):
        return int(value)
    if pa.types.is_floating(arrow_type):
        return float(value)
    return value


# -- the worker side -----------------------------------------------------------------


@functools.cache
def _worker_pipeline(options: str = "{}"):  # -> Pipeline
    """One pipeline (spaCy model, lexicons, knowledge base) per Python worker process and options (JSON)."""
    from eventwire.pipeline import Pipeline

    return Pipeline(**json.loads(options))


def _doc_from_json(line: str) -> Doc:
    fields = json.loads(line)
    if fields.get("date"):
        fields["date"] = date.fromisoformat(fields["date"])
    return Doc(**fields)


def _doc_to_json(doc: Doc) -> str:
    fields = {
        key: getattr(doc, key)
        for key in ("id", "original", "title", "date_source", "url", "outlet", "source_path", "content_hash")
    }
    fields["date"] = doc.date.isoformat() if doc.date else None
    return json.dumps(fields, ensure_ascii=False)


def _rejected_row(error: EventwireError) -> dict[str, Any]:
    from eventwire.runner import input_name

    now = _now()
    return {
        "input": input_name(error),
        "code": error.code,
        "reason": error.message,
        "first_seen": now,
        "last_seen": now,
    }


class _MemoryPerDoc:
    """Wraps the actors stage so each document sees exactly the people it would have learned by then.

    ``eventwire run`` reads articles in order and the actors stage remembers
    people named with their role ("Foreign Minister X") for later articles.
    Workers see articles in no fixed order, so the memory is set per document:
    the base facts plus those learned from articles read before it.
    """

    def __init__(self, resolver: Any, memory_for: Callable[[Doc], list[dict[str, Any]]]) -> None:
        self.resolver = resolver
        self.memory_for = memory_for

    def __call__(self, doc: Doc) -> Doc:
        if hasattr(self.resolver, "forget"):
            self.resolver.forget()
        else:
            self.resolver.learned = {}
        self.resolver.remember(self.memory_for(doc))
        return self.resolver(doc)


def recalls_within_run(pipeline: Any) -> bool:
    """Does a stage apply what it learned from one article to the later articles of the same run?

    The actors stage does only when built with ``recall_session=True``; by
    default a run's output does not depend on the order of its articles.
    """
    return any(
        hasattr(component, "remember") and getattr(component, "recall_session", True)
        for _, component in pipeline.stages
    )


def _pipeline_with_memory(memory_for: Callable[[Doc], list[dict[str, Any]]], options: str = "{}") -> Any:
    pipeline = copy.copy(_worker_pipeline(options))
    pipeline.stages = [
        (name, _MemoryPerDoc(component, memory_for) if hasattr(component, "remember") else component)
        for name, component in pipeline.stages
    ]
    return pipeline


def process_rows(
    rows: Iterable[dict[str, Any]],
    *,
    default_date: date | None = None,
    batch_size: int = 16,
    learned: list[dict[str, Any]] | None = None,
    prior: list[tuple[int, dict[str, Any]]] | None = None,
    pipeline_options: str = "{}",
) -> Iterator[tuple[int, str | None, str, dict[str, Any]]]:
    """Run input rows (see ``INPUT_SCHEMA``) through the pipeline; yield ``(seq, doc id, table, row)``.

    ``learned`` are facts every document starts from (as ``eventwire run``
    preloads from the store); ``prior`` are ``(seq, fact)`` pairs learned in
    this run, each known to the documents read after it (higher seq).
    ``pipeline_options`` are ``Pipeline(**options)`` keyword options as JSON.
    """

    base = list(learned or [])
    if not recalls_within_run(_worker_pipeline(pipeline_options)):
        prior = None  # facts of this run are not applied within it: every article gets the base facts only
    ordered = sorted(prior or [], key=lambda pair: pair[0])
    fact_seqs = [fact_seq for fact_seq, _ in ordered]
    seq_of: dict[int, int] = {}

    def memory_for(doc: Doc) -> list[dict[str, Any]]:
        known = bisect.bisect_left(fact_seqs, seq_of.get(id(doc), 0))  # facts from articles read before it
        return base + [fact for _, fact in ordered[:known]]

    pipeline = _pipeline_with_memory(memory_for, pipeline_options)
    pending: list[tuple[int, Doc]] = []

    def flush() -> Iterator[tuple[int, str | None, str, dict[str, Any]]]:
        for seq, doc in pending:
            seq_of[id(doc)] = seq
        for doc, error in pipeline.pipe([doc for _, doc in pending], batch_size=batch_size):
            seq = seq_of.pop(id(doc))
            if error is not None:
                yield seq, None, "rejected", _rejected_row(error)
                continue
            for table, table_rows in rows_for_doc(doc).items():
                for row in table_rows:
                    yield seq, doc.id, table, row
        pending.clear()

    for row in rows:
        if row["kind"] == "doc":
            item: Doc | InputRejected = _doc_from_json(row["line"])
        else:
            item = record_to_doc(row["line"].encode("utf-8"), Path(row["path"]), row["number"], default_date)
        if isinstance(item, InputRejected):
            yield row["seq"], None, "rejected", _rejected_row(item)
            continue
        pending.append((row["seq"], item))
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


def _to_batch(out: list[tuple[int, str | None, str, dict[str, Any]]], arrow_schema: Any) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in arrow_schema.names}
    for seq, doc_id, table, row in out:
        columns["_seq"].append(seq)
        columns["_doc"].append(doc_id)
        for name in OUTPUT_TABLES:
            if name != table:
                columns[name].append(None)
                continue
            struct = arrow_schema.field(name).type
            columns[name].append({f.name: _coerce(row.get(f.name), f.type) for f in struct})
    return pa.RecordBatch.from_arrays(
        [pa.array(columns[f.name], type=f.type) for f in arrow_schema], schema=arrow_schema
    )


def _map_partition(
    batches: Iterator[Any],
    *,
    arrow_schema: Any,
    default_date: date | None,
    batch_size: int,
    learned: Any = None,
    prior: Any = None,
    pipeline_options: str = "{}",
) -> Iterator[Any]:
    """``mapInArrow`` body: input rows in, one output row per table row out."""

    def input_rows() -> Iterator[dict[str, Any]]:
        for batch in batches:
            yield from batch.to_pylist()

    out: list[tuple[int, str | None, str, dict[str, Any]]] = []
    items = process_rows(
        input_rows(),
        default_date=default_date,
        batch_size=batch_size,
        learned=learned.value if learned is not None else None,
        prior=prior.value if prior is not None else None,
        pipeline_options=pipeline_options,
    )
    for item in items:
        out.append(item)
        if len(out) >= 2048:
            yield _to_batch(out, arrow_schema)
            out = []
    if out:
        yield _to_batch(out, arrow_schema)


# -- the driver side -----------------------------------------------------------


def session(master: str | None = None, app_name: str = "eventwire"):  # -> SparkSession
    """A SparkSession; ``master`` only matters outside spark-submit (which sets it)."""
    from pyspark.sql import SparkSession

    # Local workers must run this interpreter (the one with eventwire installed), not whatever
    # "python3" is first on PATH; spark-submit on a cluster sets its own.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    return (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def _expand(inputs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(kind, path) for every input: "jsonl", "parquet", "local" (read on the driver) or "missing"."""
    for raw in inputs:
        if "://" in raw and not raw.startswith("file://"):
            suffix = Path(raw.rstrip("/")).suffix.lower()
            yield ("jsonl" if suffix in JSONL_SUFFIXES else "parquet"), raw
            continue
        path = Path(raw)
        if path.is_dir() and any(path.glob("*.parquet")):
            yield "parquet", raw  # a Parquet dataset folder as Spark writes them
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                suffix = child.suffix.lower()
                if suffix in PARQUET_SUFFIXES:
                    yield "parquet", str(child)
                elif suffix in JSONL_SUFFIXES:
                    yield "jsonl", str(child)
                elif suffix in SUPPORTED - {""}:
                    yield "local", str(child)
        elif not path.exists():
            yield "missing", raw
        elif path.suffix.lower() in PARQUET_SUFFIXES:
            yield "parquet", raw
        elif path.suffix.lower() == ".jsonl" or path.suffix.lower() == ".ndjson":
            yield "jsonl", raw
        else:
            yield "local", raw  # .json arrays, text, HTML, feeds: read as `eventwire run` reads them


def _uri(path: str) -> str:
    return path if "://" in path else Path(path).resolve().as_uri()


def read_input_rows(spark: Any, inputs: Iterable[str], default_date: date | None = None) -> tuple[Any, list[dict]]:
    """A DataFrame of input rows (``INPUT_SCHEMA``) and the inputs rejected on the driver."""
    from pyspark.sql import functions as F

    frames = []
    driver_rows: list[tuple] = []
    rejected: list[dict[str, Any]] = []
    for index, (kind, path) in enumerate(_expand(inputs)):
        base = index * _SEQ_SHIFT
        if kind == "missing":
            rejected.append(_rejected_row(InputRejected("E001", path=path)))
        elif kind in ("jsonl", "parquet"):
            if kind == "jsonl":
                lines = spark.sparkContext.textFile(_uri(path))
            else:
                frame = spark.read.parquet(_uri(path))
                lines = frame.select(F.to_json(F.struct(*frame.columns)).alias("line")).rdd.map(lambda r: r.line)
            # Line numbers count blank lines too, as `eventwire run` does, so doc ids and sources match.
            numbered = lines.zipWithIndex().filter(lambda pair: pair[0].strip())
            rows = numbered.map(lambda pair, p=path, b=base: (b + pair[1] + 1, p, pair[1] + 1, "jsonl", pair[0]))
            frames.append(spark.createDataFrame(rows, INPUT_SCHEMA))
        else:
            for number, item in enumerate(read_inputs([path], default_date), start=1):
                if isinstance(item, InputRejected):
                    rejected.append(_rejected_row(item))
                else:
                    driver_rows.append((base + number, path, number, "doc", _doc_to_json(item)))
    if driver_rows:
        frames.append(spark.createDataFrame(driver_rows, INPUT_SCHEMA))
    if not frames:
        return spark.createDataFrame([], INPUT_SCHEMA), rejected
    return functools.reduce(lambda a, b: a.unionByName(b), frames), rejected


def run_spark(
    inputs: Iterable[str],
    output: str | Path,
    *,
    spark: Any = None,
    master: str | None = None,
    partitions: int | None = None,
    default_date: date | None = None,
    batch_size: int = 16,
    learned: list[dict[str, Any]] | None = None,
    pipeline_options: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Process ``inputs`` on Spark into Parquet tables under ``output``; returns rows per table.

    The rows equal those ``eventwire run`` stores for the same inputs: an
    article id seen twice keeps its first version (a later one with other text
    is rejected with E015), and when the actors stage
    applies what it learns about people to the later articles of a run
    (``recall_session``), each article gets exactly the facts of the articles
    before it (a second pass re-runs the few articles that name such a
    person). ``learned`` preloads facts, as ``eventwire run`` does from its store.
    ``pipeline_options`` go to every worker's ``Pipeline(**options)``, e.g.
    ``{"actors": {"recall_session": True}}``.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import to_arrow_schema

    spark = spark or session(master)
    sc = spark.sparkContext
    out = str(output).rstrip("/")
    frame, driver_rejected = read_input_rows(spark, list(inputs), default_date)
    n = partitions or max(sc.defaultParallelism * 2, 1)
    schema = spark_schema()
    options = {
        "arrow_schema": to_arrow_schema(schema),
        "default_date": default_date,
        "batch_size": batch_size,
        "learned": sc.broadcast(list(learned or [])),
        "pipeline_options": json.dumps(pipeline_options or {}, sort_keys=True),
    }
    staging = f"{out}/{STAGING}"
    # Pass 1, staged once so the pipeline runs once; every table is then a cheap filter of the staged rows.
    mapper = functools.partial(_map_partition, **options)
    frame.repartition(n, "seq").mapInArrow(mapper, schema).write.mode("overwrite").parquet(_uri(staging))
    staged = spark.read.parquet(_uri(staging))

    # Pass 2: articles that may name a person learned from an earlier article are run again with that memory.
    facts = [
        (row["_seq"], {k: row[k] for k in ("name", "country", "sector", "role", "doc")})
        for row in staged.where(F.col("learned_actors").isNotNull()).select("_seq", "learned_actors.*").collect()
    ]
    if facts and recalls_within_run(_worker_pipeline(options["pipeline_options"])):
        prior = sc.broadcast(sorted(facts, key=lambda pair: pair[0]))
        texts = staged.where(F.col("articles").isNotNull()).select("_seq", "articles.text")
        index = sc.broadcast(_recall_index(facts))
        seqs = texts.rdd.filter(functools.partial(_may_recall, index=index)).map(lambda r: (r[0],)).collect()
        again = spark.createDataFrame(seqs, "seq LONG")
        if seqs:
            mapper = functools.partial(_map_partition, **options, prior=prior)
            rerun = frame.join(again, "seq", "left_semi").repartition(n, "seq").mapInArrow(mapper, schema)
            rerun.write.mode("overwrite").parquet(_uri(f"{staging}2"))
            kept = staged.join(again.withColumnRenamed("seq", "_seq"), "_seq", "left_anti")
            staged = kept.unionByName(spark.read.parquet(_uri(f"{staging}2")))

    # A document id names one article, as in `eventwire run`: the first input with an id keeps it, a later one
    # with the same content is the same article, and a later one with other content is rejected (E015).
    ranked = staged.where(F.col("articles").isNotNull()).select(
        "_doc",
        "_seq",
        F.col("articles.content_hash").alias("_hash"),
        F.col("articles.source_path").alias("_source"),
        F.row_number().over(Window.partitionBy("_doc").orderBy("_seq")).alias("_r"),
    )
    latest = ranked.where("_r = 1").select("_doc", "_seq")
    firsts = ranked.where("_r = 1").select(
        "_doc", F.col("_hash").alias("_first_hash"), F.col("_source").alias("_first")
    )
    for row in ranked.where("_r > 1").join(firsts, "_doc").where("_hash != _first_hash").collect():
        error = InputRejected(
            "E015", path=row["_source"] or row["_doc"], doc=row["_doc"], other=row["_first"],
            derived=f"{row['_doc']}~{row['_hash'][:8]}",
        )
        driver_rejected.append(_rejected_row(error))
    counts: dict[str, int] = {}
    for table in OUTPUT_TABLES:
        rows = staged.where(F.col(table).isNotNull())
        if table == "rejected":
            rows = rows.select(f"{table}.*")
            if driver_rejected:
                extra = [tuple(r[c] for c in rows.columns) for r in driver_rejected]
                rows = rows.unionByName(spark.createDataFrame(extra, rows.schema))
            rows = rows.dropDuplicates(["input", "code"])
        else:
            rows = rows.join(latest, ["_doc", "_seq"], "left_semi").select(f"{table}.*")
        rows.write.mode("overwrite").parquet(_uri(f"{out}/{table}"))
        counts[table] = spark.read.parquet(_uri(f"{out}/{table}")).count()
    if "://" not in out:
        for folder in (staging, f"{staging}2"):
            shutil.rmtree(folder, ignore_errors=True)
    return counts


def _recall_index(facts: list[tuple[int, dict[str, Any]]]) -> dict[str, int]:
    """Word -> the earliest seq of a learned person whose first or last name it is."""
    from eventwire.kb import normalise

    index: dict[str, int] = {}
    for seq, fact in facts:
        parts = normalise(fact.get("name") or "").split()
        for word in {parts[0], parts[-1]} if parts else ():
            index[word] = min(seq, index.get(word, seq))
    return index


def _may_recall(row: Any, *, index: Any) -> bool:
    """Could the actors stage recall, in this article, a person learned from an earlier one?

    It recalls a full name, or a bare first or last name of one; an article
    holding none of those words after the person was learned cannot be
    affected (a cheap, safe test: one look-up per word).
    """
    from eventwire.kb import normalise

    seq, text = row[0], row[1]
    earliest = index.value
    return any(earliest.get(word, seq) < seq for word in set(normalise(text or "").split()))


# -- reading the output through DuckDB -------------------------------------------------


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def attach_parquet(con: duckdb.DuckDBPyConnection, directory: str | Path) -> list[str]:
    """Create DuckDB views named like the store's tables over the Parquet tables in ``directory``.

    Tables whose folder is missing or holds no Parquet file are left alone
    (an empty table from a store schema stays usable). Returns the views made.
    """
    made = []
    for table in (*OUTPUT_TABLES, "event_clusters"):
        folder = Path(directory) / table
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        if not files and (Path(directory) / f"{table}.parquet").is_file():
            files = [Path(directory) / f"{table}.parquet"]
        if not files:
            continue
        pattern = str(folder / "*.parquet") if folder.is_dir() else str(files[0])
        exists = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        if exists:
            con.execute(f"DROP {'VIEW' if exists[0] == 'VIEW' else 'TABLE'} {table}")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_str(pattern)})")
        made.append(table)
    return made


class ParquetStore(Store):
    """A read-only :class:`Store` over a Spark output folder (an in-memory DuckDB with views)."""

    def __init__(self, directory: str | Path) -> None:
        super().__init__(":memory:")  # the full schema, so tables Spark did not write are there, empty
        self.path = str(directory)
        self.views = attach_parquet(self.con, directory)


def open_parquet_store(directory: str | Path) -> ParquetStore:
    """What ``eventwire events --parquet DIR`` and the other query commands read."""
    if not Path(directory).is_dir():
        raise FileNotFoundError(f"{directory}: no such folder of Parquet tables (write one with: eventwire spark)")
    return ParquetStore(directory)


# -- spark-submit / python -m entry point -------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spark-submit eventwire/spark.py",
        description="Run the eventwire pipeline on Spark; write Parquet tables (articles, events, ...) to OUTPUT.",
        epilog="Example: spark-submit --master local[2] eventwire/spark.py articles.jsonl out/",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="JSON Lines or Parquet articles (files/folders)")
    parser.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2] (spark-submit sets it)")
    parser.add_argument("--partitions", type=int, default=None, help="partitions to process (default 2x cores)")
    parser.add_argument("--date", default=None, help="article date YYYY-MM-DD for inputs that carry none")
    args = parser.parse_args(argv)
    default_date = date.fromisoformat(args.date) if args.date else None
    counts = run_spark(
        args.inputs, args.output, master=args.master, partitions=args.partitions, default_date=default_date
    )
    for table, count in counts.items():
        print(f"{table}: {count}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run as a file by spark-submit: call the installed module so workers unpickle
    # its functions by reference (and share its per-worker pipeline cache).
    from eventwire.spark import main as _main

    sys.exit(_main())
