"""The JSON API's read endpoints: events, actors, articles, quotes, stats and export.

Aggregates (timeline, dyads, network) are in ``aggregates``; ingest is in ``ingest``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from eventwire.export import EXPORT_MEDIA_TYPES, FORMATS, export_sql, iter_csv, iter_jsonl
from eventwire.queries import EVENT_DAY_SQL, actor_id_sql
from eventwire.search import actor_ids, like_pattern
from eventwire.server import models as m
from eventwire.server.errors import ApiError, error_responses
from eventwire.server.filters import (
    EVENT_FROM,
    EVENT_SELECT,
    Db,
    EventFilter,
    Limit,
    Offset,
    event_filter,
    event_out,
    iso,
    reject_unknown_parameters,
)
from eventwire.server.models import IsoDate

router = APIRouter(
    prefix="/api", responses=error_responses(422, 500), dependencies=[Depends(reject_unknown_parameters)]
)


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

# One row per actor, keyed as the network keys its nodes: the KB id, else name and country.
ACTORS_SQL = """
    WITH m AS (
        SELECT coalesce(kb_id, 'name:' || name || '|' || coalesce(country, '')) AS id,
               mode(name) AS name, mode(country) AS country, mode(sector) AS sector, any_value(kb_id) AS kb_id,
               count(*) AS n_mentions, count(DISTINCT doc) AS n_articles
        FROM actor_mentions WHERE name IS NOT NULL GROUP BY 1),
    sides AS (
        SELECT {source_id} AS id, e.source_name AS name, e.source_country AS country,
               e.source_sector AS sector, e.source_kb_id AS kb_id, e.event_id, 1 AS src, 0 AS tgt
        FROM events e WHERE e.source_name IS NOT NULL
        UNION ALL
        SELECT {target_id}, e.target_name, e.target_country, e.target_sector, e.target_kb_id, e.event_id, 0, 1
        FROM events e WHERE e.target_name IS NOT NULL),
    ev AS (
        SELECT id, mode(name) AS name, mode(country) AS country, mode(sector) AS sector, any_value(kb_id) AS kb_id,
               count(DISTINCT event_id) AS n_events, sum(src)::INTEGER AS n_source, sum(tgt)::INTEGER AS n_target
        FROM sides GROUP BY id),
    actors AS (
        SELECT coalesce(m.id, ev.id) AS id, coalesce(m.name, ev.name) AS name,
               coalesce(m.country, ev.country) AS country, coalesce(m.sector, ev.sector) AS sector,
               coalesce(m.kb_id, ev.kb_id) AS kb_id,
               coalesce(m.n_mentions, 0) AS n_mentions, coalesce(m.n_articles, 0) AS n_articles,
               coalesce(ev.n_events, 0) AS n_events, coalesce(ev.n_source, 0) AS n_source,
               coalesce(ev.n_target, 0) AS n_target
        FROM m FULL OUTER JOIN ev ON m.id = ev.id)
""".format(source_id=actor_id_sql("source"), target_id=actor_id_sql("target"))


@router.get("/actors", response_model=m.ActorPage, summary="Actors, one row each, with mention and event counts")
def list_actors(
    db: Db,
    q: str | None = Query(
        None, max_length=200, description="Name contains this (literally), or the KB knows the actor by this alias."
    ),
    country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 or IGO."),
    sector: str | None = Query(None, max_length=10, description="CAMEO actor type, e.g. GOV."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    clauses: list[str] = []
    params: list[Any] = []
    if q:
        named = ["name ILIKE ? ESCAPE '\\'"]
        params.append(like_pattern(q))
        ids = actor_ids(q)
        if ids:
            named.append(f"kb_id IN ({', '.join('?' for _ in ids)})")
            params += list(ids)
        clauses.append("(" + " OR ".join(named) + ")")
    if country:
        clauses.append("country = ?")
        params.append(country.upper())
    if sector:
        clauses.append("sector = ?")
        params.append(sector.upper())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = db.scalar(f"{ACTORS_SQL} SELECT count(*) FROM actors {where}", params)
    rows = db.query(
        f"{ACTORS_SQL} SELECT * FROM actors {where} ORDER BY n_events DESC, n_mentions DESC, name, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


# -- articles ------------------------------------------------------------------------------

ARTICLE_SUMMARY = "doc, title, date, url, outlet, n_chars, n_events"


def _article_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "date": iso(row.get("date"))}


@router.get("/articles", response_model=m.ArticlePage, summary="Stored articles, newest first")
def list_articles(
    db: Db,
    q: str | None = Query(None, max_length=200, description="Text search in the title and text."),
    since: IsoDate | None = Query(None, description="Published on or after this date."),
    until: IsoDate | None = Query(None, description="Published on or before this date."),
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    clauses: list[str] = []
    params: list[Any] = []
    if q:
        clauses.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
        params += [like_pattern(q)] * 2
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
        "article_date": iso(row.get("article_date")),
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
        t["value_start"], t["value_end"] = iso(t["value_start"]), iso(t["value_end"])
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
    clauses: list[str] = []
    params: list[Any] = []
    if speaker:
        clauses.append("(q.speaker_name ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\')")
        params += [like_pattern(speaker)] * 2
    if country:
        clauses.append("q.speaker_country = ?")
        params.append(country.upper())
    if doc:
        clauses.append("q.doc = ?")
        params.append(doc)
    if q:
        clauses.append("q.quote ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    source = "FROM quotes q JOIN articles a USING (doc)"
    total = db.scalar(f"SELECT count(*) {source} {where}", params)
    rows = db.query(
        f"SELECT q.*, a.title AS article_title, a.date AS article_date {source} {where} "
        "ORDER BY a.date DESC NULLS LAST, q.doc, q.start, q.quote_index LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [_quote_out(r) for r in rows]}


# -- stats and export --------------------------------------------------------------------------


@router.get("/stats", response_model=m.Stats, summary="What the database holds")
def stats(db: Db, request: Request) -> dict[str, Any]:
    counts = {
        table: db.scalar(f"SELECT count(*) FROM {table}")
        for table in ("articles", "events", "actor_mentions", "quotes")
    }
    first, last = db.query("SELECT min(date) AS first, max(date) AS last FROM articles")[0].values()
    first_day, last_day = db.query(f"SELECT min({EVENT_DAY_SQL}) AS f, max({EVENT_DAY_SQL}) AS l {EVENT_FROM}")[
        0
    ].values()
    types = db.query("SELECT event_type, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1")
    return {
        **counts,
        "first_date": iso(first),
        "last_date": iso(last),
        "first_day": iso(first_day),
        "last_day": iso(last_day),
        "event_types": {r["event_type"]: r["n"] for r in types},
        "ingest_enabled": request.app.state.ingest_token is not None,
    }


@router.get(
    "/export",
    summary="The events matching the filters as a file: CSV, JSON Lines (the contract) or Parquet",
    response_class=StreamingResponse,
    responses={200: {"content": {t: {} for t in EXPORT_MEDIA_TYPES.values()}, "description": "The file"}},
)
def export(
    db: Db,
    f: Annotated[EventFilter, Depends(event_filter)],
    format: str = Query("csv", pattern="^(" + "|".join(FORMATS) + ")$", description="csv, jsonl or parquet."),
) -> Any:
    sql, params = export_sql(f.filters)
    filename = f"eventwire-events.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "parquet":
        handle, path = tempfile.mkstemp(prefix="eventwire-export-", suffix=".parquet")
        os.close(handle)
        db.connection().execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)", params)
        return FileResponse(
            path, media_type=EXPORT_MEDIA_TYPES[format], headers=headers, background=BackgroundTask(os.unlink, path)
        )
    rows = db.query(sql, params)
    lines: Iterator[str] = iter_csv(rows) if format == "csv" else iter_jsonl(rows)
    return StreamingResponse(lines, media_type=EXPORT_MEDIA_TYPES[format], headers=headers)
