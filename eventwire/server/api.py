"""The JSON API: read-only queries over the store, and ``POST /api/ingest``."""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, Security
from fastapi.security import HTTPBearer

from eventwire.queries import Filters
from eventwire.server import models as m
from eventwire.server.db import Database
from eventwire.server.errors import ApiError, error_responses
from eventwire.server.models import IsoDate
from eventwire.server.weights import GOLDSTEIN_WEIGHTS, weight
from eventwire.store import event_from_row

router = APIRouter(prefix="/api", responses=error_responses(422, 500))
bearer = HTTPBearer(auto_error=False, description="The ingest token given to `eventwire serve`.")

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


def get_db(request: Request) -> Database:
    return request.app.state.db


Db = Annotated[Database, Depends(get_db)]


def _like(text: str) -> str:
    """An ILIKE pattern matching ``text`` literally anywhere (``\\`` is the escape)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# -- shared query parameters ---------------------------------------------------------


@dataclass
class EventFilter:
    where: str
    params: list[Any]


def event_filter(
    actor: str | None = Query(None, max_length=200, description="Substring of a source or target name or text."),
    country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 (or IGO), either side."),
    type: m.EventType | None = Query(None, description="PLOVER event type."),
    status: m.Status | None = Query(None, description="Event status."),
    since: IsoDate | None = Query(None, description="Events on or after this date (YYYY-MM-DD)."),
    until: IsoDate | None = Query(None, description="Events on or before this date (YYYY-MM-DD)."),
    q: str | None = Query(None, max_length=200, description="Text search in the evidence sentence."),
    doc: str | None = Query(None, max_length=500, description="Only events of this article."),
) -> EventFilter:
    """Filters shared by events, timeline, network and dyads.

    An event without a date of its own counts on its article's date.
    """
    filters = Filters(
        actor=actor,
        country=country,
        event_type=type.value if type else None,
        status=status.value if status else None,
        since=since,
        until=until,
        doc=doc,
    )
    where, params = filters.event_where()
    clauses = [where.removeprefix(" WHERE ")] if where else []
    if q:
        clauses.append("e.evidence_text ILIKE ? ESCAPE '\\'")
        params.append(_like(q))
    return EventFilter(("WHERE " + " AND ".join(clauses)) if clauses else "", params)


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
EVENT_FROM = "FROM events e JOIN articles a USING (doc)"
EVENT_SELECT = (
    "SELECT e.*, a.title AS article_title, a.date AS article_date, coalesce(e.date_start, a.date) AS day " + EVENT_FROM
)


def event_out(row: dict[str, Any]) -> dict[str, Any]:
    record = event_from_row(row)
    record.update(
        day=_iso(row.get("day")), article_title=row.get("article_title"), article_date=_iso(row.get("article_date"))
    )
    return record


# -- events ----------------------------------------------------------------------------


@router.get("/events", response_model=m.EventPage, summary="Events matching the filters, one page")
def list_events(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    limit: Limit = 50,
    offset: Offset = 0,
    order: m.Order = Query(m.Order.asc, description="By date (then article and position)."),
) -> dict[str, Any]:
    total = db.scalar(f"SELECT count(*) {EVENT_FROM} {f.where}", f.params)
    direction = "DESC" if order == m.Order.desc else "ASC"
    rows = db.query(
        f"{EVENT_SELECT} {f.where} ORDER BY day {direction} NULLS LAST, e.doc {direction}, "
        f"e.evidence_start {direction}, e.event_id LIMIT ? OFFSET ?",
        [*f.params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [event_out(r) for r in rows]}


@router.get("/events/{event_id}", response_model=m.Event, responses=error_responses(404), summary="One event")
def get_event(db: Db, event_id: str) -> dict[str, Any]:
    rows = db.query(f"{EVENT_SELECT} WHERE e.event_id = ?", [event_id])
    if not rows:
        raise ApiError(404, "not_found", f"no event with id '{event_id}'")
    return event_out(rows[0])


# -- actors ------------------------------------------------------------------------------


@router.get("/actors", response_model=m.ActorPage, summary="Resolved actors with mention and event counts")
def list_actors(
    db: Db,
    q: str | None = Query(None, max_length=200, description="Substring of the actor name."),
    country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 or IGO."),
    sector: str | None = Query(None, max_length=10, description="CAMEO actor type, e.g. GOV."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    clauses, params = [], []
    if q:
        clauses.append("name ILIKE ? ESCAPE '\\'")
        params.append(_like(q))
    if country:
        clauses.append("country = ?")
        params.append(country.upper())
    if sector:
        clauses.append("sector = ?")
        params.append(sector.upper())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    # Actors are keyed by (name, country): the same name may stand for different actors.
    base = """
        WITH m AS (
            SELECT name, country, mode(sector) AS sector, count(*) AS n_mentions, count(DISTINCT doc) AS n_articles
            FROM actor_mentions WHERE name IS NOT NULL GROUP BY name, country),
        sides AS (
            SELECT source_name AS name, source_country AS country, source_sector AS sector, event_id,
                   1 AS src, 0 AS tgt FROM events WHERE source_name IS NOT NULL
            UNION ALL
            SELECT target_name, target_country, target_sector, event_id, 0, 1
            FROM events WHERE target_name IS NOT NULL),
        ev AS (
            SELECT name, country, mode(sector) AS sector, count(DISTINCT event_id) AS n_events,
                   sum(src)::INTEGER AS n_source, sum(tgt)::INTEGER AS n_target
            FROM sides GROUP BY name, country),
        actors AS (
            SELECT coalesce(m.name, ev.name) AS name, coalesce(m.country, ev.country) AS country,
                   coalesce(m.sector, ev.sector) AS sector,
                   coalesce(m.n_mentions, 0) AS n_mentions, coalesce(m.n_articles, 0) AS n_articles,
                   coalesce(ev.n_events, 0) AS n_events, coalesce(ev.n_source, 0) AS n_source,
                   coalesce(ev.n_target, 0) AS n_target
            FROM m FULL OUTER JOIN ev ON m.name = ev.name AND m.country IS NOT DISTINCT FROM ev.country)
    """
    total = db.scalar(f"{base} SELECT count(*) FROM actors {where}", params)
    rows = db.query(
        f"{base} SELECT * FROM actors {where} ORDER BY n_events DESC, n_mentions DESC, name, country NULLS LAST "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


# -- articles ------------------------------------------------------------------------------

ARTICLE_SUMMARY = "doc, title, date, url, outlet, n_chars, n_events"


def _article_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "date": _iso(row.get("date"))}


@router.get("/articles", response_model=m.ArticlePage, summary="Stored articles, newest first")
def list_articles(
    db: Db,
    q: str | None = Query(None, max_length=200, description="Text search in the title and text."),
    since: IsoDate | None = Query(None, description="Published on or after this date."),
    until: IsoDate | None = Query(None, description="Published on or before this date."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    clauses, params = [], []
    if q:
        clauses.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
        params += [_like(q)] * 2
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = db.scalar(f"SELECT count(*) FROM articles {where}", params)
    rows = db.query(
        f"SELECT {ARTICLE_SUMMARY} FROM articles {where} ORDER BY date DESC NULLS LAST, doc LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [_article_out(r) for r in rows]}


def _quote_out(row: dict[str, Any]) -> dict[str, Any]:
    speaker = {k: row.get(f"speaker_{k}") for k in ("text", "name", "country", "sector", "kb_id")}
    return {
        "doc": row["doc"],
        "quote_index": row.get("quote_index"),
        "speaker": speaker if any(v is not None for v in speaker.values()) else None,
        "quote": row.get("quote"),
        "start": row.get("start"),
        "end": row.get("end"),
        "kind": row.get("kind"),
        "article_title": row.get("article_title"),
        "article_date": _iso(row.get("article_date")),
    }


@router.get(
    "/articles/{doc:path}",
    response_model=m.ArticleDetail,
    responses=error_responses(404),
    summary="One article: its original text and the events, actors, quotes and dates found in it",
)
def get_article(db: Db, doc: str) -> dict[str, Any]:
    rows = db.query(
        f"SELECT {ARTICLE_SUMMARY}, date_source, date_confidence, source_path, text FROM articles WHERE doc = ?", [doc]
    )
    if not rows:
        raise ApiError(404, "not_found", f"no article with id '{doc}'")
    events = db.query(f"{EVENT_SELECT} WHERE e.doc = ? ORDER BY e.evidence_start, e.evidence_end, e.event_id", [doc])
    actors = db.query(
        'SELECT mention_index, text, start, "end", name, country, sector, kb_id, confidence, label, method '
        "FROM actor_mentions WHERE doc = ? ORDER BY start, mention_index",
        [doc],
    )
    quotes = db.query(
        "SELECT q.*, a.title AS article_title, a.date AS article_date FROM quotes q JOIN articles a USING (doc) "
        "WHERE q.doc = ? ORDER BY q.start, q.quote_index",
        [doc],
    )
    times = db.query(
        'SELECT time_index, text, start, "end", value_start, value_end, granularity '
        "FROM time_expressions WHERE doc = ? ORDER BY start, time_index",
        [doc],
    )
    for t in times:
        t["value_start"], t["value_end"] = _iso(t["value_start"]), _iso(t["value_end"])
    return {
        "article": _article_out(rows[0]),
        "events": [event_out(r) for r in events],
        "actors": actors,
        "quotes": [_quote_out(r) for r in quotes],
        "times": times,
    }


# -- quotes --------------------------------------------------------------------------------


@router.get("/quotes", response_model=m.QuotePage, summary="Quotes with their speakers")
def list_quotes(
    db: Db,
    speaker: str | None = Query(None, max_length=200, description="Substring of the speaker's name or text."),
    country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="The speaker's country."),
    doc: str | None = Query(None, max_length=500, description="Only quotes of this article."),
    q: str | None = Query(None, max_length=200, description="Text search in the quoted words."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    clauses, params = [], []
    if speaker:
        clauses.append("(q.speaker_name ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\')")
        params += [_like(speaker)] * 2
    if country:
        clauses.append("q.speaker_country = ?")
        params.append(country.upper())
    if doc:
        clauses.append("q.doc = ?")
        params.append(doc)
    if q:
        clauses.append("q.quote ILIKE ? ESCAPE '\\'")
        params.append(_like(q))
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    source = "FROM quotes q JOIN articles a USING (doc)"
    total = db.scalar(f"SELECT count(*) {source} {where}", params)
    rows = db.query(
        f"SELECT q.*, a.title AS article_title, a.date AS article_date {source} {where} "
        "ORDER BY a.date DESC NULLS LAST, q.doc, q.start, q.quote_index LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [_quote_out(r) for r in rows]}


# -- aggregates ----------------------------------------------------------------------------


@router.get("/timeline", response_model=m.Timeline, summary="Event counts per period and type")
def timeline(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    interval: m.Interval = Query(m.Interval.month, description="Bucket size (weeks start on Monday)."),
) -> dict[str, Any]:
    day = "coalesce(e.date_start, a.date)"
    dated = f"{f.where} AND {day} IS NOT NULL" if f.where else f"WHERE {day} IS NOT NULL"
    rows = db.query(
        f"SELECT date_trunc('{interval.value}', {day})::DATE AS period, e.event_type, count(*) AS count "
        f"{EVENT_FROM} {dated} GROUP BY ALL ORDER BY period, e.event_type",
        f.params,
    )
    undated = db.scalar(
        f"SELECT count(*) {EVENT_FROM} {f.where + ' AND' if f.where else 'WHERE'} {day} IS NULL", f.params
    )
    buckets = [{"period": _iso(r["period"]), "event_type": r["event_type"], "count": r["count"]} for r in rows]
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
    both = "e.source_country IS NOT NULL AND e.target_country IS NOT NULL"
    where = f"{f.where} AND {both}" if f.where else f"WHERE {both}"
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
    items = []
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


@router.get("/network", response_model=m.Network, summary="Actor network: actors as nodes, events as typed edges")
def network(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    max_edges: int = Query(300, ge=1, le=5000, description="Keep the edges with most events."),
) -> dict[str, Any]:
    both = "e.source_name IS NOT NULL AND e.target_name IS NOT NULL"
    where = f"{f.where} AND {both}" if f.where else f"WHERE {both}"
    rows = db.query(
        "SELECT e.source_name AS sn, e.source_country AS sc, e.target_name AS tn, e.target_country AS tc, "
        "e.event_type, count(*) AS n, any_value(e.source_sector) AS ss, any_value(e.target_sector) AS ts, "
        f"list(e.event_id ORDER BY e.event_id)[1:20] AS ids {EVENT_FROM} {where} "
        "GROUP BY sn, sc, tn, tc, e.event_type ORDER BY n DESC, sn, tn, e.event_type LIMIT ?",
        [*f.params, max_edges],
    )
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for r in rows:
        ends = []
        for name, country, sector in ((r["sn"], r["sc"], r["ss"]), (r["tn"], r["tc"], r["ts"])):
            node_id = f"{name}|{country or ''}"
            node = nodes.setdefault(
                node_id, {"id": node_id, "name": name, "country": country, "sector": sector, "n_events": 0}
            )
            node["n_events"] += r["n"]
            ends.append(node_id)
        edges.append(
            {
                "source": ends[0],
                "target": ends[1],
                "event_type": r["event_type"],
                "count": r["n"],
                "event_ids": list(r["ids"]),
            }
        )
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["n_events"], n["id"])), "edges": edges}


@router.get("/stats", response_model=m.Stats, summary="What the database holds")
def stats(db: Db, request: Request) -> dict[str, Any]:
    counts = {
        table: db.scalar(f"SELECT count(*) FROM {table}")
        for table in ("articles", "events", "actor_mentions", "quotes")
    }
    first, last = db.query("SELECT min(date) AS first, max(date) AS last FROM articles")[0].values()
    types = db.query("SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1")
    return {
        **counts,
        "first_date": _iso(first),
        "last_date": _iso(last),
        "event_types": {r["event_type"]: r["n"] for r in types},
        "ingest_enabled": request.app.state.ingest_token is not None,
    }


# -- ingest --------------------------------------------------------------------------------

_pipeline_lock = threading.Lock()
_run_lock = threading.Lock()


def _pipeline(request: Request) -> Any:
    """The pipeline, built on first use (loading the language model takes seconds)."""
    state = request.app.state
    with _pipeline_lock:
        if getattr(state, "pipeline", None) is None:
            from eventwire.pipeline import Pipeline

            state.pipeline = Pipeline()
        return state.pipeline


@router.post(
    "/ingest",
    response_model=m.IngestResponse,
    status_code=201,
    dependencies=[Security(bearer)],  # documents the scheme; the check runs first, in app.check_ingest_token
    responses={
        200: {"model": m.IngestResponse, "description": "Already stored (same id and text)"},
        **error_responses(401, 403),
    },
    summary="Process one article and store it (needs the ingest token)",
)
def ingest(db: Db, body: m.IngestRequest, request: Request, response: Response) -> dict[str, Any]:
    from eventwire.document import Doc

    if not body.text.strip():
        raise ApiError(422, "invalid_request", "'text' is empty")
    doc_id = body.id or "ingest-" + hashlib.sha1(body.text.encode("utf-8")).hexdigest()[:12]
    doc = Doc(doc_id, body.text, title=body.title, date=body.date, date_source="given" if body.date else None)
    pipeline = _pipeline(request)
    with _run_lock:  # one article at a time: the language model is not shared across threads
        doc, error = next(iter(pipeline.pipe([doc])))
    with db.write_lock:
        if error is not None:
            db.require().add_rejected(doc_id, error.code, error.message)
            raise ApiError(422, error.code, error.message)
        stored = db.require().add_doc(doc)
    if not stored:
        response.status_code = 200
    rows = db.query(f"{EVENT_SELECT} WHERE e.doc = ? ORDER BY e.evidence_start, e.event_id", [doc_id])
    return {"ok": True, "doc": doc_id, "stored": stored, "n_events": len(rows), "events": [event_out(r) for r in rows]}
