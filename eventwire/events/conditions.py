"""When a lexicon row's conditions hold for a word of the parse (the conditions of ``lexicon.tsv``)."""

from __future__ import annotations

from eventwire.document import Mention
from eventwire.events import syntax
from eventwire.events.lexicon import Entry, lexicon, word_classes
from eventwire.vocab import words

POS_CODE = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}


class ConditionReader:
    """Evaluates lexicon conditions over one document (``arguments``: the actor phrases by head token)."""

    def __init__(self, arguments: dict[int, list[Mention]]) -> None:
        self.arguments = arguments

    def is_actor(self, tok) -> bool:
        return any(m.actor is not None and (m.actor.country or m.actor.sector) for m in self.arguments.get(tok.i, []))

    def in_class(self, tok, name: str) -> bool:
        if name == "any":
            return True
        if name == "actor":
            return self.is_actor(tok)
        if name == "place":
            return tok.ent_type_ in {"GPE", "LOC", "FAC"}
        members = word_classes().get(name, frozenset())
        if tok.lemma_.lower() in members or tok.lower_ in members:
            return True
        if name == "persons" and tok.ent_type_ in {"PERSON", "NORP"}:
            return True
        if name == "organisation" and tok.ent_type_ == "ORG":
            return True
        if any(c.dep_ == "compound" and c.lemma_.lower() in members for c in tok.children):
            return True  # "peace talks", "military aid"
        if tok.lemma_.lower() in words("measure_nouns") or tok.pos_ == "NUM":
            return any(self.in_class(p, name) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj")
        return False

    @staticmethod
    def objects(tok) -> list:
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            objs.append(tok.head)
        if tok.pos_ in {"NOUN", "PROPN"}:
            objs += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj"]
        return objs or [c for c in tok.children if c.dep_ == "dative"]

    @staticmethod
    def governor(tok):
        """The verb a noun is the object of, directly or through a preposition."""
        if tok.dep_ in {"dobj", "nsubjpass", "attr", "oprd", "nsubj"}:
            return tok.head
        if tok.dep_ == "conj" and tok.head is not tok:
            return ConditionReader.governor(tok.head)
        if tok.dep_ == "pobj" and tok.head.dep_ in {"prep", "agent"}:
            return tok.head.head
        return None

    def holds(self, tok, key: str, value: str) -> bool:
        if key == "prt":
            options = set(value.split("|"))
            marks = [m for c in tok.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"]
            return any(c.dep_ in {"prt", "prep", "agent"} and c.lower_ in options for c in tok.children) or \
                any(m.lower_ in options for m in marks)
        if key == "prep":
            word, _, kind = value.partition(":")
            return any(self.in_class(p, kind or "any") for c in tok.children if c.dep_ == "prep" and c.lower_ == word
                       for p in c.children if p.dep_ == "pobj")
        if key == "obj":
            return any(self.in_class(o, value) for o in self.objects(tok))
        if key == "noobj":
            objs = self.objects(tok)
            if value == "any":
                return not any(o.dep_ == "dobj" for o in objs)
            return not any(self.in_class(o, value) for o in objs)
        if key == "gov":
            gov = self.governor(tok)
            return gov is not None and bool({gov.lemma_.lower(), gov.lower_} & word_classes().get(value, frozenset()))
        if key == "mod":
            members = word_classes().get(value, frozenset())
            return any(c.dep_ in {"compound", "amod", "nmod"} and (c.lemma_.lower() in members or c.lower_ in members)
                       for c in tok.children)
        if key == "xcomp":
            return any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children)
        if key == "nocomp":
            return not any(c.dep_ in {"oprd", "xcomp", "ccomp", "acomp"} for c in tok.children)
        if key == "ccomp":
            return any(c.dep_ == "ccomp" for c in tok.children)
        if key == "subj":
            sectors = word_classes().get(value, frozenset())
            subjects = syntax.agents(tok) if syntax.passive(tok) else syntax.subjects(tok)
            return any(m.actor is not None and (m.actor.sector or "").lower() in sectors
                       for s in subjects for m in self.arguments.get(s.i, []))
        if key == "oblige":
            return any(c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in c.children)
                       for c in tok.children)
        return False

    def entries(self, tok) -> tuple[list[Entry], list[Entry]]:
        """(every lexicon row of the word, the rows whose conditions all hold), in file order."""
        pos = POS_CODE.get(tok.pos_)
        if pos is None:
            return [], []
        rows = [*lexicon().get((tok.lemma_.lower(), pos), ()), *lexicon().get((tok.lower_, pos), ())]
        return rows, [e for e in rows if all(self.holds(tok, k, v) for k, v in e.conditions.items())]
