"""Filtered reads over the store, shared by the CLI and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.search import actor_ids, like_pattern
from eventwire.store import Store


# An actor's identity: its knowledge-base id, else its resolved name and country. The network's
# nodes, its edges and the filters that list their events all use this one expression.
def actor_id_sql(side: str) -> str:
    return (
        f"coalesce(e.{side}_kb_id, CASE WHEN e.{side}_name IS NOT NULL "
        f"THEN 'name:' || e.{side}_name || '|' || coalesce(e.{side}_country, '') END)"
    )


# The one date rule: an event counts on its own start date, else on its article's date.
EVENT_DAY_SQL = "coalesce(e.date_start, a.date)"


@dataclass
class Filters:
    """What the query commands filter on; None means no filter.

    ``actor`` matches either side's name or text literally (case-insensitive substring) and, through
    the knowledge base, every alias and transliteration of the actors it names ("Kiev" finds Kyiv).
    ``actor_id`` / ``source_id`` / ``target_id`` match an actor's identity exactly (see ``actor_id_sql``).
    ``since`` / ``until`` bound the event's day (``EVENT_DAY_SQL``), as the timeline bins it.
    """

    actor: str | None = None
    country: str | None = None  # ISO3 or IGO, on either side
    event_type: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None
    actor_id: str | None = None
    source_id: str | None = None
    target_id: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    text: str | None = None  # literal substring of the evidence sentence

    def event_where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append(_actor_clause(self.actor, params))
        if self.actor_id:
            clauses.append(f"({actor_id_sql('source')} = ? OR {actor_id_sql('target')} = ?)")
            params += [self.actor_id] * 2
        for side, value in (("source", self.source_id), ("target", self.target_id)):
            if value:
                clauses.append(f"{actor_id_sql(side)} = ?")
                params.append(value)
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country.upper()] * 2
        for side, value in (("source", self.source_country), ("target", self.target_country)):
            if value:
                clauses.append(f"e.{side}_country = ?")
                params.append(value.upper())
        if self.event_type:
            clauses.append("e.event_type = ?")
            params.append(self.event_type.upper())
        if self.status:
            clauses.append("e.status = ?")
            params.append(self.status.lower())
        if self.since:
            clauses.append(f"{EVENT_DAY_SQL} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{EVENT_DAY_SQL} <= ?")
            params.append(self.until)
        if self.doc:
            clauses.append("e.doc = ?")
            params.append(self.doc)
        if self.text:
            clauses.append("e.evidence_text ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(self.text))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _actor_clause(query: str, params: list[Any]) -> str:
    """Either side's name or text contains ``query`` literally, or is an actor the KB knows by that name."""
    parts = [f"e.{side}_{field} ILIKE ? ESCAPE '\\'" for side in ("source", "target") for field in ("name", "text")]
    params += [like_pattern(query)] * 4
    ids = actor_ids(query)
    if ids:
        marks = ", ".join("?" for _ in ids)
        parts += [f"e.source_kb_id IN ({marks})", f"e.target_kb_id IN ({marks})"]
        params += [*ids, *ids]
    return "(" + " OR ".join(parts) + ")"


def named_clause(query: str, name: str, text: str, kb_id: str, params: list[Any]) -> str:
    """A mention (or speaker) whose name or text contains ``query`` literally, or whose KB id it names."""
    parts = [f"{name} ILIKE ? ESCAPE '\\'", f"{text} ILIKE ? ESCAPE '\\'"]
    params += [like_pattern(query)] * 2
    ids = actor_ids(query)
    if ids:
        parts.append(f"{kb_id} IN ({', '.join('?' for _ in ids)})")
        params += list(ids)
    return "(" + " OR ".join(parts) + ")"


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
    clauses: list[str] = []
    params: list[Any] = []
    if filters.actor:
        clauses.append(named_clause(filters.actor, "name", "text", "kb_id", params))
    if filters.country:
        clauses.append("country = ?")
        params.append(filters.country.upper())
    if filters.doc:
        clauses.append("doc = ?")
        params.append(filters.doc)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(
        # One row per actor: its KB id, else its name and country (as the web API's /api/actors).
        "SELECT mode(name) AS name, mode(country) AS country, mode(sector) AS sector, any_value(kb_id) AS kb_id, "
        "count(*) AS mentions, count(DISTINCT doc) AS articles "
        f"FROM actor_mentions{where} "
        "GROUP BY coalesce(kb_id, 'name:' || name || '|' || coalesce(country, '')) ORDER BY mentions DESC, name",
        params,
    )


def quotes(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    filters = filters or Filters()
    clauses: list[str] = []
    params: list[Any] = []
    if filters.actor:
        clauses.append(named_clause(filters.actor, "speaker_name", "speaker_text", "speaker_kb_id", params))
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
