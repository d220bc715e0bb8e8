"""run(): whole articles are committed one by one, so a killed run resumes to the same result."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventwire.runner import count_inputs, run
from eventwire.store import Store

# Tables compared between an interrupted-then-resumed run and a clean one
# (timestamps left out: they differ by construction).
COMPARED = {
    "articles": "doc, content_hash, title, date, n_chars, n_events",
    "events": "event_id, doc, event_type, source_country, target_country, status, evidence_start, evidence_end",
    "actor_mentions": "doc, mention_index, text, start, name, country, sector",
    "time_expressions": "doc, time_index, text, start, value_start, value_end",
    "quotes": "doc, quote_index, quote, start, speaker_name",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        return {t: store.con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in COMPARED.items()}


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


def test_runner_killed_mid_batch_resumes_to_the_same_result(small_corpus, tmp_path, pipeline):
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    run([small_corpus], clean_db, pipeline=pipeline)
    # A real process, killed with SIGKILL right after its 5th article was committed.
    script = textwrap.dedent(f"""
        import os, signal
        from eventwire.document import Doc
        from eventwire.runner import run
        seen = []
        def on_item(item):
            if isinstance(item, Doc):
                seen.append(item.id)
                if len(seen) == 5:
                    os.kill(os.getpid(), signal.SIGKILL)
        run([{str(small_corpus)!r}], {str(killed_db)!r}, batch_size=4, on_item=on_item)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr
    with Store(killed_db, read_only=True) as store:  # usable, holding whole articles only
        partial = store.counts()
        assert 1 <= partial["articles"] < 12
        per_doc = store.query(
            "SELECT a.doc, a.n_events, count(e.event_id) AS n FROM articles a "
            "LEFT JOIN events e USING (doc) GROUP BY ALL"
        )
        assert all(row["n_events"] == row["n"] for row in per_doc)
    resumed = run([small_corpus], killed_db, pipeline=pipeline)
    assert resumed.stored == 12 - partial["articles"]
    assert snapshot(killed_db) == snapshot(clean_db)


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
