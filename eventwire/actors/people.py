"""Resolving a person's name: the office holder a title names on the article's date ("Ukrainian President
Zelei" in 2023 is Zelensky), the same person named earlier, an alias in the knowledge base, a fact learned from
another article, a fuzzy match constrained by the context, or a garbled rendering of a name given before."""

from __future__ import annotations

from eventwire.actors.article import Article
from eventwire.actors.candidate import Candidate, assign, copy_actor, entry_actor, normalise, strip_possessive
from eventwire.actors.coreference import rendered_earlier, same_name_earlier
from eventwire.actors.matching import NameMatcher, best_name_match, names_compatible, title_fits
from eventwire.actors.memory import ActorMemory
from eventwire.document import Actor
from eventwire.geo import city_country
from eventwire.kb import KBEntry, KnowledgeBase


class PersonResolver:
    """Resolves PERSON candidates. A name that turns out to be a people or a place is relabelled (NORP, GPE)
    and left unresolved for the body resolver."""

    def __init__(self, kb: KnowledgeBase, matcher: NameMatcher, memory: ActorMemory) -> None:
        self.kb = kb
        self.matcher = matcher
        self.memory = memory

    def resolve(self, c: Candidate, earlier: list[Candidate], article: Article) -> None:
        day = article.day
        text = strip_possessive(c.mention.text)
        key = normalise(text)
        # A title with a country names an office: who held it that day?
        if c.country_hint and c.title and c.country_hint != "IGO":
            holders = self.kb.office_holders(c.country_hint, c.title, day)
            best = best_name_match(text, holders)
            if best is not None:
                e, score = best
                assign(c, entry_actor(e, day), "role", min(0.95, 0.6 + score / 300))
                return
        # The same person named earlier in the article (a surname after the full name).
        ante = same_name_earlier(key, earlier)
        if ante is not None:
            copy_actor(c, ante.mention.actor, "coref")
            return
        if self.kb.demonym(text) and not c.title:
            c.mention.label = "NORP"  # "Azerbaijani" tagged as a person
            return
        all_hits = self.kb.lookup(text)
        hits = [e for e in all_hits if e.kind == "person"]
        if not hits and not c.title and any(e.kind in ("state", "place") for e in all_hits):
            c.mention.label = "GPE"  # spaCy tagged a place as a person ("Kyiv"): resolve it as the place it is
            return
        if hits:
            e = pick(hits, c, day)
            assign(c, entry_actor(e, day), "kb" if normalise(e.name) == key else "alias")
            return
        fact = self.memory.recall(text)
        if fact is not None:
            country = c.country_hint or fact.get("country")
            assign(c, Actor(fact["name"], country, c.sector_hint or fact.get("sector"), None, "person"), "learned")
            return
        # Fuzzy / transliteration match in the knowledge base, constrained by the context.
        # Only with context: most people in the news are not in the knowledge base, and a bare name that is not
        # an alias is far more often a new person than a garbled known one.
        fuzzy_hits = self.matcher.fuzzy(text, ["person"], c.country_hint, 5, 80.0) \
            if (c.country_hint or c.title) else []
        for e, score in fuzzy_hits:
            if c.title and not title_fits(e, c.title, day):
                continue
            if not names_compatible(text, e):
                continue
            assign(c, entry_actor(e, day), "fuzzy", round(0.45 + score / 250, 3))
            return
        # A garbled rendering of someone the article named before ("Duoxi" for Dorsey).
        rendered = rendered_earlier(key, earlier)
        if rendered is not None:
            copy_actor(c, rendered.mention.actor, "translit")
            return
        if not c.title and " " not in key and self._place_context(c, article, listed_only=not city_country(key)):
            # A place spaCy took for a person: "... in Luhansk", "Donetsk, Luhansk, Kherson and Zaporizhzhia".
            c.mention.label = "GPE"
            article.place_tokens.update(t.i for t in c.tokens)
            iso = city_country(key)
            assign(c, Actor(text, iso, None, None, "place"), "pattern" if iso else "unresolved", 0.6 if iso else 0.2)
            return
        method = "role" if (c.country_hint or c.sector_hint) else "name"
        sector = c.sector_hint
        country = c.country_hint
        span = c.tokens
        follows = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
        if country is None and (c.title or follows in ("administration", "government", "cabinet")) and " " not in key:
            # "President Bush": not one listed person, but every listed Bush is American.
            country = self.kb.surname_country(key)
            method = "surname" if country else method
        assign(c, Actor(text, country, sector, None, "person"), method)

    @staticmethod
    def _place_context(c: Candidate, article: Article, listed_only: bool = False) -> bool:
        """Whether a name stands where places stand: after "in/near/from ..." (for known cities), or in a
        list with other places (for any name)."""
        span = c.tokens
        doc = span.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        if not listed_only and prev is not None and prev.lower_ in (
                "in", "near", "from", "to", "into", "across", "around", "outside"):
            return True

        # In a list with places: "Donetsk, Luhansk, Kherson and Zaporizhzhia".
        def placeish(tok) -> bool:
            return tok.ent_type_ in ("GPE", "LOC") or tok.i in article.place_tokens or (
                tok.is_title and city_country(tok.text) is not None)

        if span.start >= 2 and doc[span.start - 1].text in (",", "and") and placeish(doc[span.start - 2]):
            return True
        if span.end + 1 < len(doc) and doc[span.end].text in (",", "and") and placeish(doc[span.end + 1]):
            return True
        return False


def pick(hits: list[KBEntry], c: Candidate, day) -> KBEntry:
    """The entry among namesakes that fits the context best: its country, an office that day, the title."""
    def score(e: KBEntry) -> tuple:
        return (
            c.country_hint is not None and (e.country == c.country_hint or
                                            any(r.country == c.country_hint for r in e.roles)),
            e.role_on(day) is not None,
            c.title is not None and title_fits(e, c.title, day),
        )
    return max(hits, key=score)
