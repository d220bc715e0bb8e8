"""Cost of one article against its size: time and peak memory at 25k, 100k and 1M characters.

Each article is built from real news text: the 101 Wikinews politics
articles, joined as paragraphs, repeated until the size is reached (so names,
quotes and dates recur as they do in a long report). ``--no-stops`` removes
every full stop and line break, as in the 990,000-character article of issue
14, so the text is one paragraph of run-on sentences.

Every size runs in a fresh process: the full pipeline is built (model and
knowledge base loaded) before timing starts, one short article warms it up, and
the process then runs the one long article. Printed per size: seconds for
the article (wall clock, and CPU time of the process, which other jobs on a
shared machine disturb less), peak resident memory of the process (model
included), and the records it yields. Then, for each step between sizes, the
growth of time per doubling of the size (2.0 is linear; the goal is at most
3.0, a factor 1.5 of linear).

    python bench/article_size.py                 # 25k, 100k, 1M characters
    python bench/article_size.py --no-stops      # the same without full stops
    python bench/article_size.py --sizes 10000 20000
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import resource
import subprocess
import sys
import time

from eventwire.paths import shared_dir


def article(size: int, no_stops: bool) -> str:
    corpus = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    parts: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    body = "\n\n".join(parts)[:size]
    return body.replace(".", "").replace("\n", " ") if no_stops else body


def measure(size: int, no_stops: bool) -> dict:
    """Runs in the child process."""
    from datetime import date

    from eventwire.document import Doc
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline(Doc("warm-up", "The minister met the ambassador in Paris on Monday.", date=date(2023, 3, 17)))
    text = article(size, no_stops)
    started, cpu_started = time.perf_counter(), time.process_time()
    doc = pipeline(Doc("long", text, date=date(2023, 3, 17)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "chars": len(text),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "sentences": len(doc.sentences),
        "longest_sentence": max((s.end - s.start for s in doc.sentences), default=0),
        "events": len(doc.events),
        "mentions": len(doc.mentions),
        "quotes": len(doc.quotes),
        "notes": len(doc.notes),
        "stages": {name: round(value, 2) for name, value in doc.timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 1_000_000])
    parser.add_argument("--no-stops", action="store_true", help="remove every full stop and line break")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.no_stops)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--child", str(size)] + (["--no-stops"] if args.no_stops else [])
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        row = json.loads(result.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['chars']:>9,} chars: {row['seconds']:7.2f} s ({row['cpu_seconds']:.2f} s CPU), "
            f"peak RSS {row['peak_rss_mb']:,} MB, "
            f"{row['sentences']:,} sentences (longest {row['longest_sentence']:,} chars), {row['events']:,} events, "
            f"{row['mentions']:,} mentions, {row['quotes']:,} quotes, {row['notes']} notes; stages {row['stages']}",
            flush=True,
        )
    for small, large in itertools.pairwise(rows):
        doublings = math.log2(large["chars"] / small["chars"])
        for key, label in (("seconds", "time"), ("cpu_seconds", "CPU time")):
            ratio = large[key] / small[key]
            growth = ratio ** (1 / doublings)
            print(
                f"{small['chars']:,} -> {large['chars']:,} chars: {label} x{ratio:.2f} over {doublings:.2f} "
                f"doublings = x{growth:.2f} per doubling ({growth / 2:.2f} of linear)"
            )


if __name__ == "__main__":
    main()
