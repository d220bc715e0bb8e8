"""One event once: candidates with the same type and the same (or compatible) sides are one Event with
several mentions, the way a coder codes an event once where the article states it again."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.document import Event, Mention, TimeExpression

# A statement repeated with one side missing merges only with a nearby full statement.
ONE_SIDED_WINDOW = 3


@dataclass
class Candidate:
    event: Event
    sentence: int
    source_key: str | None
    target_key: str | None
    lemma: str = ""
    anaphoric: bool = False  # a noun that refers back ("the attack", "this decision")


def side_key(mention: Mention | None) -> str | None:
    """Who an event side is: its country, plus the name of a person (two ministers of one state differ)."""
    if mention is None or mention.actor is None:
        return None
    actor = mention.actor
    base = actor.country or actor.name.lower()
    if actor.kind == "person" or mention.label == "PERSON":
        return f"{base}|{actor.name.lower()}"
    return base


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    country_a, _, name_a = a.partition("|")
    country_b, _, name_b = b.partition("|")
    return country_a == country_b and not (name_a and name_b)


def _overlap(a: TimeExpression | None, b: TimeExpression | None) -> bool:
    if a is None or b is None or a.value_start is None or b.value_start is None:
        return True
    a_end, b_end = a.value_end or a.value_start, b.value_end or b.value_start
    return a.value_start <= b_end and b.value_start <= a_end


def same_event(a: Candidate, b: Candidate) -> bool:
    if a.event.event_type != b.event.event_type:
        return False
    if a.event.mentions[0].trigger_start == b.event.mentions[0].trigger_start:
        return False  # one clause, coordinated actors: deliberately separate events
    if not (_compatible(a.source_key, b.source_key) and _compatible(a.target_key, b.target_key)):
        return False
    keys = (a.source_key, b.source_key, a.target_key, b.target_key)
    anchored = (a.source_key is not None and b.source_key is not None) or (
        a.target_key is not None and b.target_key is not None)
    if not anchored:
        return False
    if None in keys and abs(a.sentence - b.sentence) > ONE_SIDED_WINDOW:
        return False
    both_occurred = a.event.status == b.event.status == "occurred"
    if both_occurred and not _overlap(a.event.date, b.event.date):
        return False
    # One sentence states an event of a type between two sides once, whatever words it takes ("the strike
    # killed ...", "bombed and shelled"). Across sentences a restatement repeats the word ("attacked" ...
    # "the attack") or points back to the event ("the strike", "this decision"); another word with the
    # same sides is another event ("criticised" ... "mocked").
    return a.sentence == b.sentence or a.lemma == b.lemma or b.anaphoric


def merge(candidates: list[Candidate]) -> list[Event]:
    kept: list[Candidate] = []
    for cand in candidates:
        home = next((k for k in kept if same_event(k, cand)), None)
        if home is None:
            kept.append(cand)
            continue
        base, new = home.event, cand.event
        known = {(x.start, x.end) for x in base.mentions}
        base.mentions.extend(m for m in new.mentions if (m.start, m.end) not in known)
        if base.source is None and new.source is not None:
            base.source, home.source_key = new.source, cand.source_key
        if base.target is None and new.target is not None:
            base.target, home.target_key = new.target, cand.target_key
        base.date = base.date or new.date
        base.location = base.location or new.location
        base.attribution = base.attribution or new.attribution
        base.confidence = max(base.confidence, new.confidence)
    return [k.event for k in kept]
