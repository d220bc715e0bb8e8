"""The fault kit of issue 14: every bad input fails alone with its code, every good article is stored.

The run goes through the real command line in a child process (a named pipe
or a traceback would show there), with file permissions enforced even for
root: the child drops CAP_DAC_OVERRIDE, so a mode-000 file is unreadable to it.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import fault_kit
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import StoreError
from eventwire.runner import run
from eventwire.store import Store

runner = CliRunner()
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_override() -> None:
    """In the child, before exec: give up root's right to read any file."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _permissions_enforced(tmp: Path) -> bool:
    probe = tmp / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0)
    try:
        result = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}).read()"],
            preexec_fn=_drop_file_override if os.geteuid() == 0 else None,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.chmod(0o644)
    return result.returncode != 0


def eventwire(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """The command line in a child process, as a user would run it (a hang fails the test at ``timeout``)."""
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_drop_file_override if os.geteuid() == 0 else None,
        **kwargs,
    )


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    """The kit, run once through ``eventwire run``; returns the kit, the process and the database."""
    root = tmp_path_factory.mktemp("faults")
    kit = fault_kit.build(root, unreadable=_permissions_enforced(root))
    db = root / "faults.duckdb"
    proc = eventwire("run", *map(str, kit.inputs), "--db", str(db))
    return kit, proc, db


def rejected_codes(db: Path) -> dict[str, str]:
    with Store(db, read_only=True) as store:
        return {row["input"]: row["code"] for row in store.query("SELECT input, code FROM rejected")}


def test_faults_run_finishes_without_traceback(fault_run):
    _kit, proc, _ = fault_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "skipped 7 files in folders" in proc.stderr  # a count; -v lists them one per line


def test_faults_every_good_article_is_stored(fault_run):
    kit, _, db = fault_run
    with Store(db, read_only=True) as store:
        stored = {row["doc"]: row["text"] for row in store.query("SELECT doc, text FROM articles")}
    assert sorted(stored) == sorted(kit.stored)
    for doc, start in kit.stored.items():
        assert stored[doc].startswith(start), doc


@pytest.mark.parametrize(
    "case",
    [
        "kit/wire.jsonl:4",  # E015 same id, other text
        "kit/wire.jsonl:5",  # E016 lone surrogate in the text
        "kit/wire.jsonl:6",  # E016 lone surrogate in the id
        "kit/wire.jsonl:7",  # E007 nested too deeply
        "photo.png",  # E006 skipped in a folder
        "archive.gz",
        "pipe.jsonl",  # E017 a named pipe, never opened
        "explicit-pipe.jsonl",
        "self-loop.txt",  # E020
        "a/up",  # E020 a link back to an enclosing folder
        "caf\\xe9.txt",  # E018 a file name that is not UTF-8
        "laughs.rss",  # E021 entity expansion
        "russian.txt",  # E023
        "chinese.txt",
        "arabic.txt",
        "locked.jsonl",  # E010 unreadable inside a folder
        "locked-dir",  # E019 unreadable folder
        "locked-named.txt",  # E010 unreadable, named on the command line
    ],
)
def test_faults_each_bad_input_has_its_code(fault_run, case):
    kit, proc, db = fault_run
    matches = [name for name in kit.rejected if name.endswith("/" + case)]
    if not matches:
        pytest.skip(f"{case}: needs file permissions enforced, which this machine cannot do for root")
    (name,) = matches
    assert rejected_codes(db).get(name) == kit.rejected[name], proc.stderr


def test_faults_no_rejection_that_was_not_expected(fault_run):
    kit, _proc, db = fault_run
    assert rejected_codes(db) == kit.rejected
    assert Counter(kit.rejected.values())  # the kit has rejections at all


def test_faults_duplicate_id_names_both_sources(fault_run):
    _kit, proc, _db = fault_run
    line = next(line for line in proc.stderr.splitlines() if "[E015]" in line)
    assert "wire.jsonl:4" in line and "wire.jsonl:2" in line and "--duplicate-ids rename" in line


def test_faults_rerun_adds_nothing_and_summary_matches_store(fault_run, tmp_path):
    kit, _, db = fault_run
    copy = tmp_path / "again.duckdb"
    shutil.copy(db, copy)
    proc = eventwire("run", *map(str, kit.inputs), "--db", str(copy))
    assert proc.returncode == 0, proc.stderr
    # Every stored article is unchanged, and so is the record that repeats wire-1 with the same text.
    assert f"stored 0 new articles, updated 0 ({len(kit.stored) + 1} unchanged, 0 recoded" in proc.stderr
    assert f"In the database: {len(kit.stored)} articles" in proc.stderr


# -- document ids -----------------------------------------------------------------------------------------------


def _article(path: Path, sample: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fault_kit._sample(sample), encoding="utf-8")
    return path


def test_faults_same_stem_named_on_the_command_line_gets_unique_ids(tmp_path, pipeline):
    a, b = _article(tmp_path / "a" / "report.txt", 0), _article(tmp_path / "b" / "report.txt", 1)
    summary = run([a, b], tmp_path / "s.duckdb", pipeline=pipeline)
    assert summary.stored == 2 and summary.counts["articles"] == 2
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert sorted(r["doc"] for r in store.query("SELECT doc FROM articles")) == ["a/report", "b/report"]


def test_faults_known_id_from_another_input_is_rejected_or_renamed(tmp_path, pipeline):
    db = tmp_path / "ids.duckdb"
    first = _article(tmp_path / "x" / "report.txt", 0)
    other = _article(tmp_path / "y" / "report.txt", 1)
    same_text = _article(tmp_path / "z" / "report.txt", 0)
    assert run([first], db, pipeline=pipeline).stored == 1
    clash = run([other], db, pipeline=pipeline)
    assert clash.stored == 0 and [e.code for e in clash.rejected] == ["E015"]
    assert str(first) in clash.rejected[0].message and str(other) in clash.rejected[0].message
    assert run([same_text], db, pipeline=pipeline).unchanged == 1  # identical content: unchanged
    renamed = run([other], db, pipeline=pipeline, duplicate_ids="rename")
    assert renamed.stored == 1 and renamed.counts["articles"] == 2
    with Store(db, read_only=True) as store:
        docs = sorted(r["doc"] for r in store.query("SELECT doc FROM articles"))
    assert docs[0] == "report" and docs[1].startswith("report~")
    assert run([other], db, pipeline=pipeline, duplicate_ids="rename").unchanged == 1  # the derived id is stable


def test_faults_updated_article_relearns_its_facts(tmp_path, pipeline):
    """The same input with new text replaces its article, and its learned facts are those of a clean run."""
    person = "Tom Harrington, a senior researcher at the University of Toronto, said the deal was weak. "
    path = tmp_path / "update.txt"
    path.write_text(person + "He spoke to reporters in Ottawa.", encoding="utf-8")
    db, clean = tmp_path / "u.duckdb", tmp_path / "clean.duckdb"
    run([path], db, pipeline=pipeline)
    path.write_text(person + "Harrington later met the ambassador of Ghana in Ottawa.", encoding="utf-8")
    second = run([path], db, pipeline=pipeline)
    assert (second.stored, second.updated) == (1, 1)
    run([path], clean, pipeline=pipeline)
    query = "SELECT name, country, sector, role, doc FROM learned_actors ORDER BY ALL"
    with Store(db, read_only=True) as a, Store(clean, read_only=True) as b:
        assert a.query(query) == b.query(query)
        assert a.query(query), "the article teaches a fact"


# -- store errors: each its own code, one line, no traceback ------------------------------------------------------


def _samples_dir() -> str:
    return str(fault_kit.SAMPLES / "2023-03-17-icc-warrant-putin.txt")


def test_faults_store_directory_as_db(tmp_path):
    result = runner.invoke(app, ["run", _samples_dir(), "--db", str(tmp_path)])
    assert result.exit_code == 1 and "[E205]" in result.output and "Traceback" not in result.output


def test_faults_store_missing_folder(tmp_path):
    result = runner.invoke(app, ["run", _samples_dir(), "--db", str(tmp_path / "no" / "x.duckdb")])
    assert result.exit_code == 1 and "[E206]" in result.output


def test_faults_store_not_a_duckdb_file_is_left_alone(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("shopping list\n" * 500, encoding="utf-8")
    before = db.read_bytes()
    result = runner.invoke(app, ["run", _samples_dir(), "--db", str(db)])
    assert result.exit_code == 1 and "[E202]" in result.output and "not a DuckDB file" in result.output
    assert db.read_bytes() == before


def test_faults_store_foreign_duckdb_refused_unless_init(tmp_path, pipeline):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales AS SELECT 1 AS id")
    con.close()
    with pytest.raises(StoreError) as refused:
        run([_samples_dir()], db, pipeline=pipeline)
    assert refused.value.code == "E202" and "sales" in refused.value.message and "--init" in refused.value.message
    con = duckdb.connect(str(db), read_only=True)
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    con.close()
    assert [r[0] for r in tables] == ["sales"]  # not modified
    assert run([_samples_dir()], db, pipeline=pipeline, init=True).stored == 1


def test_faults_store_corrupt_file(tmp_path, pipeline):
    db = tmp_path / "good.duckdb"
    run([fault_kit.SAMPLES], db, pipeline=pipeline)
    data = bytearray(db.read_bytes())
    for i in range(20_000, len(data), 4096):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert "Traceback" not in result.output
    assert "[E208]" in result.output and "damaged" in result.output
    truncated = tmp_path / "half.duckdb"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    result = runner.invoke(app, ["run", _samples_dir(), "--db", str(truncated)])
    assert result.exit_code == 1 and ("[E208]" in result.output or "[E202]" in result.output)


def test_faults_store_locked_by_another_process_names_it(tmp_path):
    db = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; con = duckdb.connect({str(db)!r}); print('ok', flush=True); "
         "time.sleep(120)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        result = runner.invoke(app, ["run", _samples_dir(), "--db", str(db)])
        assert result.exit_code == 1 and "[E203]" in result.output
        assert f"PID {holder.pid}" in result.output and "stop that command" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.kill()
        holder.wait()


def test_faults_store_permission_denied(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    if not _permissions_enforced(tmp_path):
        pytest.skip("file permissions are not enforced for this user")
    proc = eventwire("run", _samples_dir(), "--db", str(folder / "x.duckdb"), timeout=120)
    folder.chmod(0o755)
    assert proc.returncode == 1 and "[E204]" in proc.stderr and "Traceback" not in proc.stderr


def test_faults_store_disk_full_reported_once(tmp_path):
    """A 700 kB file system (tmpfs in a private mount namespace) fills up in the middle of a corpus."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to mount a small file system")
    mount = tmp_path / "small"
    mount.mkdir()
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wikinews-politics" / "articles.jsonl"
    if not corpus.is_file():
        from eventwire.paths import shared_dir

        corpus = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
    db = mount / "full.duckdb"
    script = (
        f"mount -t tmpfs -o size=700k tmpfs {mount} || exit 77; "
        f"{sys.executable} -m eventwire run {corpus} --db {db}; status=$?; "
        f"{sys.executable} -c \"import duckdb; c = duckdb.connect('{db}', read_only=True); "
        "print('articles', c.execute('SELECT count(*) FROM articles').fetchone()[0]); "
        "print('orphans', c.execute('SELECT count(*) FROM events WHERE doc NOT IN (SELECT doc FROM articles)')"
        ".fetchone()[0])\"; exit $status"
    )
    started = time.monotonic()
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    if proc.returncode == 77:
        pytest.skip("cannot mount a tmpfs here")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("[E207]") == 1 and "Traceback" not in proc.stderr
    assert "cannot rollback" not in proc.stderr
    counts = dict(line.split() for line in proc.stdout.splitlines())
    assert 0 < int(counts["articles"]) < 101 and counts["orphans"] == "0"
    assert time.monotonic() - started < 600


def test_faults_kit_counts_for_the_report(fault_run, capsys):
    """Prints the kit's figures (inputs in / stored / rejected by code); run with -s to see them."""
    kit, _, db = fault_run
    with Store(db, read_only=True) as store:
        stored = store.counts()["articles"]
    codes = Counter(rejected_codes(db).values())
    figures = {"stored": stored, "rejected": sum(codes.values()), "by_code": dict(sorted(codes.items()))}
    figures["inputs"] = figures["stored"] + figures["rejected"] + 1  # + the repeated record with the same text
    print("fault kit:", json.dumps(figures))
    assert stored == len(kit.stored)


def test_faults_verbose_run_lists_each_skipped_file(tmp_path):
    folder = tmp_path / "mixed"
    _article(folder / "good.txt", 2)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "README.md").write_text("About this folder.", encoding="utf-8")  # documentation: ignored
    quiet = runner.invoke(app, ["run", str(folder), "--db", str(tmp_path / "q.duckdb")])
    assert quiet.exit_code == 0 and "skipped 1 files in folders (E006 ×1); -v lists them" in quiet.output
    loud = runner.invoke(app, ["-v", "run", str(folder), "--db", str(tmp_path / "v.duckdb")])
    assert loud.exit_code == 0 and f"skipped [E006] {folder / 'photo.png'}" in loud.output


def test_faults_query_on_an_empty_duckdb_file(tmp_path):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 2 and "[E202]" in result.output and "Traceback" not in result.output
