"""The event coder: lexicon triggers + dependency patterns -> PLOVER events.

For every sentence of the parse:

1. **Triggers.** A verb, noun or adjective whose lemma is in the lexicon and
   whose row's conditions hold ("call" + "on" an actor is REQUEST, "call" with
   an actor object is CONSULT/phone).
2. **Embedding.** A trigger inside the complement of an intent trigger is not
   an event of its own ("urged Russia to *launch talks*", "invited him to
   *visit*"): the outer verb is the event. A noun that is an argument of a
   trigger verb ("*condemned* the attack") is carried by the verb. A noun
   trigger counts only when it is eventive: the object of a support verb
   ("issued a *warning*"), with its own actor ("Xi's visit") or date.
3. **Arguments.** Source and target from the parse: subject/object in the
   active voice, the passive subject and the "by" agent in the passive,
   subjects inherited through xcomp/conj/participles, possessors and "by"/
   "to"/"with" phrases of nouns, coordination ("China and Russia") giving one
   event per actor pair.
4. **Status, attribution, date, place** from the clause and the clauses above
   it: modals, plan verbs, conditionals, negation, denial, reporting verbs,
   "according to", the time expression attached nearest to the trigger, and a
   place named with "in"/"at".
5. **One event once.** Events with the same type, source and target are one
   Event with several mentions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from eventwire.actors.phrases import PhraseResolver as ActorFinder
from eventwire.document import Actor, Doc, Event, EventMention, Location, Mention, TimeExpression
from eventwire.events.lexicon import Entry, cameo_for, cues, lexicon, word_class
from eventwire.geo import country_name, geocode

POS_CODE = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}
SUBJ_DEPS = {"nsubj", "csubj"}
# Quantities whose "of" phrase says what the thing is.
MEASURE_NOUNS = {"kg", "kilogram", "kilo", "ton", "tonne", "pound", "litre", "liter", "gallon", "barrel", "box",
                 "crate", "shipment", "consignment", "load", "truckload", "planeload", "amount", "quantity", "lot",
                 "package", "batch", "unit", "supply", "million", "billion", "thousand", "hundred", "dozen"}
# Verbs whose object, not their subject, is the subject of their infinitive ("urged Russia to ...").
OBJECT_CONTROL = {"urge", "ask", "order", "invite", "force", "persuade", "press", "call", "instruct", "tell",
                  "encourage", "allow", "help", "want", "push", "request", "appeal", "compel", "warn", "expect"}
OCCURRENCE_VERBS = {"take", "happen", "occur", "break", "erupt", "kill", "injure", "wound", "hit", "target",
                    "leave", "claim", "rock", "destroy", "damage", "follow", "begin", "start", "end", "continue",
                    "resume", "escalate", "spread", "intensify"}
# PLOVER types whose events are speech acts: they happen when they are said.
VERBAL_TYPES = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
# Things an armed attack hits that name no actor: "attacked a convoy", "struck the hospital".
THING_TARGETS = {
    "aircraft", "airport", "area", "barracks", "base", "boat", "bridge", "building", "bus", "camp", "car",
    "checkpoint", "church", "city", "compound", "consulate", "convoy", "drone", "embassy", "facility",
    "headquarters", "helicopter", "home", "hospital", "hotel", "house", "market", "mosque", "office", "outpost",
    "pipeline", "plane", "plant", "port", "position", "post", "rally", "restaurant", "road", "school", "ship",
    "site", "station", "tanker", "target", "temple", "territory", "town", "train", "vehicle", "village"
}
VICTIM_POSS_NOUNS = {"murder", "killing", "assassination", "arrest", "detention", "abduction", "kidnapping",
                     "execution", "death", "release", "extradition", "deportation", "torture", "expulsion"}
# Infinitives after a refusal that are not events: "declined to comment".
NON_EVENT_COMPLEMENTS = {"comment", "speak", "elaborate", "answer", "say", "reveal", "confirm", "disclose", "identify",
                         "name", "discuss", "specify", "give"}
# How the content of an intention hangs below it ("urged Russia *to launch talks*").
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "prep", "pcomp", "acl", "advcl"}
EMBED_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "attr", "oprd", "pcomp", "advcl"}

# Who acts when a passive "was arrested" / "was convicted" names nobody: the sector's usual body.
IMPLICIT_AGENT_NAMES = {"COP": "police", "JUD": "courts", "GOV": "government", "MIL": "armed forces"}


@dataclass
class Candidate:
    """An event before merging, with the evidence it came from."""

    event: Event
    sentence: int
    keys: tuple[str | None, str | None] = (None, None)
    notes: list[str] = field(default_factory=list)


class EventCoder:
    """Codes the events of one parsed, actor-resolved document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sdoc = doc.spacy_doc
        self.cues = cues()
        self.lex = lexicon()
        self.finder = ActorFinder(doc)
        self.times = self._index_times(doc.times)
        # Paragraph breaks the parser may have run a sentence across (a headline without a full stop).
        self.breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc.text)]

    def evidence_span(self, sent, tok) -> tuple[int, int]:
        """The sentence around the trigger, cut at paragraph breaks the parser ran across, without the
        surrounding white space."""
        start, end = sent.start_char, sent.end_char
        i = bisect.bisect_right(self.breaks, tok.idx)
        if i > 0 and self.breaks[i - 1] > start:
            start = self.breaks[i - 1]
        if i < len(self.breaks) and self.breaks[i] < end:
            end = self.breaks[i]
        text = self.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def crosses_paragraph(self, a, b) -> bool:
        lo, hi = sorted((a.idx, b.idx))
        i = bisect.bisect_right(self.breaks, lo)
        return i < len(self.breaks) and self.breaks[i] < hi

    # ================================================================== entry points
    def code(self) -> list[Event]:
        candidates: list[Candidate] = []
        for s_index, sent in enumerate(self.sdoc.sents):
            triggers = {tok.i: entry for tok in sent if (entry := self.match(tok)) is not None}
            for i, entry in triggers.items():
                tok = self.sdoc[i]
                if self.embedded(tok, triggers):
                    continue
                if entry.pos == "N" and not self.eventive_noun(tok, entry):
                    continue
                candidates.extend(self.build(tok, entry, triggers, s_index))
        return self.merge(candidates)

    # ================================================================== 1. triggers
    def match(self, tok) -> Entry | None:
        pos = POS_CODE.get(tok.pos_)
        if pos is None:
            return None
        if pos == "V" and tok.dep_ == "amod":
            return None  # "the detained activists": an attribute, not a clause
        described = tok.head.head if tok.dep_ == "conj" and tok.head.dep_ == "acl" else tok.head
        describing = pos == "V" and (tok.dep_ == "acl" or (tok.dep_ == "conj" and tok.head.dep_ == "acl")) \
            and tok.tag_ in {"VBG", "VBN"} and self._describes_people(described) \
            and not any(c.dep_ == "agent" for c in tok.children)
        for key in ((tok.lower_, pos), (tok.lemma_.lower(), pos)):
            for entry in self.lex.get(key, ()):
                if self.conditions_hold(tok, entry):
                    # "people living in or visiting Hong Kong" describes a class of people; but
                    # "demonstrators protesting election results" is a protest.
                    return None if describing and entry.event_type != "PROTEST" else entry
        return None

    def _describes_people(self, noun) -> bool:
        return noun.ent_type_ in {"PERSON", "NORP"} or noun.lemma_.lower() in self.cues["sector_of_noun"]

    def objects(self, tok) -> list:
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            objs.append(tok.head)  # "death tolls, provided by officials": the noun is the object
        if tok.pos_ in {"NOUN", "PROPN"}:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    objs.extend(c for c in prep.children if c.dep_ == "pobj")
        if not objs:
            # "agreed to a ceasefire", "withdraw from the treaty" are handled by prep=; "withdraw troops".
            objs = [c for c in tok.children if c.dep_ == "dative"]
        return objs

    def _in_class(self, tok, name: str) -> bool:
        if name == "actor":
            return bool(self.finder.resolve(tok))
        if name == "any":
            return True
        words = word_class(name)
        if tok.lemma_.lower() in words or tok.lower_ in words:
            return True
        if name == "persons" and tok.ent_type_ in {"PERSON", "NORP"}:
            return True
        if name == "organisation" and tok.ent_type_ == "ORG":
            return True
        # "peace talks", "military aid": the compound before the head counts too.
        if any(c.dep_ == "compound" and c.lemma_.lower() in words for c in tok.children):
            return True
        if tok.lemma_.lower() in MEASURE_NOUNS or tok.pos_ == "NUM":
            # "700 kg of medicine", "1,000 tons of grain": what is measured is the object.
            return any(self._in_class(p, name) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj")
        return False

    def conditions_hold(self, tok, entry: Entry) -> bool:
        for key, value in entry.conditions.items():
            if key == "prt":
                words = set(value.split("|"))
                # ("called for his death to be investigated" parses "for" as a clause marker.)
                marks = [m for c in tok.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"]
                if not any(c.dep_ in {"prt", "prep", "agent"} and c.lower_ in words for c in tok.children) and \
                        not any(m.lower_ in words for m in marks):
                    return False
            elif key == "prep":
                word, _, kind = value.partition(":")
                ok = False
                for prep in tok.children:
                    if prep.dep_ != "prep" or prep.lower_ != word:
                        continue
                    for pobj in prep.children:
                        if pobj.dep_ != "pobj":
                            continue
                        if kind == "any" or (kind == "place" and self.finder.is_place(pobj)):
                            ok = True
                        elif kind == "actor" and not self.finder.is_time(pobj) and self.finder.resolve(pobj):
                            ok = True
                        elif kind not in {"any", "place", "actor"} and self._in_class(pobj, kind):
                            ok = True
                if not ok:
                    return False
            elif key == "obj":
                if not any(self._in_class(o, value) for o in self.objects(tok)):
                    return False
            elif key == "noobj":
                objs = self.objects(tok)
                if value == "any":
                    if any(o.dep_ == "dobj" for o in objs):
                        return False
                elif any(self._in_class(o, value) for o in objs):
                    return False
            elif key == "gov":
                gov = self.governor(tok)
                if gov is None or not verb_forms(gov) & word_class(value):
                    return False
            elif key == "mod":
                words = word_class(value)
                if not any(c.dep_ in {"compound", "amod", "nmod"} and (c.lemma_.lower() in words or c.lower_ in words)
                           for c in tok.children):
                    return False
            elif key == "xcomp":
                if not any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children):
                    return False
            elif key == "nocomp":
                if any(c.dep_ in {"oprd", "xcomp", "ccomp", "acomp"} for c in tok.children):
                    return False
            elif key == "ccomp":
                if not any(c.dep_ == "ccomp" for c in tok.children):
                    return False
            elif key == "subj":
                sectors = word_class(value)
                subjects = self.agents(tok) if self.passive(tok) else self.subjects(tok)
                if not any(m.actor and m.actor.sector in sectors for s in subjects for m in self.finder.resolve(s)):
                    return False
            elif key == "oblige":
                # "X said that Y must ...": a demand by X on Y.
                if not any(c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in {"must", "should"}
                                                     for a in c.children) for c in tok.children):
                    return False
            elif key == "conjobj":
                if not self.conj_objects(tok):
                    return False
        return True

    def conj_objects(self, tok) -> list:
        """Nouns the parser attached to a verb as conjuncts ("called on Thursday and Culba")."""
        return [c for c in tok.children if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN"} and self.finder.resolve(c)]

    @staticmethod
    def governor(tok):
        """The verb a noun is the object of, directly or through a preposition."""
        if tok.dep_ in {"dobj", "nsubjpass", "attr", "oprd", "nsubj", "conj"}:
            head = tok.head
            if tok.dep_ == "conj":
                return EventCoder.governor(head) if head is not tok else None
            return head
        if tok.dep_ == "pobj" and tok.head.dep_ in {"prep", "agent"}:
            return tok.head.head
        return None

    # ================================================================== 2. embedding and eventive nouns
    def embedded(self, tok, triggers: dict[int, Entry]) -> bool:
        intent = self.cues["intent_types"]
        speech = self.cues["speech_verbs"]
        content_preps = self.cues["content_preps"]
        cur = tok
        for _ in range(4):
            if cur.dep_ not in EMBED_DEPS or cur.head is cur:
                return False
            if cur.dep_ == "prep" and cur.lower_ not in content_preps:
                return False
            if cur.dep_ == "advcl" and not any((c.dep_ == "mark" and c.lower_ == "for") or
                                                (c.dep_ == "aux" and c.lower_ == "to") for c in cur.children):
                return False  # an adverbial clause is an event of its own, unless it states a purpose
            parent = cur.head
            if self.crosses_paragraph(parent, tok):
                return False
            if parent.i in triggers:
                outer = triggers[parent.i]
                if outer.event_type in intent and cur.dep_ in CONTENT_DEPS:
                    return True
                if outer.event_type == "PROTEST" and cur is tok and cur.dep_ in {"advcl", "xcomp", "acl"}:
                    return True  # "rioted, calling for ...", "staged rallies to demand ...": the protest's aim
                if tok.pos_ in {"NOUN", "PROPN"} and cur is tok and cur.dep_ in {"dobj", "nsubjpass", "attr"}:
                    return True
                return False
            if parent.lemma_.lower() in speech:
                return False
            if cur is tok and cur.dep_ in {"advcl", "xcomp"} and any(
                    c.dep_ == "dobj" and c.i in triggers and triggers[c.i].event_type == "PROTEST"
                    for c in parent.children):
                return True  # "staged demonstrations to demand reforms": the aim of the protest
            cur = parent
        return False

    def eventive_noun(self, tok, entry: Entry) -> bool:
        if tok.dep_ == "compound":
            return False  # "arrest" in "arrest warrant": the head noun carries the event
        if "gov" in entry.conditions:
            return True
        gov = self.governor(tok)
        through_content_prep = tok.dep_ != "pobj" or tok.head.lower_ in self.cues["content_preps"]
        if gov is not None and tok.dep_ in {"dobj", "nsubjpass", "attr", "pobj", "conj"} and through_content_prep:
            if verb_forms(gov) & word_class("support_verbs"):
                return True
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_.lower() in OCCURRENCE_VERBS:
            return True
        for child in tok.children:
            if child.dep_ == "poss" and self.finder.resolve(child):
                return True
            if child.dep_ in {"prep", "agent"} and child.lower_ == "by":
                return True
            if child.dep_ == "prep" and child.lower_ == "of" and entry.event_type in {"REQUEST", "ACCUSE"} and any(
                    g.dep_ == "pobj" and self.finder.resolve(g) for g in child.children):
                return True  # "the five demands of the protesters"
            if child.ent_type_ in {"DATE", "TIME"} and child.dep_ in {"npadvmod", "poss", "compound", "nmod"}:
                return True
            if child.dep_ == "prep" and any(g.ent_type_ in {"DATE", "TIME"} for g in child.children):
                return True
        # "the Chinese official visit to Russia": a national adjective plus a target phrase.
        has_country_mod = any(c.dep_ in {"amod", "compound", "nmod"} and self.finder.resolve(c) for c in tok.children)
        has_target = any(c.dep_ == "prep" and c.lower_ in {"to", "with", "against", "on", "for"} and
                         any(self.finder.resolve(g) for g in c.children if g.dep_ == "pobj") for c in tok.children)
        return has_country_mod and has_target

    # ================================================================== 3. arguments
    def subjects(self, tok, depth: int = 0) -> list:
        """Subject tokens of a verb, inherited through xcomp, conj and participles."""
        subj = [c for c in tok.children if c.dep_ in SUBJ_DEPS]
        if not subj and depth > 0:
            # "were expected to visit": the passive subject of the governing verb.
            subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if subj:
            if tok.dep_ == "relcl" and subj[0].lower_ in {"who", "which", "that"}:
                return [tok.head]
            return subj
        if depth > 4 or tok.head is tok:
            return []
        head = tok.head
        if tok.dep_ == "xcomp":
            if head.lemma_.lower() in OBJECT_CONTROL:
                objs = [c for c in head.children if c.dep_ == "dobj"]
                objs += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children
                         if p.dep_ == "pobj"]
                if objs:
                    return objs
            return self.subjects(head, depth + 1)
        if tok.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
            return self.subjects(head, depth + 1)
        if tok.dep_ == "advcl" and (tok.tag_ in {"VBG", "VBN"} or any(c.dep_ == "aux" and c.lower_ == "to"
                                                                      for c in tok.children)):
            return self.subjects(head, depth + 1)  # "urging Russia ...", "(in order) to demand ..."
        if tok.dep_ == "acl" and tok.tag_ == "VBG":
            gov = self.governor(head) if head.dep_ in {"dobj", "pobj"} else None
            if gov is not None and gov.pos_ in {"VERB", "AUX"} and not self.finder.resolve(head):
                return self.subjects(gov, depth + 1)  # "X issued a declaration demanding ...": X demands
            return [head]
        if tok.dep_ in {"pcomp"} and head.dep_ == "prep":
            governor = head.head
            if governor.pos_ == "ADJ" and governor.dep_ in {"acomp", "amod"}:
                governor = governor.head  # "are guilty of violating ..."
            return self.subjects(governor, depth + 1) if governor.pos_ in {"VERB", "AUX"} else []
        return []

    def passive(self, tok) -> bool:
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            return True
        if tok.dep_ == "advcl" and tok.tag_ == "VBN" and not any(c.dep_ in SUBJ_DEPS for c in tok.children):
            return True  # "Trump, when asked to denounce ...": the main clause's subject is the one asked
        # "was arrested and banned": the second participle shares the first one's passive.
        return tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head is not tok and self.passive(tok.head)

    def agents(self, tok) -> list:
        return [p for c in tok.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                for p in c.children if p.dep_ == "pobj"]

    def prep_objects(self, tok, preps: set[str]) -> list:
        found = []
        for c in tok.children:
            if c.dep_ in {"prep", "dative"} and c.lower_ in preps:
                found.extend(p for p in c.children if p.dep_ == "pobj" and not self.finder.is_time(p))
        return found

    def verb_args(self, tok, entry: Entry, depth: int = 0, objects_only: bool = False) -> tuple[list, list, str]:
        target_preps = self.cues["target_preps"]
        if objects_only:
            sources, targets, pattern = [], [], "embedded"
        elif self.passive(tok):
            sources = self.agents(tok)
            targets = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if tok.dep_ == "acl" and not targets:
                targets = [tok.head]
            if tok.dep_ == "relcl" and targets and targets[0].lower_ in {"who", "which", "that"}:
                targets = [tok.head]
            if not targets and tok.dep_ in {"xcomp", "conj", "advcl"}:
                # "were invited to ...", "arrested and charged", "when asked to ..."
                targets = self.subjects(tok.head) if tok.dep_ == "advcl" else self.subjects(tok)
            pattern = "passive"
        else:
            sources = self.subjects(tok)
            targets = []
            pattern = "active"
        if entry.event_type == "ASSAULT":
            target_preps = [p for p in target_preps if p != "for"]  # "fight for America" is on its behalf
        if not targets:
            datives = [c for c in tok.children if c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN", "PRON"}]
            dobjs = [c for c in tok.children if c.dep_ == "dobj"]
            # An object is the target when it names someone with a country; "troops", "military aid"
            # are what is sent or promised, and the target is further in ("aid *to Mozambique*").
            actor_objs = [o for o in datives + dobjs
                          if any(m.actor is not None and m.actor.country for m in self.finder.resolve(o))]
            if actor_objs:
                targets = actor_objs[:1]
            else:
                # Prepositional objects, nearest first: of the verb, of its object, one "of" further
                # down ("70 million dollars of aid *for Romania*"). Those naming a country win.
                layers = [self.prep_objects(tok, target_preps)]
                if entry.event_type in {"REQUEST", "REJECT"}:
                    # What is demanded or refused is done by someone: "demanded the withdrawal *of Serbian
                    # forces* from Bosnia", "rejected calls *by Belarus's rulers*".
                    layers += [self.agents(obj) + self.prep_objects(obj, {"of"}) for obj in dobjs]
                for obj in dobjs:
                    layers.append(self.prep_objects(obj, target_preps))
                    layers.extend(self.prep_objects(of_obj, target_preps) for of_obj in self.prep_objects(obj, {"of"}))
                # "commit to assistance *to the US-led war*": one preposition further in, last.
                layers.extend(self.prep_objects(p, target_preps) for p in list(layers[0]))
                targets = next((good for layer in layers if (good := [t for t in layer if self._has_country(t)])), [])
                if not targets:
                    targets = next((layer for layer in layers if layer), [])
                if not targets and entry.event_type in {"REQUEST", "REJECT", "ACCUSE", "SUPPORT", "AGREE"}:
                    # "rejected calls *by Belarus's rulers*", "demanded the removal *of President X*".
                    for obj in dobjs:
                        targets = self.agents(obj) or self.prep_objects(obj, {"of", "from"})
                        targets = [t for t in targets if self.finder.resolve(t)]
                        if targets:
                            break
                if not targets:
                    targets = [o for o in datives + dobjs if self.finder.resolve(o)][:1]
                if not targets and dobjs and entry.event_type in {"ASSAULT", "COERCE", "ACCUSE"}:
                    targets = dobjs[:1]  # "the drone", "the bill": a thing, resolved through its modifiers
            if not targets:
                targets = self.conj_objects(tok)
            if not targets and entry.event_type in {"REQUEST", "ACCUSE", "THREATEN", "REJECT"}:
                for comp in tok.children:
                    if comp.dep_ == "ccomp":
                        targets = [c for c in comp.children if c.dep_ in SUBJ_DEPS | {"nsubjpass"}]
                        break
            if depth < 2 and not any(self._has_country(t) for t in targets):
                # Nothing found, or only someone of no known country: what is intended may name the target.
                embedded = self.embedded_targets(tok, entry, depth)
                if embedded and (not targets or any(self._has_country(t) for t in embedded)):
                    targets = embedded
                    pattern += "+embedded-target"
        return sources, targets, pattern

    def _has_country(self, tok) -> bool:
        return any(m.actor is not None and m.actor.country for m in self.finder.resolve(tok))

    def embedded_targets(self, tok, entry: Entry, depth: int) -> list:
        """The target of an intention is the target of what is intended: "threatened to break relations
        *with Russia*", "willing to withdraw its troops *from Lebanon*"."""
        for comp in tok.children:
            purpose = comp.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)
            if (comp.dep_ == "xcomp" or purpose) and comp.pos_ in {"VERB", "AUX"}:
                _, targets, _ = self.verb_args(comp, entry, depth + 1, objects_only=True)
                if targets and any(self._has_country(t) for t in targets):
                    return targets
                if depth < 2:  # "willing to send material to help defend Saudi Arabia"
                    deeper = self.embedded_targets(comp, entry, depth + 1)
                    if deeper:
                        return deeper
                if targets:
                    return targets
        return []

    def noun_args(self, tok, entry: Entry) -> tuple[list, list, str]:
        target_preps = set(self.cues["target_preps"])
        of_is_target = entry.event_type in {"COERCE", "ASSAULT", "SANCTION", "RETREAT", "SUPPORT"}
        sources, targets = [], []
        pattern = "noun"
        victim_noun = tok.lemma_.lower() in VICTIM_POSS_NOUNS
        for c in tok.children:
            if c.dep_ == "poss" and victim_noun and (c.ent_type_ == "PERSON" or any(
                    m.actor is not None and m.actor.kind == "person" for m in self.finder.resolve(c))):
                targets.append(c)  # "Nabil's murder", "Navalny's arrest": the possessor suffers it
            elif c.dep_ == "poss":
                sources.append(c)
            elif c.dep_ in {"amod", "compound", "nmod"} and not self._city(c) and (
                    c.dep_ != "amod" or c.pos_ == "PROPN" or c.i in self.finder.by_token) and self.finder.resolve(c):
                # An adjective is an actor only when it names one ("Chinese"), not "official" or "military".
                sources.append(c)
        sources += self.agents(tok)
        if not of_is_target:
            sources += self.prep_objects(tok, {"of"})
        targets += self.prep_objects(tok, target_preps - {"from"})
        if not targets and entry.event_type in {"REQUEST", "ACCUSE", "THREATEN"}:
            # "its demand that Israel ease restrictions": the one asked is the clause's subject.
            for clause in tok.children:
                if clause.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" and m.lower_ == "that"
                                                                     for m in clause.children):
                    targets = [c for c in clause.children if c.dep_ in SUBJ_DEPS | {"nsubjpass"}]
                    break
        if of_is_target:
            targets = self.prep_objects(tok, {"of"}) + targets
        gov = self.governor(tok)
        if gov is not None and tok.dep_ == "pobj" and tok.head.lower_ in {"since", "after", "before", "despite",
                                                                            "following", "than", "like"}:
            gov = None  # "the deadliest since an assault in Ghazni": another, earlier event
        if gov is not None and tok.dep_ == "pobj" and tok.head.lower_ not in self.cues["content_preps"]:
            # "invited him to visit during a video meeting with X": the meeting belongs to the main clause.
            while gov.dep_ == "xcomp" and gov.head is not gov:
                gov = gov.head
        if gov is not None and gov.pos_ in {"VERB", "AUX"}:
            if not sources:
                if tok.dep_ == "nsubjpass":
                    sources = self.agents(gov)
                elif tok.dep_ in {"dobj", "attr", "pobj", "conj", "oprd"}:
                    sources = self.subjects(gov)
                    pattern = "noun+verb"
            if not targets and tok.dep_ in {"dobj", "pobj", "conj"}:
                datives = [c for c in gov.children if c.dep_ == "dative"]
                targets = datives or [p for p in self.prep_objects(gov, target_preps - {"from"}) if p is not tok]
        return sources, targets, pattern

    def _city(self, tok) -> bool:
        """A place modifier that is a city, not a country ("Kabul car bombing")."""
        if tok.ent_type_ not in {"GPE", "LOC", "FAC"}:
            return False
        mention = self.finder.by_token.get(tok.i)
        actor = self.finder.actor_of(mention)
        if actor is not None and actor.kind in {"state", "igo"}:
            return False
        loc = geocode(mention.text if mention else tok.text)
        return loc is not None and loc.country is not None and (actor is None or actor.kind not in {"state"})

    def args(self, tok, entry: Entry) -> tuple[list[Mention], list[Mention], str]:
        if entry.pos == "N":
            src_toks, tgt_toks, pattern = self.noun_args(tok, entry)
        else:
            # "willing to ...": the adjective's clause head carries the subject.
            head = tok.head if entry.pos == "A" and tok.dep_ in {"acomp", "amod"} else tok
            src_toks, tgt_toks, pattern = self.verb_args(head if entry.pos == "A" else tok, entry)
            if entry.pos == "A" and not tgt_toks:
                tgt_toks = self.embedded_targets(tok, entry, 0)
        sources: list[Mention] = []
        for s in src_toks:
            for m in map(_acting_state, self.finder.resolve(s)):
                if all(self.finder.key(m) != self.finder.key(x) for x in sources):
                    sources.append(m)
        exclude = {self.finder.key(m) for m in sources}
        targets: list[Mention] = []
        for t in tgt_toks:
            for m in self.finder.resolve(t, exclude=exclude):
                if all(self.finder.key(m) != self.finder.key(x) for x in targets):
                    targets.append(m)
        return sources, targets, pattern

    # ================================================================== 4. status, attribution, date, place
    def clause_chain(self, tok) -> list:
        """The trigger and the heads above it, up to the first reporting verb (inclusive)."""
        chain = [tok]
        cur = tok
        for _ in range(8):
            if cur.head is cur or self.crosses_paragraph(cur.head, tok):
                break
            cur = cur.head
            chain.append(cur)
            if cur.lemma_.lower() in self.cues["speech_verbs"] and cur is not tok:
                break
        return chain

    def status(self, tok, entry: Entry, chain: list) -> tuple[str | None, bool]:
        """(status, negated); status None means: not an event (opinion, analysis)."""
        c = self.cues
        negated = any(ch.dep_ == "neg" for ch in tok.children) or any(
            ch.dep_ == "det" and ch.lower_ == "no" for ch in tok.children)
        for gov in chain[1:3]:
            if gov.pos_ in {"VERB", "AUX"} and tok.dep_ in {"xcomp"} and any(ch.dep_ == "neg" for ch in gov.children):
                negated = True
        for gov in chain[1:3]:
            if gov.lemma_.lower() in {"fail", "refuse", "decline"} and tok.dep_ == "xcomp" and gov is tok.head:
                negated = True  # "failed to reach agreement"
        # A noun's clause is its first verb above it: "may not have a breakthrough in *negotiations*".
        clause_verb = next((n for n in chain[1:] if n.pos_ in {"VERB", "AUX"}), None) if entry.pos != "V" else tok
        if entry.pos != "V" and clause_verb is not None and any(ch.dep_ == "neg" for ch in clause_verb.children):
            negated = True
        allege = planned = hypothetical = denied = borrowed = False
        prev = tok
        for node in chain:
            lemma = node.lemma_.lower()
            if node is not tok:
                if lemma in c["opinion_verbs"] and prev.dep_ in {"ccomp", "xcomp"}:
                    return None, negated
                if lemma in c["deny_verbs"] and prev.dep_ in {"ccomp", "xcomp", "pcomp", "dobj"}:
                    denied = True
                if lemma in c["report_verbs"] and prev.dep_ in {"ccomp", "xcomp"}:
                    reporter = [ch for ch in node.children if ch.dep_ in SUBJ_DEPS]
                    media = not reporter or any(
                        m.actor is not None and m.actor.sector == "MED"
                        for r in reporter for m in self.finder.resolve(r))
                    if media or node.lemma_.lower() != "report":
                        allege = True
                if lemma in {"accuse", "suspect", "allege"} and prev.dep_ in {"prep", "pcomp", "ccomp", "xcomp"}:
                    allege = True
                # "attempted to assassinate", "has tried to hack": an attempt made is an act, not a plan.
                attempted = lemma in {"try", "attempt"} and node.tag_ in {"VBD", "VBN"}
                if lemma in c["plan_verbs"] and prev.dep_ == "xcomp" and not attempted:
                    planned = True
            for ch in node.children:
                low = ch.lower_
                if ch.dep_ == "aux" or (ch.dep_ == "advmod" and low in c["allege_adverbs"]):
                    if low in c["allege_adverbs"]:
                        allege = True
                    elif node is tok or node is clause_verb or prev.dep_ in {"xcomp", "conj"} or (
                            prev.dep_ == "ccomp" and lemma not in c["speech_verbs"]):
                        if low in c["planned_modals"] or ch.lemma_.lower() in {"will", "shall"}:
                            planned = True
                        elif low == "would":
                            planned = planned or any(n.lemma_.lower() in c["speech_verbs"] for n in chain)
                            hypothetical = hypothetical or not planned
                        elif low in c["hypothetical_modals"]:
                            hypothetical = True
                            borrowed = borrowed or (node is not tok and node is not clause_verb)
                if ch.dep_ == "mark" and low in c["conditional_marks"] and (node is tok or prev.dep_ != "ccomp"):
                    hypothetical = True
                if ch.dep_ == "prep" and low == "according":
                    allege = True
            if node.dep_ == "advcl" and any(ch.dep_ == "mark" and ch.lower_ in c["conditional_marks"]
                                            for ch in node.children):
                hypothetical = True
            if node is not tok and node.lemma_.lower() in c["speech_verbs"]:
                break
            prev = node
        if entry.pos == "N" and any(ch.lower_ in c["plan_adjectives"] for ch in tok.children if ch.dep_ == "amod"):
            planned = True
        if denied:
            return "denied", negated
        if hypothetical and borrowed:
            return None, negated  # a possibility inside another clause's possibility: not an event
        if hypothetical:
            return "hypothetical", negated
        if planned:
            return "planned", negated
        if allege:
            return "alleged", negated
        return "occurred", negated

    def attribution(self, tok, chain: list) -> Mention | None:
        speech = self.cues["speech_verbs"]
        for node in chain:
            for ch in node.children:
                if ch.dep_ == "prep" and ch.lower_ == "according":
                    for to in ch.children:
                        for pobj in to.children:
                            if pobj.dep_ == "pobj":
                                return self._speaker_mention(pobj)
            if node is not tok and node.lemma_.lower() in speech:
                for ch in node.children:
                    if ch.dep_ in SUBJ_DEPS:
                        return self._speaker_mention(ch)
                agents = self.agents(node)
                if agents:
                    return self._speaker_mention(agents[0])
            # "X agreed ..., officials said": the reporting clause hangs below the event verb.
            for ch in node.children:
                if ch.dep_ in {"parataxis", "ccomp"} and ch.lemma_.lower() in speech and ch.i > tok.i:
                    for sub in ch.children:
                        if sub.dep_ in SUBJ_DEPS:
                            return self._speaker_mention(sub)
        return None

    def _speaker_mention(self, tok) -> Mention:
        found = self.finder.resolve(tok)
        if found:
            return found[0]
        span = self.sdoc[min(t.i for t in tok.subtree): max(t.i for t in tok.subtree) + 1]
        if len(span) > 8:
            span = self.sdoc[tok.left_edge.i: tok.i + 1]
        return Mention(span.start_char, span.end_char, span.text, "ROLE", actor=None, method="events:speaker",
                       sentence=self.doc.sentence_index(span.start_char))

    def _index_times(self, times: list[TimeExpression]) -> dict[int, TimeExpression]:
        """Head token index -> time expression (resolved ones only)."""
        index = {}
        for timex in times:
            if timex.value_start is None:
                continue
            span = self.sdoc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span):
                index[span.root.i] = timex
        return index

    def date(self, tok, chain: list, verbal: bool = False) -> TimeExpression | None:
        """The time expression attached nearest to the trigger within its clause chain.

        A verbal event (a demand, refusal, promise, accusation ...) happens when it is said, so it
        may also take the date of the reporting verb above it ("On Wednesday, Lam announced that
        her government will withdraw the bill"); a reported material event never does ("US media
        reported this week that companies provided rifles").
        """
        if not self.times:
            return None
        family = {}
        for depth, node in enumerate(chain):
            if node is not tok and node.lemma_.lower() in self.cues["speech_verbs"]:
                if verbal:
                    family[node.i] = depth + 10  # only when the clause itself names no time
                break
            family[node.i] = depth
            if node is not tok and node.pos_ in {"VERB", "AUX"} and node.dep_ in {"ccomp", "ROOT"} and depth > 1:
                break
        best: tuple[int, int, TimeExpression] | None = None
        sent = tok.sent
        for head_i, timex in self.times.items():
            if not (sent.start <= head_i < sent.end):
                continue
            anchor = self.sdoc[head_i]
            hops = 0
            # Climb from the time expression to the first verb or trigger it modifies.
            while anchor.i not in family and anchor.head is not anchor and hops < 6:
                if anchor.pos_ in {"VERB", "AUX"} and hops > 0:
                    break
                anchor = anchor.head
                hops += 1
            if anchor.i not in family:
                continue
            rank = (family[anchor.i], abs(head_i - tok.i))
            if best is None or rank < best[:2]:
                best = (*rank, timex)
        return best[2] if best else None

    def location(self, tok, chain: list, source: Mention | None, target: Mention | None,
                 entry: Entry) -> Location | None:
        place_preps = self.cues["place_preps"]
        family = [n for n in chain[:3] if n.lemma_.lower() not in self.cues["speech_verbs"] or n is tok]
        prefer = source.actor.country if source is not None and source.actor is not None else None
        for node in family:
            loc = self._place_after_preposition(node, place_preps, prefer)
            if loc is not None:
                return loc
            if entry.pos == "N" and node is tok:
                for mod in tok.children:
                    if mod.dep_ in {"compound", "nmod"} and self.finder.is_place(mod) and self._city(mod):
                        loc = self._geocode_token(mod, prefer)
                        if loc is not None:
                            return loc
        # "killed 23 people when they blew themselves up in Tel Aviv": the clause saying how it happened.
        for clause in tok.children:
            if clause.dep_ == "advcl" and any(m.dep_ in {"mark", "advmod"} and m.lower_ in {"when", "as", "while"}
                                              for m in clause.children):
                loc = self._place_after_preposition(clause, place_preps, prefer)
                if loc is not None:
                    return loc
        # "The embassy in Kabul was attacked": a place named on the target (then the source) phrase.
        for side in (target, source):
            if side is None or side.end <= side.start:
                continue
            span = self.sdoc.char_span(side.start, side.end, alignment_mode="expand")
            if span is None:
                continue
            loc = self._place_after_preposition(span.root, place_preps, prefer)
            if loc is not None:
                return loc
        # Anywhere in the trigger's own clause: "A roadside bombing near the town of Samarra killed ...".
        for sub in tok.subtree:
            if sub.dep_ == "pobj" and self._under_place_prep(sub) and self.finder.is_place(sub) and sub.i != tok.i:
                path = [a for a in sub.ancestors if tok in a.ancestors]  # nodes between the place and the trigger
                if len(path) > 4 or any(a.dep_ in {"ccomp", "relcl", "advcl", "pcomp", "acl"} for a in path):
                    continue  # too deep: "responsible for the war of the army in Ukraine" is not where it happened
                loc = self._geocode_token(sub, prefer)
                if loc is not None:
                    return loc
        if entry.event_type == "CONSULT" and entry.mode == "visit" and target is not None \
                and target.label in {"GPE", "LOC"}:
            return geocode(target.text, start=target.start, end=target.end)
        return None

    def _under_place_prep(self, tok) -> bool:
        """ "in Kabul", "near the town of Samarra", "outside of the city of Basra"."""
        place_preps = self.cues["place_preps"] | {"near", "outside"}
        head = tok.head
        if head.lower_ in place_preps:
            return True
        return head.lower_ == "of" and head.head.head.lower_ in place_preps | {"of"} and head.head.lower_ in {
            "town", "city", "village", "province", "region", "district", "capital", "state", "area", "port"}

    def _place_after_preposition(self, node, place_preps: set[str] | list[str], prefer: str | None):
        """The first geocodable place in a "in/at/near PLACE" phrase hanging on ``node``."""
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in place_preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and self.finder.is_place(pobj):
                        loc = self._geocode_token(pobj, prefer)
                        if loc is not None:
                            return loc
        return None

    def _geocode_token(self, tok, prefer: str | None) -> Location | None:
        mention = self.finder.by_token.get(tok.i)
        if mention is not None:
            return geocode(mention.text, start=mention.start, end=mention.end, prefer_country=prefer)
        return geocode(tok.text, start=tok.idx, end=tok.idx + len(tok.text), prefer_country=prefer)

    # ================================================================== building
    def build(self, tok, entry: Entry, triggers: dict[int, Entry], s_index: int) -> list[Candidate]:
        if entry.event_type == "REQUEST" and self.protest_demand(tok, triggers):
            return []  # "rallied ..., demanding that he resign": the claim of the protest, coded with it
        sources, targets, pattern = self.args(tok, entry)
        implicit = self.cues["implicit_source"].get(tok.lemma_.lower())
        if not sources and implicit and self.passive(tok) and self.finder.default_country:
            country = self.finder.default_country
            name = f"{IMPLICIT_AGENT_NAMES.get(implicit, implicit)} of {country}"
            agent = Actor(name, country, implicit, None, "group")
            sources = [Mention(tok.idx, tok.idx, "", "ROLE", actor=agent, method="events:implicit-agent")]
            pattern += "+implicit-agent"
        if not sources and entry.event_type == "AGREE" and entry.mode == "invite":
            sources = self.host_of_invitation(tok)
            if sources:
                pattern += "+host-from-destination"
        if not any(m.actor is not None and (m.actor.country or m.actor.sector) for m in sources + targets):
            return []
        if entry.event_type == "REJECT" and any(c.dep_ == "xcomp" and c.lemma_.lower() in NON_EVENT_COMPLEMENTS
                                                for c in tok.children):
            return []
        if "oblige" in entry.conditions and not targets:
            return []  # "X said the gun laws should change" demands something of no one in particular
        if entry.lemma in {"attack", "assault", "strike"} and not self.physical_object(tok):
            return []  # "attacked the proclamation", "attacks on mail-in voting": words, not force
        if entry.event_type == "CONSULT" and not targets and len(sources) < 2 and entry.mode != "visit":
            return []  # a consultation needs two parties (a visit may get its host from the place)
        if entry.mode == "resign" and not targets and sources and sources[0].actor is not None \
                and sources[0].actor.country:
            # Resigning is a concession to one's own government (PLOVER RETREAT/resign).
            country = sources[0].actor.country
            targets = [Mention(tok.idx, tok.idx, "", "ROLE", method="events:implicit-target",
                               actor=Actor(f"government of {country}", country, "GOV", None, "state"))]
            pattern += "+implicit-target"
        chain = self.clause_chain(tok)
        status, negated = self.status(tok, entry, chain)
        if status is None:
            return []
        if status == "hypothetical" and (entry.pos != "V" or not (sources and targets)):
            return []  # a mere possibility needs a full clause to be worth recording
        event_type, mode, cameo, context = entry.event_type, entry.mode, entry.cameo, list(entry.context)
        rule = f"{entry.rule}+{pattern}"
        if negated and any(c.lower_ in {"yet", "still"} for c in tok.children if c.dep_ == "advmod"):
            return []  # "has not yet conceded": not happened so far, neither done nor refused
        if negated:
            if event_type in self.cues["negated_to_reject"]:
                event_type, mode, cameo, context = "REJECT", None, "120", []
                rule += "+negated->REJECT"
            else:
                status = "denied"
                rule += "+negated"
        if event_type == "AGREE" and self.intends_conflict(tok):
            # "prepared to impose martial law": readiness to use force or sanctions is a threat.
            event_type, mode, cameo, context = "THREATEN", None, "130", []
            rule += "+conflict-intent->THREATEN"
        conditional = self.unless_clause(tok, chain)
        if event_type in self.cues["conflict_types"] | {"THREATEN"} or (event_type == "PROTEST" and mode == "boycott") \
                or (conditional and status in {"planned", "hypothetical"}):
            announced = event_type == "SANCTION" and not conditional and self.announced(tok, chain)
            if (status in {"planned"} and not announced) or conditional:
                # Announcing a future sanction, boycott or use of force (or anything "unless ...") is a threat.
                rule += f"+{'unless' if conditional else 'planned'}->THREATEN"
                event_type, mode, cameo, context, status = "THREATEN", None, "130", [], "occurred"
        if status == "planned" and event_type in self.cues["planned_becomes"]:
            event_type = self.cues["planned_becomes"][event_type]
            cameo = cameo_for(event_type, None) if event_type != "CONCEDE" else "080"
            rule += "+planned->" + event_type
        date = self.date(tok, chain, verbal=event_type in VERBAL_TYPES)
        if date is not None and self.doc.date is not None and date.value_start and date.value_start > self.doc.date \
                and status == "occurred":
            status = "planned"  # a date after the article's: it has not happened yet
        attribution = self.attribution(tok, chain)
        sent = tok.sent
        if event_type == "THREATEN" and not any(t.actor is not None and t.actor.country for t in targets):
            # "threatened to strike unless Iraq accepted ...": the threat is aimed at whoever must meet the condition.
            conditioned = self.condition_targets(tok, sources)
            if conditioned:
                targets = conditioned
                rule += "+condition-target"
        if event_type in {"ASSAULT", "COERCE"} and tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"} \
                and not any(t.actor is not None and t.actor.country for t in targets):
            # "shelled Juba ..., killing 20 people": the casualties are those of the act the clause depends on.
            inherited = self.governing_targets(tok, sources)
            if inherited:
                targets = inherited
                rule += "+governing-target"
        if event_type == "REQUEST" and entry.conditions.get("obj") == "asylum" and not targets:
            # "sought refuge in Germany": asylum is asked of the state where it is sought.
            place = self.location(tok, chain, None, None, entry)
            if place is not None and place.country and place.country != "IGO":
                targets = [Mention(place.start, place.end, place.text, "GPE", method="events:asylum-state",
                                   actor=Actor(country_name(place.country) or place.country, place.country,
                                               "GOV", None, "state"))]
                rule += "+asylum-state"
        pairs = self.pairs(sources, targets, event_type)
        confidence = 0.55 + (0.2 if entry.pos == "V" else 0.1) + (0.1 if sources and targets else 0.0)
        if status in {"hypothetical", "denied"}:
            confidence -= 0.2
        results = []
        if event_type == "ASSAULT" and all(s is None for s, _ in pairs):
            place = self.location(tok, chain, None, None, entry)
            if place is not None and place.country:
                # Unidentified attackers are coded with the country where they struck.
                unknown = Mention(tok.idx, tok.idx, "", "ROLE", method="events:source-from-place",
                                  actor=Actor(f"unidentified attackers in {place.name}", place.country,
                                              None, None, "group"))
                pairs = [(unknown, t) for _, t in pairs]
                rule += "+source-from-place"
        grassroots = {"CVL", "OPP", "EDU", "LAB", "REB", "REL"}
        if event_type in {"REQUEST", "ACCUSE"} and all(t is None for _, t in pairs) and any(
                s is not None and s.actor is not None and s.actor.sector in grassroots for s, _ in pairs):
            # Demands and accusations of protesters, opposition or rebels with no stated addressee are
            # addressed to their government, as in the PLOVER codings.
            pairs = [(s, self.implicit_government(s, tok)) for s, _ in pairs]
            rule += "+implicit-target"
        if event_type == "MOBILIZE" and all(t is None for _, t in pairs):
            # "mobilized reservists for a possible war *against Iraq*": the adversary named further in.
            foes = [m for sub in tok.subtree if sub.dep_ == "pobj" and sub.head.lower_ == "against"
                    and sub.head.head is not tok and tok in sub.head.head.ancestors
                    for m in self.finder.resolve(sub) if m.actor is not None and m.actor.country]
            if foes:
                pairs = [(s, foes[0]) for s, _ in pairs]
                rule += "+adversary-target"
        if event_type == "MOBILIZE" and all(t is None for _, t in pairs):
            # A deployment with no stated adversary or place is a show of force at home.
            place = self.location(tok, chain, None, None, entry)
            home = [s.actor.country for s, _ in pairs if s is not None and s.actor is not None and s.actor.country]
            country = place.country if place is not None else (home[0] if home else None)
            if country and country != "IGO":
                there = Mention(tok.idx, tok.idx, "", "ROLE", method="events:implicit-target",
                                actor=Actor(country_name(country) or country, country, None, None, "state"))
                pairs = [(s, there) for s, _ in pairs]
                rule += "+implicit-target"
        if event_type == "CONCEDE" and all(t is None for _, t in pairs):
            # A government's concession with no stated beneficiary is made to the population where it applies.
            place = self.location(tok, chain, None, None, entry)
            country = place.country if place is not None else self.finder.default_country
            if country and country != "IGO":
                public = Mention(tok.idx, tok.idx, "", "ROLE", method="events:implicit-target",
                                 actor=Actor(f"population of {country}", country, "CVL", None, "group"))
                pairs = [(s, public) for s, _ in pairs]
                rule += "+implicit-target"
        if event_type == "PROTEST" and all(t is None for _, t in pairs):
            # Protest with no stated target: by PLOVER convention, the government of the protesters' country,
            # or of the country where they protest ("prisoners rioted at a jail in northern Israel").
            place = self.location(tok, chain, None, None, entry)
            where = place.country if place is not None and place.country not in {None, "IGO"} else None
            pairs = [(s, self.implicit_government(s, tok, where)) for s, _ in pairs]
            rule += "+implicit-target"
        for source, target in pairs:
            conf = confidence - (0.1 if any(m is not None and m.method.startswith("events:role+default")
                                            for m in (source, target)) else 0.0)
            event = Event(
                event_type=event_type,
                mentions=[EventMention(*self.evidence_span(sent, tok), tok.idx, tok.idx + len(tok.text))],
                mode=mode, context=context, cameo=cameo,
                source=source if source is not None and source.text else None,
                target=target if target is not None and target.text else None,
                target_actor=target.actor if target is not None and not target.text else None,
                date=date, status=status, attribution=attribution,
                confidence=round(max(0.05, min(conf, 0.95)), 3),
                rule=rule, trigger=tok.text,
                source_actor=source.actor if source is not None and not source.text else None,
            )
            event.location = self.location(tok, chain, source, target, entry)
            if event.location is not None and event.location.country:
                # A generic group ("people", "police") was given the article's country; where the event
                # happened is better evidence.
                event.source = _relocate(event.source, event.location.country)
                event.target = _relocate(event.target, event.location.country)
                if event_type not in {"CONSULT", "PROTEST", "REQUEST"} and event.target_actor is None and (
                        event.target is None or event.target.actor is None or not event.target.actor.country):
                    # No actor suffers or receives it by name: the people of the place where it happens do
                    # ("imposed a curfew in Cizre", "agreed to set up a centre in Tokyo").
                    loc = event.location
                    sector = event.target.actor.sector if event.target is not None and event.target.actor else None
                    event.target = Mention(loc.start, loc.end, loc.text, "GPE", method="events:place-as-target",
                                           actor=Actor(f"people of {loc.name}", loc.country, sector, None, "group"))
                    event.rule += "+place-as-target"
            if event.target is None and event_type == "CONSULT" and mode == "visit" and event.location is not None:
                loc = event.location
                src_country = source.actor.country if source is not None and source.actor is not None else None
                if loc.country and loc.country != src_country:
                    # "arrived in Amman on a visit": the host is the place visited.
                    event.target = Mention(loc.start, loc.end, loc.text, "GPE", method="events:visited-place",
                                           actor=Actor(loc.name if loc.lat is None else loc.country, loc.country,
                                                       None, None, "state"))
            if event.event_type == "CONSULT" and event.target is None and event.target_actor is None \
                    and len(sources) < 2:
                continue
            sides = [event.source.actor if event.source is not None else event.source_actor,
                     event.target.actor if event.target is not None else event.target_actor]
            if not any(a is not None and a.country for a in sides):
                continue  # no country on either side: nothing a country-coded dataset can place (like CAMEO coders)
            results.append(Candidate(event, s_index, (self._key(source), self._key(target))))
        return results

    def implicit_government(self, source: Mention | None, tok, where: str | None = None) -> Mention | None:
        country = source.actor.country if source is not None and source.actor is not None else None
        country = where or country
        country = country or self.finder.default_country
        if not country or country == "IGO":
            return None
        return Mention(tok.idx, tok.idx, "", "ROLE", method="events:implicit-target",
                       actor=Actor(f"government of {country}", country, "GOV", None, "state"))

    def physical_object(self, tok) -> bool:
        """Whether what is attacked is someone or somewhere (or unstated), rather than an idea."""
        objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            objects.append(tok.head)
        objects += self.prep_objects(tok, {"on", "against", "at", "in", "into"}) if tok.pos_ in {"NOUN", "PROPN"} \
            else []
        for obj in objects:
            if obj.lower_ in {"who", "which", "that"} or obj.pos_ == "PRON":
                continue
            if self.finder.resolve(obj) or self.finder.is_place(obj) or obj.lemma_.lower() in THING_TARGETS:
                continue
            return False
        return True

    def intends_conflict(self, tok) -> bool:
        for comp in tok.children:
            if comp.dep_ == "xcomp":
                inner = self.match(comp)
                if inner is not None and inner.event_type in self.cues["conflict_types"]:
                    return True
        return False

    def unless_clause(self, tok, chain: list) -> bool:
        """ "X will withdraw its force unless Y ...": a condition set on the target."""
        for node in chain[:3]:
            for child in node.children:
                if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in child.children):
                    return True
            if node.lemma_.lower() in self.cues["speech_verbs"]:
                break
        return False

    @staticmethod
    def protest_demand(tok, triggers: dict[int, Entry]) -> bool:
        """Whether a demand is voiced by a protest it depends on ("blocked roads demanding ...", "staged
        rallies ..., saying he must resign", "a hunger strike to demand ...")."""
        cur = tok
        for _ in range(3):
            if cur.dep_ not in {"advcl", "xcomp", "acl", "pcomp", "prep", "pobj", "relcl"} or cur.head is cur:
                return False
            cur = cur.head
            entry = triggers.get(cur.i)
            if entry is not None and entry.event_type == "PROTEST":
                return True
            for obj in cur.children:  # "staged rallies": the protest is the light verb's object
                entry = triggers.get(obj.i)
                if obj.dep_ == "dobj" and entry is not None and entry.event_type == "PROTEST":
                    return True
        return False

    def governing_targets(self, tok, sources: list[Mention]) -> list[Mention]:
        """Targets with a country of the clause a participle depends on: its objects, the objects of its
        prepositions ("fire *against* Kampuchean camps") and of its purpose clause ("to disperse demonstrators")."""
        head = tok.head
        if head is tok or head.pos_ not in {"VERB", "AUX"}:
            return []
        exclude = {self.finder.key(m) for m in sources}
        preps = set(self.cues["target_preps"]) - {"for"}
        verbs = [head] + [c for c in head.children if c is not tok and c.dep_ in {"advcl", "xcomp"}
                          and c.pos_ in {"VERB", "AUX"} and c.i < tok.i]
        candidates = []
        for verb in verbs:
            objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
            objs += [conj for o in objs for conj in o.conjuncts]  # "artillery, mortar and rocket fire against ..."
            candidates += objs + self.prep_objects(verb, preps)
            for obj in objs:
                candidates += self.prep_objects(obj, preps)
        for cand in candidates:
            found = [m for m in self.finder.resolve(cand, exclude=exclude)
                     if m.actor is not None and m.actor.country and self.finder.key(m) not in exclude]
            if found:
                return found
        return []

    def announced(self, tok, chain: list) -> bool:
        """"The United States announced it would prohibit all aid": a sanction decided and made public is
        imposed (planned), not a threat; only a conditional one ("... unless") threatens."""
        for node in chain[1:4]:
            if node.lemma_.lower() in {"announce", "decide", "order", "approve", "declare"}:
                return True
        return False

    def condition_targets(self, tok, sources: list[Mention]) -> list[Mention]:
        """Subjects of an "unless" / "if" clause of the trigger or of what it announces ("threatened to halt
        talks *if the United States* deploys ...")."""
        exclude = {self.finder.key(m) for m in sources}
        nodes, frontier = [], [tok]
        for _ in range(3):  # the trigger and its intended actions, a few clauses down
            nodes += frontier
            frontier = [c for n in frontier for c in n.children
                        if c.dep_ in {"xcomp", "conj"} and c.pos_ in {"VERB", "AUX"}]
        for node in nodes:
            for clause in node.children:
                if clause.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in {"unless", "if"}
                                                     for m in clause.children):
                    continue
                found = []
                for subj in (c for c in clause.children if c.dep_ in SUBJ_DEPS | {"nsubjpass"}):
                    found += [m for m in self.finder.resolve(subj, exclude=exclude)
                              if m.actor is not None and m.actor.country and self.finder.key(m) not in exclude]
                if found:
                    return found
        return []

    def host_of_invitation(self, tok) -> list[Mention]:
        """"X was invited to visit Russia": the place to be visited is the host who invites."""
        for comp in tok.children:
            if comp.dep_ == "xcomp" and comp.lemma_.lower() in {"visit", "come", "travel", "go", "attend"}:
                places = [c for c in comp.children if c.dep_ == "dobj"] + self.prep_objects(comp, {"to"})
                for place in places:
                    found = [m for m in self.finder.resolve(place) if m.actor is not None and m.actor.kind == "state"]
                    if found:
                        return found[:1]
        return []

    def pairs(self, sources: list[Mention], targets: list[Mention], event_type: str) -> list[tuple]:
        countries = {s.actor.country for s in sources if s.actor is not None and s.actor.country}
        if len(sources) > 1 and len(countries) > 1 and event_type in self.cues["symmetric_types"] and \
                all(t.actor is None or t.actor.country in countries for t in targets):
            return [(sources[0], sources[1])]  # "Israel and Lebanon renewed talks": one reciprocal event
        srcs = sources or [None]
        tgts = [t for t in targets] or [None]
        pairs = []
        for s in srcs[:3]:
            for t in tgts[:3]:
                if s is not None and t is not None and self.finder.key(s) == self.finder.key(t):
                    t = None
                pairs.append((s, t))
        return pairs

    def _key(self, mention: Mention | None) -> str | None:
        return ActorFinder.merge_key(mention)

    # ================================================================== 5. merging
    def merge(self, candidates: list[Candidate]) -> list[Event]:
        merged: list[Candidate] = []
        for cand in candidates:
            home = next((m for m in merged if self._same(m, cand)), None)
            if home is None:
                merged.append(cand)
                continue
            base, new = home.event, cand.event
            if not any((m.start, m.end) == (new.mentions[0].start, new.mentions[0].end) for m in base.mentions):
                base.mentions.extend(new.mentions)  # one mention per place in the text that states it
            base.source = self._better(base.source, new.source)
            base.target = self._better(base.target, new.target)
            home.keys = (home.keys[0] or cand.keys[0], home.keys[1] or cand.keys[1])
            if base.date is None or (new.date is not None and _span_days(new.date) < _span_days(base.date)
                                      and _overlap(base.date, new.date)):
                base.date = new.date or base.date
            base.location = base.location or new.location
            base.attribution = base.attribution or new.attribution
            base.confidence = round(min(0.95, max(base.confidence, new.confidence) + 0.05), 3)
        return [c.event for c in merged]

    @staticmethod
    def _same(a: Candidate, b: Candidate) -> bool:
        if a.event.event_type != b.event.event_type:
            return False
        if a.event.mentions[0].trigger_start == b.event.mentions[0].trigger_start:
            return False  # one clause, coordinated actors: deliberately separate events
        (sa, ta), (sb, tb) = a.keys, b.keys
        same_src, same_tgt = _compatible(sa, sb), _compatible(ta, tb)
        anchored = (sa is not None and sb is not None) or (ta is not None and tb is not None)
        if not (same_src and same_tgt and anchored):
            return False
        # A one-sided statement merges only within a few sentences of the full one.
        if None in (sa, sb, ta, tb) and abs(a.sentence - b.sentence) > 3:
            return False
        ma, mb = a.event.mode, b.event.mode
        if ma and mb and ma != mb:
            return False
        da, db = a.event.date, b.event.date
        both_occurred = a.event.status == b.event.status == "occurred"
        if da is not None and db is not None and not _overlap(da, db) and both_occurred:
            return False  # two attacks on different days are two events
        return True

    @staticmethod
    def _better(a: Mention | None, b: Mention | None) -> Mention | None:
        if a is None:
            return b
        if b is None or a.actor is None:
            return b if a.actor is None and b is not None and b.actor is not None else a
        if b.actor is not None and b.actor.country == a.actor.country and b.actor.sector and not a.actor.sector:
            return b
        return a


def _relocate(mention: Mention | None, country: str) -> Mention | None:
    if mention is None or mention.actor is None or not mention.method.startswith(("events:role", "events:local")):
        return mention
    if "default" not in mention.method or mention.actor.country == country:
        return mention
    actor = mention.actor
    return Mention(mention.start, mention.end, mention.text, mention.label,
                   actor=Actor(actor.name, country, actor.sector, actor.kb_id, actor.kind),
                   confidence=mention.confidence, method=mention.method + "+place", sentence=mention.sentence)


def _acting_state(mention: Mention) -> Mention:
    """A country that acts does so through its government: "the United States issued a warning" -> GOV."""
    actor = mention.actor
    if actor is None or actor.sector or actor.kind != "state" or mention.label != "GPE":
        return mention
    return Mention(mention.start, mention.end, mention.text, mention.label,
                   actor=Actor(actor.name, actor.country, "GOV", actor.kb_id, actor.kind),
                   confidence=mention.confidence, method=mention.method, sentence=mention.sentence)


def _compatible(a: str | None, b: str | None) -> bool:
    """Two event sides can be one actor: same country, and not two different named people."""
    if a is None or b is None or a == b:
        return True
    country_a, _, name_a = a.partition("|")
    country_b, _, name_b = b.partition("|")
    return country_a == country_b and not (name_a and name_b)


def _span_days(t: TimeExpression) -> int:
    end = t.value_end or t.value_start
    return (end - t.value_start).days if t.value_start and end else 10**6


def _overlap(a: TimeExpression, b: TimeExpression) -> bool:
    a_end, b_end = a.value_end or a.value_start, b.value_end or b.value_start
    return bool(a.value_start and b.value_start and a.value_start <= b_end and b.value_start <= a_end)


def verb_forms(tok) -> set[str]:
    """The lemma of a verb and the base forms its inflection allows: the lemmatiser sometimes slips
    ("staged" -> "stag"), and a word class lists base forms."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for ending, base in (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""),
                         ("s", "")):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            forms.add(low[: -len(ending)] + base)
    return forms


def code_events(doc: Doc) -> list[Event]:
    """All events of a parsed document (needs ``doc.spacy_doc``; uses mentions and times when present)."""
    if doc.spacy_doc is None:
        return []
    return EventCoder(doc).code()
