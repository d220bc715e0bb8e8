"""Response and request bodies of the API (they make the OpenAPI spec)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field


def _iso_date_only(value: Any) -> Any:
    # pydantic would also take 0 (a Unix time) or a datetime; the API takes YYYY-MM-DD only.
    if not isinstance(value, str | dt.date) or (
        isinstance(value, str) and not (len(value) == 10 and value[4] == "-" and value[7] == "-")
    ):
        raise ValueError("expected a date YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Order(StrEnum):
    asc = "asc"
    desc = "desc"


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, invalid_request.")
    message: str


class ErrorResponse(BaseModel):
    """The one shape every error has."""

    ok: bool = False
    error: ErrorBody
    status: int


class ActorRef(BaseModel):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None


class AttributionRef(BaseModel):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None


class DateRef(BaseModel):
    text: str | None = None
    start: str
    end: str


class LocationRef(BaseModel):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Evidence(BaseModel):
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Event(BaseModel):
    """An event record of the output contract, plus the article's title and date."""

    event_id: str
    doc: str
    event_type: str
    mode: str | None = None
    context: list[str] = []
    cameo: str | None = None
    source: ActorRef | None = None
    target: ActorRef | None = None
    date: DateRef | None = None
    location: LocationRef | None = None
    status: str | None = None
    attribution: AttributionRef | None = None
    evidence: Evidence
    confidence: float | None = None
    day: str | None = Field(
        None, description="The date the timeline counts it on: its own start date, else the article's."
    )
    article_title: str | None = None
    article_date: str | None = None


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class EventPage(Page):
    items: list[Event]


class Actor(BaseModel):
    id: str = Field(description="The actor's identity: its knowledge-base id, else 'name:NAME|COUNTRY'.")
    name: str
    kb_id: str | None = None
    country: str | None = None
    sector: str | None = None
    n_mentions: int = Field(description="Resolved mentions in all articles.")
    n_articles: int
    n_events: int = Field(description="Events with this actor as source or target.")
    n_source: int
    n_target: int


class ActorPage(Page):
    items: list[Actor]


class ArticleSummary(BaseModel):
    doc: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    n_chars: int | None = None
    n_events: int | None = None


class ArticlePage(Page):
    items: list[ArticleSummary]


class Article(ArticleSummary):
    date_source: str | None = None
    date_confidence: float | None = None
    source_path: str | None = None
    text: str


class ActorMention(BaseModel):
    mention_index: int | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    confidence: float | None = None
    label: str | None = None
    method: str | None = None


class TimeExpression(BaseModel):
    time_index: int | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    value_start: str | None = None
    value_end: str | None = None
    granularity: str | None = None


class Quote(BaseModel):
    doc: str
    quote_index: int | None = None
    speaker: ActorRef | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    kind: str | None = None
    article_title: str | None = None
    article_date: str | None = None


class QuotePage(Page):
    items: list[Quote]


class ArticleDetail(BaseModel):
    """An article with its original text and every record that points into it (offsets index ``article.text``)."""

    article: Article
    events: list[Event]
    actors: list[ActorMention]
    quotes: list[Quote]
    times: list[TimeExpression]


class TimelineBucket(BaseModel):
    period: str = Field(description="First day of the period (weeks start on Monday).")
    event_type: str
    count: int


class Timeline(BaseModel):
    interval: Interval
    buckets: list[TimelineBucket]
    undated: int = Field(description="Matching events with neither their own nor an article date.")


class Dyad(BaseModel):
    source_country: str
    target_country: str
    n_events: int
    counts: dict[str, int] = Field(description="Events per PLOVER type.")
    score: float = Field(description="Mean Goldstein-like weight of the events, -10 (conflict) .. +10 (cooperation).")
    cooperation: int = Field(description="Events of a type with a positive weight.")
    conflict: int = Field(description="Events of a type with a negative weight.")


class DyadList(BaseModel):
    directed: bool
    weights: dict[str, float] = Field(description="The weight of each PLOVER type used in the score.")
    items: list[Dyad]


class NetworkBy(StrEnum):
    actor = "actor"
    country = "country"


class NetworkNode(BaseModel):
    id: str = Field(description="An actor id (see /api/actors), or a country code when by=country.")
    name: str
    country: str | None = None
    sector: str | None = None
    n_events: int = Field(
        description="Matching events with this node on either side: what actor_id= (or country=) lists."
    )


class NetworkEdge(BaseModel):
    source: str
    target: str
    event_type: str
    count: int = Field(description="Matching events source → target of this type: what source_id/target_id/type list.")
    event_ids: list[str] = Field(description="Up to 20 of the events behind the edge.")


class Network(BaseModel):
    by: NetworkBy
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class Stats(BaseModel):
    articles: int
    events: int
    actor_mentions: int
    quotes: int
    first_date: str | None = Field(None, description="Earliest article date.")
    last_date: str | None = Field(None, description="Latest article date.")
    first_day: str | None = Field(None, description="Earliest event day (the timeline's date rule).")
    last_day: str | None = Field(None, description="Latest event day.")
    event_types: dict[str, int]
    ingest_enabled: bool


class IngestRequest(BaseModel):
    id: str | None = Field(None, min_length=1, max_length=200, description="Article id (default: a hash of the text).")
    title: str | None = Field(None, max_length=1000)
    date: IsoDate | None = Field(None, description="Publication date YYYY-MM-DD (else inferred from the text).")
    text: str = Field(min_length=1, max_length=1_000_000)


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class IngestJob(BaseModel):
    """An ingest job: queued, processed off the request thread, then stored."""

    ok: bool = True
    job: str
    doc: str
    status: JobStatus
    status_url: str
    queued_at: float = Field(description="Unix time the job was queued.")
    seconds: float | None = Field(None, description="Processing time so far, or in all once finished.")
    stored: bool | None = Field(None, description="Once done: False when the same article was already stored.")
    n_events: int | None = None
    events: list[Event] | None = None
    error: ErrorBody | None = Field(None, description="Why a failed job failed.")
