"""The doer of a deed the text names in place of an actor: "the White House condemned *the bombing*" accuses
the bomber; "Kiir denied *those claims*" rejects the claimant.

Which event types take the doer of a named deed as their target is data (``conventions.tsv``, rows with
``when`` = ``deed``); this module finds the deed and its doer.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.document import Event, Mention
from eventwire.events.conditions import ConditionReader

# Prepositions that attach a deed to a reaction: "condemnation of", "anger at", "sanctions over", "punished
# for", "protest against".
DEED_PREPOSITIONS = {"of", "at", "over", "for", "against"}
# Inside the deed's phrase, where its doer stands: "the *Israeli* strike", "*Sudan's* bombing", "the attack
# *by Hamas*", "accusations *from Khartoum*" (not "the attack on the school": that is the victim).
DOER_DEPS = {"poss", "amod", "compound", "nmod"}
DOER_PREPOSITIONS = {"by", "from"}


def deeds(tok) -> list:
    """The nouns a reaction word is about: its object, or the object of a deed preposition."""
    found = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"}]
    found += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in DEED_PREPOSITIONS
              for p in c.children if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}]
    return found


def doer(tok, arguments: dict[int, list[Mention]], conditions: ConditionReader,
         earlier: Sequence[Event]) -> Mention | None:
    """Who did the deed ``tok`` reacts to: an actor inside the deed's phrase, else the source of the latest
    earlier event of the deed's type whose source the text states. None when ``tok`` names no deed."""
    for deed in deeds(tok):
        types = [e.event_type for e in conditions.entries(deed)[1]]
        if not types:
            continue
        for child in deed.children:
            heads = [child] if child.dep_ in DOER_DEPS else [
                p for p in child.children if p.dep_ == "pobj"] if child.dep_ in {"prep", "agent"} and \
                child.lower_ in DOER_PREPOSITIONS else []
            for head in heads:
                found = [m for m in arguments.get(head.i, []) if m.actor is not None and m.actor.country]
                if found:
                    return found[0]
        for event in reversed(earlier):
            source = event.source
            if event.event_type in types and source is not None and source.text and source.actor is not None \
                    and source.actor.country and event.mentions[0].trigger_start < deed.idx:
                return source
    return None
