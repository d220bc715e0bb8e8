"""Which country a piece of text names: a demonym, a state, a seat of power, a city, a wire dateline."""

from __future__ import annotations

import re

from eventwire.actors.candidate import Candidate, strip_det
from eventwire.actors.lexicon import SECTOR_WORDS
from eventwire.geo import city_country
from eventwire.kb import KnowledgeBase

_DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?:,[^\n—–(]{0,30})?\s*(?:\([^)\n]*\)\s*)?[—–-]", re.M)


class CountryReader:
    """Reads countries off names with the knowledge base and the city index."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def of_text(self, text: str) -> str | None:
        """ISO3 named by a demonym, a state's name, a seat of power or a city."""
        text = strip_det(text)
        iso = self.kb.demonym(text)
        if iso:
            return iso
        for e in self.kb.lookup(text):
            if e.kind in ("state", "place") and e.country:
                return e.country
        iso = self.kb.seat_of_power(text)
        if iso:
            return iso
        return city_country(text)

    def of_dateline(self, text: str) -> str | None:
        """The country of a wire-style dateline ("PRAGUE —", "HONG KONG, Jan 6 (Reuters) -") near the top."""
        m = _DATELINE_RE.search(text[:600])
        if not m:
            return None
        return self.of_text(m.group(1).title())

    def after_of(self, tok, by_token: dict[int, Candidate]) -> str | None:
        """The country of a place in an "of" phrase after a role noun ("the president *of Armenia*")."""
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                c = by_token.get(pobj.i)
                if pobj.dep_ == "pobj" and c is not None and c.mention.label in ("GPE", "NORP", "LOC", "ORG"):
                    return self.of_text(strip_det(c.mention.text))
        return None

    def inside(self, span) -> str | None:
        """The country of the first place named inside an organisation's name ("Nanjing University")."""
        toks = [t for t in span if t.is_alpha]
        for n in (3, 2, 1):
            for i in range(len(toks) - n + 1):
                piece = toks[i:i + n]
                if not all(t.is_title or t.is_upper for t in piece):
                    continue
                text = " ".join(t.text for t in piece)
                iso = self.kb.demonym(text) if n == 1 else None
                if iso:
                    return iso
                for e in self.kb.lookup(text):
                    if e.kind in ("state", "place") and e.country:
                        return e.country
                iso = city_country(text)
                if iso and n >= 1 and piece[0].lower_ not in SECTOR_WORDS:
                    return iso
        return None
