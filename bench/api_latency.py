"""Throughput and latency of the read API under concurrent clients, over the Wikinews corpus.

Starts ``eventwire serve`` as its own process on 127.0.0.1 (a free port), then for each
concurrency level (1, 5 and 20 clients by default) sends a bounded number of requests to
``GET /api/events`` with a mix of filters, ``C`` requests in flight at any time, and prints
requests per second and the p50 / p95 / p99 latency in milliseconds.

    python bench/api_latency.py                          # builds the database on first use
    python bench/api_latency.py --db news.duckdb --requests 600 --concurrency 1 5 20 50
    python bench/api_latency.py --replicate 20 --endpoints

``--replicate N`` benchmarks a copy of the database whose events table holds every event N
times (new ids). ``--endpoints`` mixes the other read endpoints in (timeline, network, dyads,
actors, articles, stats). The clients run in one asyncio loop in this process; the server runs
in another process, so both compete for the same cores, as on a small machine.
Not a test: it prints figures and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

from eventwire.paths import shared_dir

CORPUS = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
DEFAULT_DB = Path(tempfile.gettempdir()) / "eventwire-bench-wikinews.duckdb"


def build_db(path: Path) -> None:
    from eventwire.runner import run

    print(f"building {path} from {CORPUS} (runs the pipeline once) ...", file=sys.stderr)
    started = time.perf_counter()
    summary = run([CORPUS], path)
    print(f"  {summary.counts} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def replicate(src: Path, times: int) -> Path:
    dst = Path(tempfile.mkdtemp(prefix="eventwire-bench-")) / "replicated.duckdb"
    shutil.copy(src, dst)
    con = duckdb.connect(str(dst))
    cols = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position"
        ).fetchall()
    ]
    select = ", ".join("e.event_id || '-r' || i AS event_id" if c == "event_id" else f'e."{c}"' for c in cols)
    con.execute("CREATE TEMP TABLE orig AS SELECT * FROM events")
    con.execute(f"INSERT INTO events SELECT {select} FROM orig e, range(1, {times}) r(i)")
    con.close()
    return dst


def request_mix(db: Path, limit: int, endpoints: bool) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, params) drawn from what the database holds (most common type, country, actor)."""
    con = duckdb.connect(str(db), read_only=True)

    def top(sql: str) -> str | None:
        row = con.execute(sql).fetchone()
        return row[0] if row else None

    etype = top("SELECT event_type FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    country = top(
        "SELECT c FROM (SELECT source_country c FROM events UNION ALL SELECT target_country FROM events) "
        "WHERE c IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    first, last = con.execute("SELECT min(date), max(date) FROM articles").fetchone()
    con.close()
    page = {"limit": str(limit)}
    mix = [("events", "/api/events", page), ("events page 3", "/api/events", {**page, "offset": "100"})]
    if etype:
        mix.append(("events type", "/api/events", {**page, "type": etype}))
    if country:
        mix.append(("events country", "/api/events", {**page, "country": country}))
    mix.append(("events text", "/api/events", {**page, "q": "president"}))
    if first and last:
        middle = first + (last - first) / 2
        mix.append(("events dates", "/api/events", {**page, "since": first.isoformat(), "until": middle.isoformat()}))
    if endpoints:
        mix += [(path, path, {}) for path in ("/api/timeline", "/api/network", "/api/dyads", "/api/actors")]
        mix += [("/api/articles", "/api/articles", {}), ("/api/stats", "/api/stats", {})]
    return mix


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EVENTWIRE_INGEST_TOKEN": ""}
    command = [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    sys.exit(f"the server did not start: {proc.stderr.read().decode(errors='replace') if proc.stderr else ''}")


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run_level(base: str, mix: list[tuple[str, str, dict[str, str]]], concurrency: int, total: int) -> dict:
    """``total`` requests with ``concurrency`` in flight; each client takes the next request of the mix."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        for _, path, params in mix:  # warm-up, not timed
            await client.get(path, params=params)

        async def worker() -> None:
            nonlocal errors
            for i in counter:
                _, path, params = mix[i % len(mix)]
                started = time.perf_counter()
                response = await client.get(path, params=params)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "throughput_rps": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database (built from the corpus if missing)")
    parser.add_argument("--requests", type=int, default=400, help="requests per concurrency level (bounded)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 5, 20], help="clients in flight")
    parser.add_argument("--limit", type=int, default=50, help="page size asked for")
    parser.add_argument("--replicate", type=int, default=1, help="multiply the events table this many times")
    parser.add_argument("--endpoints", action="store_true", help="mix the other read endpoints in")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    if not args.db.exists():
        build_db(args.db)
    db = replicate(args.db, args.replicate) if args.replicate > 1 else args.db
    mix = request_mix(db, args.limit, args.endpoints)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        n_events = httpx.get(f"{base}/api/stats").json()["events"]
        levels = [asyncio.run(run_level(base, mix, c, args.requests)) for c in args.concurrency]
    finally:
        server.terminate()
        server.wait(timeout=10)
    report = {
        "db": str(args.db),
        "replicate": args.replicate,
        "events_in_db": n_events,
        "mix": [m[0] for m in mix],
        "levels": levels,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"read API over {n_events} events ({args.db.name}, x{args.replicate}); mix: {', '.join(report['mix'])}")
    print(
        f"{'clients':>8}{'requests':>10}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    for r in levels:
        print(
            f"{r['concurrency']:>8}{r['requests']:>10}{r['errors']:>8}{r['throughput_rps']:>9.1f}"
            f"{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['max_ms']:>9.1f}"
        )


if __name__ == "__main__":
    main()
