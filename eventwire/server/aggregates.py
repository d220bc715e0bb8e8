"""The API's aggregates: the timeline, country pairs (dyads) and the network (actors or countries).

Each count here is what the event list shows for the matching filters, by construction: the
timeline bins by the same day ``since``/``until`` filter on, a network edge counts the events that
``source_id``/``target_id``/``type`` (or ``source_country``/``target_country``/``type``) list, and a
node counts the events that ``actor_id`` (or ``country``) lists.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from eventwire.queries import EVENT_DAY_SQL, actor_id_sql
from eventwire.server import models as m
from eventwire.server.errors import error_responses
from eventwire.server.filters import (
    EVENT_FROM,
    Db,
    EventFilter,
    and_where,
    event_filter,
    iso,
    reject_unknown_parameters,
)
from eventwire.server.weights import GOLDSTEIN_WEIGHTS, weight

router = APIRouter(
    prefix="/api", responses=error_responses(422, 500), dependencies=[Depends(reject_unknown_parameters)]
)


@router.get("/timeline", response_model=m.Timeline, summary="Event counts per period and type")
def timeline(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    interval: m.Interval = Query(m.Interval.month, description="Bucket size (weeks start on Monday)."),
) -> dict[str, Any]:
    rows = db.query(
        f"SELECT date_trunc('{interval.value}', {EVENT_DAY_SQL})::DATE AS period, e.event_type, count(*) AS count "
        f"{EVENT_FROM} {and_where(f.where, EVENT_DAY_SQL + ' IS NOT NULL')} GROUP BY ALL ORDER BY period, e.event_type",
        f.params,
    )
    undated = db.scalar(f"SELECT count(*) {EVENT_FROM} {and_where(f.where, EVENT_DAY_SQL + ' IS NULL')}", f.params)
    buckets = [{"period": iso(r["period"]), "event_type": r["event_type"], "count": r["count"]} for r in rows]
    return {"interval": interval, "buckets": buckets, "undated": undated}


@router.get(
    "/dyads", response_model=m.DyadList, summary="Country pairs: event counts per type and a cooperation–conflict score"
)
def dyads(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    directed: bool = Query(True, description="Keep source → target order; false merges A→B with B→A."),
    min_events: int = Query(1, ge=1, le=1_000_000, description="Only pairs with at least this many events."),
    limit: int = Query(100, ge=1, le=1000, description="Most active pairs first."),
) -> dict[str, Any]:
    where = and_where(f.where, "e.source_country IS NOT NULL AND e.target_country IS NOT NULL")
    rows = db.query(
        f"SELECT e.source_country AS s, e.target_country AS t, e.event_type, count(*) AS n {EVENT_FROM} {where} "
        "GROUP BY ALL",
        f.params,
    )
    pairs: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for r in rows:
        key = (r["s"], r["t"]) if directed else tuple(sorted((r["s"], r["t"])))
        counts = pairs[key]
        counts[r["event_type"]] = counts.get(r["event_type"], 0) + r["n"]
    items: list[dict[str, Any]] = []
    for (s, t), counts in pairs.items():
        n = sum(counts.values())
        if n < min_events:
            continue
        total_weight = sum(weight(k) * v for k, v in counts.items())
        items.append(
            {
                "source_country": s,
                "target_country": t,
                "n_events": n,
                "counts": dict(sorted(counts.items())),
                "score": round(total_weight / n, 2),
                "cooperation": sum(v for k, v in counts.items() if weight(k) > 0),
                "conflict": sum(v for k, v in counts.items() if weight(k) < 0),
            }
        )
    items.sort(key=lambda d: (-d["n_events"], d["source_country"], d["target_country"]))
    return {"directed": directed, "weights": GOLDSTEIN_WEIGHTS, "items": items[:limit]}


@router.get("/network", response_model=m.Network, summary="Network: actors or countries as nodes, events as edges")
def network(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    by: m.NetworkBy = Query(m.NetworkBy.actor, description="actor: one node per actor; country: per country or IGO."),
    max_edges: int = Query(300, ge=1, le=5000, description="Keep the edges with most events."),
) -> dict[str, Any]:
    if by == m.NetworkBy.country:
        src, tgt = "e.source_country", "e.target_country"
    else:
        src, tgt = actor_id_sql("source"), actor_id_sql("target")
    edges = db.query(
        f"SELECT {src} AS s, {tgt} AS t, e.event_type, count(*) AS n, "
        f"list(e.event_id ORDER BY e.event_id)[1:20] AS ids "
        f"{EVENT_FROM} {and_where(f.where, f'{src} IS NOT NULL AND {tgt} IS NOT NULL')} "
        "GROUP BY ALL ORDER BY n DESC, s, t, e.event_type LIMIT ?",
        [*f.params, max_edges],
    )
    ids = sorted({r["s"] for r in edges} | {r["t"] for r in edges})
    nodes: list[dict[str, Any]] = []
    if ids:
        # A node counts every matching event with it on either side, as actor_id= (or country=) lists them.
        marks = ", ".join("?" for _ in ids)
        if by == m.NetworkBy.country:
            sides = (
                f"SELECT e.event_id, e.source_country AS id {EVENT_FROM} {f.where} UNION "
                f"SELECT e.event_id, e.target_country AS id {EVENT_FROM} {f.where}"
            )
            rows = db.query(
                f"SELECT id, count(DISTINCT event_id) AS n FROM ({sides}) WHERE id IN ({marks}) GROUP BY id",
                [*f.params, *f.params, *ids],
            )
            nodes = [
                {"id": r["id"], "name": r["id"], "country": r["id"], "sector": None, "n_events": r["n"]} for r in rows
            ]
        else:
            sides = (
                f"SELECT e.event_id, {src} AS id, e.source_name AS name, e.source_country AS country, "
                f"e.source_sector AS sector {EVENT_FROM} {f.where} UNION ALL "
                f"SELECT e.event_id, {tgt}, e.target_name, e.target_country, e.target_sector {EVENT_FROM} {f.where}"
            )
            rows = db.query(
                "SELECT id, mode(name) AS name, mode(country) AS country, mode(sector) AS sector, "
                f"count(DISTINCT event_id) AS n FROM ({sides}) WHERE id IN ({marks}) GROUP BY id",
                [*f.params, *f.params, *ids],
            )
            nodes = [
                {"id": r["id"], "name": r["name"], "country": r["country"], "sector": r["sector"], "n_events": r["n"]}
                for r in rows
            ]
    return {
        "by": by,
        "nodes": sorted(nodes, key=lambda n: (-n["n_events"], n["id"])),
        "edges": [
            {
                "source": r["s"],
                "target": r["t"],
                "event_type": r["event_type"],
                "count": r["n"],
                "event_ids": list(r["ids"]),
            }
            for r in edges
        ],
    }
