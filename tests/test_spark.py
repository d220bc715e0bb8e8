"""The Spark runner writes the same rows as `eventwire run`, and DuckDB reads them back."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest

from eventwire import queries
from eventwire.document import Actor, Doc, Event, EventMention, Mention
from eventwire.spark import OUTPUT_TABLES, attach_parquet, open_parquet_store, process_rows
from eventwire.store import Store

# Columns that record *when* a row was written, which no two runs share.
VOLATILE = {"articles": ["processed_at"], "rejected": ["first_seen", "last_seen"], "learned_actors": ["learned_at"]}
# Wikinews articles the Spark tests run (of 101). The equality test runs them all: 64 s on the shared
# 2-core machine when quiet, up to about 3 minutes under heavy load. The memory test needs only our own
# three articles among a few others, so it runs 24. EVENTWIRE_SPARK_ARTICLES=N caps both (e.g. 24 for speed).
SPARK_ARTICLES = 101
MEMORY_TEST_ARTICLES = 24


def _table(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    exclude = VOLATILE.get(table)
    columns = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
    return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def _hand_made_doc() -> Doc:
    text = "Russia attacked Ukraine on Monday."
    doc = Doc("d1", text, date=date(2022, 2, 28))
    russia = Mention(0, 6, "Russia", "GPE", Actor("Russia", "RUS", None, "RUS", "state"), 0.9, "kb")
    ukraine = Mention(16, 23, "Ukraine", "GPE", Actor("Ukraine", "UKR", None, "UKR", "state"), 0.9, "kb")
    doc.mentions = [russia, ukraine]
    doc.events = [Event("ASSAULT", [EventMention(0, len(text))], source=russia, target=ukraine, trigger="attacked")]
    return doc


def test_attach_parquet_makes_views_a_store_query_can_read(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        store.add_doc(_hand_made_doc())
        for table in ("articles", "events"):
            (tmp_path / "out" / table).mkdir(parents=True)
            store.con.execute(f"COPY {table} TO '{tmp_path / 'out' / table / 'part-0.parquet'}' (FORMAT parquet)")
        expected = queries.events(store)
    con = duckdb.connect()
    assert attach_parquet(con, tmp_path / "out") == ["articles", "events"]
    assert con.execute("SELECT event_type, source_country, target_country FROM events").fetchall() == [
        ("ASSAULT", "RUS", "UKR")
    ]
    parquet_store = open_parquet_store(tmp_path / "out")
    # Tables without Parquet files are the store's empty tables, so every query still runs.
    assert parquet_store.counts()["quotes"] == 0
    assert queries.events(parquet_store) == expected


def test_open_parquet_store_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_parquet_store(tmp_path / "nope")


def test_process_rows_rejects_a_broken_line_and_keeps_the_rest(shared_dir: Path) -> None:
    line = (shared_dir / "corpora" / "wikinews-politics" / "articles.jsonl").open(encoding="utf-8").readline()
    rows = [
        {"seq": 1, "path": "c.jsonl", "number": 1, "kind": "jsonl", "line": "{not json"},
        {"seq": 2, "path": "c.jsonl", "number": 2, "kind": "jsonl", "line": line},
    ]
    out = list(process_rows(rows))
    rejected = [row for _, _, table, row in out if table == "rejected"]
    assert [(r["input"], r["code"]) for r in rejected] == [("c.jsonl:1", "E007")]
    articles = [(seq, doc_id, row) for seq, doc_id, table, row in out if table == "articles"]
    assert len(articles) == 1
    seq, doc_id, row = articles[0]
    assert (seq, doc_id, row["source_path"]) == (2, json.loads(line)["id"], "c.jsonl:2")


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    from eventwire.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()


def _write_corpus(shared_dir: Path, folder: Path, n: int) -> tuple[Path, list[str]]:
    n = min(n, int(os.environ.get("EVENTWIRE_SPARK_ARTICLES", SPARK_ARTICLES)))
    lines = (shared_dir / "corpora" / "wikinews-politics" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    path = folder / "wikinews.jsonl"
    # Our own three short articles around the Wikinews ones: the second introduces a minister by role,
    # the last recalls him, the first names him before he was introduced (see the memory test).
    # A broken record and a blank line: both runs must reject and number them alike.
    mine = [
        {"id": "k0", "date": "2023-03-19", "text": "Kakubo is expected in Beijing next week, officials said."},
        {
            "id": "k1",
            "date": "2023-03-20",
            "text": "Zambian Foreign Minister Stanley Kakubo met the Chinese "
            "ambassador in Lusaka on Monday to discuss debt relief.",
        },
        {
            "id": "k2",
            "date": "2023-03-22",
            "text": "Kakubo told reporters on Wednesday that Zambia would seek new loans. Kakubo criticised the IMF.",
        },
    ]
    articles = [json.dumps(mine[0]), json.dumps(mine[1]), *lines[:n], json.dumps(mine[2])]
    path.write_text("\n".join([*articles, "", '{"id": "broken"', ""]), encoding="utf-8")
    return path, articles


def _assert_same_tables(db: Path, spark_dir: Path) -> None:
    single = duckdb.connect(str(db), read_only=True)
    parquet = duckdb.connect()
    attach_parquet(parquet, spark_dir)
    for table in OUTPUT_TABLES:
        # The views have the store's column names and order, and the same rows.
        assert [d[0] for d in parquet.execute(f"SELECT * FROM {table} LIMIT 0").description] == [
            d[0] for d in single.execute(f"SELECT * FROM {table} LIMIT 0").description
        ], table
        assert _table(parquet, table) == _table(single, table), table


@pytest.mark.spark
def test_spark_output_equals_the_single_machine_store(spark, shared_dir: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.runner import run
    from eventwire.spark import run_spark

    path, lines = _write_corpus(shared_dir, tmp_path, SPARK_ARTICLES)
    # The first articles as a Parquet dataset too (the other input Spark reads in parallel).
    records = [json.loads(line) for line in lines[2:5]]
    columns = ("id", "title", "date", "url", "text")
    pq.write_table(pa.table({c: [r.get(c) for r in records] for c in columns}), tmp_path / "articles.parquet")

    db = tmp_path / "single.duckdb"
    run([path], db)
    counts = run_spark([str(path)], tmp_path / "spark", spark=spark, partitions=4)
    parquet_counts = run_spark([str(tmp_path / "articles.parquet")], tmp_path / "from-parquet", spark=spark)

    assert counts["articles"] == len(lines)  # the Wikinews articles and our three
    assert counts["rejected"] == 1
    assert counts["events"] > 0
    _assert_same_tables(db, tmp_path / "spark")
    # Parquet input: the same events for the same articles (only source_path names the other file).
    assert parquet_counts["articles"] == 3
    single = duckdb.connect(str(db), read_only=True)
    from_parquet = duckdb.connect()
    attach_parquet(from_parquet, tmp_path / "from-parquet")
    ids = [r["id"] for r in records]
    query = f"SELECT * FROM events WHERE doc IN ({', '.join('?' for _ in ids)}) ORDER BY ALL"
    assert from_parquet.execute(query, ids).fetchall() == single.execute(query, ids).fetchall()
    paths = from_parquet.execute("SELECT source_path FROM articles ORDER BY ALL").fetchall()
    assert paths[0][0].endswith("articles.parquet:1")


@pytest.mark.spark
def test_spark_reproduces_memory_carried_from_article_to_article(spark, shared_dir: Path, tmp_path: Path) -> None:
    """With ``recall_session`` the actors stage applies people learned from earlier articles of the run;
    Spark must give each article exactly the memory the sequential run had."""
    from eventwire.pipeline import Pipeline
    from eventwire.runner import run
    from eventwire.spark import run_spark

    path, _ = _write_corpus(shared_dir, tmp_path, MEMORY_TEST_ARTICLES)
    options = {"actors": {"recall_session": True}}
    db = tmp_path / "single.duckdb"
    run([path], db, pipeline=Pipeline(**options))
    run_spark([str(path)], tmp_path / "spark", spark=spark, partitions=4, pipeline_options=options)
    _assert_same_tables(db, tmp_path / "spark")
    single = duckdb.connect(str(db), read_only=True)
    # The corpus exercises the memory: k2 recalls the minister k1 introduced; k0, read before k1, cannot.
    learned = single.execute("SELECT DISTINCT doc FROM actor_mentions WHERE method = 'learned'").fetchall()
    assert ("k2",) in learned and ("k0",) not in learned


def test_spark_command_needs_an_input_and_an_output() -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["spark", "only-one.jsonl"])
    assert result.exit_code == 2
    assert "OUTPUT" in result.output
