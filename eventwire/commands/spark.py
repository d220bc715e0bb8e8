"""``eventwire spark``: run the pipeline on Apache Spark into Parquet tables."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("spark")
    def spark_command(
        inputs: list[str] = typer.Argument(..., help="JSON Lines or Parquet articles (files or folders), then OUTPUT."),
        master: str = typer.Option(
            "local[*]", "--master", help="Spark master URL, e.g. local[2] or spark://host:7077."
        ),
        partitions: int | None = typer.Option(None, "--partitions", help="Partitions to process (default 2x cores)."),
        date: str | None = typer.Option(None, "--date", help="Article date YYYY-MM-DD for inputs that carry none."),
    ) -> None:
        """Process articles on Spark; write Parquet tables (articles, events, actor_mentions, time_expressions,
        quotes, rejected, learned_actors) to OUTPUT, with the DuckDB store's columns.

        The last argument is the output folder. Read it back with the query commands' --parquet option.
        Needs the optional extra: pip install 'eventwire[spark]' (pyspark, Java 17). On a cluster use
        spark-submit eventwire/spark.py INPUT OUTPUT instead.

        Example: eventwire spark articles.jsonl out/ --master local[2] && eventwire events --parquet out/
        """
        from datetime import date as date_type

        if len(inputs) < 2:
            raise typer.BadParameter("give at least one INPUT and the OUTPUT folder", param_hint="INPUTS")
        try:
            import pyspark  # noqa: F401
        except ImportError:
            typer.echo("eventwire spark needs pyspark: pip install 'eventwire[spark]'", err=True)
            raise typer.Exit(2) from None
        from eventwire.spark import run_spark

        default_date = date_type.fromisoformat(date) if date else None
        *sources, output = inputs
        counts = run_spark(sources, Path(output), master=master, partitions=partitions, default_date=default_date)
        for table, count in counts.items():
            typer.echo(f"{table}: {count}", err=True)
