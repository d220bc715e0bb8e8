"""Reading a spaCy dependency parse the way event coding needs: voice, subjects, clause chains, paths.

Plain functions over spaCy tokens; the word lists they consult are vocabularies in ``data/vocab``.
"""

from __future__ import annotations

from eventwire.vocab import words

SUBJECT_DEPS = {"nsubj", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that"}


def passive(tok) -> bool:
    """Whether a verb is in the passive voice ("was arrested", "the arrested man", "arrested and charged")."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
        return True
    if tok.dep_ == "advcl" and tok.tag_ == "VBN" and not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return True
    return tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head is not tok and passive(tok.head)


def agents(tok) -> list:
    """The "by" phrase of a passive verb or of a noun ("an attack by rebels")."""
    return [p for c in tok.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
            for p in c.children if p.dep_ == "pobj"]


def subjects(tok, depth: int = 0) -> list:
    """Subject tokens of a verb, inherited through xcomp, conj and participles."""
    subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if not subj and depth > 0:
        subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if subj:
        if tok.dep_ == "relcl" and subj[0].lower_ in RELATIVE_PRONOUNS:
            return [tok.head]
        return subj
    if depth > 4 or tok.head is tok:
        return []
    head = tok.head
    if tok.dep_ == "xcomp":
        if head.lemma_.lower() in words("object_control_verbs"):
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:
                return objs
        return subjects(head, depth + 1)
    if tok.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        return subjects(head, depth + 1)
    if tok.dep_ == "advcl" and (tok.tag_ in {"VBG", "VBN"} or any(c.dep_ == "aux" and c.lower_ == "to"
                                                                  for c in tok.children)):
        return subjects(head, depth + 1)
    if tok.dep_ in {"acl", "relcl"}:
        return [head]
    return []


def clause_chain(tok, limit: int = 6) -> list:
    """The token and the heads above it, up to and including the first speech verb above it."""
    speech = words("speech_verbs")
    chain = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head is cur:
            break
        cur = cur.head
        chain.append(cur)
        if cur.lemma_.lower() in speech:
            break
    return chain


def path(a, b, limit: int = 4) -> str | None:
    """The dependency path from token ``a`` to token ``b``: "^label" for each step up, "label" down.

    Prepositions carry their word ("prep:against"). None when the path is longer than ``limit`` steps.
    """
    if a.i == b.i:
        return "self"
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_a = {t.i: k for k, t in enumerate(up_a)}
    common = next(((k, ids_a[t.i]) for k, t in enumerate(up_b) if t.i in ids_a), None)
    if common is None:
        return None
    k_b, k_a = common
    if k_a + k_b > limit:
        return None

    def label(t) -> str:
        return f"{t.dep_}:{t.lower_}" if t.dep_ in {"prep", "agent", "dative", "mark"} else t.dep_

    ups = ["^" + label(t) for t in up_a[:k_a]]
    downs = [label(t) for t in reversed(up_b[:k_b])]
    return "/".join(ups + downs)


def in_quotes(tok) -> bool:
    """Whether a token stands inside quotation marks of its sentence (an odd number of quotes before it)."""
    sent = tok.sent
    count = sum(1 for t in sent if t.i < tok.i and t.text in {'"', "\u201c", "\u201d", "''", "``"})
    return count % 2 == 1
