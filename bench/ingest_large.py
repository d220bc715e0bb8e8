"""Large single articles through the server's ingest, while reads keep being answered.

Starts ``eventwire serve`` with an ingest token over a copy of the Wikinews database, warms
the ingest worker up with a small article, then posts one article of each size (25,000,
100,000 and 1,000,000 characters by default, cut at a sentence end from the Wikinews texts
laid end to end) and waits for its job. Meanwhile one client keeps reading
``GET /api/events`` back to back.

For each size it prints the job's processing time (the status endpoint's ``seconds``), the
peak memory of the ingest worker process (PSS and RSS, psutil, sampled every 0.2 s) and the
reads answered during the job with their median and maximum latency.

    python bench/ingest_large.py
    python bench/ingest_large.py --sizes 25000 100000

Not a test: it prints figures and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

from eventwire.paths import shared_dir

CORPUS = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
DEFAULT_DB = Path(tempfile.gettempdir()) / "eventwire-bench-wikinews.duckdb"
TOKEN = "bench-token"


def article_of(chars: int) -> str:
    """Wikinews texts end to end, repeated if needed, cut at the last sentence end before ``chars``."""
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    out: list[str] = []
    total = 0
    while total < chars:
        for text in texts:
            out.append(text)
            total += len(text) + 2
            if total >= chars:
                break
    body = "\n\n".join(out)[:chars]
    cut = body.rfind(". ")
    return body[: cut + 1] if cut > chars // 2 else body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reader(threading.Thread):
    """Reads the event list back to back and keeps each latency with its time."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.samples, self.errors = base, [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120) as client:
            while not self.stop.is_set():
                started = time.perf_counter()
                response = client.get("/api/events", params={"limit": 50})
                self.samples.append((time.time(), (time.perf_counter() - started) * 1000))
                self.errors += response.status_code != 200
                self.stop.wait(0.02)


class WorkerMemory(threading.Thread):
    """Peak PSS and RSS of the server's child processes (the ingest worker)."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server = psutil.Process(server_pid)
        self.peak_pss = self.peak_rss = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pss = rss = 0
            for child in self.server.children(recursive=True):
                try:
                    info = child.memory_full_info()
                    pss, rss = pss + info.pss, rss + info.rss
                except psutil.Error:
                    pass
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.stop.wait(0.2)


def ingest(client: httpx.Client, doc_id: str, text: str) -> dict:
    r = client.post("/api/ingest", json={"id": doc_id, "text": text, "date": "2020-11-01"}, params={"replace": "true"})
    r.raise_for_status()
    url = r.json()["status_url"]
    while True:
        body = client.get(url).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help="database to copy (built from the corpus if missing)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 1_000_000], help="characters")
    args = parser.parse_args()
    if not args.db.exists():
        from eventwire.runner import run

        run([CORPUS], args.db)
    work = Path(tempfile.mkdtemp(prefix="eventwire-ingest-bench-")) / "ingest.duckdb"
    shutil.copy(args.db, work)
    port = free_port()
    env = {**os.environ, "EVENTWIRE_INGEST_TOKEN": TOKEN}
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(work), "--port", str(port), "--max-body-mb", "16"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            warm = ingest(client, "bench-warm-up", "The United Nations condemned the attack on Monday.")
            print(f"warm-up (starts the worker, loads the pipeline): {warm['seconds']:.1f} s", flush=True)
            reader = Reader(base)
            reader.start()
            print(
                f"{'chars':>10}{'job s':>9}{'worker PSS MB':>15}{'worker RSS MB':>15}{'reads':>7}"
                f"{'read p50 ms':>13}{'read max ms':>13}{'events':>8}"
            )
            for size in args.sizes:
                text = article_of(size)
                memory = WorkerMemory(server.pid)
                memory.start()
                started = time.time()
                body = ingest(client, f"bench-{size}", text)
                finished = time.time()
                memory.stop.set()
                memory.join()
                reads = [ms for at, ms in reader.samples if started <= at <= finished]
                status = body["status"] if body["status"] == "done" else f"{body['status']}: {body.get('error')}"
                print(
                    f"{len(text):>10}{body['seconds'] or 0:>9.1f}{memory.peak_pss / 2**20:>15.0f}"
                    f"{memory.peak_rss / 2**20:>15.0f}{len(reads):>7}"
                    f"{statistics.median(reads) if reads else 0:>13.1f}{max(reads, default=0):>13.1f}"
                    f"{body.get('n_events') or 0:>8}" + ("" if status == "done" else f"  {status}"),
                    flush=True,
                )
            reader.stop.set()
            reader.join()
            print(f"read errors: {reader.errors}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
