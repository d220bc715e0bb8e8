"""Coded events laid over the pipeline's view of their articles: which token triggers which event, which
argument phrases are its source and target.

Coded spans point into the article as given (``Doc.original``); the pipeline works on the repaired text,
so spans are mapped through :func:`repaired_span` first.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventwire.document import Doc, Mention
from eventwire.evaluation.corpus import CORPUS_DIR, article_records

# The stages that run before the events stage; their output is what the trained coder reads.
UPSTREAM = ["repair", "nlp", "time", "actors"]


@dataclass
class GoldEvent:
    row: dict
    trigger: int | None  # token index of the trigger's head, None when it could not be placed
    source_heads: set[int] = field(default_factory=set)
    target_heads: set[int] = field(default_factory=set)


@dataclass
class AlignedDoc:
    doc: Doc
    events: list[GoldEvent]


def repaired_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The repaired-text span of an original-text span (the inverse of ``Doc.to_original``).

    The start is the last repaired character that stands for the original start (not a space the repair
    stage inserted before it); the end the first that stands at or after the original end.
    """
    offsets = doc.offset_map
    return max(0, bisect.bisect_right(offsets, start) - 1), bisect.bisect_left(offsets, end)


def _head_token(sdoc, start: int, end: int) -> int | None:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root.i


def coded_rows(split: str, corpus_dir: Path = CORPUS_DIR) -> list[dict]:
    path = corpus_dir / "events" / f"{split}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def coded_docs(split: str, corpus_dir: Path = CORPUS_DIR) -> list[str]:
    """Ids of the split's documents that were coded (an article with no event was coded too)."""
    path = corpus_dir / "coded.tsv"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [cells[0] for line in lines if (cells := line.split("\t"))[1] == split]


def process(records: Iterable[dict], stages: list[str] | None = None, pipeline=None) -> Iterator[Doc]:
    """Run the upstream stages over ingest records (``id``, ``text``, ``date``, ``title``)."""
    from eventwire.pipeline import Pipeline

    pipeline = pipeline or Pipeline(stages or UPSTREAM)
    docs = (Doc(id=r["id"], original=r["text"], title=r.get("title"),
                date=date.fromisoformat(r["date"]) if r.get("date") else None) for r in records)
    for doc, error in pipeline.pipe(docs):
        if error is not None:
            raise error
        yield doc


def align(doc: Doc, rows: list[dict]) -> AlignedDoc:
    """Place each coded event of ``doc`` on its trigger token and its argument heads."""
    sdoc = doc.spacy_doc
    events = []
    for row in rows:
        trigger = None
        if row.get("trigger_span"):
            start, end = repaired_span(doc, *row["trigger_span"])
            trigger = _head_token(sdoc, start, end)
        gold = GoldEvent(row, trigger)
        for role, heads in (("source", gold.source_heads), ("target", gold.target_heads)):
            span = (row.get(role) or {}).get("span")
            if span:
                start, end = repaired_span(doc, *span)
                heads.update(m.head for m in doc.arguments if start <= sdoc[m.head].idx < end)
        events.append(gold)
    return AlignedDoc(doc, events)


def aligned_split(split: str, corpus_dir: Path = CORPUS_DIR, pipeline=None) -> list[AlignedDoc]:
    """Every coded document of a split, processed and aligned with its coded events."""
    wanted = coded_docs(split, corpus_dir)
    by_doc: dict[str, list[dict]] = {}
    for row in coded_rows(split, corpus_dir):
        by_doc.setdefault(row["doc"], []).append(row)
    records = [r for r in article_records() if r["id"] in set(wanted)]
    return [align(doc, by_doc.get(doc.id, [])) for doc in process(records, pipeline=pipeline)]


def mentions_by_head(doc: Doc) -> dict[int, list[Mention]]:
    index: dict[int, list[Mention]] = {}
    for mention in doc.arguments:
        index.setdefault(mention.head, []).append(mention)
    return index
