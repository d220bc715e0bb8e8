"""``eventwire brief``: a dated, evidence-linked account of articles, or of a question over a store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer


class BriefFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"


class Per(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


def register(app: typer.Typer) -> None:
    from eventwire.cli import (
        ACTOR_OPT,
        COUNTRY_OPT,
        DOC_OPT,
        PARQUET_OPT,
        PROCESSES_OPT,
        SINCE_OPT,
        STATUS_OPT,
        TYPE_OPT,
        UNTIL_OPT,
        _filters,
        _open_store,
        _parse_date,
        _report_error,
    )

    @app.command()
    def brief(
        files: list[Path] | None = typer.Argument(
            None, help="Articles to brief (text, HTML, JSON Lines, feeds); without them, a question over --db."
        ),
        db: Path = typer.Option("eventwire.duckdb", "--db", help="DuckDB file to ask (when no FILE is given)."),
        actor: str | None = ACTOR_OPT,
        country: str | None = COUNTRY_OPT,
        event_type: str | None = TYPE_OPT,
        status: str | None = STATUS_OPT,
        since: str | None = SINCE_OPT,
        until: str | None = UNTIL_OPT,
        doc: str | None = DOC_OPT,
        parquet: Path | None = PARQUET_OPT,
        date_: str | None = typer.Option(
            None, "--date", help="Article date YYYY-MM-DD for FILEs (else taken from the input or inferred)."
        ),
        fmt: BriefFormat = typer.Option(BriefFormat.markdown, "--format", help="markdown, html (one file) or json."),
        per: Per | None = typer.Option(
            None, "--per", help="A store question's summary per day, week, month or year (default: from the date span)."
        ),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        processes: int = PROCESSES_OPT,
    ) -> None:
        """Write a brief: what happened in date order, what is ahead, who said what, the names the text used.

        Every line is written by a template from the records and cites the article's own words. With FILEs the
        articles are processed (no database); without, the question's filters select events from --db.

        Example: eventwire brief article.txt --date 2023-03-17 --format html -o brief.html
        """
        from eventwire.brief import brief_of_docs, brief_of_store, render
        from eventwire.errors import EventwireError

        filters = _filters(actor, country, event_type, status, since, until, doc)
        if files:
            if any(v is not None for v in (actor, country, event_type, status, since, until, doc, parquet)):
                raise typer.BadParameter("filters ask a store; give FILEs or filters, not both", param_hint="FILES")
            from eventwire.runner import extract

            docs, failures = [], 0
            for item in extract(files, default_date=_parse_date(date_, "--date"), n_process=processes):
                if isinstance(item, EventwireError):
                    _report_error(item)
                    failures += 1
                else:
                    docs.append(item)
            if not docs:
                raise typer.Exit(1)
            result = brief_of_docs(docs)
        else:
            store = _open_store(db, parquet)
            try:
                result = brief_of_store(store, filters, per=per.value if per else None)
            finally:
                store.close()
            failures = 0
        text = render(result, fmt.value)
        if output is not None:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"wrote {output}", err=True)
        else:
            typer.echo(text, nl=False)
        if failures:
            raise typer.Exit(1)
