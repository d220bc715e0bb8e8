"""Resolving a candidate against the knowledge base: exact names and aliases, demonyms, seats of power, office
holders, fuzzy and transliteration-tolerant matching, and, for what the knowledge base does not know, the country
and sector the words of a name or role phrase give ("Nanjing University" is CHN EDU).

States, places and organisations are resolved here; people by :class:`~eventwire.actors.people.PersonResolver`,
which this resolver calls for PERSON candidates.
"""

from __future__ import annotations

import re
from datetime import date

from eventwire.actors.article import Article
from eventwire.actors.candidate import (
    Candidate,
    assign,
    copy_actor,
    entry_actor,
    normalise,
    strip_det,
    strip_possessive,
)
from eventwire.actors.countries import CountryReader
from eventwire.actors.lexicon import (
    CONF,
    INSTITUTION_BODIES,
    INSTITUTION_CANON,
    INSTITUTION_WORDS,
    name_word_sector,
)
from eventwire.actors.matching import ORG_KINDS, NameMatcher, misspelling_of
from eventwire.actors.memory import ActorMemory
from eventwire.actors.people import PersonResolver, pick
from eventwire.document import Actor, Mention
from eventwire.geo import city_country
from eventwire.kb import KBEntry, KnowledgeBase

_BODY_LABELS = ("ORG", "GPE", "NORP", "FAC", "LOC")


class KBResolver:
    """Resolves one candidate at a time, given the candidates resolved before it."""

    def __init__(self, kb: KnowledgeBase, matcher: NameMatcher, memory: ActorMemory,
                 countries: CountryReader) -> None:
        self.kb = kb
        self.matcher = matcher
        self.memory = memory
        self.countries = countries
        self.people = PersonResolver(kb, matcher, memory)

    def resolve(self, c: Candidate, earlier: list[Candidate], article: Article) -> None:
        if c.mention.label in _BODY_LABELS and self.memory.active:
            text = strip_det(c.mention.text)
            if self.memory.recall(text) is not None and not self.kb.lookup(text):
                # A person learned from another article, mistagged by spaCy this time.
                c.mention.label = "PERSON"
        if c.mention.label == "PERSON":
            self.people.resolve(c, earlier, article)
        if c.mention.actor is None:  # a body, or a "person" found to be a people or a place
            self._resolve_body(c, earlier, article)
        if c.mention.actor is None:
            assign(c, Actor(strip_det(c.mention.text), c.country_hint, c.sector_hint, None, None),
                   "unresolved" if not (c.country_hint or c.sector_hint) else "pattern")

    def resolve_plain(self, m: Mention, day: date | None) -> None:
        """A mention without a parse: its name in the knowledge base, or unresolved."""
        hits = self.kb.lookup(m.text)
        if hits:
            m.actor, m.method, m.confidence = entry_actor(hits[0], day), "kb", CONF["kb"]
        else:
            m.actor, m.method, m.confidence = Actor(strip_det(m.text)), "unresolved", CONF["unresolved"]

    def _resolve_body(self, c: Candidate, earlier: list[Candidate], article: Article) -> None:
        label = c.mention.label
        if label == "NORP":
            self._norp(c, article.day)
        elif label == "ROLE":
            self._role(c, earlier, article)
        elif label in ("GPE", "LOC", "FAC"):
            self._place(c, earlier, article.day)
        elif label != "PERSON":
            self._org(c, earlier, article.day)

    def _norp(self, c: Candidate, day: date | None) -> None:
        text = strip_det(c.mention.text)
        iso = self.kb.demonym(text)
        words = text.split()
        if iso is None and len(words) == 2 and self.kb.demonym(words[1]):
            # "Bosnian Serbs", "Iraqi Kurds": a people named by where they live; that state is their country.
            iso = self.kb.demonym(words[0]) or self.kb.demonym(words[1])
        elif iso and c.country_hint and c.country_hint not in (iso, "IGO") and c.tokens[-1].tag_ in ("NNS", "NNPS"):
            iso = c.country_hint  # the same, with the place adjective split off as a title
        if iso:
            st = self.kb.state(iso)
            plural = c.tokens[-1].tag_ in ("NNS", "NNPS") or (text.endswith("s") and not text.endswith("ss"))
            # "Ukrainians" are people of the country; "Ukrainian" alone stands for the state.
            sector = "CVL" if plural and c.tokens[-1].pos_ in ("NOUN", "PROPN") else None
            name = st.name if st else text
            assign(c, Actor(name, iso, sector, st.id if st else None, "state" if sector is None else "group"),
                   "demonym")
            return
        hits = self.kb.lookup(text)
        if hits:
            assign(c, entry_actor(hits[0], day), "kb")

    def _role(self, c: Candidate, earlier: list[Candidate], article: Article) -> None:
        day = article.day
        text = strip_det(c.mention.text)
        # "the president of Armenia": the bare role word is no name to look up; the office may be.
        hits = [] if c.extra.get("named_of") else [e for e in self.kb.lookup(text) if e.kind != "place"]
        if c.extra.get("named_of") and c.title and c.country_hint:
            holders = self.kb.office_holders(c.country_hint, c.title, day)
            if day is not None and len(holders) == 1:
                assign(c, entry_actor(holders[0], day), "role", 0.7)
                return
        if hits:
            e = pick(hits, c, day)
            sector = c.sector_hint if (e.kind == "state" and c.sector_hint) else None
            assign(c, entry_actor(e, day, sector), "alias")
            return
        if c.org_hint is not None and c.org_hint.mention.actor is None:
            # The body inside the phrase ("*European Community* foreign ministers") may come later in the list.
            self.resolve(c.org_hint, earlier, article)
        if c.org_hint is not None and c.org_hint.mention.actor is not None and c.country_hint is None:
            c.country_hint = c.org_hint.mention.actor.country
            org = c.org_hint.mention.actor
            if org.sector and org.kind not in ("state", None):
                c.sector_hint = org.sector  # "Red Cross officials" work for the Red Cross, not a government
        if c.country_hint and c.sector_hint:
            # The state's body with that role, when the knowledge base lists it ("Chinese officials" -> the
            # Chinese government): a canonical actor; else the phrase itself with country and sector.
            st = self.kb.state(c.country_hint) if c.country_hint != "IGO" else None
            name = text
            if st is not None and c.extra.get("plural") and c.extra.get("head") in ("official", "authority"):
                name = f"{st.name} (government)"
            assign(c, Actor(name, c.country_hint, c.sector_hint, None, "group"), "role")
            return
        assign(c, Actor(text, c.country_hint, c.sector_hint, None, "group"), "role",
               0.5 if (c.country_hint or c.sector_hint) else CONF["unresolved"])

    def _place(self, c: Candidate, earlier: list[Candidate], day: date | None) -> None:
        text = strip_possessive(c.mention.text)
        hits = self.kb.lookup(text)
        if hits:
            e = pick(sorted(hits, key=lambda e: e.kind != "state"), c, day)
            sector = None
            if e.kind in ("state", "place") and self._acts_as_government(c, e):
                sector = "GOV"
            if e.kind == "state" and c.tokens.root.dep_ == "poss" and c.tokens.root.head.lemma_.lower() in (
                    "government", "leader", "authority", "ministry", "official"):
                sector = "GOV"
            actor = entry_actor(e, day)
            if sector:
                actor.sector = sector
            assign(c, actor, "kb")
            return
        iso = self.kb.seat_of_power(text)
        if iso:
            st = self.kb.state(iso)
            acts = _acts(c)
            assign(c, Actor(text, iso, "GOV" if acts else None, st.id if st and acts else None, "place"), "kb")
            return
        iso = city_country(text)
        if iso:
            assign(c, Actor(text, iso, None, None, "place"), "pattern", 0.7)
            return
        if c.mention.label == "GPE" and self.matcher.may_name_a_state(text):
            for e, score in self.matcher.fuzzy(text, ["state"], None, 1, 90.0):
                if misspelling_of(text, e):
                    assign(c, entry_actor(e, day), "fuzzy", round(0.4 + score / 250, 3))
                    return
        self._org(c, earlier, day, fuzzy=False)  # "Europe" is not the European Parliament

    def _acts_as_government(self, c: Candidate, e: KBEntry) -> bool:
        """A capital standing for its government ("Beijing said"); countries keep a null sector."""
        if e.kind != "place" or not _acts(c):
            return False
        return self.kb.seat_of_power(e.name) is not None

    def _org(self, c: Candidate, earlier: list[Candidate], day: date | None, fuzzy: bool = True) -> None:
        text = strip_possessive(c.mention.text)
        hits = self.kb.lookup(text)
        if not hits and " " not in text and self.kb.demonym(text):
            c.mention.label = "NORP"  # a people tagged as a body or a place ("Azerbaijanis")
            self._norp(c, day)
            return
        words = text.split()
        nat, words_rest = self._leading_country(words)
        nat = nat or c.country_hint
        rest = " ".join(words_rest)
        ikey = institution_key(words_rest)
        if ikey is not None:
            c.extra["ikey"] = ikey
        if not hits and nat and rest:
            hits = [e for e in self.kb.lookup(rest) if e.country in (nat, "IGO") or e.country is None]
            if not hits:
                # A generic body with the nationality in front: "Chinese Foreign Ministry".
                st = self.kb.state(nat)
                if st is not None:
                    hits = self.kb.lookup(f"{st.name} {rest}") or self.kb.lookup(f"{rest} of {st.name}")
        if hits:
            e = pick(hits, c, day)
            assign(c, entry_actor(e, day), "kb" if normalise(e.name) == normalise(text) else "alias")
            return
        if len(words) >= 2 and words[-1].lower() in ("administration", "government", "cabinet"):
            # "the Bush administration", "the Netanyahu government": the leader's state, its government.
            leader = " ".join(words[:-1])
            people = [e for e in self.kb.lookup(leader) if e.kind == "person"]
            home = (people[0].country or people[0].country_on(day)) if people else (
                self.kb.surname_country(leader) if len(words) == 2 else None)
            if home and home != "IGO":
                assign(c, Actor(text, home, "GOV", None, "org"), "pattern", 0.8)
                return
        seat = self.kb.seat_of_power(text)
        if seat:
            # "the Kremlin", "the White House": the government seated there.
            assign(c, Actor(text, seat, "GOV", None, "org"), "kb", 0.85)
            return
        country = nat
        if ikey is not None and country is None:
            # "Foreign Ministry" after "Chinese Ministry of Foreign Affairs": the same body.
            for o in reversed(earlier):
                if o.extra.get("ikey") == ikey and o.mention.actor is not None and o.mention.actor.country:
                    copy_actor(c, o.mention.actor, "coref")
                    return
        # Fuzzy match on the name (transliterated or translated names of media and bodies).
        cutoff = 82.0 if country else 88.0
        fuzzy_hits = self.matcher.fuzzy(rest or text, list(ORG_KINDS), country, 3, cutoff) \
            if fuzzy and self.matcher.worth_fuzzy(rest or text, country) else []
        for e, score in fuzzy_hits:
            if country is None and e.country not in (None, "IGO") and score < 90:
                continue
            assign(c, entry_actor(e, day), "fuzzy", round(0.4 + score / 250, 3))
            return
        # Nothing known: country from the place names inside, sector from the kind of body.
        if country is None:
            country = self.countries.inside(c.tokens)
        sector = name_sector(words_rest or words)
        if sector is None and re.search(r"\bnews agency\b", text, re.I):
            sector = "MED"
        if country or sector:
            assign(c, Actor(text, country, sector, None, "org"), "pattern")

    def _leading_country(self, words: list[str]) -> tuple[str | None, list[str]]:
        """A leading nationality or state name ("Chinese Ministry of Foreign Affairs", "The Russian Tas
        Society"): its ISO3 and the words after it."""
        if len(words) > 1:
            nat = self.kb.demonym(words[0])
            if nat:
                return nat, words[1:]
            for n in (2, 1):
                if len(words) > n:
                    states = [e for e in self.kb.lookup(" ".join(words[:n])) if e.kind == "state"]
                    if states:
                        return states[0].country, words[n:]
        return None, words


def institution_key(words: list[str]) -> str | None:
    """A canonical key for a government body named by kind ("Ministry of Foreign Affairs" = "Foreign Ministry").

    None when any word is not an institution word (the name is specific, not generic).
    """
    keys = []
    for w in words:
        w = w.lower()
        if w not in INSTITUTION_WORDS:
            return None
        w = INSTITUTION_CANON.get(w, w)
        if w:
            keys.append(w)
    if not keys or not (INSTITUTION_BODIES & set(keys)):
        return None
    return " ".join(sorted(keys))


def name_sector(words: list[str]) -> str | None:
    """The sector the words of an organisation's name give: its head noun's (the last word before "of" or
    "for": "Wayne State University" EDU, "Ministry of Justice" GOV), else the first word that names one
    ("Xinhua News Agency" MED)."""
    lower = [w.lower().strip(".,") for w in words]
    cut = next((i for i, w in enumerate(lower) if w in ("of", "for")), len(lower))
    if cut and name_word_sector(lower[cut - 1]):
        return name_word_sector(lower[cut - 1])
    sector = None
    for lw in lower:
        if name_word_sector(lw):
            sector = name_word_sector(lw)
            if lw == "news":
                continue  # "news" says less than the word after it ("News Corp")
            break
    return sector


def _acts(c: Candidate) -> bool:
    """Whether a name is the subject of a verb (a capital acting: "Beijing said")."""
    root = c.tokens.root
    return root.dep_ in ("nsubj", "nsubjpass", "agent") and root.head.pos_ == "VERB"
