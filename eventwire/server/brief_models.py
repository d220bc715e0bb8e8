"""The body of ``GET /api/brief`` (the data ``eventwire brief --format json`` prints), for the OpenAPI spec."""

from __future__ import annotations

from pydantic import BaseModel, Field


class BriefActor(BaseModel):
    name: str
    country: str | None = None
    country_name: str | None = None
    role: str | None = Field(None, description="The office the knowledge base records on the day, else the sector.")
    kb_id: str | None = None
    label: str = Field(description='How the brief names the actor: "Dmytro Kuleba (Ukraine, foreign minister)".')


class BriefDate(BaseModel):
    start: str
    end: str


class BriefLine(BaseModel):
    """One event (repeated statements of it are one line) in plain words."""

    when: str = Field(description='The date in words, by status: "planned for Mon 20 – Wed 22 March 2023".')
    date: BriefDate | None = Field(None, description="The event's own date range, when the text gives one.")
    day: str | None = Field(None, description="The day it is ordered by: its own start, else the article's date.")
    dated_by: str | None = Field(None, description="event, article, or null when neither has a date.")
    event_type: str
    mode: str | None = None
    status: str
    cameo: str | None = None
    goldstein: float | None = Field(None, description="Goldstein score of its CAMEO code (-10 conflict .. +10).")
    source: BriefActor | None = None
    target: BriefActor | None = None
    attribution: BriefActor | None = None
    location: str | None = None
    text: str = Field(description="The event in plain words, from the template of its type and mode.")
    status_text: str = Field(description='Who says so, in words: "alleged by ...", "announced by ...", or "".')
    event_ids: list[str]
    docs: list[str]
    evidence: list[int] = Field(description="Numbers of its evidence items: its own first, then repeated mentions.")


class BriefQuote(BaseModel):
    text: str = Field(description="The quoted words as the article gives them.")
    doc: str
    evidence: int


class BriefSpeaker(BaseModel):
    speaker: BriefActor | None = None
    label: str
    quotes: list[BriefQuote]


class BriefSpelling(BaseModel):
    text: str
    count: int


class BriefName(BaseModel):
    actor: BriefActor
    label: str
    mentions: int
    spellings: list[BriefSpelling] = Field(description="The spellings the text used, most frequent first.")
    other_spellings: list[str] = Field(description="Spellings other than the canonical name.")


class BriefPeriod(BaseModel):
    period: str = Field(description="First day of the period (weeks start on Monday).")
    label: str
    events: int
    counts: dict[str, int] = Field(description="Events per PLOVER type.")
    cooperation: int = Field(description="Events with a positive Goldstein score.")
    conflict: int = Field(description="Events with a negative Goldstein score.")
    goldstein_mean: float | None = None


class BriefSummary(BaseModel):
    interval: str
    periods: list[BriefPeriod]
    undated: int
    types: list[str]


class BriefArticle(BaseModel):
    doc: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    source_path: str | None = None
    date: str | None = None
    date_label: str | None = None
    date_source: str | None = None
    date_note: str | None = Field(None, description='Where the date comes from: "inferred from ...".')
    events_cited: int


class BriefEvidence(BaseModel):
    n: int
    doc: str
    start: int
    end: int
    text: str = Field(description="Exactly text[start:end] of the article as it was given.")
    event_ids: list[str]


class BriefCounts(BaseModel):
    articles: int
    events: int
    lines: int
    quotes: int


class Brief(BaseModel):
    """A dated, evidence-linked account of the events matching the filters."""

    title: str
    kind: str = Field(description="articles (a brief of given articles) or question (a store question).")
    question: dict[str, str] | None = None
    articles: list[BriefArticle]
    counts: BriefCounts
    happened: list[BriefLine] = Field(description="What happened, in date order.")
    ahead: list[BriefLine] = Field(description="Planned and hypothetical events after their article's date.")
    said: list[BriefSpeaker] = Field(description="Quotes grouped by canonical speaker.")
    names: list[BriefName] = Field(description="Each actor with the spellings the text used.")
    summary: BriefSummary | None = None
    evidence: list[BriefEvidence]
