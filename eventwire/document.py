"""The one document object every stage reads and writes.

Stages work on the *repaired* text (``Doc.text``); every record that leaves the
pipeline carries offsets into the *original* text (``Doc.original``), mapped
through ``Doc.offset_map``. Records hold repaired-text offsets while the
pipeline runs; :meth:`Doc.to_original` converts them for output.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Actor:
    """A resolved actor: who a mention refers to."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-3, or "IGO"
    sector: str | None = None  # CAMEO actor type: GOV, MIL, MED, ...
    kb_id: str | None = None  # id in the actor knowledge base, None if built from context
    kind: str | None = None  # state | igo | org | person | group | media | place

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "sector": self.sector, "kb_id": self.kb_id}


@dataclass
class Mention:
    """A span of the repaired text that names (or refers back to) an actor."""

    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | NORP | LOC | FAC | ROLE | PRON
    actor: Actor | None = None
    confidence: float = 0.0
    method: str = ""  # how it was resolved: kb, alias, fuzzy, role, coref, ...
    sentence: int = -1  # index into Doc.sentences
    head: int = -1  # index of the phrase's head token in Doc.spacy_doc, for argument mentions


@dataclass
class TimeExpression:
    """A time expression with the date range it denotes."""

    start: int
    end: int
    text: str
    value_start: date | None
    value_end: date | None
    granularity: str  # day | week | month | season | quarter | year | range | unknown
    sentence: int = -1
    method: str = ""


@dataclass
class Location:
    text: str
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    start: int = -1
    end: int = -1


@dataclass
class EventMention:
    """One place in the text that states an event (repaired offsets)."""

    start: int
    end: int
    trigger_start: int = -1
    trigger_end: int = -1


@dataclass
class Event:
    """A coded event. ``mentions[0]`` is the evidence the record cites."""

    event_type: str
    mentions: list[EventMention]
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    source: Mention | None = None
    target: Mention | None = None
    date: TimeExpression | None = None
    location: Location | None = None
    status: str = "occurred"  # occurred | planned | alleged | denied | hypothetical
    attribution: Mention | None = None
    confidence: float = 0.5
    rule: str = ""  # the lexicon entry / pattern that fired, for auditing
    trigger: str = ""
    # Actors without a text span (e.g. a speaker inferred from the article) are
    # carried here when source/target mentions are absent.
    source_actor: Actor | None = None
    target_actor: Actor | None = None


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: Mention | None = None
    kind: str = "direct"  # direct | reported


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Doc:
    """An article as it moves through the pipeline."""

    id: str
    original: str
    title: str | None = None
    date: date | None = None
    date_source: str | None = None  # given | inferred:<how> | None
    date_confidence: float | None = None
    url: str | None = None
    outlet: str | None = None
    source_path: str | None = None
    text: str = ""  # repaired text, set by the repair stage
    offset_map: list[int] = field(default_factory=list)  # repaired index -> original index
    repairs: list[dict[str, Any]] = field(default_factory=list)
    spacy_doc: Any = None  # spacy.tokens.Doc over ``text``
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Every phrase that can name an event's actor, resolved once by the actor layer (several may share a
    # span: "Hungarian and Romanian officials" names two actors). Not stored: events cite them.
    arguments: list[Mention] = field(default_factory=list)
    main_country: str | None = None  # the country the article is about, when one clearly dominates
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage name -> seconds
    # What a stage did not do as asked, for the user to know ("3 sentences over 2,000 characters were split").
    notes: list[str] = field(default_factory=list)
    pipeline: str | None = None  # the fingerprint of the pipeline that processed it (eventwire.pipeline)
    # Facts about people learned from this article (name, country, sector, role),
    # kept by the store so later runs can use them.
    learned_actors: list[dict[str, Any]] = field(default_factory=list)
    # Hash of the input (id, given date, text), fixed at creation: stages may
    # later infer a date, but re-running on the same input must match.
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.original
            self.offset_map = list(range(len(self.original) + 1))
        if not self.content_hash:
            key = f"{self.id}\x00{self.date or ''}\x00{self.original}"
            self.content_hash = hashlib.sha256(key.encode("utf-8")).hexdigest()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a repaired-text span to the original text.

        The end maps through the last character so that a span never swallows
        characters the repair stage deleted after it.
        """
        if end <= start:
            pos = self.offset_map[start]
            return pos, pos
        return self.offset_map[start], self.offset_map[end - 1] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int, str]:
        """The original (start, end, text) of a repaired-text span."""
        ostart, oend = self.to_original(start, end)
        return ostart, oend, self.original[ostart:oend]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing repaired offset ``pos`` (-1 if none)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if pos < sent.start:
                hi = mid - 1
            elif pos >= sent.end:
                lo = mid + 1
            else:
                return mid
        return -1
