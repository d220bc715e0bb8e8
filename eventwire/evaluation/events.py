"""Scoring predicted events against a gold file, and running the pipeline to get predictions.

The semantics are those of the shared ``eval/score_events.py`` (documented in
``gold/GUIDELINES.md``), so our figures and that script's agree to the last
digit:

- a prediction *matches* a gold event of the same document when (lenient) its
  type is the gold type or one of ``type_alt`` and its source and target
  countries are accepted by the gold ones (a null gold value accepts anything,
  a list accepts any member); *strict* also needs the sectors accepted, the
  dates to overlap where the gold gives one and the status to be equal;
- each gold event and each prediction is used at most once: a maximum
  bipartite matching, in which required gold events are placed first so the
  number of required events matched is as large as possible;
- precision counts matched predictions (against any gold event); recall counts
  matched *required* gold events; only documents present in the gold file count.

On top of that we report the same figures per PLOVER type: a prediction
counts under its predicted type, a gold event under its gold type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def load_jsonl(path: str | Path) -> list[Row]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# ---------------------------------------------------------------------------- matching
def _accepts(gold_value: Any, value: Any) -> bool:
    if gold_value is None:
        return True
    if isinstance(gold_value, list):
        return value in gold_value
    return value == gold_value


def _side(row: Row, role: str) -> tuple[Any, Any]:
    value = row.get(role) or {}
    return value.get("country"), value.get("sector")


def _dates(row: Row) -> tuple[str | None, str | None]:
    value = row.get("date") or {}
    start = value.get("start")
    return start, value.get("end") or start


def event_matches(gold: Row, pred: Row, strict: bool = False) -> bool:
    """Whether ``pred`` may be paired with ``gold`` (see the module docstring)."""
    if pred.get("event_type") not in {gold["type"], *gold.get("type_alt", [])}:
        return False
    for role in ("source", "target"):
        gold_country, gold_sector = _side(gold, role)
        pred_country, pred_sector = _side(pred, role)
        if not _accepts(gold_country, pred_country):
            return False
        if strict and not _accepts(gold_sector, pred_sector):
            return False
    if not strict:
        return True
    gold_start, gold_end = _dates(gold)
    if gold_start is not None:
        pred_start, pred_end = _dates(pred)
        # ISO dates compare correctly as strings; a gold end defaults to its start.
        if pred_start is None or pred_start > (gold_end or gold_start) or (pred_end or pred_start) < gold_start:
            return False
    return not gold.get("status") or gold["status"] == pred.get("status")


def maximum_matching(golds: Sequence[Row], preds: Sequence[Row], strict: bool) -> dict[int, int]:
    """A maximum matching gold index -> prediction index, required gold events placed first.

    Kuhn's augmenting-path algorithm: an augmenting path never unmatches a gold
    event, so placing the required ones first maximises how many of them are
    matched, and the final matching is maximum overall.
    """
    candidates = [[j for j, pred in enumerate(preds) if event_matches(gold, pred, strict)] for gold in golds]
    gold_of: dict[int, int] = {}  # prediction -> gold

    def try_place(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            holder = gold_of.get(j)
            if holder is None or try_place(holder, visited):
                gold_of[j] = i
                return True
        return False

    order = [i for i, g in enumerate(golds) if g.get("required", True)]
    order += [i for i, g in enumerate(golds) if not g.get("required", True)]
    for i in order:
        try_place(i, set())
    return {i: j for j, i in gold_of.items()}


# ---------------------------------------------------------------------------- scores
def _prf(matched_pred: int, n_pred: int, matched_required: int, n_required: int) -> dict[str, float]:
    precision = matched_pred / n_pred if n_pred else 0.0
    recall = matched_required / n_required if n_required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def score(gold_rows: Sequence[Row], pred_rows: Sequence[Row], strict: bool = False,
          docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Precision, recall, F1, counts, missed required gold ids and per-type figures.

    ``docs`` are the documents scored: by default those the gold rows name (as the shared scorer does); a
    coded corpus passes every coded document, so that events predicted in an article with none count.
    """
    docs = sorted(set(docs) if docs is not None else {g["doc"] for g in gold_rows})
    totals = {"matched_pred": 0, "n_pred": 0, "matched_required": 0, "n_required": 0}
    per_type: dict[str, dict[str, int]] = {}
    missed: list[str] = []

    def bucket(event_type: str) -> dict[str, int]:
        return per_type.setdefault(event_type, {"matched_pred": 0, "n_pred": 0, "matched_required": 0, "n_required": 0})

    for doc in docs:
        golds = [g for g in gold_rows if g["doc"] == doc]
        preds = [p for p in pred_rows if p.get("doc") == doc]
        pairing = maximum_matching(golds, preds, strict)
        matched_preds = set(pairing.values())
        totals["n_pred"] += len(preds)
        totals["matched_pred"] += len(pairing)
        for j, pred in enumerate(preds):
            b = bucket(str(pred.get("event_type")))
            b["n_pred"] += 1
            b["matched_pred"] += j in matched_preds
        for i, gold in enumerate(golds):
            if not gold.get("required", True):
                continue
            b = bucket(gold["type"])
            totals["n_required"] += 1
            b["n_required"] += 1
            if i in pairing:
                totals["matched_required"] += 1
                b["matched_required"] += 1
            else:
                missed.append(f"{doc}:{gold['id']}")
    result: dict[str, Any] = _prf(totals["matched_pred"], totals["n_pred"], totals["matched_required"],
                                  totals["n_required"])
    result.update({"predicted": totals["n_pred"], "required": totals["n_required"], "missed": missed})
    result["per_type"] = {
        t: {**_prf(c["matched_pred"], c["n_pred"], c["matched_required"], c["n_required"]),
            "predicted": c["n_pred"], "required": c["n_required"]}
        for t, c in sorted(per_type.items())
    }
    return result


def evaluate_rows(gold_rows: Sequence[Row], pred_rows: Sequence[Row],
                  docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Lenient and strict scores of predictions against gold rows (over ``docs``, see :func:`score`)."""
    docs = list(docs) if docs is not None else None
    return {"lenient": score(gold_rows, pred_rows, strict=False, docs=docs),
            "strict": score(gold_rows, pred_rows, strict=True, docs=docs)}


# ---------------------------------------------------------------------------- running the pipeline
def predict(paths: Iterable[str | Path], *, only_docs: set[str] | None = None, default_date: date | None = None,
            pipeline: Any = None) -> tuple[list[Row], list[str]]:
    """Event records for the articles in ``paths`` (txt, html, JSON Lines ...), and the rejected inputs.

    ``only_docs`` restricts the run to those document ids (the ones a gold file codes).
    """
    from eventwire.errors import EventwireError
    from eventwire.pipeline import Pipeline
    from eventwire.records import records
    from eventwire.stages.ingest import read_inputs

    pipeline = pipeline or Pipeline()
    rejected: list[str] = []

    def docs():
        for item in read_inputs(paths, default_date=default_date):
            if isinstance(item, EventwireError):
                rejected.append(str(item))
            elif only_docs is None or item.id in only_docs:
                yield item

    rows: list[Row] = []
    for doc, error in pipeline.pipe(docs()):
        if error is not None:
            rejected.append(str(error))
            continue
        rows.extend(records(doc, "events"))
    return rows, rejected


def evaluate_files(gold_path: str | Path, article_paths: Iterable[str | Path], *, default_date: date | None = None,
                   pipeline: Any = None, predictions_out: str | Path | None = None) -> dict[str, Any]:
    """Run the pipeline on the gold file's articles and score the events it finds."""
    gold_rows = load_jsonl(gold_path)
    pred_rows, rejected = predict(article_paths, only_docs={g["doc"] for g in gold_rows},
                                  default_date=default_date, pipeline=pipeline)
    if predictions_out is not None:
        with open(predictions_out, "w", encoding="utf-8") as handle:
            for row in pred_rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    report = evaluate_rows(gold_rows, pred_rows)
    report["documents"] = len({r["doc"] for r in gold_rows})
    report["rejected"] = rejected
    return report


def format_report(report: dict[str, Any], *, show_misses: bool = False) -> str:
    """A plain-text table: overall and per-type precision, recall and F1, lenient and strict."""
    lenient, strict = report["lenient"], report["strict"]
    lines = [
        f"{'type':<10} {'pred':>5} {'req':>5}   {'P':>6} {'R':>6} {'F1':>6}   {'P(s)':>6} {'R(s)':>6} {'F1(s)':>6}",
    ]

    def row(name: str, a: dict[str, Any], b: dict[str, Any]) -> str:
        return (f"{name:<10} {a['predicted']:>5} {a['required']:>5}   {a['precision']:>6.3f} {a['recall']:>6.3f} "
                f"{a['f1']:>6.3f}   {b['precision']:>6.3f} {b['recall']:>6.3f} {b['f1']:>6.3f}")

    for event_type in sorted(set(lenient["per_type"]) | set(strict["per_type"])):
        empty = {"predicted": 0, "required": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
        lines.append(row(event_type, lenient["per_type"].get(event_type, empty),
                         strict["per_type"].get(event_type, empty)))
    lines.append(row("ALL", lenient, strict))
    if show_misses:
        lines.append(f"missed (lenient): {', '.join(lenient['missed']) or 'none'}")
        lines.append(f"missed (strict): {', '.join(strict['missed']) or 'none'}")
    for rejected in report.get("rejected", []):
        lines.append(f"rejected: {rejected}")
    lines.append(
        f"lenient P={lenient['precision']} R={lenient['recall']} F1={lenient['f1']} | "
        f"strict P={strict['precision']} R={strict['recall']} F1={strict['f1']} | "
        f"predicted={lenient['predicted']} required={lenient['required']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- the coded corpus
def evaluate_split(split: str, *, pipeline: Any = None, predictions_out: str | Path | None = None) -> dict[str, Any]:
    """Run the pipeline on one split of the team's coded corpus (``corpus/``) and score it.

    Every coded document of the split counts, including those with no event (what is predicted there is a
    false positive). The test split is for reporting: read its figures, never its articles, while rules or
    features change.
    """
    from eventwire.evaluation.corpus import article_records
    from eventwire.pipeline import Pipeline
    from eventwire.records import records as doc_records
    from eventwire.training.align import coded_docs, coded_rows, process

    docs = coded_docs(split)
    wanted = set(docs)
    records = [r for r in article_records() if r["id"] in wanted]
    pred_rows = [row for doc in process(records, pipeline=pipeline or Pipeline())
                 for row in doc_records(doc, "events")]
    if predictions_out is not None:
        with open(predictions_out, "w", encoding="utf-8") as handle:
            for row in pred_rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    report = evaluate_rows(coded_rows(split), pred_rows, docs=docs)
    report["documents"] = len(docs)
    report["rejected"] = []
    return report
