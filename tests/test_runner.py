"""run(): whole articles are committed one by one, so a killed run resumes to the same result."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from eventwire.document import Doc
from eventwire.runner import count_inputs, run
from eventwire.store import Store

# Columns that record when a row was written: they differ between any two runs by construction.
TIMESTAMPS = {"processed_at", "learned_at", "first_seen", "last_seen", "applied_at"}


def snapshot(db: Path, leave_out: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every column of every table (timestamps aside), rows sorted."""
    with Store(db, read_only=True) as store:
        tables = [r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")]
        result = {}
        for table in sorted(tables):
            columns = [
                r["column_name"]
                for r in store.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                )
                if r["column_name"] not in TIMESTAMPS | leave_out
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            result[table] = store.con.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
        return result


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, shared_dir) -> Path:
    """12 real Wikinews articles plus one broken line."""
    lines = (shared_dir / "corpora" / "wikinews-politics" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("corpus") / "wikinews12.jsonl"
    path.write_text("\n".join([*lines[:6], '{"id": "broken", ', *lines[6:12]]) + "\n", encoding="utf-8")
    return path


def test_runner_counts_inputs(small_corpus, tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert count_inputs([small_corpus, tmp_path / "a.txt", tmp_path / "missing.txt"]) == 15


def test_runner_rerun_adds_nothing(small_corpus, tmp_path, pipeline):
    db = tmp_path / "a.duckdb"
    first = run([small_corpus], db, pipeline=pipeline)
    assert first.stored == 12 and [e.code for e in first.rejected] == ["E007"]
    before = snapshot(db)
    second = run([small_corpus], db, pipeline=pipeline)
    assert second.stored == 0 and second.unchanged == 12
    assert snapshot(db) == before
    with Store(db, read_only=True) as store:
        assert store.query("SELECT input, code FROM rejected") == [{"input": f"{small_corpus}:7", "code": "E007"}]


@pytest.fixture(scope="module")
def clean_db(small_corpus, tmp_path_factory) -> Path:
    from eventwire.pipeline import Pipeline

    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run([small_corpus], db, pipeline=Pipeline())
    return db


KILL_AFTER_COMMIT = """
import os, signal
from eventwire.document import Doc
from eventwire.runner import run
seen = []
def on_item(item):
    if isinstance(item, Doc):
        seen.append(item.id)
        if len(seen) == {n}:
            os.kill(os.getpid(), signal.SIGKILL)
run([{corpus!r}], {db!r}, batch_size=4, on_item=on_item)
"""

# Killed inside a transaction: after the article row and some of its events are written, before COMMIT.
KILL_IN_TRANSACTION = """
import os, signal
from eventwire.store import Store
from eventwire.runner import run
inserts = []
original = Store._insert
def insert(self, table, rows):
    original(self, table, rows)
    inserts.append(table)
    if len(inserts) == {n}:
        os.kill(os.getpid(), signal.SIGKILL)
Store._insert = insert
run([{corpus!r}], {db!r}, batch_size=4)
"""


@pytest.mark.parametrize(
    ("moment", "script", "n"),
    [
        ("after the first commit", KILL_AFTER_COMMIT, 1),
        ("mid-batch, after the 5th commit", KILL_AFTER_COMMIT, 5),
        ("after the 11th of 12 commits", KILL_AFTER_COMMIT, 11),
        ("inside the 4th article's transaction", KILL_IN_TRANSACTION, 20),
    ],
)
def test_runner_killed_parent_resumes_to_a_clean_run(small_corpus, clean_db, tmp_path, pipeline, moment, script, n):
    killed_db = tmp_path / "killed.duckdb"
    code = textwrap.dedent(script.format(n=n, corpus=str(small_corpus), db=str(killed_db)))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr
    with Store(killed_db, read_only=True) as store:  # usable, holding whole articles only
        partial = store.counts()
        assert partial["articles"] < 12
        per_doc = store.query(
            "SELECT a.doc, a.n_events, count(e.event_id) AS n FROM articles a "
            "LEFT JOIN events e USING (doc) GROUP BY ALL"
        )
        assert all(row["n_events"] == row["n"] for row in per_doc)
        orphans = store.query("SELECT count(*) AS n FROM actor_mentions WHERE doc NOT IN (SELECT doc FROM articles)")
        assert orphans == [{"n": 0}]
    resumed = run([small_corpus], killed_db, pipeline=pipeline)
    assert resumed.stored == 12 - partial["articles"]
    assert snapshot(killed_db) == snapshot(clean_db), moment


def test_runner_killed_worker_is_replaced_and_the_run_matches_a_clean_one(small_corpus, clean_db, tmp_path):
    """SIGKILL one of two workers mid-run: its articles are tried again in a new worker, nothing is lost."""
    import multiprocessing

    db = tmp_path / "worker.duckdb"
    killed: list[int] = []

    def on_item(item):
        if not killed and isinstance(item, Doc):
            children = multiprocessing.active_children()
            assert children, "no worker processes"
            killed.append(children[0].pid)
            os.kill(children[0].pid, signal.SIGKILL)

    summary = run([small_corpus], db, n_process=2, batch_size=2, on_item=on_item)
    assert killed
    assert summary.stored == 12 and [e.code for e in summary.rejected] == ["E007"]
    assert snapshot(db) == snapshot(clean_db)


def test_runner_article_that_kills_its_worker_twice_is_rejected(tmp_path):
    """A worker that dies is detected at once; its articles are retried one by one; the culprit gets E022."""
    import crash_stage

    from eventwire.pipeline import Pipeline

    corpus = tmp_path / "poison.jsonl"
    texts = [f"Officials of country {i} met on Monday to discuss trade." for i in range(7)]
    texts[3] = f"{crash_stage.MARKER} This article takes its worker down."
    corpus.write_text("\n".join(json.dumps({"id": f"p{i}", "text": t}) for i, t in enumerate(texts)) + "\n")
    pipeline = Pipeline(["repair", "crash_on_marker"])
    started = time.monotonic()
    summary = run([corpus], tmp_path / "p.duckdb", pipeline=pipeline, n_process=2, batch_size=3)
    assert time.monotonic() - started < 240
    assert [(e.code, e.fields["doc"]) for e in summary.rejected] == [("E022", "p3")]
    assert "died" in summary.rejected[0].message and "SIGKILL" in summary.rejected[0].message
    assert summary.stored == 6 and summary.counts["articles"] == 6


def test_runner_order_and_history_do_not_change_results(small_corpus, clean_db, tmp_path, pipeline):
    """Reversed, or half first and then the whole: every table equals the clean run (source lines aside)."""
    lines = small_corpus.read_text(encoding="utf-8").splitlines()
    reversed_corpus = tmp_path / "reversed" / small_corpus.name
    reversed_corpus.parent.mkdir()
    reversed_corpus.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    backwards = tmp_path / "backwards.duckdb"
    run([reversed_corpus], backwards, pipeline=pipeline)
    # Source paths and rejected inputs name the other file and lines; everything else must match.
    leave_out = frozenset({"source_path", "input", "reason"})
    assert snapshot(backwards, leave_out) == snapshot(clean_db, leave_out)

    halves = tmp_path / "halves" / small_corpus.name
    halves.parent.mkdir()
    halves.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    staged = tmp_path / "staged.duckdb"
    run([halves], staged, pipeline=pipeline)
    halves.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = run([halves], staged, pipeline=pipeline)
    assert second.unchanged == 6 and second.stored == 6
    assert snapshot(staged, leave_out) == snapshot(clean_db, leave_out)


def test_runner_json_summary_counts(small_corpus, tmp_path, pipeline):
    summary = run([small_corpus], tmp_path / "b.duckdb", pipeline=pipeline)
    assert summary.counts["articles"] == 12
    assert json.loads(json.dumps(summary.counts))["rejected"] == 1


def test_runner_two_processes_store_the_same_as_one(small_corpus, tmp_path, pipeline):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    run([small_corpus], one, pipeline=pipeline)
    summary = run([small_corpus], two, n_process=2, batch_size=3)
    assert summary.stored == 12 and [e.code for e in summary.rejected] == ["E007"]
    assert snapshot(two) == snapshot(one)


# ---------------------------------------------------------------------------- a store that knows its pipeline
VERSIONED = [
    {"id": "v1", "date": "2024-05-10", "text": "Police arrested twenty protesters in Minsk on Sunday."},
    {"id": "v2", "date": "2024-05-10", "text": "The United States imposed new sanctions on Iran on Thursday."},
]


def _corpus(folder: Path, rows: list[dict]) -> Path:
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_runner_records_which_pipeline_coded_each_article(tmp_path: Path, pipeline):
    db = tmp_path / "v.duckdb"
    run([_corpus(tmp_path, VERSIONED)], db, pipeline=pipeline)
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT doc, eventwire_version, pipeline FROM articles ORDER BY doc")
    from eventwire import __version__

    assert [(r["doc"], r["eventwire_version"], r["pipeline"]) for r in rows] == [
        ("v1", __version__, pipeline.fingerprint), ("v2", __version__, pipeline.fingerprint)]


def test_runner_recodes_an_article_another_pipeline_coded(tmp_path: Path, pipeline):
    from eventwire.pipeline import Pipeline

    corpus, db = _corpus(tmp_path, VERSIONED), tmp_path / "v.duckdb"
    other = Pipeline(["repair", "nlp", "time", "actors", "events"])  # no quotes stage: another pipeline
    assert other.fingerprint != pipeline.fingerprint
    first = run([corpus], db, pipeline=other)
    assert first.stored == 2 and first.recoded == 0
    again = run([corpus], db, pipeline=pipeline)
    assert (again.recoded, again.unchanged, again.stale) == (2, 0, 0)
    settled = run([corpus], db, pipeline=pipeline)
    assert (settled.stored, settled.unchanged, settled.recoded) == (0, 2, 0)


def test_runner_reprocess_recodes_stored_articles_from_their_text(tmp_path: Path, pipeline):
    from eventwire.pipeline import Pipeline

    db = tmp_path / "v.duckdb"
    other = Pipeline(["repair", "nlp", "time", "actors", "events"])
    run([_corpus(tmp_path, VERSIONED)], db, pipeline=other)
    (tmp_path / "later").mkdir()
    later = _corpus(tmp_path / "later", [{"id": "v3", "text": "Rebels attacked a convoy near Goma."}])
    summary = run([later], db, pipeline=pipeline)
    assert summary.stale == 2  # v1, v2: left as they were, and said so
    summary = run([later], db, pipeline=pipeline, reprocess=True)
    assert (summary.recoded, summary.stale) == (2, 0)
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT doc, pipeline, date FROM articles ORDER BY doc")
    assert {r["pipeline"] for r in rows} == {pipeline.fingerprint}
    assert str(rows[0]["date"]) == "2024-05-10"  # the given date survives recoding


def test_runner_extract_and_run_give_the_same_events(tmp_path: Path, pipeline, zaobao_text: str):
    from eventwire.records import records

    path = tmp_path / "2023-03-17-sample.txt"
    path.write_text(zaobao_text, encoding="utf-8")
    db = tmp_path / "same.duckdb"
    run([path], db, pipeline=pipeline)
    with Store(db, read_only=True) as store:
        stored = {(r["event_id"], r["event_type"], r["source_country"], r["target_country"])
                  for r in store.query("SELECT * FROM events")}
    from eventwire.stages.ingest import read_inputs

    doc = next(iter(read_inputs([path])))
    extracted = {(r["event_id"], r["event_type"], (r["source"] or {}).get("country"),
                  (r["target"] or {}).get("country")) for r in records(pipeline(doc), "events")}
    assert stored == extracted and stored
