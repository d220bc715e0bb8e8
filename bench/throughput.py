"""Throughput and memory: bare spaCy against the full eventwire pipeline, like with like.

Both sides run the same texts (the 101 Wikinews politics articles and the machine-translated
zaobao sample article, each once: no repetition, so eventwire's per-run memoisation of actor
results gets no repeated articles to profit from) in the same number of worker processes
(``--processes``, default 1: the per-core comparison). Each worker is a fresh spawned process
that loads its model (bare: the stock ``en_core_web_sm`` with ``nlp.pipe``; eventwire: the
whole pipeline, repair to quotes) and processes its share of the articles; shares are the
same for both sides. The two sides alternate (bare, eventwire, eventwire, bare, ... over
``--rounds``) so that a changing load on a shared machine falls on both alike.

Memory is measured the same way for both: the peak of the summed PSS (proportional set size,
psutil) of that side's worker processes, sampled every 0.1 s. The parent process is the same
for both and is not counted.

    python bench/throughput.py                 # one process each, 2 rounds (a few minutes)
    python bench/throughput.py --processes 2   # two processes each

Prints, per side, words/s with model loading included (end to end) and without (processing
only), and peak PSS; then ``ratio (per process, loading included): X``,
``ratio (processing only): Y`` (above 1: eventwire is faster) and both peak memories.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import psutil

from eventwire.paths import shared_dir

ZAOBAO = "zaobao-2023-03-17-china-russia"


def load_corpus(shared: Path | None = None) -> list[tuple[str, str, date | None]]:
    """(id, text, date) articles: Wikinews, then the zaobao article; each once."""
    shared = shared or shared_dir()
    corpus: list[tuple[str, str, date | None]] = []
    with (shared / "corpora" / "wikinews-politics" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            corpus.append((record["id"], record["text"], date.fromisoformat(record["date"])))
    corpus.append((ZAOBAO, (shared / "articles" / f"{ZAOBAO}.txt").read_text(encoding="utf-8"), date(2023, 3, 17)))
    return corpus


def shares(corpus: list[tuple[str, str, date | None]], n: int) -> list[list[tuple[str, str, date | None]]]:
    """``n`` shares of about equal word counts (largest article first to the lightest share)."""
    out: list[list[tuple[str, str, date | None]]] = [[] for _ in range(n)]
    weight = [0] * n
    for item in sorted(corpus, key=lambda a: -len(a[1].split())):
        lightest = weight.index(min(weight))
        out[lightest].append(item)
        weight[lightest] += len(item[1].split())
    return out


def _worker(side: str, share: list[tuple[str, str, date | None]], batch_size: int, results: Any) -> None:
    """One worker process: load the side's model, process the share, report the times."""
    started = time.perf_counter()
    if side == "bare":
        from eventwire.stages.nlp import load_model

        nlp = load_model(kb_ruler=False)  # the stock model, as its users run it
    else:
        from eventwire.document import Doc
        from eventwire.pipeline import Pipeline

        pipeline = Pipeline()
    loaded = time.perf_counter()
    events = failed = 0
    if side == "bare":
        for _ in nlp.pipe([text for _, text, _ in share], batch_size=batch_size):
            pass
    else:
        docs = [Doc(doc_id, text, date=day) for doc_id, text, day in share]
        for doc, error in pipeline.pipe(docs, batch_size=batch_size):
            if error is not None:
                failed += 1
            else:
                events += len(doc.events)
                doc.spacy_doc = None
    done = time.perf_counter()
    results.put({"load": loaded - started, "process": done - loaded, "events": events, "failed": failed})


class PeakPSS:
    """Samples the summed PSS of a set of processes in a background thread and keeps the peak."""

    def __init__(self, pids: list[int], interval: float = 0.1) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _sample(self) -> int:
        total = 0
        for proc in self.processes:
            try:
                total += proc.memory_full_info().pss
            except psutil.Error:  # the process has ended
                pass
        return total

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return round(self.peak / 2**20)


def run_side(side: str, parts: list[list[tuple[str, str, date | None]]], batch_size: int) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    started = time.perf_counter()
    procs = [context.Process(target=_worker, args=(side, part, batch_size, results)) for part in parts]
    for proc in procs:
        proc.start()
    memory = PeakPSS([proc.pid for proc in procs if proc.pid is not None])
    reports = [results.get() for _ in procs]
    wall = time.perf_counter() - started
    for proc in procs:
        proc.join()
    return {
        "wall": wall,
        "process": max(r["process"] for r in reports),
        "load": max(r["load"] for r in reports),
        "events": sum(r["events"] for r in reports),
        "failed": sum(r["failed"] for r in reports),
        "peak_pss_mb": memory.stop(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1, help="worker processes per side (default 1)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per side, alternating (default 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch for both sides")
    args = parser.parse_args(argv)

    corpus = load_corpus()
    n_words = sum(len(text.split()) for _, text, _ in corpus)
    parts = shares(corpus, args.processes)
    print(f"corpus: {len(corpus)} articles, {n_words} words, once; {args.processes} process(es) per side", flush=True)
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "eventwire": []}
    for number in range(args.rounds):
        order = ("bare", "eventwire") if number % 2 == 0 else ("eventwire", "bare")
        for side in order:
            result = run_side(side, parts, args.batch_size)
            runs[side].append(result)
            print(
                f"  round {number + 1} {side:<9} wall {result['wall']:.1f} s (load {result['load']:.1f} s, "
                f"process {result['process']:.1f} s), peak PSS {result['peak_pss_mb']} MB",
                flush=True,
            )

    def summary(side: str) -> dict[str, float]:
        rs = runs[side]
        wall = statistics.mean(r["wall"] for r in rs)
        process = statistics.mean(r["process"] for r in rs)
        return {"wall": wall, "process": process, "peak": max(r["peak_pss_mb"] for r in rs)}

    bare, full = summary("bare"), summary("eventwire")
    label = {"bare": "bare spaCy en_core_web_sm (nlp.pipe)", "eventwire": "eventwire full pipeline"}
    for side, s in (("bare", bare), ("eventwire", full)):
        print(
            f"{label[side]:<38} {n_words / s['wall']:>7,.0f} words/s end to end, "
            f"{n_words / s['process']:>7,.0f} words/s processing, peak PSS {s['peak']} MB"
        )
    print(f"events: {runs['eventwire'][-1]['events']}, failed: {runs['eventwire'][-1]['failed']}")
    print(f"ratio (per {args.processes} process(es), loading included): {bare['wall'] / full['wall']:.2f}")
    print(f"ratio (processing only): {bare['process'] / full['process']:.2f}")
    print(f"peak PSS: bare spaCy {bare['peak']} MB, eventwire {full['peak']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
