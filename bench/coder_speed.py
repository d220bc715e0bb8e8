"""Per-core speed of this checkout against an earlier one: one process each, model loading included.

    python bench/coder_speed.py --baseline DIR [--rounds 3] [--corpus FILE]

DIR is another checkout of eventwire (for example ``git worktree add /tmp/base <commit>``); both run with this
checkout's Python environment, each from its own source tree (PYTHONPATH), over the same corpus once
(the 101 Wikinews articles by default) with ``eventwire extract``, pinned to one core where ``taskset`` exists.
Rounds alternate the sides, so a noisy machine slows both alike; the ratio compares medians of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def shared() -> Path:
    return Path(os.environ.get("EVENTWIRE_SHARED", HERE.parent / "shared"))


def one_run(tree: Path, corpus: Path) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(tree), EVENTWIRE_SHARED=str(shared()))
    command = [sys.executable, "-m", "eventwire", "extract", str(corpus)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, len(done.stdout.splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another eventwire checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=shared() / "corpora/wikinews-politics/articles.jsonl")
    args = parser.parse_args(argv)
    words = sum(len(json.loads(line)["text"].split()) for line in args.corpus.read_text().splitlines() if line)
    times: dict[str, list[float]] = {"baseline": [], "this": []}
    for round_no in range(1, args.rounds + 1):
        for side, tree in (("baseline", args.baseline.resolve()), ("this", HERE)):
            seconds, events = one_run(tree, args.corpus)
            times[side].append(seconds)
            print(f"round {round_no} {side:8} {seconds:6.1f} s  {words / seconds:7.0f} words/s  {events} events",
                  flush=True)
    base, this = statistics.median(times["baseline"]), statistics.median(times["this"])
    print(f"words: {words}; median words/s: baseline {words / base:.0f}, this {words / this:.0f}; "
          f"ratio: {base / this:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
