"""``eventwire merge`` and ``eventwire evaluate-merge``: cross-article event clusters."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("merge")
    def merge_command(
        db: Path = typer.Option("eventwire.duckdb", "--db", help="DuckDB file to read and update."),
        parquet: Path | None = typer.Option(
            None, "--parquet", help="A folder written by `eventwire spark` (writes event_clusters/ into it)."
        ),
        window: int = typer.Option(2, "--window", help="Days apart two events' own dates may be."),
        article_window: int = typer.Option(3, "--article-window", help="Days apart articles may be (undated events)."),
        threshold: float = typer.Option(0.6, "--threshold", help="Average pair score a cluster must keep (0-1)."),
        show: int = typer.Option(10, "--show", help="Print this many clusters reported by most articles (0: none)."),
    ) -> None:
        """Give events from different articles that report the same real-world event one cluster id.

        Same type, agreeing actors (or countries) and dates within a window are required; the trigger and
        evidence wording and the actors the articles share add to the score. Writes the event_clusters
        table (every event, singletons too); group events by cluster_id to count each event once.

        Example: eventwire merge --db eventwire.duckdb --window 2 --show 20
        """
        from eventwire.errors import StoreError
        from eventwire.merge import MergeConfig, clustered_events, merge_store, write_clusters, write_clusters_parquet
        from eventwire.store import Store

        config = MergeConfig(window_days=window, article_window_days=article_window, threshold=threshold)
        if parquet is not None:
            from eventwire.spark import open_parquet_store

            store: Store = open_parquet_store(parquet)
            summary, rows = merge_store(store, config)
            write_clusters_parquet(store, rows, str(parquet))
            store.close()
            store = open_parquet_store(parquet)
        else:
            from eventwire.cli import store_errors

            with store_errors(exit_code=2):
                if not db.exists():
                    raise StoreError("E209", path=str(db))
                store = Store(db)
                summary, rows = merge_store(store, config)
                write_clusters(store, rows)
        typer.echo(
            f"{summary.events} events -> {summary.clusters} clusters; {summary.merged_clusters} clusters merge "
            f"{summary.merged_events} events, {summary.cross_article_clusters} of them across articles.",
            err=True,
        )
        if show:
            for row in clustered_events(store, min_articles=2, limit=show):
                typer.echo(
                    f"{row['cluster_id']}  {row['event_type']:<9} {row['articles']} articles  "
                    f"{row['first_date'] or ''!s:<10}  {row['source_name'] or '-'} -> {row['target_name'] or '-'}"
                )
        store.close()

    @app.command("evaluate-merge")
    def evaluate_merge_command(
        split: str = typer.Argument("test", help="ECB+ topics: dev (2 5 12 18 21 23 34 35), test (36-45) or all."),
        as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    ) -> None:
        """Score cross-article event merging on ECB+ event coreference (pairwise and B-cubed P/R/F1).

        Clusters the gold event mentions of ECB+'s annotated sentences within each topic, using our
        features (spaCy lemmas and entities, the event lexicon); prints the same-lemma baseline beside it.
        Reads ../shared/corpora/ecbplus (or $EVENTWIRE_SHARED).

        Example: eventwire evaluate-merge test
        """
        from eventwire.evaluation.coreference import evaluate, split_topics
        from eventwire.paths import shared_dir

        try:
            topics = split_topics(split)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="SPLIT") from None
        report = evaluate(shared_dir() / "corpora" / "ecbplus", topics)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
            return
        typer.echo(f"ECB+ {split} topics {report['topics']}: {report['documents']} documents")
        for name in ("eventwire", "same_lemma"):
            r = report[name]
            typer.echo(
                f"{name:<10} mentions {r['mentions']}  gold clusters {r['gold_clusters']}  "
                f"predicted {r['predicted_clusters']}"
            )
            for metric in ("pairwise", "bcubed"):
                m = r[metric]
                typer.echo(f"  {metric:<8}  P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}")
