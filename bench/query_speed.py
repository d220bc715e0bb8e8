"""Query speed: the store's two heaviest everyday queries over 10 million synthetic events.

Fills a DuckDB store (the real schema, via ``eventwire.store.Store``) with
synthetic events generated in SQL with ``range()``: 5 events per article,
dates over ten years, country pairs drawn with a skew towards a few busy
countries (as in real event data), 2,000 named actors. Then times

- the dyad aggregation: events per (source country, target country, month,
  event type), the table most event-data analysis starts from;
- an actor timeline: ``eventwire.queries.timeline`` for one actor (the same
  query ``eventwire timeline --actor`` runs: a case-insensitive name match on
  both sides joined with the articles),

each run ``--repeat`` times; prints the first (cold) and best seconds. Goal: < 1 s.

    python bench/query_speed.py                     # 10,000,000 events, a temporary file
    python bench/query_speed.py --events 1000000 --db /tmp/q.duckdb --keep
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from eventwire.queries import Filters, timeline
from eventwire.store import Store

COUNTRIES = (
    "USA RUS CHN UKR GBR FRA DEU ISR PSE IRN IND PAK TUR SYR AFG IRQ JPN KOR PRK SAU "
    "EGY NGA BRA MEX CAN AUS ZAF ETH SDN VEN IGO POL ITA ESP"
).split()
TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
SECTORS = "GOV MIL COP JUD LEG OPP PTY REB MED EDU BUS CVL NGO IGO".split()
ACTORS = 2000
PER_ARTICLE = 5

DYAD_SQL = """
SELECT source_country, target_country, date_trunc('month', date_start) AS month, event_type, count(*) AS events
FROM events
WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND date_start IS NOT NULL
GROUP BY ALL
"""


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def fill(store: Store, n_events: int) -> None:
    """Articles and events generated inside DuckDB (hash() keeps them deterministic)."""
    con = store.con
    n_articles = (n_events + PER_ARTICLE - 1) // PER_ARTICLE
    con.execute(
        f"""
        INSERT INTO articles (doc, content_hash, title, date, date_source, text, n_chars, n_events, processed_at)
        SELECT 'a' || i, md5(i::VARCHAR), 'Synthetic article ' || i,
               DATE '2015-01-01' + CAST(hash(i, 'day') % 3650 AS INTEGER), 'given', '', 0, {PER_ARTICLE},
               TIMESTAMP '2026-01-01'
        FROM range({n_articles}) t(i)
        """
    )
    countries, types, sectors = _list(COUNTRIES), _list(TYPES), _list(SECTORS)
    # Skewed choice: the square of a uniform [0, 1) favours the first (busiest) countries.
    skew = "CAST(floor(power(CAST(hash(i, '{salt}') % 1000000 AS BIGINT) / 1000000.0, 2) * {n}) AS INTEGER) + 1"
    src = skew.format(salt="src", n=len(COUNTRIES))
    tgt = skew.format(salt="tgt", n=len(COUNTRIES))
    con.execute(
        f"""
        INSERT INTO events (event_id, doc, event_type, mode, context, cameo,
            source_text, source_name, source_country, source_sector,
            target_text, target_name, target_country, target_sector,
            date_text, date_start, date_end, status, evidence_text, evidence_start, evidence_end,
            confidence, rule, trigger, mentions)
        SELECT printf('%016x', i), 'a' || (i // {PER_ARTICLE}),
               {types}[CAST(hash(i, 'type') % {len(TYPES)} AS BIGINT) + 1], NULL, [], NULL,
               'actor ' || CAST(hash(i, 'sa') % {ACTORS} AS BIGINT),
               'Actor ' || CAST(hash(i, 'sa') % {ACTORS} AS BIGINT),
               CASE WHEN CAST(hash(i, 'sn') % 10 AS BIGINT) = 0 THEN NULL ELSE {countries}[{src}] END,
               {sectors}[CAST(hash(i, 'ss') % {len(SECTORS)} AS BIGINT) + 1],
               'actor ' || CAST(hash(i, 'ta') % {ACTORS} AS BIGINT),
               'Actor ' || CAST(hash(i, 'ta') % {ACTORS} AS BIGINT),
               CASE WHEN CAST(hash(i, 'tn') % 5 AS BIGINT) = 0 THEN NULL ELSE {countries}[{tgt}] END,
               {sectors}[CAST(hash(i, 'ts') % {len(SECTORS)} AS BIGINT) + 1],
               CASE WHEN CAST(hash(i, 'dt') % 3 AS BIGINT) = 0 THEN NULL ELSE 'on Monday' END,
               CASE WHEN CAST(hash(i, 'dt') % 3 AS BIGINT) = 0 THEN NULL
                    ELSE DATE '2015-01-01' + CAST(hash(i // {PER_ARTICLE}, 'day') % 3650 AS INTEGER) - 1 END,
               CASE WHEN CAST(hash(i, 'dt') % 3 AS BIGINT) = 0 THEN NULL
                    ELSE DATE '2015-01-01' + CAST(hash(i // {PER_ARTICLE}, 'day') % 3650 AS INTEGER) - 1 END,
               'occurred', 'Synthetic evidence sentence number ' || i || '.', 0, 40,
               0.8, 'synthetic', 'met', '[]'
        FROM range({n_events}) t(i)
        """
    )
    con.execute("CHECKPOINT")


def timed(label: str, fn, repeat: int) -> float:
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - started)
    print(f"{label}: {times[0]:.3f} s first, {min(times):.3f} s best of {repeat} ({rows:,} rows)", flush=True)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="synthetic events (default 10,000,000)")
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the database file afterwards")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (default 3)")
    parser.add_argument("--actor", default="Actor 1234", help="actor of the timeline query")
    args = parser.parse_args(argv)

    path = args.db or Path(tempfile.mkdtemp(prefix="eventwire-bench-")) / "bench.duckdb"
    if path.exists() and not args.keep:
        path.unlink()
    store = Store(path)
    try:
        existing = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        if existing != args.events:
            if existing:
                store.con.execute("DELETE FROM events")
                store.con.execute("DELETE FROM articles")
            started = time.perf_counter()
            fill(store, args.events)
            print(f"fill: {args.events:,} events in {time.perf_counter() - started:.1f} s", flush=True)
        print(f"database: {path} ({os.path.getsize(path) / 1e6:,.0f} MB), {os.cpu_count()} CPUs", flush=True)

        def dyads() -> int:
            return store.con.sql(DYAD_SQL).to_arrow_table().num_rows

        def actor_timeline() -> int:
            return len(timeline(store, Filters(actor=args.actor)))

        dyad_s = timed("dyad aggregation (country pair x month x type)", dyads, args.repeat)
        actor_s = timed(f"actor timeline ({args.actor!r})", actor_timeline, args.repeat)
        print(f"dyad aggregation: {dyad_s:.3f} s")
        print(f"actor timeline: {actor_s:.3f} s")
    finally:
        store.close()
        if not args.keep:
            for leftover in (path, Path(f"{path}.wal")):
                leftover.unlink(missing_ok=True)
            if args.db is None:
                path.parent.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
