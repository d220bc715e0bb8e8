"""Latency of the filtered event list (GET /api/events) over the Wikinews corpus.

Starts ``eventwire serve``'s app under uvicorn on 127.0.0.1 (a free port), sends a
bounded number of requests with a mix of filters, and prints the median and p95 in
milliseconds per filter and overall (goal: p95 < 100 ms).

    python bench/api_latency.py                          # builds the database on first use
    python bench/api_latency.py --db news.duckdb --requests 400 --replicate 20

``--replicate N`` benchmarks a copy of the database whose events table holds every
event N times (new ids), to see how the list scales past one small corpus.
Not a test: it prints figures and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import httpx
import uvicorn

from eventwire.paths import shared_dir
from eventwire.server import make_app

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


def filter_mix(db: Path) -> dict[str, dict[str, str]]:
    """Filters drawn from what the database holds (most common type, country, actor)."""
    con = duckdb.connect(str(db), read_only=True)

    def top(sql: str) -> str | None:
        row = con.execute(sql).fetchone()
        return row[0] if row else None

    etype = top("SELECT event_type FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    country = top(
        "SELECT c FROM (SELECT source_country c FROM events UNION ALL SELECT target_country FROM events) "
        "WHERE c IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    actor = top(
        "SELECT n FROM (SELECT source_name n FROM events UNION ALL SELECT target_name FROM events) "
        "WHERE n IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    first, last = con.execute("SELECT min(date), max(date) FROM articles").fetchone()
    con.close()
    mix: dict[str, dict[str, str]] = {"none": {}, "page 3": {"offset": "100"}}
    if etype:
        mix["type"] = {"type": etype}
    if country:
        mix["country"] = {"country": country}
    if actor:
        mix["actor"] = {"actor": actor.split()[-1]}
    mix["text"] = {"q": "president"}
    if first and last:
        middle = first + (last - first) / 2
        mix["date range"] = {"since": first.isoformat(), "until": middle.isoformat()}
    if etype and country:
        mix["type+country+status"] = {"type": etype, "country": country, "status": "occurred"}
    return mix


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="database (built from the corpus if missing)")
    parser.add_argument("--requests", type=int, default=300, help="requests in total (bounded)")
    parser.add_argument("--limit", type=int, default=50, help="page size asked for")
    parser.add_argument("--replicate", type=int, default=1, help="multiply the events table this many times")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--endpoints", action="store_true", help="also time the other read endpoints (30 calls each)")
    args = parser.parse_args()

    if not args.db.exists():
        build_db(args.db)
    db = replicate(args.db, args.replicate) if args.replicate > 1 else args.db
    mix = filter_mix(db)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            sys.exit("the server did not start")
        time.sleep(0.05)

    base = f"http://127.0.0.1:{port}"
    timings: dict[str, list[float]] = {name: [] for name in mix}
    totals: dict[str, int] = {}
    names = list(mix)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            n_events = client.get("/api/stats").json()["events"]
            for name in names:  # warm-up, not timed
                client.get("/api/events", params={**mix[name], "limit": args.limit})
            for i in range(args.requests):
                name = names[i % len(names)]
                started = time.perf_counter()
                r = client.get("/api/events", params={**mix[name], "limit": args.limit})
                elapsed = (time.perf_counter() - started) * 1000
                r.raise_for_status()
                timings[name].append(elapsed)
                totals[name] = r.json()["total"]
            others: dict[str, list[float]] = {}
            if args.endpoints:
                doc = client.get("/api/articles", params={"limit": 1}).json()["items"][0]["doc"]
                for path in (
                    "/api/timeline",
                    "/api/network",
                    "/api/dyads",
                    "/api/actors",
                    "/api/quotes",
                    "/api/articles",
                    f"/api/articles/{doc}",
                    "/api/stats",
                ):
                    client.get(path)
                    values = others.setdefault(path.replace(doc, "{doc}"), [])
                    for _ in range(30):
                        started = time.perf_counter()
                        client.get(path).raise_for_status()
                        values.append((time.perf_counter() - started) * 1000)
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    def figures(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return {
            "n": len(values),
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(p95, 2),
            "max_ms": round(ordered[-1], 2),
        }

    everything = [v for values in timings.values() for v in values]
    report = {
        "db": str(args.db),
        "replicate": args.replicate,
        "events_in_db": n_events,
        "page_size": args.limit,
        "overall": figures(everything),
        "by_filter": {
            name: {**figures(values), "matching": totals.get(name), "params": mix[name]}
            for name, values in timings.items()
            if values
        },
        "other_endpoints": {path: figures(values) for path, values in others.items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"GET /api/events over {n_events} events ({args.db.name}, x{args.replicate}), "
        f"{len(everything)} requests, page size {args.limit}"
    )
    print(f"{'filter':<22}{'matching':>9}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for name, fig in report["by_filter"].items():
        print(f"{name:<22}{fig['matching']:>9}{fig['median_ms']:>11.2f}{fig['p95_ms']:>9.2f}{fig['max_ms']:>9.2f}")
    o = report["overall"]
    verdict = "meets" if o["p95_ms"] < 100 else "MISSES"
    print(
        f"{'overall':<22}{'':>9}{o['median_ms']:>11.2f}{o['p95_ms']:>9.2f}{o['max_ms']:>9.2f}  "
        f"({verdict} the p95 < 100 ms goal)"
    )
    if report["other_endpoints"]:
        print(f"\n{'endpoint (30 calls)':<31}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
        for path, fig in report["other_endpoints"].items():
            print(f"{path:<31}{fig['median_ms']:>11.2f}{fig['p95_ms']:>9.2f}{fig['max_ms']:>9.2f}")


if __name__ == "__main__":
    main()
