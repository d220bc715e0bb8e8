"""Which actor each phrase of the parse stands for: the actor layer's phrase resolution.

The actors stage resolves named mentions (``doc.mentions[i].actor``). Event
arguments are often wider or narrower than a mention: "Chinese officials",
"Foreign Minister Qin Gang", "protesters", "him". :class:`PhraseResolver` maps
a phrase's head token to Mentions with actors, and :func:`argument_mentions`
does so for every head of a document, once, inside the actors stage: the
events stage only chooses among them.

1. a mention covering the head whose actor has a country or sector;
2. otherwise an actor composed from the phrase: a country from the
   adjectives, compounds, possessors and "of" phrases inside it (which are
   mentions themselves), a sector from its role noun ("minister", "police");
3. pronouns: the speaker of the surrounding reported speech, else the nearest
   earlier mention of a fitting kind;
4. a role noun with no country anywhere ("the police", "protesters") takes the
   article's dominant country.

Mentions the actors stage left unresolved are looked up by name in the
knowledge base (states, their demonyms, international bodies and courts).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from eventwire.actors.lexicon import ROLE_SECTORS
from eventwire.actors.roles import phrase_sector
from eventwire.document import Actor, Doc, Mention
from eventwire.kb import KnowledgeBase
from eventwire.vocab import mapping, words

# Places and units named after who runs them: "a military base", "a police station".
FACILITIES = words("facilities")
# Pronouns that may stand for an actor, by what they refer to (person, thing, plural, relative).
_PRONOUN_KINDS = mapping("pronouns")
PRONOUNS = frozenset(_PRONOUN_KINDS)
PERSON_PRONOUNS = frozenset(w for w, kind in _PRONOUN_KINDS.items() if kind == "person")
THING_PRONOUNS = frozenset(w for w, kind in _PRONOUN_KINDS.items() if kind == "thing")
PLURAL_PRONOUNS = frozenset(w for w, kind in _PRONOUN_KINDS.items() if kind == "plural")
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod"}
TIME_LABELS = {"DATE", "TIME"}
# Words that head an argument phrase but never name an actor.
NON_ACTORS = words("non_actor_heads")
# Weapons stand for the armed forces of the state named with them ("Israeli bombs"); alone, for no one.
WEAPONS = words("weapon_nouns")


_NAMED_KINDS = {"state", "igo", "court"}


@functools.lru_cache(maxsize=16384)
def named_actor(text: str) -> Actor | None:
    """The state, international body or court ``text`` names ("Russian", "the United States", "ICC"), by the
    knowledge base's names, aliases and demonyms."""
    kb = KnowledgeBase.default()
    key = text.strip().replace("’", "'")
    key = re.sub(r"^(?:the|a)\s+", "", key, flags=re.IGNORECASE)
    key = re.sub(r"'s?$", "", key)
    for entry in kb.lookup(key):
        if entry.kind in _NAMED_KINDS:
            return Actor(entry.name, entry.country, entry.sector, entry.id, entry.kind)
    iso3 = kb.demonym(key)
    if iso3 is None and " " in key:
        # "Russia President Putin", "The Russian Tas Society": the first word may name the country.
        first = key.split()[0]
        iso3 = kb.demonym(first) or next((e.country for e in kb.lookup(first) if e.kind == "state"), None)
    state = kb.state(iso3) if iso3 else None
    return Actor(state.name, state.country, None, state.id, "state") if state is not None else None


def stance_modifier(token) -> bool:
    """Whether ``token`` follows "anti-" or "pro-" ("anti-Syria", "pro-Iranian"): it names a side taken."""
    doc = token.doc
    low = token.lower_
    if low.startswith(("anti-", "pro-")):
        return True
    return token.i >= 2 and doc[token.i - 1].text in {"-", "–"} and doc[token.i - 2].lower_ in {"anti", "pro"}


def _role_sector(token) -> str | None:
    """The sector one word names on its own ("Minister" GOV)."""
    for word in (token.lemma_.lower(), token.lower_):
        if word in ROLE_SECTORS:
            return ROLE_SECTORS[word]
    return None


class PhraseResolver:
    """Resolves argument tokens of one document to Mentions with actors."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sdoc = doc.spacy_doc
        self.by_token: dict[int, Mention] = {}
        self.ordered: list[tuple[int, Mention]] = []  # (head token index, mention), in text order
        for mention in doc.mentions:
            span = self.sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for tok in span:
                # A longer mention ("Chinese officials") beats a shorter one inside it ("Chinese").
                old = self.by_token.get(tok.i)
                if old is None or (old.end - old.start) < (mention.end - mention.start):
                    self.by_token[tok.i] = mention
            self.ordered.append((span.root.i, mention))
        self.ordered.sort(key=lambda item: item[0])
        self.default_country: str | None = None
        self.default_country = self._dominant_country()
        self.pronouns = _ArgumentPronouns(self)

    # ------------------------------------------------------------------ helpers
    def actor_of(self, mention: Mention | None) -> Actor | None:
        if mention is None:
            return None
        if mention.actor is not None and mention.actor.country:
            return mention.actor
        if mention.actor is not None and mention.actor.kind == "person" and not mention.actor.sector:
            return self._local(mention.actor)  # a person the knowledge base does not know: local to the story
        if mention.actor is not None and mention.actor.sector:
            # A known body without a country ("International Criminal Court"): the built-in IGO list may know it.
            builtin = named_actor(mention.text) or named_actor(mention.actor.name)
            if builtin is not None and builtin.country:
                a = mention.actor
                return Actor(a.name, builtin.country, a.sector or builtin.sector, a.kb_id, a.kind)
            return self._local(mention.actor)
        if mention.label in TIME_LABELS:
            return None
        builtin = named_actor(mention.text)
        if builtin is None and mention.label in {"PERSON", "ORG"} and self.default_country:
            # Unknown to the knowledge base: most likely local to the article's story.
            kind = "person" if mention.label == "PERSON" else "org"
            return Actor(mention.text, self.default_country, None, None, kind)
        return builtin

    def _local(self, actor: Actor) -> Actor:
        """An actor with a sector but no country ("police", "the mayor") is taken to be local to the article."""
        if actor.country or not self.default_country or actor.kind in {"igo", "media"}:
            return actor
        return Actor(actor.name, self.default_country, actor.sector, actor.kb_id, actor.kind)

    def _dominant_country(self) -> str | None:
        counts: Counter[str] = Counter()
        for mention in self.doc.mentions:
            actor = self.actor_of(mention)
            if actor is not None and actor.country and actor.country != "IGO":
                counts[actor.country] += 1
        if not counts:
            return None
        country, n = counts.most_common(1)[0]
        total = sum(counts.values())
        if n == total and len(self.doc.sentences) <= 2:
            return country  # a one- or two-sentence report naming a single country
        return country if n >= 2 and n / total >= 0.35 else None

    def is_time(self, token) -> bool:
        return token.ent_type_ in TIME_LABELS

    def resolve(self, token, exclude: set[str] | None = None) -> list[Mention]:
        """Mentions with actors for an argument head and its coordinated heads ("China and Russia")."""
        found: list[Mention] = []
        for head in [token, *[c for c in token.conjuncts if c.i > token.i]]:
            for mention in self._resolve_one(head, exclude or set()):
                if all(self.key(mention) != self.key(m) for m in found):
                    found.append(mention)
        return found

    def resolve_head(self, token) -> list[Mention]:
        """Mentions with actors for one head token (its conjuncts are heads of their own)."""
        return self._resolve_one(token, set())

    def key(self, mention: Mention) -> str:
        actor = mention.actor
        if actor is not None:
            return f"{actor.country}|{actor.name}".lower()
        return mention.text.lower()

    def _resolve_one(self, token, exclude: set[str]) -> list[Mention]:
        if self.is_time(token):
            return []
        # "Russia President Putin" parsed as Putin in apposition to Russia: the person is the actor.
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                person = self.actor_of(self.by_token.get(child.i))
                if person is not None and person.country:
                    return self._resolve_one(child, exclude)
        if token.lower_ in PRONOUNS and token.pos_ in {"PRON", "DET"}:
            mention = self.pronouns.resolve(token, exclude)
            return [mention] if mention is not None else []
        mention = self.by_token.get(token.i)
        actor = self.actor_of(mention)
        sector = phrase_sector(token) or self._compound_sector(token)
        if any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in token.children):
            # "ethnic Albanians in Serbia": an ethnic group is not its kin state; locate it where it lives.
            role = Actor(f"ethnic {token.text}", self.default_country, "CVL", None, "group")
            return [self._phrase_mention(token, role, "role+default-country")]
        if mention is not None and mention.label == "NORP" and token.tag_ in {"NNS", "NNPS"} and actor is not None:
            # "the Albanians of southern Serbia", "Kurds in Iraq": a people located in another state lives there.
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in {"of", "in"}:
                    for pobj in prep.children:
                        home = self.actor_of(self.by_token.get(pobj.i)) if pobj.dep_ == "pobj" else None
                        if home is not None and home.kind in {"state", "place"} and home.country \
                                and home.country not in {actor.country, "IGO"}:
                            role = Actor(f"{token.text} of {home.name}", home.country, "CVL", None, "group")
                            return [self._phrase_mention(token, role, "people+residence")]
        raw = mention.actor if mention is not None else None
        if raw is not None and not raw.country and actor is not None:
            # A role without a country of its own ("the general manager of Abu Dhabi Media"):
            # the phrase may name it; only then fall back to the article's country.
            named = self._modifier_actors(token)
            if named:
                org = named[0]
                sector_here = org.sector if org.kind not in {"state", None} and org.sector else (raw.sector or sector)
                return [self._phrase_mention(token, Actor(raw.name, org.country, sector_here, raw.kb_id, raw.kind),
                                             "role+modifier")]
        if actor is not None and actor.country and mention is not None and "coref" in mention.method:
            # Coreference guessed; the phrase itself may say otherwise ("the president *of Armenia*").
            named = self._modifier_actors(token)
            if named and all(n.country != actor.country for n in named):
                return [self._phrase_mention(token, Actor(f"{named[0].name} {token.lemma_.lower()}",
                                                          named[0].country, sector or actor.sector, None, "group"),
                                             "modifier-over-coref")]
        if actor is not None and actor.country:
            shared = self._modifier_actors(token)
            if len(shared) > 1 and any(a.country == actor.country for a in shared):
                # One phrase, several countries: "Senior Hungarian and Romanian officials".
                return [self._phrase_mention(token, Actor(f"{a.name} {token.lemma_.lower()}", a.country,
                                                          actor.sector or sector, None, "group"), "coordinated")
                        for a in shared]
            if sector and not actor.sector and actor.kind != "state":
                actor = Actor(actor.name, actor.country, sector, actor.kb_id, actor.kind)
                return [self._phrase_mention(token, actor, "role+mention")]
            if mention is not None and mention.actor is actor:
                return [mention]
            if mention is not None and mention.actor is not None:
                defaulted = mention.actor.country is None and actor.country == self.default_country
                method = "phrase:role+default-country" if defaulted else mention.method + "+phrase:builtin-country"
                return [Mention(mention.start, mention.end, mention.text, mention.label, actor=actor,
                                confidence=mention.confidence, method=method, sentence=mention.sentence)]
            return [self._phrase_mention(token, actor, "builtin")]
        # Compose from modifiers: "Chinese officials", "Hungarian and Romanian officials".
        countries = self._modifier_actors(token)
        if token.lemma_.lower() in NON_ACTORS and not countries:
            return []
        if countries:
            results = []
            for country_actor in countries:
                # "spokesman of the Foreign Ministry", "manager of Abu Dhabi Media": the body's sector.
                body_sector = country_actor.sector if country_actor.kind not in {"state", None} else None
                if country_actor.kind == "state" and token.lemma_.lower() in WEAPONS:
                    armed = Actor(f"{country_actor.name} military", country_actor.country, "MIL", None, "group")
                    results.append(self._phrase_mention(token, armed, "weapon+state"))
                    continue
                role = Actor(
                    f"{country_actor.name} {token.lemma_.lower()}" if sector else country_actor.name,
                    country_actor.country, body_sector or sector or country_actor.sector, None,
                    "group" if sector or body_sector else "state")
                results.append(self._phrase_mention(token, role, "modifier"))
            return results
        if actor is not None:  # a sector without a country (an IGO-less organisation)
            return [mention] if mention is not None and mention.actor is actor else [
                self._phrase_mention(token, actor, "builtin")]
        if sector:
            # "Demonstrators in Baghdad", "police in Minsk": a place inside the phrase gives the country.
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "from", "at"}:
                    for pobj in prep.children:
                        place = self.actor_of(self.by_token.get(pobj.i)) if pobj.dep_ == "pobj" else None
                        if place is not None and place.country and place.country != "IGO":
                            role = Actor(token.lemma_.lower(), place.country, sector, None, "group")
                            return [self._phrase_mention(token, role, "role+place")]
            role = Actor(token.lemma_.lower(), self.default_country, sector, None, "group")
            return [self._phrase_mention(token, role, "role+default-country" if self.default_country else "role")]
        if mention is not None and mention.label in {"PERSON", "ORG"}:
            # Unresolved named actor: in an article, most likely local to its story; else keep the text only.
            if self.default_country:
                kind = "person" if mention.label == "PERSON" else "org"
                local = Actor(mention.text, self.default_country, None, None, kind)
                return [Mention(mention.start, mention.end, mention.text, mention.label, actor=local,
                                confidence=0.4, method="phrase:local-default-country", sentence=mention.sentence)]
            return [mention]
        return []

    def _compound_sector(self, token) -> str | None:
        if token.pos_ != "PROPN" and token.lemma_.lower() not in FACILITIES:
            # "Foreign Minister Qin Gang" names a minister and "a military base" its owner;
            # "citizen requirement" names no one.
            return None
        for child in token.children:
            if child.dep_ in {"compound", "amod"} and child.i < token.i:
                sector = _role_sector(child)
                if sector:
                    return sector
        return None

    def _modifier_actors(self, token) -> list[Actor]:
        """Countries named inside the phrase headed by ``token`` (at most two levels down)."""
        actors: list[Actor] = []

        def visit(tok, depth: int) -> None:
            for child in tok.children:
                if stance_modifier(child):
                    continue  # "an anti-Syria journalist", "pro-Iranian militias": a stance, not a nationality
                coordinated = child.dep_ == "conj" and tok.dep_ in MODIFIER_DEPS
                if child.dep_ in MODIFIER_DEPS or child.dep_ == "appos" or coordinated:
                    actor = self.actor_of(self.by_token.get(child.i))
                    if actor is not None and actor.country:
                        if all(a.country != actor.country for a in actors):
                            actors.append(actor)
                        # "Hungarian and Romanian officials": the second adjective hangs off the first.
                        for conj in child.children:
                            if conj.dep_ == "conj":
                                other = self.actor_of(self.by_token.get(conj.i))
                                if other is not None and other.country and \
                                        all(a.country != other.country for a in actors):
                                    actors.append(other)
                    elif depth < 2:
                        visit(child, depth + 1)
                elif child.dep_ == "prep" and child.lower_ in {"of", "from"} and depth < 2:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            actor = self.actor_of(self.by_token.get(pobj.i))
                            if actor is not None and actor.country:
                                if all(a.country != actor.country for a in actors):
                                    actors.append(actor)
                            else:
                                visit(pobj, depth + 1)

        visit(token, 0)
        return actors

    def _phrase_mention(self, token, actor: Actor, method: str) -> Mention:
        left = min([token.i, *(t.i for t in token.lefts if t.dep_ in MODIFIER_DEPS | {"det"})])
        span = self.sdoc[left : token.i + 1]
        # Extend over a mention that continues past the head ("Qin Gang").
        mention = self.by_token.get(token.i)
        start = min(span.start_char, mention.start) if mention else span.start_char
        end = max(span.end_char, mention.end) if mention else span.end_char
        if span and span[0].dep_ == "det":
            start = max(start, span[0].idx + len(span[0].text) + 1) if len(span) > 1 else start
        text = self.doc.text[start:end]
        return Mention(start, end, text, mention.label if mention else "ROLE", actor=actor,
                       confidence=0.6, method=f"phrase:{method}", sentence=self.doc.sentence_index(start))


class _ArgumentPronouns:
    """What a pronoun heading an argument stands for: the actors stage's antecedent, the speaker of the reported
    speech around it ("X said it will ..."), else the nearest earlier mention of a fitting kind."""

    def __init__(self, phrases: PhraseResolver) -> None:
        self.phrases = phrases

    def resolve(self, token, exclude: set[str]) -> Mention | None:
        phrases = self.phrases
        mention = phrases.by_token.get(token.i)  # the actors stage's coreference, when it ran
        if mention is not None and phrases.actor_of(mention) is not None and phrases.key(mention) not in exclude:
            return mention
        word = token.lower_
        if word in {"who", "which", "that"}:
            return None
        want_person = word in PERSON_PRONOUNS
        want_plural = word in PLURAL_PRONOUNS
        # Reported speech: "X said it will ..." -> X.
        speaker = self._speaker_above(token)
        if speaker is not None:
            for candidate in phrases.resolve(speaker):
                if self._fits(candidate, want_person, want_plural) and phrases.key(candidate) not in exclude:
                    return candidate
        sent_index = phrases.doc.sentence_index(token.idx)
        for head_i, candidate in reversed(phrases.ordered):
            if head_i >= token.i:
                continue
            if candidate.sentence >= 0 and sent_index - candidate.sentence > 2:
                break
            actor = phrases.actor_of(candidate)
            if actor is None:
                continue
            resolved = candidate if candidate.actor is actor else Mention(
                candidate.start, candidate.end, candidate.text, candidate.label, actor=actor,
                confidence=0.5, method="phrase:builtin", sentence=candidate.sentence)
            if phrases.key(resolved) in exclude:
                continue
            if self._fits(resolved, want_person, want_plural):
                # A pronoun names the referent, not a modifier inside another phrase.
                head = phrases.sdoc[head_i]
                if head.dep_ in {"amod"} and not want_plural:
                    continue
                return resolved
        return None

    @staticmethod
    def _fits(mention: Mention, want_person: bool, want_plural: bool) -> bool:
        label = mention.label
        if want_person:
            group = mention.actor is not None and mention.actor.kind == "group"
            return label == "PERSON" or (label == "ROLE" and group)
        if want_plural:
            return label in {"NORP", "ORG", "GPE", "ROLE"}
        return label in {"GPE", "ORG"}

    def _speaker_above(self, token):
        speech = words("speech_verbs")
        cur = token
        for _ in range(6):
            if cur.dep_ in {"ROOT"} or cur.head is cur:
                return None
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in speech:
                for child in cur.head.children:
                    if child.dep_ == "nsubj":
                        return child
                return None
            cur = cur.head
        return None


# Heads that may name an actor: nouns, names and pronouns, and adjectives that are names ("Chinese" in "Chinese
# and Russian officials" is resolved through its noun, but "Russian" alone may be a people).
_ARGUMENT_POS = {"NOUN", "PROPN", "PRON"}
_ARGUMENT_ENTS = {"NORP", "GPE", "ORG", "PERSON"}


def argument_mentions(doc: Doc) -> list[Mention]:
    """Every phrase of ``doc`` that names an actor, resolved once: one Mention per (head token, actor).

    Also sets ``doc.main_country``, the country the article is about (when one clearly dominates).
    """
    if doc.spacy_doc is None:
        return []
    resolver = PhraseResolver(doc)
    doc.main_country = resolver.default_country
    found: list[Mention] = []
    seen: set[tuple[int, str]] = set()
    for token in doc.spacy_doc:
        if token.pos_ not in _ARGUMENT_POS and token.ent_type_ not in _ARGUMENT_ENTS:
            continue
        for mention in resolver.resolve_head(token):
            inside = mention.start <= token.idx < mention.end
            if inside and _span_root(doc, mention) not in (None, token.i):
                continue  # "Greek" in "the Greek Ministry of Culture": the phrase's head stands for it
            key = (token.i, resolver.key(mention))
            if key in seen:
                continue
            seen.add(key)
            found.append(Mention(mention.start, mention.end, mention.text, mention.label, actor=mention.actor,
                                 confidence=mention.confidence, method=mention.method,
                                 sentence=mention.sentence if mention.sentence >= 0 else doc.sentence_index(
                                     mention.start), head=token.i))
    return found


def _span_root(doc: Doc, mention: Mention) -> int | None:
    span = doc.spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None
