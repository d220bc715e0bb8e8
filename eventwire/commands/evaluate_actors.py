"""``eventwire evaluate-actors`` and ``eventwire evaluate-entities``: score the actors stage."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer


class EntityCorpus(StrEnum):
    gum = "gum"
    meantime = "meantime"


def register(app: typer.Typer) -> None:
    @app.command("evaluate-actors")
    def evaluate_actors_command(
        gold: Path = typer.Argument(None, dir_okay=False,
                                    help="Gold actors, JSON Lines (default: the shared zaobao gold file)."),
        as_json: bool = typer.Option(False, "--json", help="Print the per-mention results as JSON."),
    ) -> None:
        """Check that each gold actor mention gets the right country and sector (null in the gold accepts any).

        A gold mention counts as right when every one of our mentions with that text is right.
        The article is read from articles/<doc>.txt beside the gold directory.

        Example: eventwire evaluate-actors ../shared/gold/zaobao-2023-03-17-china-russia.actors.jsonl
        """
        from eventwire.evaluation.actors import evaluate_actors, format_actor_report

        if gold is not None and not gold.exists():
            raise typer.BadParameter(f"{gold}: no such file", param_hint="GOLD")
        score = evaluate_actors(gold)
        if as_json:
            rows = [{**i.gold, "correct": i.correct, "any_correct": i.any_correct,
                     "got": [{k: r[k] for k in ("text", "name", "country", "sector", "kb_id", "method")}
                             for r in i.matched]} for i in score.items]
            typer.echo(json.dumps({"accuracy": score.accuracy, "any_accuracy": score.any_accuracy,
                                   "canonical_accuracy": score.canonical_accuracy, "items": rows}, indent=2))
        else:
            typer.echo(format_actor_report(score))

    @app.command("evaluate-entities")
    def evaluate_entities_command(
        corpus: EntityCorpus = typer.Argument(EntityCorpus.gum, help="gum (GUM Wikinews) or meantime (MEANTIME)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Precision and recall of PERSON / ORG / place detection against a hand-annotated Wikinews corpus.

        Named gold mentions only; see eventwire/evaluation/entities.py for the matching rules.
        Also prints the seconds each stage took, so the actors stage's share is visible.

        Example: eventwire evaluate-entities meantime
        """
        from eventwire.evaluation.entities import evaluate_entities, format_entity_report

        score = evaluate_entities(corpus.value)
        if as_json:
            typer.echo(json.dumps({
                "corpus": score.corpus, "docs": score.n_docs, "seconds": score.seconds,
                "scores": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "gold": v.n_gold,
                               "pred": v.n_pred} for k, v in score.scores.items()},
            }, indent=2))
        else:
            typer.echo(format_entity_report(score))
