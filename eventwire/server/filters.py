"""What every read endpoint shares: the database dependency, the event filters, unknown-parameter checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from eventwire.contract import EventType, Status
from eventwire.queries import EVENT_DAY_SQL, Filters
from eventwire.server.db import Database
from eventwire.server.errors import ApiError
from eventwire.server.models import IsoDate
from eventwire.store import event_from_row

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


async def get_db(request: Request) -> Database:
    return request.app.state.db


Db = Annotated[Database, Depends(get_db)]


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _query_names(dependant: Any) -> set[str]:
    """The query parameters an endpoint and its dependencies declare."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_parameters(request: Request) -> None:
    """A misspelled parameter (``contry=RUS``) is an error, not a silently ignored filter."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(
            422,
            "invalid_request",
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(repr(u) for u in unknown)}; "
            f"this endpoint takes: {', '.join(sorted(known)) or 'none'}",
        )


# -- shared query parameters ---------------------------------------------------------


@dataclass
class EventFilter:
    where: str
    params: list[Any]
    filters: Filters


def event_filter(
    actor: str | None = Query(
        None,
        max_length=200,
        description="A source or target whose name or text contains this (literally), or an actor the "
        "knowledge base knows by this name, any alias or transliteration (Kiev, Zelenskyy).",
    ),
    actor_id: str | None = Query(None, max_length=500, description="This actor (its id) on either side."),
    source_id: str | None = Query(None, max_length=500, description="This actor (its id) as the source."),
    target_id: str | None = Query(None, max_length=500, description="This actor (its id) as the target."),
    country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 (or IGO), either side."),
    source_country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="The source's country."),
    target_country: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="The target's country."),
    type: EventType | None = Query(None, description="PLOVER event type."),
    status: Status | None = Query(None, description="Event status."),
    since: IsoDate | None = Query(None, description="Events whose day is on or after this date (YYYY-MM-DD)."),
    until: IsoDate | None = Query(None, description="Events whose day is on or before this date (YYYY-MM-DD)."),
    q: str | None = Query(None, max_length=200, description="Text in the evidence sentence (matched literally)."),
    doc: str | None = Query(None, max_length=500, description="Only events of this article."),
) -> EventFilter:
    """Filters shared by events, timeline, network, dyads and export.

    An event's day is its own start date, else its article's date; ``since``/``until`` and the
    timeline's periods both use that day, so a bar's count is what its date range lists.
    """
    if since and until and since > until:
        raise ApiError(422, "invalid_request", f"'since' ({since}) is after 'until' ({until}): no day can match")
    filters = Filters(
        actor=actor,
        actor_id=actor_id,
        source_id=source_id,
        target_id=target_id,
        country=country,
        source_country=source_country,
        target_country=target_country,
        event_type=type.value if type else None,
        status=status.value if status else None,
        since=since,
        until=until,
        doc=doc,
        text=q,
    )
    where, params = filters.event_where()
    return EventFilter(where.removeprefix(" "), params, filters)


def and_where(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f"WHERE {clause}"


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
EVENT_FROM = "FROM events e JOIN articles a USING (doc)"
EVENT_SELECT = f"SELECT e.*, a.title AS article_title, a.date AS article_date, {EVENT_DAY_SQL} AS day {EVENT_FROM}"


def event_out(row: dict[str, Any]) -> dict[str, Any]:
    record = event_from_row(row)
    record.update(
        day=iso(row.get("day")), article_title=row.get("article_title"), article_date=iso(row.get("article_date"))
    )
    return record
