"""``eventwire evaluate``: run the pipeline on articles and score its events against a gold file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate_command(
        gold: Path | None = typer.Argument(None, exists=True, dir_okay=False,
                                    help="Gold events, JSON Lines (gold/GUIDELINES.md). Omit to score the "
                                         "coded corpus's splits."),
        articles: list[Path] | None = typer.Argument(
            None, help="Articles: .txt files (id = file stem) or JSON Lines with id/text/date."),
        split: list[str] | None = typer.Option(None, "--split",
                                        help="Corpus split(s) to score without GOLD: train, dev, test (default all)."),
        on_date: str | None = typer.Option(None, "--date",
                                    help="Article date YYYY-MM-DD for .txt input (overrides JSONL dates)."),
        predictions: Path | None = typer.Option(None, "--predictions",
                                                help="Also write the predicted event records here."),
        misses: bool = typer.Option(False, "--misses", help="List the required gold events not matched."),
        as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    ) -> None:
        """Print precision, recall and F1 of the events stage, lenient and strict, overall and per PLOVER type.

        Without GOLD, score the team's coded corpus (corpus/), each split on its own: train (the models were
        fitted on it: a development aid), dev (the thresholds' cross-validation used it: a development aid) and
        test (a result). With GOLD, only the articles the gold file codes are processed. The figures equal those
        of the shared eval/score_events.py on the same predictions (write them with --predictions to check;
        with the corpus, name one --split).

        Example: eventwire evaluate ../shared/gold/zaobao-2023-03-17-china-russia.events.jsonl
        ../shared/articles/zaobao-2023-03-17-china-russia.txt --date 2023-03-17
        """
        from eventwire.evaluation.events import evaluate_files, evaluate_split, format_report
        from eventwire.stages.ingest import parse_date

        if gold is None:
            splits = split or ["train", "dev", "test"]
            unknown = [s for s in splits if s not in {"train", "dev", "test"}]
            if unknown:
                raise typer.BadParameter(f"unknown split {unknown[0]!r} (train, dev or test)", param_hint="--split")
            if predictions is not None and len(splits) != 1:
                raise typer.BadParameter("with the coded corpus, --predictions takes one --split",
                                         param_hint="--predictions")
            reports = {s: evaluate_split(s, predictions_out=predictions) for s in splits}
            if as_json:
                typer.echo(json.dumps(reports, indent=2))
            else:
                for name, report in reports.items():
                    typer.echo(f"== {name} ({report['documents']} documents)")
                    typer.echo(format_report(report, show_misses=misses))
            return
        if not articles:
            raise typer.BadParameter("give the articles the gold file codes", param_hint="ARTICLES")
        default_date: date | None = parse_date(on_date, "--date") if on_date else None
        report = evaluate_files(gold, articles, default_date=default_date, predictions_out=predictions)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        else:
            typer.echo(format_report(report, show_misses=misses))
