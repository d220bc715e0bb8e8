"""References back within an article: a surname after the full name, a garbled rendering of a name given
before, a bare role noun ("the minister") and a pronoun ("he", "him")."""

from __future__ import annotations

import bisect

from rapidfuzz import fuzz

from eventwire.actors.article import Article
from eventwire.actors.candidate import Candidate, actor_key, assign, copy_actor, normalise, strip_det
from eventwire.actors.lexicon import HOME_SECTORS, OBJECT_PRONOUNS, PERSON_ROLES
from eventwire.actors.matching import is_pinyin, translit_key
from eventwire.document import Actor
from eventwire.kb import KnowledgeBase


def same_name_earlier(key: str, earlier: list[Candidate]) -> Candidate | None:
    """The person named ``key`` before: the same name, or a surname (or East Asian family name) alone after
    the full name."""
    if not key:
        return None
    toks = key.split()
    for o in reversed(earlier):
        if o.mention.label != "PERSON" or o.mention.actor is None:
            continue
        okeys = {normalise(o.mention.text), normalise(o.mention.actor.name)}
        for ok in okeys:
            otoks = ok.split()
            if ok == key:
                return o
            if len(toks) == 1 and len(otoks) > 1 and (toks[0] == otoks[-1] or toks[0] == otoks[0]):
                return o
    return None


def rendered_earlier(key: str, earlier: list[Candidate]) -> Candidate | None:
    """A person named earlier whose surname a single word renders: same first letter and consonant skeleton,
    and either a rendering from Chinese (the word splits into Pinyin syllables: "Duoxi" for Dorsey,
    "Peiluoxi" for Pelosi) or a misspelling (80% alike: "Bauchtman" for Buchtmann).

    Single words only: a full name with a different given name is a different person (Jill vs Hunter Biden);
    "Diaz" after "Dorsey" shares the skeleton but is neither, so it is a name of its own.
    """
    tk = translit_key(key) if key and " " not in key else ""
    if len(tk) < 2:
        return None
    pinyin = is_pinyin(key)
    for o in reversed(earlier):
        if o.mention.label != "PERSON" or o.mention.actor is None:
            continue
        for name in {normalise(o.mention.text), normalise(o.mention.actor.name)}:
            surname = name.split()[-1] if name else ""
            if not surname or surname[0] != key[0] or translit_key(surname) != tk:
                continue
            if pinyin or fuzz.ratio(key, surname) >= 80:
                return o
    return None


def relabel_surnames(resolved: list[Candidate]) -> None:
    """A weakly resolved single-word ORG/GPE that is the surname of a person named earlier is that person
    (spaCy tags "Savage" ORG and "Obama" GPE once the full name has been given)."""
    for c in resolved:
        if c.mention.label not in ("ORG", "GPE", "NORP", "FAC", "LOC") or c.absorbed:
            continue
        if c.mention.method not in ("unresolved", "pattern", "fuzzy") or " " in c.mention.text.strip():
            continue
        # ``resolved`` is in text order: the mentions before c are a prefix of it.
        ante = same_name_earlier(normalise(c.mention.text), resolved[: bisect.bisect_left(resolved, c.start,
                                                                                            key=_start)])
        if ante is not None and " " in normalise(ante.mention.text):
            c.mention.label = "PERSON"
            copy_actor(c, ante.mention.actor, "coref")


class Anaphora:
    """Pronouns and bare role nouns take the nearest compatible earlier actor (two sentences back at most)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def resolve(self, c: Candidate, earlier: list[Candidate], article: Article) -> None:
        sent = c.mention.sentence
        excluded: set[str] = set()
        if c.mention.label == "PRON" and c.mention.text.lower() in OBJECT_PRONOUNS | {"himself", "herself"}:
            tok = c.tokens[0]
            # "Putin invited him": him is not Putin (the subject of the same verb).
            subj = [t for t in tok.head.children if t.dep_ in ("nsubj", "nsubjpass")]
            for o in earlier:
                if any(o.tokens.start <= s.i < o.tokens.end for s in subj) and o.mention.actor is not None:
                    excluded.add(actor_key(o.mention.actor))
        want_person = c.mention.label == "PRON" or c.extra.get("head") in PERSON_ROLES
        head = c.extra.get("head")
        # ``earlier`` is in text order: start at the last mention before c rather than skip the later ones.
        for i in range(bisect.bisect_left(earlier, c.start, key=_start) - 1, -1, -1):
            o = earlier[i]
            if o.start >= c.start or o.absorbed or o.mention.actor is None:
                continue
            if sent >= 0 and o.mention.sentence >= 0 and sent - o.mention.sentence > 2:
                break
            a = o.mention.actor
            if actor_key(a) in excluded:
                continue
            if want_person:
                if a.kind != "person" and o.mention.label != "PERSON":
                    continue
                if c.gender and o.gender and c.gender != o.gender:
                    continue
                if c.mention.label == "ROLE" and head and head not in ("official",) and \
                        head not in (o.title or "") + " " + self._kb_title(a):
                    continue
            else:
                # "the ministry", "the court": an earlier body of that kind.
                if a.kind == "person" or head is None or head not in normalise(o.mention.text + " " + a.name):
                    continue
            copy_actor(c, a, "pronoun" if c.mention.label == "PRON" else "coref")
            c.gender = c.gender or o.gender
            c.title = c.title or o.title
            return
        if c.mention.label == "ROLE" and (c.sector_hint or c.country_hint):
            country = c.country_hint or (article.focus if c.sector_hint in HOME_SECTORS else None)
            assign(c, Actor(strip_det(c.mention.text), country, c.sector_hint, None, "group"), "role", 0.4)

    def _kb_title(self, a: Actor) -> str:
        e = self.kb.get(a.kb_id) if a.kb_id else None
        if e is None:
            return ""
        return " ".join(r.title for r in e.roles)


def _start(c: Candidate) -> int:
    return c.start
