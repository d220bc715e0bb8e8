"""actors: every mention of a state, organisation or person resolved to a canonical actor.

What the stage does, in order (the parts live in :mod:`eventwire.actors`; their word lists in
``eventwire/data/vocab/``):

1. **Candidates** (:mod:`~eventwire.actors.candidates`): spaCy's entity mentions, role phrases ("Chinese
   officials"), names spaCy did not tag when they speak, pronouns.
2. **Resolution**, states, places, organisations and role phrases first (people's titles refer to them), then
   people, then anaphora, each in text order: exact names and aliases, demonyms, seats of power, fuzzy and
   transliteration-tolerant matching (:mod:`~eventwire.actors.kb_resolution`, :mod:`~eventwire.actors.people`);
   titles and roles in context (:mod:`~eventwire.actors.roles`: "Ukrainian President Zelei" in 2023 is
   Zelensky); references back within the article (:mod:`~eventwire.actors.coreference`); the country the
   article is about for bare titles and domestic roles (:mod:`~eventwire.actors.article`).
3. **Memory** (:mod:`~eventwire.actors.memory`): people identified from their role are listed on the document
   (:func:`learned_facts`), so a later article that names them bare still gets their country and sector.
4. **Argument phrases** (:mod:`~eventwire.actors.phrases`): every phrase that can name an actor, resolved once
   for the events stage (``doc.arguments``).

Country names (GPE "Russia") resolve to the state with sector null; "Russian government" or a seat of power
acting as a subject ("Beijing said") gives GOV. Person sectors follow the role held on the article's date
(``KBEntry.sector_on``), so "President Trump" is GOV in 2019 and 2025 but elite in 2022.
"""

from __future__ import annotations

import bisect
from typing import Any

from eventwire.actors.article import Article, focus_country, home_roles
from eventwire.actors.candidate import Candidate
from eventwire.actors.candidates import CandidateFinder
from eventwire.actors.coreference import Anaphora, relabel_surnames
from eventwire.actors.countries import CountryReader
from eventwire.actors.kb_resolution import KBResolver
from eventwire.actors.matching import NameMatcher
from eventwire.actors.memory import ActorMemory
from eventwire.actors.phrases import argument_mentions
from eventwire.actors.roles import TitleReader
from eventwire.document import Doc
from eventwire.geo import warm_up as warm_places
from eventwire.kb import KnowledgeBase
from eventwire.pipeline import stage


@stage("actors", requires=["doc.mentions"], assigns=["doc.mentions.actor", "doc.arguments"])
class ActorResolver:
    """Resolves mentions to actors; remembers people learned from their roles across documents."""

    def __init__(self, kb: KnowledgeBase | None = None, learned: list[dict] | None = None,
                 recall_session: bool = False) -> None:
        """``learned``: facts to preload (as :meth:`remember`). ``recall_session``: also apply facts learned from
        earlier articles of this run; off by default, so that a run's output does not depend on the order or
        the batching of its articles (facts still reach later runs through :meth:`remember`)."""
        self.kb = kb if kb is not None else KnowledgeBase.default()
        self.memory = ActorMemory(recall_session)
        self.countries = CountryReader(self.kb)
        self.matcher = NameMatcher(self.kb)
        self.find_candidates = CandidateFinder(self.kb, self.countries)
        self.titles = TitleReader(self.kb, self.countries)
        self.resolver = KBResolver(self.kb, self.matcher, self.memory, self.countries)
        self.anaphora = Anaphora(self.kb)
        if learned:
            self.remember(learned)
        if kb is None:
            # The shared knowledge base is loaded once per process: build its look-up tables when the pipeline
            # is built, so that per-article timings show the stage's steady cost.
            self.warm()

    def warm(self) -> None:
        """Build the look-up tables now rather than on the first article."""
        self.matcher.warm()
        warm_places()

    # -- memory -----------------------------------------------------------------------------------------------

    @property
    def recall_session(self) -> bool:
        """Whether facts learned from earlier articles of this run are applied (see :class:`ActorMemory`)."""
        return self.memory.recall_session

    @property
    def learned(self) -> dict[str, dict[str, Any]]:
        """Facts about people, by normalised name: preloaded, and learned from the articles seen so far."""
        return self.memory.learned

    def remember(self, entries: list[dict]) -> None:
        """Preload facts about people (``name, country, sector, role[, doc]``), e.g. from the store."""
        self.memory.remember(entries)

    def forget(self) -> None:
        """Drop every fact, preloaded or learned (a new run on another store starts clean)."""
        self.memory.forget()

    # -- main -------------------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        resolver = self.resolver
        sdoc = doc.spacy_doc
        if sdoc is None:  # no parse: resolve the spaCy-free way (names only)
            for m in doc.mentions:
                resolver.resolve_plain(m, doc.date)
            doc.learned_actors = []
            return doc
        article = Article(doc.date, dateline=self.countries.of_dateline(doc.text))
        cands = self.find_candidates(doc, sdoc)
        article.by_token = {t.i: o for o in cands for t in o.tokens}
        resolved: list[Candidate] = []
        # Pass 1: places, states, organisations, role phrases (people's titles refer to them).
        for c in cands:
            if c.mention.label not in ("PERSON", "PRON") and not c.anaphoric:
                resolver.resolve(c, resolved, article)
                resolved.append(c)
        resolved.sort(key=lambda c: c.start)
        article.focus = focus_country(resolved, article.dateline)
        home_roles(resolved, article.focus)
        # Pass 2: people, in text order (a surname refers back to the full name).
        done = {id(c) for c in resolved}
        for c in cands:
            if c.mention.label == "PERSON" and id(c) not in done:
                self.titles.read(c, sdoc, article)
                resolver.resolve(c, resolved, article)
                bisect.insort(resolved, c, key=_start)  # kept in text order (a sort per mention was quadratic)
        relabel_surnames(resolved)
        # Pass 3: anaphora ("the minister", "him").
        for c in cands:
            if c.mention.label == "PRON" or c.anaphoric:
                self.anaphora.resolve(c, resolved, article)
                bisect.insort(resolved, c, key=_start)
        kept = [c for c in resolved if not c.absorbed and c.mention.actor is not None]
        kept.sort(key=lambda c: c.start)
        doc.mentions = [c.mention for c in kept]
        for m in doc.mentions:
            m.sentence = doc.sentence_index(m.start)
        doc.learned_actors = self.memory.learn(doc.id, kept)
        doc.arguments = argument_mentions(doc)
        return doc


def learned_facts(doc: Doc) -> list[dict[str, Any]]:
    """Facts the actors stage learned from ``doc``: ``name, country, sector, role, doc`` per person."""
    return list(doc.learned_actors)


def _start(c: Candidate) -> int:
    return c.start
