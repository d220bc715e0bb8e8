"""``eventwire evaluate-times``: score the time stage against gold time expressions."""

from __future__ import annotations

import json
from enum import StrEnum

import typer


class TimeCorpus(StrEnum):
    gum = "gum"
    meantime = "meantime"
    zaobao = "zaobao"
    all = "all"


def register(app: typer.Typer) -> None:
    @app.command("evaluate-times")
    def evaluate_times_command(
        corpus: TimeCorpus = typer.Argument(TimeCorpus.all, help="Gold set: gum, meantime, zaobao or all."),
        misses: bool = typer.Option(False, "--misses", help="Also list the gold expressions not resolved."),
        as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    ) -> None:
        """Print found / resolved rates of the time stage on gold time expressions.

        found = share of in-scope gold expressions overlapped by a predicted one; resolved = share of those
        whose predicted start and end dates equal the gold range. Reads the shared evaluation material
        (../shared or $EVENTWIRE_SHARED).

        Example: eventwire evaluate-times gum --misses
        """
        from eventwire.evaluation.times import evaluate_times, format_report

        report = evaluate_times(corpus.value)
        if as_json:
            typer.echo(json.dumps(report, indent=2, default=str))
        else:
            typer.echo(format_report(report, show_misses=misses))
