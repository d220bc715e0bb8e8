"""What a brief is written from: the records of processed documents, or of a store question.

Either way the brief sees the same record dicts (the output contract of :mod:`eventwire.records`), never a
stage's internals: articles (with their original text), events, quotes, actor mentions and time expressions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from eventwire.document import Doc
from eventwire.queries import Filters, named_clause
from eventwire.records import article_record, records
from eventwire.store import event_from_row


class Queryable(Protocol):
    """A store, a Parquet store or the server's database: anything with ``query(sql, params)``."""

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...


@dataclass
class BriefInput:
    articles: list[dict[str, Any]]  # article records with "text": the original text
    events: list[dict[str, Any]]  # contract records with "mentions"
    quotes: list[dict[str, Any]]  # quote records: doc, speaker {text, name, country, sector, kb_id}, start, end
    actors: list[dict[str, Any]]  # actor mention records
    times: list[dict[str, Any]]  # time expression records
    question: dict[str, Any] | None = None  # the filters of a store question; None for a brief of articles


def from_docs(docs: Iterable[Doc]) -> BriefInput:
    """The records of processed documents (``eventwire brief FILE...``)."""
    inp = BriefInput([], [], [], [], [])
    for doc in docs:
        inp.articles.append({**article_record(doc), "text": doc.original})
        inp.events.extend(records(doc, "events"))
        inp.quotes.extend(records(doc, "quotes"))
        inp.actors.extend(records(doc, "actors"))
        inp.times.extend(records(doc, "times"))
    return inp


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def question_of(filters: Filters) -> dict[str, Any]:
    """The filters that were given, as the brief's header shows them."""
    given = {
        "actor": filters.actor,
        "actor_id": filters.actor_id,
        "source_id": filters.source_id,
        "target_id": filters.target_id,
        "country": filters.country.upper() if filters.country else None,
        "source_country": filters.source_country.upper() if filters.source_country else None,
        "target_country": filters.target_country.upper() if filters.target_country else None,
        "type": filters.event_type.upper() if filters.event_type else None,
        "status": filters.status.lower() if filters.status else None,
        "since": _iso(filters.since),
        "until": _iso(filters.until),
        "doc": filters.doc,
        "q": filters.text,
    }
    return {k: v for k, v in given.items() if v is not None}


def _placeholders(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def from_store(db: Queryable, filters: Filters | None = None) -> BriefInput:
    """The records a store question selects (``eventwire brief --db F`` and ``GET /api/brief``).

    Events: those matching the filters, as ``eventwire events`` and ``GET /api/events`` select them.
    Articles: those the events come from, plus the ``--doc`` article. Quotes: the quotes of those articles
    whose speaker matches ``--actor`` (by name, alias or transliteration, as ``eventwire quotes`` matches
    speakers) and ``--country`` when given. Actor mentions and time expressions: those of the articles.
    """
    filters = filters or Filters()
    where, params = filters.event_where()
    rows = db.query(
        f"SELECT e.* FROM events e JOIN articles a USING (doc){where} "
        "ORDER BY e.doc, e.evidence_start, e.evidence_end, e.event_id",
        params,
    )
    events = []
    for row in rows:
        record = event_from_row(row)
        record["mentions"] = json.loads(row.get("mentions") or "[]")
        events.append(record)
    docs = sorted({e["doc"] for e in events} | ({filters.doc} if filters.doc else set()))
    inp = BriefInput([], events, [], [], [], question=question_of(filters))
    if not docs:
        return inp
    marks = _placeholders(docs)
    articles = db.query(
        "SELECT doc, title, date, date_source, date_confidence, url, outlet, source_path, text "
        f"FROM articles WHERE doc IN ({marks}) ORDER BY date NULLS LAST, doc",
        docs,
    )
    inp.articles = [{**a, "date": _iso(a["date"])} for a in articles]
    clauses, qparams = [f"doc IN ({marks})"], list(docs)
    if filters.actor:
        clauses.append(named_clause(filters.actor, "speaker_name", "speaker_text", "speaker_kb_id", qparams))
    if filters.country:
        clauses.append("speaker_country = ?")
        qparams.append(filters.country.upper())
    where_quotes = " AND ".join(clauses)
    quote_rows = db.query(f"SELECT * FROM quotes WHERE {where_quotes} ORDER BY doc, start, quote_index", qparams)
    for row in quote_rows:
        speaker = {k: row.get(f"speaker_{k}") for k in ("text", "name", "country", "sector", "kb_id")}
        inp.quotes.append(
            {
                "doc": row["doc"],
                "speaker": speaker if any(v is not None for v in speaker.values()) else None,
                "quote": row["quote"],
                "start": row["start"],
                "end": row["end"],
                "kind": row.get("kind"),
            }
        )
    inp.actors = db.query(
        'SELECT doc, text, start, "end", name, country, sector, kb_id, label, method FROM actor_mentions '
        f"WHERE doc IN ({marks}) ORDER BY doc, start, mention_index",
        docs,
    )
    times = db.query(
        'SELECT doc, text, start, "end", value_start, value_end, granularity FROM time_expressions '
        f"WHERE doc IN ({marks}) ORDER BY doc, start, time_index",
        docs,
    )
    inp.times = [{**t, "value_start": _iso(t["value_start"]), "value_end": _iso(t["value_end"])} for t in times]
    return inp
