"""Filtered reads over the store, shared by the CLI and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.store import Store


@dataclass
class Filters:
    """What the query commands filter on; None means no filter."""

    actor: str | None = None  # substring of a source/target name or text (case-insensitive)
    country: str | None = None  # ISO3 or IGO, on either side
    event_type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None

    def event_where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("(source_name ILIKE ? OR target_name ILIKE ? OR source_text ILIKE ? OR target_text ILIKE ?)")
            params += [f"%{self.actor}%"] * 4
        if self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            params += [self.country.upper()] * 2
        if self.event_type:
            clauses.append("event_type = ?")
            params.append(self.event_type.upper())
        if self.status:
            clauses.append("status = ?")
            params.append(self.status.lower())
        # Events without their own date fall back to the article's date.
        if self.since:
            clauses.append("coalesce(e.date_end, e.date_start, a.date) >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("coalesce(e.date_start, a.date) <= ?")
            params.append(self.until)
        if self.doc:
            clauses.append("e.doc = ?")
            params.append(self.doc)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(store: Store, filters: Filters | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    where, params = (filters or Filters()).event_where()
    sql = (
        "SELECT e.*, a.date AS article_date FROM events e JOIN articles a USING (doc)"
        f"{where} ORDER BY coalesce(e.date_start, a.date) NULLS LAST, e.doc, e.evidence_start"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def timeline(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Dated events in date order: the event's own date, else the article's."""
    where, params = (filters or Filters()).event_where()
    where = where + (" AND " if where else " WHERE ") + "coalesce(e.date_start, a.date) IS NOT NULL"
    return store.query(
        "SELECT coalesce(e.date_start, a.date) AS day, e.date_end, e.date_start IS NOT NULL AS dated_by_text, "
        "e.event_type, e.status, e.source_name, e.source_country, e.target_name, e.target_country, e.doc, "
        f"e.evidence_text FROM events e JOIN articles a USING (doc){where} ORDER BY day, e.doc, e.evidence_start",
        params,
    )


def actors(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    filters = filters or Filters()
    clauses, params = [], []
    if filters.actor:
        clauses.append("(name ILIKE ? OR text ILIKE ?)")
        params += [f"%{filters.actor}%"] * 2
    if filters.country:
        clauses.append("country = ?")
        params.append(filters.country.upper())
    if filters.doc:
        clauses.append("doc = ?")
        params.append(filters.doc)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(
        "SELECT name, country, sector, any_value(kb_id) AS kb_id, count(*) AS mentions, "
        "count(DISTINCT doc) AS articles "
        f"FROM actor_mentions{where} GROUP BY name, country, sector ORDER BY mentions DESC, name",
        params,
    )


def quotes(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    filters = filters or Filters()
    clauses, params = [], []
    if filters.actor:
        clauses.append("(speaker_name ILIKE ? OR speaker_text ILIKE ?)")
        params += [f"%{filters.actor}%"] * 2
    if filters.country:
        clauses.append("speaker_country = ?")
        params.append(filters.country.upper())
    if filters.doc:
        clauses.append("q.doc = ?")
        params.append(filters.doc)
    if filters.since:
        clauses.append("a.date >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("a.date <= ?")
        params.append(filters.until)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(
        'SELECT q.doc, a.date, q.speaker_name, q.speaker_country, q.speaker_sector, q.quote, q.start, q."end", q.kind '
        f"FROM quotes q JOIN articles a USING (doc){where} ORDER BY a.date NULLS LAST, q.doc, q.start",
        params,
    )


def rejected(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT input, code, reason, first_seen, last_seen FROM rejected ORDER BY last_seen, input")
