"""Throughput: bare spaCy against the full eventwire pipeline, on the same corpus in one run.

The corpus is the 101 Wikinews politics articles plus the machine-translated
zaobao sample article, repeated until it holds ``--words`` words (200,000 by
default). Both runs see exactly the same texts; the model is loaded before
timing starts, one article warms each run up untimed, and the two runs
alternate chunk by chunk (``--chunks``) so that the changing load of a shared
machine falls on both alike.

    python bench/throughput.py              # about 200,000 words (minutes)
    python bench/throughput.py --words 5000 # a quick check

Prints words/s and articles/s for each, then the ratio of eventwire's time to
bare spaCy's (how many times longer the full pipeline takes) and the peak
resident memory of the process; the last two lines are always
``ratio: X`` and ``peak RSS: N MB``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from eventwire.document import Doc
from eventwire.paths import shared_dir

ZAOBAO = "zaobao-2023-03-17-china-russia"


def build_corpus(words: int, shared: Path | None = None) -> list[tuple[str, str, date | None]]:
    """(id, text, date) articles: Wikinews, then the zaobao article, repeated until ``words`` words."""
    shared = shared or shared_dir()
    base: list[tuple[str, str, date | None]] = []
    with (shared / "corpora" / "wikinews-politics" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            base.append((record["id"], record["text"], date.fromisoformat(record["date"])))
    zaobao = (shared / "articles" / f"{ZAOBAO}.txt").read_text(encoding="utf-8")
    base.append((ZAOBAO, zaobao, date(2023, 3, 17)))
    corpus: list[tuple[str, str, date | None]] = []
    total, round_ = 0, 0
    while total < words:
        for doc_id, text, day in base:
            corpus.append((f"{doc_id}#{round_}", text, day))
            total += len(text.split())
            if total >= words:
                break
        round_ += 1
    return corpus


def peak_rss_mb() -> int:
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size in words (default 200000)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch for both runs")
    parser.add_argument("--chunks", type=int, default=10, help="alternate the two runs over this many chunks")
    args = parser.parse_args(argv)

    corpus = build_corpus(args.words)
    texts = [text for _, text, _ in corpus]
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(corpus)} articles, {n_words} words", flush=True)

    from eventwire.pipeline import Pipeline
    from eventwire.stages.nlp import load_model

    started = time.perf_counter()
    # A model of its own for bare spaCy: sharing the pipeline's would let one run warm the
    # other's vocabulary (new words are added to it on first sight).
    nlp = load_model.__wrapped__()
    print(f"spaCy model load: {time.perf_counter() - started:.2f} s", flush=True)
    started = time.perf_counter()
    pipeline = Pipeline()
    list(pipeline.pipe([Doc("load", "Load the model.")]))
    print(f"eventwire pipeline build: {time.perf_counter() - started:.2f} s", flush=True)
    # Warm-up, untimed: the first call loads lexicons and the knowledge base.
    list(nlp.pipe(texts[:1]))
    list(pipeline.pipe([Doc("warm-up", texts[0], date=corpus[0][2])]))

    # The two runs alternate chunk by chunk, so a change in the load of a shared machine
    # during the run falls on both alike.
    bare = full = 0.0
    events = failed = 0
    timings: dict[str, float] = {}
    step = max(1, -(-len(corpus) // args.chunks))

    def run_bare(chunk: list[tuple[str, str, date | None]]) -> float:
        started = time.perf_counter()
        for _ in nlp.pipe([text for _, text, _ in chunk], batch_size=args.batch_size):
            pass
        return time.perf_counter() - started

    def run_full(chunk: list[tuple[str, str, date | None]]) -> float:
        nonlocal events, failed
        docs = [Doc(doc_id, text, date=day) for doc_id, text, day in chunk]
        started = time.perf_counter()
        for doc, error in pipeline.pipe(docs, batch_size=args.batch_size):
            if error is not None:
                failed += 1
                continue
            events += len(doc.events)
            for stage, seconds in doc.timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds
            doc.spacy_doc = None  # keep memory flat: the parse is not needed once the records exist
        return time.perf_counter() - started

    for number, first in enumerate(range(0, len(corpus), step)):
        chunk = corpus[first : first + step]
        if number % 2 == 0:  # which run goes first alternates too
            bare += run_bare(chunk)
            full += run_full(chunk)
        else:
            full += run_full(chunk)
            bare += run_bare(chunk)
    print(
        f"bare spaCy en_core_web_sm: {bare:.1f} s  {n_words / bare:,.0f} words/s  {len(texts) / bare:.2f} articles/s",
        flush=True,
    )
    print(
        f"eventwire pipeline: {full:.1f} s  {n_words / full:,.0f} words/s  {len(texts) / full:.2f} articles/s  "
        f"({events} events, {failed} failed)",
        flush=True,
    )
    print("stage seconds: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items()))
    print(f"ratio: {full / bare:.2f}")
    print(f"peak RSS: {peak_rss_mb()} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
