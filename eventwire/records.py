"""Output records: the contract of DESIGN.md, built from a processed Doc.

Every record carries offsets into the original text the user gave.
"""

from __future__ import annotations

import hashlib
from typing import Any

from eventwire.document import Actor, Doc, Event, Mention, TimeExpression

EVENT_FIELDS = [
    "event_id",
    "doc",
    "event_type",
    "mode",
    "context",
    "cameo",
    "source",
    "target",
    "date",
    "location",
    "status",
    "attribution",
    "evidence",
    "confidence",
]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def actor_ref(doc: Doc, mention: Mention | None, fallback: Actor | None = None) -> dict[str, Any] | None:
    """The ``source``/``target`` object of an event."""
    if mention is None and fallback is None:
        return None
    actor = mention.actor if mention is not None and mention.actor is not None else fallback
    text = doc.original_span(mention.start, mention.end)[2] if mention is not None else None
    return {
        "text": text,
        "name": actor.name if actor else (mention.text if mention else None),
        "country": actor.country if actor else None,
        "sector": actor.sector if actor else None,
        "kb_id": actor.kb_id if actor else None,
    }


def date_ref(doc: Doc, timex: TimeExpression | None) -> dict[str, Any] | None:
    if timex is None or timex.value_start is None:
        return None
    return {
        "text": doc.original_span(timex.start, timex.end)[2],
        "start": _iso(timex.value_start),
        "end": _iso(timex.value_end or timex.value_start),
    }


def event_id(
    doc_id: str, start: int, end: int, event_type: str, source: str | None = None, target: str | None = None
) -> str:
    key = f"{doc_id}|{start}|{end}|{event_type}|{source or ''}|{target or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _actor_key(ref: dict[str, Any] | None) -> str | None:
    """The part of an event's id that names one of its actors."""
    return (ref["name"] or ref["text"]) if ref else None


def event_record(doc: Doc, event: Event) -> dict[str, Any]:
    mention = event.mentions[0]
    start, end, text = doc.original_span(mention.start, mention.end)
    source = actor_ref(doc, event.source, event.source_actor)
    target = actor_ref(doc, event.target, event.target_actor)
    attribution = None
    if event.attribution is not None:
        actor = event.attribution.actor
        attribution = {
            "text": doc.original_span(event.attribution.start, event.attribution.end)[2],
            "name": actor.name if actor else event.attribution.text,
            "country": actor.country if actor else None,
            "sector": actor.sector if actor else None,
        }
    location = None
    if event.location is not None:
        loc = event.location
        location = {"text": loc.text, "name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon}
    record = {
        "event_id": event_id(
            doc.id,
            start,
            end,
            event.event_type,
            _actor_key(source),
            _actor_key(target),
        ),
        "doc": doc.id,
        "event_type": event.event_type,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "source": source,
        "target": target,
        "date": date_ref(doc, event.date),
        "location": location,
        "status": event.status,
        "attribution": attribution,
        "evidence": {"text": text, "start": start, "end": end},
        "confidence": round(float(event.confidence), 3),
        # Beyond the contract (extra fields are allowed): why it was coded and
        # every place the article states it.
        "rule": event.rule,
        "trigger": event.trigger,
        "mentions": [dict(zip(("start", "end"), doc.to_original(m.start, m.end), strict=True)) for m in event.mentions],
    }
    return record


def actor_records(doc: Doc) -> list[dict[str, Any]]:
    rows = []
    for m in doc.mentions:
        if m.actor is None:
            continue
        start, end, text = doc.original_span(m.start, m.end)
        rows.append(
            {
                "doc": doc.id,
                "text": text,
                "start": start,
                "end": end,
                "name": m.actor.name,
                "country": m.actor.country,
                "sector": m.actor.sector,
                "kb_id": m.actor.kb_id,
                "confidence": round(float(m.confidence), 3),
                "label": m.label,
                "method": m.method,
            }
        )
    return rows


def time_records(doc: Doc) -> list[dict[str, Any]]:
    rows = []
    for t in doc.times:
        start, end, text = doc.original_span(t.start, t.end)
        rows.append(
            {
                "doc": doc.id,
                "text": text,
                "start": start,
                "end": end,
                "value_start": _iso(t.value_start),
                "value_end": _iso(t.value_end or t.value_start),
                "granularity": t.granularity,
            }
        )
    return rows


def quote_records(doc: Doc) -> list[dict[str, Any]]:
    rows = []
    for q in doc.quotes:
        start, end, text = doc.original_span(q.start, q.end)
        speaker = actor_ref(doc, q.speaker) if q.speaker is not None else None
        rows.append({"doc": doc.id, "speaker": speaker, "quote": text, "start": start, "end": end, "kind": q.kind})
    return rows


def article_record(doc: Doc) -> dict[str, Any]:
    return {
        "doc": doc.id,
        "title": doc.title,
        "date": _iso(doc.date),
        "date_source": doc.date_source,
        "date_confidence": doc.date_confidence,
        "url": doc.url,
        "outlet": doc.outlet,
        "source_path": doc.source_path,
        "content_hash": doc.content_hash,
        "n_chars": len(doc.original),
    }


def records(doc: Doc, kind: str) -> list[dict[str, Any]]:
    """All records of one kind (events | actors | times | quotes) for a doc."""
    if kind == "events":
        return [event_record(doc, e) for e in doc.events]
    if kind == "actors":
        return actor_records(doc)
    if kind == "times":
        return time_records(doc)
    if kind == "quotes":
        return quote_records(doc)
    raise ValueError(f"unknown record kind {kind!r}")
