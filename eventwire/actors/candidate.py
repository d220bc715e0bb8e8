"""A mention being resolved (:class:`Candidate`) and the small helpers every part of the actor layer shares."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwire.actors.lexicon import CONF
from eventwire.document import Actor, Mention
from eventwire.kb import KBEntry
from eventwire.kb import normalise as _kb_normalise

# The knowledge base's normalisation, memoised: the same names are compared many times per article.
normalise = functools.lru_cache(maxsize=65536)(_kb_normalise)


@dataclass
class Candidate:
    """A mention being resolved, with what its context says about it."""

    mention: Mention
    tokens: Any  # spacy Span of the mention
    country_hint: str | None = None
    sector_hint: str | None = None
    title: str | None = None  # canonical-ish title text ("foreign minister")
    gender: str | None = None  # "m" | "f" | None
    absorbed: bool = False  # part of a title phrase: informs another mention, dropped at the end
    anaphoric: bool = False  # a bare role noun ("the minister") to resolve to an earlier actor
    org_hint: Candidate | None = None  # the body a title names ("Foreign Ministry spokesman")
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


def strip_det(text: str) -> str:
    """``text`` without a leading article ("the Kremlin" -> "Kremlin")."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def strip_possessive(text: str) -> str:
    """``text`` without a leading article or a trailing possessive ("the Kremlin's" -> "Kremlin")."""
    return strip_det(re.sub(r"['’]s$", "", text))


def assign(c: Candidate, actor: Actor, method: str, confidence: float | None = None) -> None:
    """Resolve ``c`` to ``actor``; the confidence defaults to the method's (:data:`~eventwire.actors.lexicon.CONF`)."""
    c.mention.actor = actor
    c.mention.method = method
    c.mention.confidence = round(CONF.get(method, 0.5) if confidence is None else confidence, 3)


def copy_actor(c: Candidate, a: Actor | None, method: str) -> None:
    """Resolve ``c`` to the same actor as another, resolved mention (coreference)."""
    assert a is not None, "an antecedent is a resolved mention"
    assign(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind), method)


def entry_actor(e: KBEntry, day: date | None, sector: str | None = None) -> Actor:
    """The actor a knowledge-base entry stands for on ``day`` (a person's country and sector follow their role)."""
    if e.kind == "person":
        return Actor(e.name, e.country_on(day), e.sector_on(day) if sector is None else sector, e.id, "person")
    return Actor(e.name, e.country, e.sector if sector is None else sector, e.id, e.kind)


def actor_key(a: Actor) -> str:
    return a.kb_id or normalise(a.name)


class Taken:
    """Characters already claimed by a mention (one byte per character: checks are slices, not scans)."""

    def __init__(self, n: int) -> None:
        self.marks = bytearray(n + 1)

    def add(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int, ignore: list[tuple[int, int]] | None = None) -> bool:
        if not ignore:
            return 1 in self.marks[start:end]
        return any(self.marks[i] and not any(s <= i < e for s, e in ignore) for i in range(start, end))


def drop_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping mentions (absorbed modifiers stay: they inform their phrase)."""
    live = sorted([c for c in cands if not c.absorbed], key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Candidate] = []
    taken = Taken(max((c.end for c in live), default=0))
    for c in live:
        if taken.overlaps(c.start, c.end):
            continue
        taken.add(c.start, c.end)
        kept.append(c)
    return kept + [c for c in cands if c.absorbed]


class Without(dict):
    """A read-only view of a token -> candidate map without one candidate (no copy per person)."""

    def __init__(self, base: dict[int, Candidate], skip: Candidate) -> None:
        super().__init__()
        self.base, self.skip = base, skip

    def get(self, key, default=None):  # type: ignore[override]
        o = self.base.get(key, default)
        return default if o is self.skip else o

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None
