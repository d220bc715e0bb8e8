"""Throughput: bare spaCy against the full eventwire pipeline, on the same corpus in one run.

The corpus is the 101 Wikinews politics articles plus the machine-translated
zaobao sample article, repeated until it holds ``--words`` words (200,000 by
default). Both runs see exactly the same texts; the model is loaded before
timing starts, one article warms each run up untimed, and the two runs
alternate chunk by chunk (``--chunks``) so that the changing load of a shared
machine falls on both alike.

    python bench/throughput.py              # about 200,000 words (minutes)
    python bench/throughput.py --words 5000 # a quick check

Bare spaCy is the stock model as its users run it: ``nlp.pipe`` in one
process. eventwire runs its whole pipeline (repair, nlp, time, actors,
events, quotes) in ``--processes`` worker processes (default: one per core),
the way ``eventwire run -j N`` does.

Prints words/s and articles/s for each, then the ratio of eventwire's
throughput to bare spaCy's (above 1: eventwire is faster) and the peak
resident memory of eventwire (this process and its workers, summed; the bare
spaCy process is left out); the last two lines are always ``ratio: X`` and
``peak RSS: N MB``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import threading
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


def tree_rss_bytes(root: int, exclude: set[int] | None = None) -> int:
    """Resident memory of ``root`` and all its descendants (but ``exclude``), from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        if pid in (exclude or ()):
            continue
        total += rss.get(pid, 0)
        frontier.extend(child for child, parent in parents.items() if parent == pid)
    return total


class PeakRSS:
    """Samples the process tree's memory in a background thread and keeps the peak."""

    def __init__(self, interval: float = 0.2) -> None:
        self.peak = 0
        self.exclude: set[int] = set()
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_bytes(os.getpid(), self.exclude))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_bytes(os.getpid(), self.exclude))
        return round(self.peak / 2**20)


_BARE_NLP = None


def _bare_init() -> None:
    global _BARE_NLP
    from eventwire.stages.nlp import load_model

    _BARE_NLP = load_model(kb_ruler=False)  # the stock model, as its users run it


def _bare_time(texts: list[str], batch_size: int) -> float:
    """Seconds the stock model takes over ``texts`` with ``nlp.pipe`` (runs in the bare process)."""
    started = time.perf_counter()
    for _ in _BARE_NLP.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="corpus size in words (default 200000)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch for both runs")
    parser.add_argument("--chunks", type=int, default=10, help="alternate the two runs over this many chunks")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="eventwire worker processes (default: one per core)"
    )
    args = parser.parse_args(argv)
    memory = PeakRSS()

    corpus = build_corpus(args.words)
    texts = [text for _, text, _ in corpus]
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(corpus)} articles, {n_words} words", flush=True)

    from eventwire.pipeline import Pipeline
    from eventwire.runner import WorkerPool

    _worker_pids_before = {child.pid for child in multiprocessing.active_children()}

    started = time.perf_counter()
    # Bare spaCy runs in a process and model of its own: sharing the pipeline's model would let one
    # run warm the other's vocabulary, and the memory figure is eventwire's alone (this process and
    # its workers). Bare spaCy's time is measured inside its process.
    bare_process = multiprocessing.get_context("spawn").Pool(1, initializer=_bare_init)
    bare_process.apply(_bare_time, ([texts[0]], args.batch_size))  # loads the model, untimed
    memory.exclude.update(
        child.pid for child in multiprocessing.active_children() if child.pid not in _worker_pids_before
    )
    print(f"spaCy model load: {time.perf_counter() - started:.2f} s", flush=True)
    started = time.perf_counter()
    workers = WorkerPool(args.processes) if args.processes > 1 else None
    pipeline = Pipeline() if workers is None else None

    def pipe(docs: list[Doc]):
        if workers is not None:
            # Small batches keep both workers busy to the end of each chunk.
            size = max(1, min(args.batch_size, len(docs) // (2 * args.processes)))
            batches = [docs[i : i + size] for i in range(0, len(docs), size)]
            return ((item, None) if isinstance(item, Doc) else (None, item) for item in workers.imap(batches))
        return pipeline.pipe(docs, batch_size=args.batch_size)

    # Warm-up, untimed: builds the pipeline (in every worker) and loads lexicons and the knowledge base.
    list(pipe([Doc(f"warm-up-{i}", texts[i], date=corpus[i][2]) for i in range(max(1, args.processes) * 2)]))
    print(f"eventwire pipeline build ({args.processes} process(es)): {time.perf_counter() - started:.2f} s", flush=True)

    # The two runs alternate chunk by chunk, so a change in the load of a shared machine
    # during the run falls on both alike.
    bare = full = 0.0
    events = failed = 0
    timings: dict[str, float] = {}
    step = max(1, -(-len(corpus) // args.chunks))

    def run_bare(chunk: list[tuple[str, str, date | None]]) -> float:
        return bare_process.apply(_bare_time, ([text for _, text, _ in chunk], args.batch_size))

    def run_full(chunk: list[tuple[str, str, date | None]]) -> float:
        nonlocal events, failed
        docs = [Doc(doc_id, text, date=day) for doc_id, text, day in chunk]
        started = time.perf_counter()
        for doc, error in pipe(docs):
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
    if workers is not None:
        workers.__exit__(None, None, None)
    bare_process.close()
    print(f"ratio: {bare / full:.2f}")
    print(f"peak RSS: {memory.stop()} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
