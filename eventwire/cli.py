"""The eventwire command line: a thin typer layer over the library.

Records go to stdout and nothing else does; logs, progress and summaries go
to stderr, so ``eventwire extract a.txt > events.jsonl`` is always clean.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import json
import logging
import pkgutil
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from eventwire import __version__
from eventwire.errors import EventwireError

app = typer.Typer(
    name="eventwire",
    help="Political event data from news articles: who did what to whom, when, where, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output (a file, a pager) gets a wide table rather than rich's 80-column default.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("eventwire")

PROCESSES_OPT = typer.Option(1, "--processes", "-j", min=1, help="Worker processes (one per CPU core is fastest).")
DB_OPTION = typer.Option("eventwire.duckdb", "--db", help="DuckDB file to read or write.")


class RecordKind(StrEnum):
    events = "events"
    actors = "actors"
    times = "times"
    quotes = "quotes"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    polecat = "polecat"


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s"
    )
    # basicConfig does nothing when logging is already set up (a second command in one process): set our level.
    log.setLevel(logging.INFO if verbose else logging.WARNING)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD", param_hint=option) from None


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    """Turn news articles into PLOVER event data stored in DuckDB.

    Example: eventwire run articles/ && eventwire events --country RUS
    """
    if version:
        typer.echo(__version__)
        raise typer.Exit()
    _setup_logging(verbose)


# -- output helpers ------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("text") or "")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return " ".join(str(value).split())  # one line per row: newlines inside evidence would break the table


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                flat[f"{key}_{sub}"] = inner
        elif isinstance(value, list):
            flat[key] = json.dumps(value) if value and isinstance(value[0], dict) else ";".join(map(str, value))
        else:
            flat[key] = value
    return flat


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


LONG_COLUMNS = {"evidence", "quote", "reason", "text", "input", "evidence_text", "module", "assigns"}


def emit(
    rows: list[dict[str, Any]], fmt: OutputFormat, columns: list[str] | None = None, title: str | None = None
) -> None:
    """Print rows to stdout as JSON Lines, CSV or a readable table."""
    if fmt is OutputFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        return
    if fmt is OutputFormat.csv:
        flat = [_flatten(r) for r in rows]
        names = columns or list(dict.fromkeys(k for r in flat for k in r))
        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for row in flat:
            writer.writerow({k: _json_default(v) if hasattr(v, "isoformat") else v for k, v in row.items()})
        return
    names = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False, header_style="bold")
    for name in names:
        if name in LONG_COLUMNS:
            table.add_column(name, overflow="ellipsis", no_wrap=True, max_width=60)
        else:
            widest = max([len(name), *(len(_cell(row.get(name))) for row in rows)])
            table.add_column(name, overflow="ellipsis", no_wrap=True, min_width=min(widest, 10), max_width=26)
    for row in rows:
        table.add_row(*[_cell(row.get(name)) for name in names])
    out.print(table)


def _report_error(error: EventwireError) -> None:
    err.print(f"[yellow]rejected[/yellow] [{error.code}] {error.message}", highlight=False)


# -- commands ---------------------------------------------------------------------


@app.command()
def extract(
    # readable=False: an unreadable file is rejected alone (E010), not a usage error that stops every input.
    files: list[Path] = typer.Argument(
        ..., readable=False, help="Text, HTML, JSON Lines or feed files, or folders of them."
    ),
    date_: str | None = typer.Option(
        None, "--date", help="Article date YYYY-MM-DD (else taken from the input or inferred)."
    ),
    records_: RecordKind = typer.Option(RecordKind.events, "--records", help="Which records to print."),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", help="Output format."),
    processes: int = PROCESSES_OPT,
) -> None:
    """Extract events (or actors, times, quotes) from articles and print them to stdout.

    Example: eventwire extract article.txt --date 2023-03-17 > events.jsonl
    """
    from eventwire.records import records
    from eventwire.runner import extract as run_extract

    default_date = _parse_date(date_, "--date")
    rows: list[dict[str, Any]] = []
    failures = 0
    for item in run_extract(files, default_date=default_date, n_process=processes):
        if isinstance(item, EventwireError):
            _report_error(item)
            failures += 1
            continue
        batch = records(item, records_.value)
        if fmt is OutputFormat.jsonl:  # stream: a long corpus shows results as it goes
            emit(batch, fmt)
        else:
            rows.extend(batch)
    if fmt is not OutputFormat.jsonl:
        columns = TABLE_COLUMNS.get(records_.value) if fmt is OutputFormat.table else None
        emit(rows, fmt, columns)
    if failures:
        raise typer.Exit(1)


TABLE_COLUMNS = {
    "events": ["doc", "event_type", "mode", "source", "target", "date", "status", "attribution", "evidence"],
    "actors": ["doc", "text", "name", "country", "sector", "confidence"],
    "times": ["doc", "text", "value_start", "value_end", "granularity"],
    "quotes": ["doc", "speaker", "quote"],
}


class DuplicateIds(StrEnum):
    reject = "reject"
    rename = "rename"


@app.command()
def run(
    paths: list[Path] = typer.Argument(
        ..., readable=False, help="Files, folders or JSON Lines corpora to process."
    ),
    db: Path = DB_OPTION,
    date_: str | None = typer.Option(None, "--date", help="Date YYYY-MM-DD for inputs that carry none."),
    batch_size: int = typer.Option(16, "--batch-size", help="Articles parsed together."),
    processes: int = PROCESSES_OPT,
    duplicate_ids: DuplicateIds = typer.Option(
        DuplicateIds.reject,
        "--duplicate-ids",
        help="A different article with an id already taken: reject it (E015), or rename it to ID~HASH.",
    ),
    init: bool = typer.Option(False, "--init", help="Add eventwire's tables to a DuckDB file that holds others."),
    reprocess: bool = typer.Option(False, "--reprocess", help="Also recode every stored article another "
                                   "eventwire or pipeline coded, from the text the store holds."),
) -> None:
    """Process articles into a DuckDB file, then print what was stored.

    Articles a different eventwire version, pipeline, data or model coded are coded again when given again
    (--reprocess recodes all of them from the stored text).

    Re-running on the same input adds nothing; an interrupted run completes when run again.
    Files in folders that cannot be articles are reported as skipped (a count; -v lists them).

    Example: eventwire run ../shared/corpora/wikinews-politics/articles.jsonl --db news.duckdb
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from eventwire.errors import InputSkipped
    from eventwire.runner import count_inputs
    from eventwire.runner import run as run_corpus

    default_date = _parse_date(date_, "--date")
    total = count_inputs(paths)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    verbose = log.isEnabledFor(logging.INFO)
    with progress, store_errors():
        task = progress.add_task("processing", total=total)

        def advance(item: Any) -> None:
            if isinstance(item, InputSkipped):
                if verbose:
                    progress.console.print(f"[dim]skipped[/dim] [{item.code}] {item.message}", highlight=False)
            elif isinstance(item, EventwireError):
                progress.console.print(f"[yellow]rejected[/yellow] [{item.code}] {item.message}", highlight=False)
            else:
                for note in item.notes:
                    progress.console.print(f"[cyan]note[/cyan] {item.source_path or item.id}: {note}", highlight=False)
            progress.advance(task)

        summary = run_corpus(
            paths,
            db,
            default_date=default_date,
            batch_size=batch_size,
            n_process=processes,
            on_item=advance,
            duplicate_ids=duplicate_ids.value,
            init=init,
            reprocess=reprocess,
        )
    counts = summary.counts
    skipped = summary.skipped
    if skipped and not verbose:
        codes = ", ".join(f"{code} ×{n}" for code, n in sorted(Counter(e.code for e in skipped).items()))
        err.print(f"skipped {len(skipped)} files in folders ({codes}); -v lists them", highlight=False)
    err.print(
        f"[bold]{db}[/bold]: stored {summary.stored - summary.updated} new articles, updated {summary.updated} "
        f"({summary.unchanged} unchanged, {summary.recoded} recoded by this pipeline), "
        f"rejected {len(summary.rejected)} inputs in this run.\n"
        f"In the database: {counts['articles']} articles, {counts['events']} events, "
        f"{counts['actor_mentions']} actor mentions, {counts['time_expressions']} time expressions, "
        f"{counts['quotes']} quotes, {counts['rejected']} rejected inputs.",
        highlight=False,
    )
    if summary.stale:
        err.print(f"{summary.stale} stored articles were coded by another eventwire or pipeline; "
                  "'eventwire run --reprocess' recodes them.", highlight=False)
    summary_table = [{"table": k, "rows": v} for k, v in counts.items()]
    emit(summary_table, OutputFormat.table, ["table", "rows"], title="eventwire store")


@contextlib.contextmanager
def store_errors(exit_code: int = 1) -> Iterator[None]:
    """A store problem is one coded line on stderr and an exit status, never a traceback."""
    from eventwire.errors import StoreError

    try:
        yield
    except StoreError as exc:
        err.print(f"[red]error[/red] [{exc.code}] {exc.message}", highlight=False)
        raise typer.Exit(exit_code) from None


def _open_store(db: Path, parquet: Path | None = None):
    from eventwire.store import Store

    if parquet is not None:
        from eventwire.spark import open_parquet_store

        return open_parquet_store(parquet)
    with store_errors(exit_code=2):
        return Store(db, read_only=True)


def _filters(actor, country, event_type, status, since, until, doc=None):
    from eventwire.queries import Filters

    return Filters(
        actor=actor,
        country=country,
        event_type=event_type,
        status=status,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        doc=doc,
    )


ACTOR_OPT = typer.Option(None, "--actor", help="Actor name (substring, case-insensitive).")
COUNTRY_OPT = typer.Option(None, "--country", help="ISO 3166 alpha-3 country code or IGO.")
TYPE_OPT = typer.Option(None, "--type", help="PLOVER event type, e.g. CONSULT.")
STATUS_OPT = typer.Option(None, "--status", help="occurred, planned, alleged, denied or hypothetical.")
SINCE_OPT = typer.Option(None, "--since", help="From this date YYYY-MM-DD.")
UNTIL_OPT = typer.Option(None, "--until", help="Up to this date YYYY-MM-DD.")
DOC_OPT = typer.Option(None, "--doc", help="Only this article id.")
FORMAT_OPT = typer.Option(OutputFormat.table, "--format", help="Output format.")
PARQUET_OPT = typer.Option(None, "--parquet", help="Read Parquet tables written by `eventwire spark` instead of --db.")
LIMIT_OPT = typer.Option(None, "--limit", help="Print at most this many rows.")


@app.command()
def events(
    db: Path = DB_OPTION,
    actor: str | None = ACTOR_OPT,
    country: str | None = COUNTRY_OPT,
    event_type: str | None = TYPE_OPT,
    status: str | None = STATUS_OPT,
    since: str | None = SINCE_OPT,
    until: str | None = UNTIL_OPT,
    doc: str | None = DOC_OPT,
    fmt: OutputFormat = FORMAT_OPT,
    parquet: Path | None = PARQUET_OPT,
    limit: int | None = LIMIT_OPT,
) -> None:
    """List stored events, filtered.

    Example: eventwire events --country RUS --type CONSULT --since 2023-01-01
    """
    from eventwire import queries
    from eventwire.store import event_from_row

    store = _open_store(db, parquet)
    rows = queries.events(store, _filters(actor, country, event_type, status, since, until, doc), limit)
    if fmt is OutputFormat.table:
        emit(
            [
                {
                    "date": r["date_start"] or r["article_date"],
                    "type": r["event_type"],
                    "status": r["status"],
                    "source": r["source_name"],
                    "src": r["source_country"],
                    "target": r["target_name"],
                    "tgt": r["target_country"],
                    "evidence": r["evidence_text"],
                    "doc": r["doc"],
                }
                for r in rows
            ],
            fmt,
            title=f"{len(rows)} events",
        )
    else:
        emit([event_from_row(r) for r in rows], fmt)


@app.command()
def timeline(
    db: Path = DB_OPTION,
    actor: str | None = ACTOR_OPT,
    country: str | None = COUNTRY_OPT,
    event_type: str | None = TYPE_OPT,
    status: str | None = STATUS_OPT,
    since: str | None = SINCE_OPT,
    until: str | None = UNTIL_OPT,
    fmt: OutputFormat = FORMAT_OPT,
    parquet: Path | None = PARQUET_OPT,
) -> None:
    """Dated events in date order (the event's own date, else its article's).

    Example: eventwire timeline --country USA --since 2020-01-01
    """
    from eventwire import queries

    store = _open_store(db, parquet)
    rows = queries.timeline(store, _filters(actor, country, event_type, status, since, until))
    emit(
        [
            {
                "date": r["day"],
                "until": r["date_end"] if r["dated_by_text"] and r["date_end"] != r["day"] else None,
                "type": r["event_type"],
                "status": r["status"],
                "source": r["source_name"],
                "src": r["source_country"],
                "target": r["target_name"],
                "tgt": r["target_country"],
                "evidence": r["evidence_text"],
            }
            for r in rows
        ],
        fmt,
        title=f"timeline: {len(rows)} dated events",
    )


@app.command()
def actors(
    db: Path = DB_OPTION,
    actor: str | None = ACTOR_OPT,
    country: str | None = COUNTRY_OPT,
    doc: str | None = DOC_OPT,
    fmt: OutputFormat = FORMAT_OPT,
    parquet: Path | None = PARQUET_OPT,
) -> None:
    """Actors mentioned in the stored articles, most mentioned first.

    Example: eventwire actors --country UKR
    """
    from eventwire import queries

    store = _open_store(db, parquet)
    emit(queries.actors(store, _filters(actor, country, None, None, None, None, doc)), fmt, title="actors")


@app.command()
def quotes(
    db: Path = DB_OPTION,
    actor: str | None = ACTOR_OPT,
    country: str | None = COUNTRY_OPT,
    since: str | None = SINCE_OPT,
    until: str | None = UNTIL_OPT,
    doc: str | None = DOC_OPT,
    fmt: OutputFormat = FORMAT_OPT,
    parquet: Path | None = PARQUET_OPT,
) -> None:
    """Quotes with their speakers.

    Example: eventwire quotes --actor Pelosi
    """
    from eventwire import queries

    store = _open_store(db, parquet)
    rows = queries.quotes(store, _filters(actor, country, None, None, since, until, doc))
    emit(
        rows,
        fmt,
        ["date", "speaker_name", "speaker_country", "quote", "doc"] if fmt is OutputFormat.table else None,
        title="quotes",
    )


@app.command()
def export(
    db: Path = DB_OPTION,
    fmt: ExportFormat = typer.Option(
        ExportFormat.jsonl,
        "--format",
        help="jsonl (the event contract), csv, parquet, gdelt (GDELT 2.0 event table, tab-separated) "
        "or polecat (PLOVER records named as in POLECAT's files, JSON Lines).",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Output file (stdout for jsonl/csv when omitted)."),
    actor: str | None = ACTOR_OPT,
    country: str | None = COUNTRY_OPT,
    event_type: str | None = TYPE_OPT,
    status: str | None = STATUS_OPT,
    since: str | None = SINCE_OPT,
    until: str | None = UNTIL_OPT,
) -> None:
    """Export stored events as JSON Lines, CSV, Parquet, GDELT 2.0 event rows or POLECAT records.

    Example: eventwire export --format gdelt --output events.gdelt.tsv
    """
    from eventwire.export import export_events

    store = _open_store(db)
    try:
        count = export_events(store, fmt.value, output, _filters(actor, country, event_type, status, since, until))
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    err.print(f"exported {count} events" + (f" to {output}" if output else ""))


@app.command()
def rejected(db: Path = DB_OPTION, fmt: OutputFormat = FORMAT_OPT) -> None:
    """List the inputs that could not be processed, and why.

    Example: eventwire rejected --db news.duckdb
    """
    from eventwire import queries

    store = _open_store(db)
    emit(queries.rejected(store), fmt, title="rejected inputs")


@app.command()
def stages() -> None:
    """List the pipeline stages in order, with what each reads and writes.

    Example: eventwire stages
    """
    from eventwire.pipeline import DEFAULT_STAGES, registered_stages

    registry = registered_stages()
    emit(
        [
            {
                "order": i + 1,
                "stage": name,
                "module": registry[name].module,
                "requires": ", ".join(registry[name].requires),
                "assigns": ", ".join(registry[name].assigns),
            }
            for i, name in enumerate(DEFAULT_STAGES)
        ],
        OutputFormat.table,
        title="pipeline",
    )


def _register_command_modules() -> None:
    """Add the commands defined in ``eventwire/commands/*.py`` (evaluate, serve, spark ...)."""
    import eventwire.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
        except Exception as exc:  # one broken optional command must not take the CLI down
            err.print(f"[red]eventwire: command module '{info.name}' failed to load: {exc}[/red]")
            continue
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_command_modules()
