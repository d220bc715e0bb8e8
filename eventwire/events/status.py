"""Whether a coded event occurred, is planned, alleged, denied or hypothetical, read from its clause.

Cues are vocabularies (``data/vocab``): modal verbs, plan verbs, report and denial verbs, hedging adverbs,
conditional conjunctions. :func:`rule_status` applies them in a fixed order; the trained status model
(:mod:`eventwire.events.coder`) uses its answer as one feature among the clause's words.
"""

from __future__ import annotations

from eventwire.events import syntax
from eventwire.vocab import words


def negated(tok) -> bool:
    """ "did not attack", "no talks", "failed to reach", "refused to meet"."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ == "xcomp" and head is not tok:
        if any(c.dep_ == "neg" for c in head.children):
            return True
        if head.lemma_.lower() in words("failure_verbs"):
            return True
    return False


def rule_status(tok) -> str:
    """The status the clause's cue words give: denied > hypothetical > planned > alleged > occurred."""
    chain = syntax.clause_chain(tok)
    allege = planned = hypothetical = denied = False
    prev = tok
    for node in chain:
        lemma = node.lemma_.lower()
        if node is not tok:
            if lemma in words("denial_verbs") and prev.dep_ in {"ccomp", "xcomp", "pcomp", "dobj"}:
                denied = True
            if lemma in words("allegation_words") and prev.dep_ in {"ccomp", "xcomp", "prep", "pcomp"}:
                allege = True
            attempted = lemma in {"try", "attempt"} and node.tag_ in {"VBD", "VBN"}
            if lemma in words("plan_verbs") and prev.dep_ == "xcomp" and not attempted:
                planned = True
        for child in node.children:
            low = child.lower_
            if child.dep_ == "advmod" and low in words("hedge_adverbs"):
                allege = True
            if child.dep_ == "aux" and (node is tok or prev.dep_ in {"xcomp", "conj"}):
                if child.lemma_.lower() in {"will", "shall"} or low in {"'ll", "going"}:
                    planned = True
                elif low in words("hypothetical_modals"):
                    hypothetical = True
            if child.dep_ == "mark" and low in words("conditional_marks") and node.dep_ == "advcl":
                hypothetical = True
            if child.dep_ == "prep" and low == "according":
                allege = allege or node is tok
        if node is not tok and lemma in words("speech_verbs"):
            break
        prev = node
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lemma_.lower() in words("plan_adjectives")
                                  for c in tok.children):
        planned = True
    if denied:
        return "denied"
    if hypothetical:
        return "hypothetical"
    if planned:
        return "planned"
    if allege:
        return "alleged"
    return "occurred"
