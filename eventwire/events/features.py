"""Features of the three decisions the trained coder makes, as strings a :class:`LinearModel` scores.

- trigger: is this word the trigger of a political event, and of which PLOVER type?
- argument: is this actor phrase the event's source, its target, or neither?
- status: is the event stated as occurred, planned, alleged, denied or hypothetical?

Features are read off the parse, the actor layer's resolved phrases and the lexicon; nothing here is fitted to
a sentence. Training and coding call the same functions, so what a model saw is what it gets.
"""

from __future__ import annotations

from eventwire.document import Mention
from eventwire.events import syntax
from eventwire.events.conditions import ConditionReader
from eventwire.events.status import rule_status
from eventwire.vocab import words

POS_CODE = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}
CANDIDATE_POS = {"VERB", "NOUN", "ADJ"}
# Children whose word says what the trigger means ("called *for*", "*no* deal", "*will* attack").
CHILD_WORD_DEPS = {"prt", "prep", "neg", "aux", "auxpass", "advmod", "agent", "dative", "mark", "det", "acomp"}
CHILD_LEMMA_DEPS = {"dobj", "nsubj", "nsubjpass", "xcomp", "ccomp", "attr", "pobj", "compound", "amod", "poss", "oprd"}


def is_candidate(tok) -> bool:
    """Words that may state an event: verbs, nouns and adjectives that are not names or function words."""
    if tok.pos_ not in CANDIDATE_POS or tok.is_stop or not tok.is_alpha or len(tok.text) < 3:
        return False
    return tok.ent_type_ not in {"PERSON", "GPE", "NORP", "ORG", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}


def _actor_class(mentions: list[Mention]) -> list[str]:
    out = []
    for m in mentions:
        actor = m.actor
        if actor is None:
            continue
        out.append(f"sector={actor.sector or '-'}")
        out.append(f"kind={actor.kind or '-'}")
        if actor.country == "IGO":
            out.append("igo")
    return out


def trigger_features(tok, args_by_head: dict[int, list[Mention]]) -> list[str]:
    lemma = tok.lemma_.lower()
    pos = POS_CODE.get(tok.pos_, "X")
    f = [f"w={tok.lower_}", f"l={lemma}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}", f"l|d={lemma}|{tok.dep_}",
         f"suf={tok.lower_[-4:]}", f"l|p={lemma}|{pos}"]
    rows, holding = ConditionReader(args_by_head).entries(tok)
    f += [f"lex={entry.event_type}" for entry in rows]
    for k, entry in enumerate(holding):
        f += [f"lexok={entry.event_type}", f"lexok={entry.event_type}|{entry.mode}"]
        if k == 0:
            f.append(f"lexfirst={entry.event_type}")
    head = tok.head
    if head is not tok:
        f += [f"h={head.lemma_.lower()}", f"h|d={head.lemma_.lower()}|{tok.dep_}", f"hp={head.pos_}|{tok.dep_}"]
        if head.lemma_.lower() in words("speech_verbs"):
            f.append(f"under-speech|d={tok.dep_}")
    has_subj = False
    for child in tok.children:
        dep = child.dep_
        f.append(f"c={dep}")
        if dep in CHILD_WORD_DEPS:
            f.append(f"c={dep}={child.lower_}")
            f.append(f"l|c={lemma}|{dep}={child.lower_}")
            if dep == "prep":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        f.append(f"prep-obj={child.lower_}|{pobj.lemma_.lower()}")
                        f += [f"prep-obj={child.lower_}|{c}" for c in _actor_class(args_by_head.get(pobj.i, []))]
        if dep in CHILD_LEMMA_DEPS:
            f.append(f"c={dep}={child.lemma_.lower()}")
            f.append(f"l|c={lemma}|{dep}={child.lemma_.lower()}")
            if child.ent_type_:
                f.append(f"c={dep}|ent={child.ent_type_}")
            f += [f"c={dep}|{c}" for c in _actor_class(args_by_head.get(child.i, []))]
        if dep in syntax.SUBJECT_DEPS:
            has_subj = True
    if pos == "V":
        f.append(f"voice={'passive' if syntax.passive(tok) else 'active'}")
        f.append(f"subj={'yes' if has_subj else 'no'}")
    if tok.i > 0:
        f.append(f"prev={tok.doc[tok.i - 1].lower_}")
    if tok.i + 1 < len(tok.doc):
        f.append(f"next={tok.doc[tok.i + 1].lower_}")
    if syntax.in_quotes(tok):
        f.append("quoted")
    return f


def argument_features(tok, event_type: str, mention: Mention, candidates: list[Mention]) -> list[str]:
    """Features of one (trigger, actor phrase) pair, among the sentence's ``candidates``."""
    n_candidates = len(candidates)
    head = tok.doc[mention.head]
    route = syntax.path(tok, head) or "far"
    actor = mention.actor
    before = head.i < tok.i
    distance = abs(head.i - tok.i)
    bucket = next((str(limit) for limit in (1, 3, 6, 12) if distance <= limit), "far")
    voice = "passive" if tok.pos_ in {"VERB", "AUX"} and syntax.passive(tok) else "active"
    f = [f"path={route}", f"type|path={event_type}|{route}", f"voice|path={voice}|{route}",
         f"pos|path={tok.pos_}|{route}", f"side={'before' if before else 'after'}", f"dist={bucket}",
         f"type|side={event_type}|{'before' if before else 'after'}", f"label={mention.label}",
         f"hdep={head.dep_}", f"type|hdep={event_type}|{head.dep_}", f"l|path={tok.lemma_.lower()}|{route}",
         f"method={mention.method.split(':')[0].split('+')[0]}", f"n={min(n_candidates, 6)}"]
    steps = route.split("/")
    f.append(f"first={steps[0]}")
    f.append(f"last={steps[-1]}")
    f.append(f"type|last={event_type}|{steps[-1]}")
    if actor is not None:
        f += [f"sector={actor.sector or '-'}", f"kind={actor.kind or '-'}",
              f"type|sector={event_type}|{actor.sector or '-'}", f"country={'yes' if actor.country else 'no'}"]
        if actor.country == "IGO":
            f.append("igo")
    if head.pos_ == "PRON":
        f.append(f"pronoun={head.lower_}")
    if syntax.in_quotes(head):
        f.append("quoted")
    # How many actor phrases stand between it and the trigger on its side: the nearest one is usually the
    # subject (before) or the object (after).
    nearer = sum(1 for m in candidates if m.head != mention.head and (m.head < tok.i) == before
                 and abs(m.head - tok.i) < distance)
    rank = f"{'before' if before else 'after'}{min(nearer, 2)}"
    f += [f"rank={rank}", f"type|rank={event_type}|{rank}", f"type|label|side={event_type}|{mention.label}|{before}"]
    # The one who speaks: the subject of a speech verb the trigger's clause depends on ("X said Y attacked").
    for node in syntax.clause_chain(tok)[1:]:
        if node.lemma_.lower() in words("speech_verbs") and any(
                c.i == head.i and c.dep_ in syntax.SUBJECT_DEPS for c in node.children):
            f += ["speaker", f"type|speaker={event_type}"]
    if syntax.in_quotes(tok) and not syntax.in_quotes(head):
        f.append(f"outside-quote|type={event_type}")
    return f


def status_features(tok, event_type: str) -> list[str]:
    """Features of the clause around a trigger that say whether its event happened."""
    f = [f"type={event_type}", f"t={tok.tag_}", f"pos={tok.pos_}"]
    chain = syntax.clause_chain(tok)
    for depth, node in enumerate(chain):
        lemma = node.lemma_.lower()
        if depth:
            f.append(f"up={lemma}")
            f.append(f"up{min(depth, 3)}={lemma}|{chain[depth - 1].dep_}")
        for child in node.children:
            if child.dep_ in {"aux", "auxpass", "neg", "mark", "advmod"}:
                f.append(f"{'self' if depth == 0 else 'up'}|{child.dep_}={child.lower_}")
            if child.dep_ == "prep" and child.lower_ == "according":
                f.append("according-to")
        if node.dep_ == "advcl":
            f += [f"advcl-mark={m.lower_}" for m in node.children if m.dep_ == "mark"]
    for child in tok.children:
        if child.dep_ == "amod":
            f.append(f"amod={child.lemma_.lower()}")
        if child.dep_ == "det" and child.lower_ == "no":
            f.append("det=no")
    if syntax.in_quotes(tok):
        f.append("quoted")
    f.append(f"rule={rule_status(tok)}")
    return f


def sector_features(event_type: str, side: str, mention: Mention | None, other: Mention | None) -> list[str]:
    """Features of which CAMEO sector an event side acts in: its actor's own sector and kind, the event type
    and side ("Israel" attacking is its military; "Israel" protesting is its government)."""
    actor = mention.actor if mention is not None else None
    own = actor.sector if actor is not None and actor.sector else "-"
    kind = actor.kind if actor is not None and actor.kind else "-"
    stated = "yes" if mention is not None and mention.text else "no"
    f = [f"own={own}", f"kind={kind}", f"type|side={event_type}|{side}", f"type|side|own={event_type}|{side}|{own}",
         f"type|side|kind={event_type}|{side}|{kind}", f"stated={stated}"]
    if mention is not None and mention.head >= 0 and mention.text:
        f.append(f"label={mention.label}")
        f.append(f"method={mention.method.split(':')[0].split('+')[0]}")
        words_in = mention.text.lower().split()
        f += [f"word={w}" for w in words_in[-3:]]
        f.append(f"type|last-word={event_type}|{words_in[-1] if words_in else '-'}")
    if other is not None and other.actor is not None:
        f.append(f"other={other.actor.sector or '-'}")
        f.append(f"type|side|other={event_type}|{side}|{other.actor.sector or '-'}")
        f.append(f"same-country={'yes' if actor is not None and actor.country == other.actor.country else 'no'}")
    return f
