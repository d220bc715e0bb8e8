"""Finding the mentions to resolve: spaCy's entities, plus what spaCy misses.

* role phrases: "Chinese officials", "the Russian army", "a Hong Kong court", "Iranian protesters";
* proper names it did not tag when they speak ("Duoxi believes ...", "according to X");
* pronouns (he/him/his/she/her), kept only when they find an antecedent later.

A title in front of a name ("Ukrainian Foreign Minister Culba") is not a mention of its own: the mention is the
name and the title informs its actor. Mentions never overlap.
"""

from __future__ import annotations

from typing import Any

from eventwire.actors.candidate import Candidate, Taken, drop_overlaps, strip_det
from eventwire.actors.countries import CountryReader
from eventwire.actors.lexicon import (
    FEMALE_WORDS,
    HONORIFICS,
    MALE_WORDS,
    MONTHS_DAYS,
    PRONOUNS,
    ROLE_HEADS,
    ROLE_SECTORS,
    SPEECH_VERBS,
    TITLE_WORDS,
    VAGUE_BARE_ROLES,
)
from eventwire.actors.roles import role_sector
from eventwire.document import Doc, Mention
from eventwire.kb import KnowledgeBase

_PLACE_LABELS = ("NORP", "GPE", "ORG", "LOC")


class CandidateFinder:
    """The candidates of one parsed document, in text order, without overlaps."""

    def __init__(self, kb: KnowledgeBase, countries: CountryReader) -> None:
        self.kb = kb
        self.countries = countries

    def __call__(self, doc: Doc, sdoc) -> list[Candidate]:
        cands: list[Candidate] = []
        for m in doc.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            m.actor, m.confidence, m.method = None, 0.0, ""
            if "\n" in m.text:
                # An entity never runs across a line break (a caption or heading follows).
                first = m.text.split("\n", 1)[0].rstrip()
                if not first.strip():
                    continue
                span = sdoc.char_span(m.start, m.start + len(first), alignment_mode="contract")
                if span is None or len(span) == 0:
                    continue
                m.end, m.text = span.end_char, span.text
            cands.append(Candidate(m, span))
        self._split_titles(cands)
        self._merge_nationality(cands, sdoc)
        taken = Taken(len(doc.text))
        for c in cands:
            taken.add(c.start, c.end)
        cands.extend(self._role_phrases(sdoc, cands, taken))
        cands.extend(self._missed_names(sdoc, taken))
        cands.extend(self._pronouns(sdoc, taken))
        cands = drop_overlaps(cands)
        cands.sort(key=lambda c: c.start)
        for c in cands:
            c.mention.sentence = doc.sentence_index(c.start)
        return cands

    def _split_titles(self, cands: list[Candidate]) -> None:
        """A PERSON span that starts with a title ("Foreign Minister Culba") keeps the name only."""
        for c in cands:
            if c.mention.label != "PERSON":
                continue
            span = c.tokens
            i = 0
            while i < len(span) - 1 and (span[i].lower_ in TITLE_WORDS or span[i].lower_.rstrip(".") in HONORIFICS
                                         or self.kb.demonym(span[i].text)
                                         or (span[i].is_lower and span[i].is_alpha and len(span[i]) > 3)):
                i += 1  # names are capitalised: a lower-case lead ("magician David Gish") is a description
            if i:
                rest = span[i:]
                c.extra["title_tokens"] = span[:i]
                c.tokens = rest
                c.mention.start, c.mention.end, c.mention.text = rest.start_char, rest.end_char, rest.text

    def _merge_nationality(self, cands: list[Candidate], sdoc) -> None:
        """ "Chinese" + "Foreign Ministry" (or "China 's" + "Foreign Ministry") name one body."""
        by_end = {c.tokens.end: c for c in cands}
        for c in cands:
            if c.mention.label != "ORG" or c.absorbed:
                continue
            start = c.tokens.start
            o = by_end.get(start)
            if o is None and start >= 2 and sdoc[start - 1].lower_ in ("'s", "’s"):
                o = by_end.get(start - 1)
            if o is None or o.absorbed or o.mention.label not in ("NORP", "GPE"):
                continue
            if not self.countries.of_text(strip_det(o.mention.text)):
                continue
            span = sdoc[o.tokens.start:c.tokens.end]
            o.absorbed = True
            c.tokens = span
            c.mention.start, c.mention.end, c.mention.text = span.start_char, span.end_char, span.text

    def _role_phrases(self, sdoc, cands: list[Candidate], taken: Taken) -> list[Candidate]:
        """Role nouns spaCy does not tag: "Chinese officials", "the Russian army", "a Hong Kong court"."""
        by_token: dict[int, Candidate] = {}
        for c in cands:
            for t in c.tokens:
                by_token[t.i] = c
        out: list[Candidate] = []
        for tok in sdoc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in by_token:
                continue
            if tok.lemma_.lower() not in ROLE_HEADS and tok.lower_ not in ROLE_HEADS:
                continue
            if not _heads_its_phrase(tok, by_token):
                continue
            cand = self._role_phrase(tok, sdoc, by_token, taken)
            if cand is not None:
                taken.add(cand.start, cand.end)
                out.append(cand)
        return out

    def _role_phrase(self, tok, sdoc, by_token: dict[int, Candidate], taken: Taken) -> Candidate | None:
        lemma = tok.lemma_.lower()
        first, mods = _modifiers(tok, sdoc, by_token)
        det = sdoc[first - 1] if first > 0 else None
        if tok.dep_ == "appos" and tok.head.i in by_token and by_token[tok.head.i].mention.label == "PERSON":
            return None  # "James Dorsey, a senior researcher at ...": the person carries the role
        if det is not None and det.lower_ in ("a", "an") and not mods and tok.tag_ not in ("NNS", "NNPS"):
            return None  # an indefinite singular without a country describes, it does not refer
        # Trim leading hyphens and possessives that lost their owner.
        while first < tok.i and (sdoc[first].text in ("-",) or sdoc[first].lower_ in ("'s", "’s")):
            first += 1
        span = sdoc[first:tok.i + 1]
        if taken.overlaps(span.start_char, span.end_char, ignore=[(c.start, c.end) for c in mods]):
            return None
        words = [t for t in span if not any(t.i in range(c.tokens.start, c.tokens.end) for c in mods)]
        country = None
        for c in mods:
            if c.mention.label in ("NORP", "GPE", "LOC"):
                country = country or self.countries.of_text(strip_det(c.mention.text))
        for t in words:
            if country is None:
                country = self.kb.demonym(t.text) if t.is_title or t.is_upper else None
        # "the president of Armenia": a country named after the role noun says whose role it is, and
        # the phrase then refers on its own (it must not be resolved back to an earlier president).
        named_of = None if country is not None else self.countries.after_of(tok, by_token)
        country = country or named_of
        sector = role_sector([t.lemma_.lower() for t in words], [t.lower_ for t in words])
        org_mods = [c for c in mods if c.mention.label == "ORG"]
        # A capitalised modifier we could not place ("Emirati" missing from the lexicon) names some
        # country: never fill it in from the dateline.
        unknown_nat = country is None and (bool(mods) or any(
            t.is_title and t.lower_ not in TITLE_WORDS and t.i != tok.i and t.i != span.start for t in words)
            or (words and words[0].is_title and words[0].lower_ not in TITLE_WORDS and words[0].i != tok.i))
        is_det = det is not None and det.lower_ in ("the", "this", "that")
        bare = not mods and all(t.i == tok.i or t.lower_ in ("top", "senior", "former", "local", "new")
                                for t in span)
        if bare and not is_det and named_of is None:
            # Bare plural groups carry a sector ("protesters", "police"); bare singulars are too vague.
            if tok.tag_ not in ("NNS", "NNPS") and lemma not in ("police", "military", "army", "government",
                                                                 "opposition", "media"):
                return None
            if lemma in VAGUE_BARE_ROLES:
                return None
        if sector is None and country is None and not org_mods:
            return None  # "groups", "the group": nothing to say about who
        mention = Mention(span.start_char, span.end_char, span.text, "ROLE")
        cand = Candidate(mention, span, country_hint=country, sector_hint=sector,
                         title=" ".join(t.lower_ for t in words), anaphoric=bare and is_det and named_of is None)
        cand.extra["head"] = lemma
        cand.extra["plural"] = tok.tag_ in ("NNS", "NNPS")
        cand.extra["mods"] = mods
        cand.extra["unknown_nationality"] = unknown_nat
        cand.extra["named_of"] = named_of
        if org_mods:
            cand.org_hint = org_mods[-1]
        for c in mods:
            c.absorbed = True
        low = tok.lower_
        cand.gender = "f" if low in FEMALE_WORDS else ("m" if low in MALE_WORDS else None)
        return cand

    def _missed_names(self, sdoc, taken: Taken) -> list[Candidate]:
        """Capitalised names spaCy missed that speak or are quoted as sources ("Duoxi believes ...")."""
        out = []
        for tok in sdoc:
            if not tok.is_title or not tok.is_alpha or tok.lower_ in MONTHS_DAYS:
                continue
            # A proper noun, or a sentence-initial word the tagger could not place ("Duoxi" came out RB);
            # common nouns ("Analysts said") and function words never qualify.
            if tok.pos_ != "PROPN" and not (tok.is_sent_start and not tok.is_stop
                                            and tok.tag_ not in ("NN", "NNS", "PRP", "DT", "WP", "EX", "CD")):
                continue
            if taken.overlaps(tok.idx, tok.idx + len(tok.text)):
                continue
            head = tok.head
            speaking = tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in SPEECH_VERBS
            according = (tok.dep_ == "pobj" and head.lower_ == "to" and head.i > 0
                         and sdoc[head.i - 1].lower_ == "according")
            if not (speaking or according):
                continue
            if self.kb.demonym(tok.text) or tok.lower_ in TITLE_WORDS or tok.lower_ in ROLE_SECTORS:
                continue
            # Take the whole run of proper nouns ("Tom Smith").
            start = tok.i
            while start > 0 and sdoc[start - 1].pos_ == "PROPN" and sdoc[start - 1].is_title \
                    and not taken.overlaps(sdoc[start - 1].idx, sdoc[start - 1].idx + 1):
                start -= 1
            span = sdoc[start:tok.i + 1]
            taken.add(span.start_char, span.end_char)
            out.append(Candidate(Mention(span.start_char, span.end_char, span.text, "PERSON"), span))
        return out

    @staticmethod
    def _pronouns(sdoc, taken: Taken) -> list[Candidate]:
        out = []
        for tok in sdoc:
            g = PRONOUNS.get(tok.lower_)
            if g is None or tok.pos_ not in ("PRON", "DET"):
                continue
            if taken.overlaps(tok.idx, tok.idx + len(tok.text)):
                continue
            out.append(Candidate(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PRON"),
                                 sdoc[tok.i:tok.i + 1], gender=g))
        return out


def _heads_its_phrase(tok, by_token: dict[int, Candidate]) -> bool:
    """Whether a role noun is the head of its noun phrase, not a modifier or a title before a name."""
    sdoc = tok.doc
    nxt = tok.nbor(1) if tok.i + 1 < len(sdoc) else None
    if nxt is None:
        return True
    if nxt.pos_ in ("NOUN", "PROPN") and nxt.i not in by_token and nxt.is_alpha:
        return False  # not the head of its noun phrase ("police officers": take "officers")
    if nxt.i in by_token and by_token[nxt.i].mention.label == "PERSON":
        return False  # a title in front of a name: the person carries it
    if tok.pos_ == "PROPN" and tok.is_title and nxt.is_title and nxt.pos_ == "PROPN":
        return False
    return True


def _modifiers(tok, sdoc, by_token: dict[int, Candidate]) -> tuple[int, list[Candidate]]:
    """Walk left over the modifiers of a role noun: (first token of the phrase, the mentions among them)."""
    first = tok.i
    mods: list[Any] = []
    j = tok.i - 1
    while j >= 0 and tok.i - j <= 6:
        t = sdoc[j]
        if t.is_sent_end and j != tok.i - 1:
            break
        c = by_token.get(j)
        if c is not None and c.mention.label in _PLACE_LABELS:
            stance = c.tokens.start >= 2 and sdoc[c.tokens.start - 1].text in ("-", "–") and \
                sdoc[c.tokens.start - 2].lower_ in ("anti", "pro")
            if not stance:  # "an anti-Syria journalist" is not Syrian
                mods.append(c)
            j = c.tokens.start - 1
            first = c.tokens.start
            continue
        if t.lower_ in ("'s", "’s") and j - 1 >= 0 and by_token.get(j - 1) is not None:
            first = j
            j -= 1
            continue
        if t.pos_ in ("ADJ", "NOUN", "PROPN") and t.dep_ in ("amod", "compound", "nmod", "npadvmod") \
                and t.lower_ not in MONTHS_DAYS and t.is_alpha:
            first = j
            j -= 1
            continue
        if t.text == "-" and j - 1 >= 0:
            first = j
            j -= 1
            continue
        break
    return first, mods
