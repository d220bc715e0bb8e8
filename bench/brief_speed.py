"""Brief speed: a store brief over the Wikinews corpus (101 articles), as ``eventwire brief`` writes it.

Times, on one store:

- the command, ``eventwire brief --db F --country RUS --format html`` in a fresh process (Python start,
  imports, the knowledge base loaded for actor roles, the queries, the page written): the wall time a user
  waits, median of ``--repeat`` runs;
- the library in one warm process (knowledge base already loaded, as in ``eventwire serve``):
  ``brief_of_store`` plus rendering, for ``--country RUS`` and for the whole store (no filter), best of
  ``--repeat``.

Goal: the command under 2 s for ``--country RUS``.

    python bench/brief_speed.py                       # runs the corpus into a temporary store first
    python bench/brief_speed.py --db wikinews.duckdb  # a store written by eventwire run
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eventwire.brief import ActorDescriber, brief_of_store, render
from eventwire.paths import shared_dir
from eventwire.queries import Filters
from eventwire.store import Store


def build_store(path: Path) -> None:
    corpus = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
    print(f"running {corpus} into {path} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "eventwire", "run", str(corpus), "--db", str(path)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def time_command(db: Path, repeat: int) -> list[float]:
    command = [sys.executable, "-m", "eventwire", "brief", "--db", str(db), "--country", "RUS", "--format", "html"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def time_library(db: Path, filters: Filters, repeat: int, describer: ActorDescriber) -> tuple[float, dict]:
    best, brief = float("inf"), {}
    with Store(db, read_only=True) as store:
        for _ in range(repeat):
            start = time.perf_counter()
            brief = brief_of_store(store, filters, describer=describer)
            render(brief, "html")
            render(brief, "markdown")
            best = min(best, time.perf_counter() - start)
    return best, brief


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store of the Wikinews corpus (default: build one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-brief-bench-") as tmp:
        db = args.db or Path(tmp) / "wikinews.duckdb"
        if args.db is None:
            build_store(db)
        with Store(db, read_only=True) as store:
            counts = store.counts()
        print(f"store: {counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes")
        command = time_command(db, args.repeat)
        print(
            f"eventwire brief --country RUS --format html, fresh process: median {statistics.median(command):.2f} s "
            f"(min {min(command):.2f}, max {max(command):.2f}, {args.repeat} runs; goal < 2 s)"
        )
        describer = ActorDescriber()
        start = time.perf_counter()
        describer.kb  # noqa: B018 (loads the knowledge base once, as a server does)
        print(f"knowledge base load (once per process): {time.perf_counter() - start:.2f} s")
        for label, filters in (("--country RUS", Filters(country="RUS")), ("whole store", Filters())):
            best, brief = time_library(db, filters, args.repeat, describer)
            c = brief["counts"]
            print(
                f"library, warm, {label}: best {best * 1000:.0f} ms "
                f"({c['lines']} event lines, {c['quotes']} quotes, {c['articles']} articles)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
