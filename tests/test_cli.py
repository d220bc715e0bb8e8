"""The CLI: documented, with examples, records on stdout only, and every command working on a real store."""

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from eventwire.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
runner = CliRunner()


def command_names() -> list[str]:
    return sorted(get_command(app).commands)


@pytest.mark.parametrize("name", command_names())
def test_cli_command_is_documented_in_readme(name):
    assert re.search(rf"eventwire {re.escape(name)}\b", README.read_text(encoding="utf-8")), (
        f"`eventwire {name}` is not documented in README.md"
    )


@pytest.mark.parametrize("name", command_names())
def test_cli_command_help_has_an_example(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, shared_dir) -> Path:
    """Eight real Wikinews articles, a missing file and an empty one, run through the CLI."""
    folder = tmp_path_factory.mktemp("cli")
    lines = (shared_dir / "corpora" / "wikinews-politics" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = folder / "eight.jsonl"
    corpus.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    db = folder / "cli.duckdb"
    result = runner.invoke(
        app, ["run", str(corpus), str(folder / "empty.txt"), str(folder / "missing.txt"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert "8 articles" in result.output
    return db


def test_cli_run_records_rejected_inputs(corpus_db):
    result = runner.invoke(app, ["rejected", "--db", str(corpus_db), "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["code"] for r in rows) == ["E001", "E002"]
    assert any("empty.txt" in r["input"] and "empty" in r["reason"] for r in rows)


def test_cli_events_filters(corpus_db):
    all_rows = [
        json.loads(x)
        for x in runner.invoke(app, ["events", "--db", str(corpus_db), "--format", "jsonl"]).stdout.splitlines()
    ]
    assert all_rows, "no events stored"
    usa = [
        json.loads(x)
        for x in runner.invoke(
            app, ["events", "--db", str(corpus_db), "--format", "jsonl", "--country", "usa"]
        ).stdout.splitlines()
    ]
    assert usa and all("USA" in ((r["source"] or {}).get("country"), (r["target"] or {}).get("country")) for r in usa)
    kind = all_rows[0]["event_type"]
    typed = runner.invoke(app, ["events", "--db", str(corpus_db), "--format", "jsonl", "--type", kind]).stdout
    assert {json.loads(x)["event_type"] for x in typed.splitlines()} == {kind}


def test_cli_timeline_is_in_date_order(corpus_db):
    result = runner.invoke(app, ["timeline", "--db", str(corpus_db), "--format", "csv"])
    days = [row["date"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert days and days == sorted(days)


def test_cli_actors_and_quotes_tables(corpus_db):
    actors = runner.invoke(app, ["actors", "--db", str(corpus_db), "--format", "jsonl"])
    rows = [json.loads(x) for x in actors.stdout.splitlines()]
    assert rows and {"name", "country", "sector", "mentions"} <= set(rows[0])
    quotes = runner.invoke(app, ["quotes", "--db", str(corpus_db)])
    assert quotes.exit_code == 0


def test_cli_export_formats_agree(corpus_db, tmp_path):
    jsonl = runner.invoke(app, ["export", "--db", str(corpus_db), "--format", "jsonl"]).stdout.splitlines()
    as_csv = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", str(corpus_db), "--format", "csv"]).stdout))
    )
    parquet = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--db", str(corpus_db), "--format", "parquet", "--output", str(parquet)])
    assert result.exit_code == 0, result.output
    in_parquet = duckdb.sql(f"SELECT event_id FROM read_parquet('{parquet}') ORDER BY ALL").fetchall()
    ids = sorted(json.loads(x)["event_id"] for x in jsonl)
    assert ids == sorted(r["event_id"] for r in as_csv) == [r[0] for r in in_parquet]


def test_cli_missing_database_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2
    assert "no such database" in result.output


def test_cli_extract_reports_bad_input_on_stderr_and_continues(tmp_path, shared_dir):
    good = tmp_path / "good.txt"
    good.write_text(
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday.", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["extract", str(tmp_path / "missing.txt"), str(good), "--records", "actors", "--date", "2023-03-20"]
    )
    assert result.exit_code == 1
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"good"}
    assert "E001" in result.stderr and "missing.txt" in result.stderr


def test_cli_extract_bad_date_option(tmp_path):
    result = runner.invoke(app, ["extract", "x.txt", "--date", "17/03/2023"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
