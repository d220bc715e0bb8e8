"""An event's date, place and attribution, linked from its clause.

- date: the time expression attached nearest to the trigger within its clause chain; a verbal event (a
  demand, an accusation) may take the date of the reporting verb above it; else the date of the same
  paragraph's only dated clause before it (news states a date once and goes on);
- place: the first geocodable place in an "in/at/near PLACE" phrase on the trigger or its clause, or on
  the target's phrase;
- attribution: "according to X", or the subject of a reporting verb above the trigger.
"""

from __future__ import annotations

from eventwire.document import Doc, Location, Mention, TimeExpression
from eventwire.events import syntax
from eventwire.geo import geocode
from eventwire.vocab import words

VERBAL_TYPES = {"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


class Linker:
    """Date, place and attribution look-ups over one document."""

    def __init__(self, doc: Doc, arguments: dict[int, list[Mention]]) -> None:
        self.doc = doc
        self.sdoc = doc.spacy_doc
        self.arguments = arguments
        self.times: dict[int, TimeExpression] = {}
        for timex in doc.times:
            if timex.value_start is None:
                continue
            span = self.sdoc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span):
                self.times[span.root.i] = timex

    # -- date -----------------------------------------------------------------------------------------------------
    def date(self, tok, event_type: str) -> TimeExpression | None:
        chain = syntax.clause_chain(tok)
        speech = words("speech_verbs")
        family: dict[int, int] = {}
        for depth, node in enumerate(chain):
            if node is not tok and node.lemma_.lower() in speech:
                if event_type in VERBAL_TYPES:
                    family[node.i] = depth + 10  # only when the clause itself names no time
                break
            family[node.i] = depth
        best: tuple[int, int, TimeExpression] | None = None
        sent = tok.sent
        for head_i, timex in self.times.items():
            if not (sent.start <= head_i < sent.end):
                continue
            anchor, hops = self.sdoc[head_i], 0
            while anchor.i not in family and anchor.head is not anchor and hops < 6:
                if anchor.pos_ in {"VERB", "AUX"} and hops > 0:
                    break
                anchor, hops = anchor.head, hops + 1
            if anchor.i not in family:
                continue
            rank = (family[anchor.i], abs(head_i - tok.i))
            if best is None or rank < best[:2]:
                best = (*rank, timex)
        return best[2] if best else None

    def context_date(self, tok) -> TimeExpression | None:
        """A date given shortly before, in the event's paragraph or the two sentences before it: news names the
        day once and goes on ("On Friday, X ... . It also ...")."""
        paragraph_start = self.doc.text.rfind("\n\n", 0, tok.idx) + 1
        sentence = self.doc.sentence_index(tok.idx)
        window_start = self.doc.sentences[max(0, sentence - 2)].start if sentence >= 0 else paragraph_start
        start = min(paragraph_start, window_start)
        earlier = [(head_i, t) for head_i, t in self.times.items()
                   if start <= t.start < tok.idx and t.granularity in {"day", "range", "week"}]
        return max(earlier, key=lambda item: item[0])[1] if earlier else None

    # -- place ----------------------------------------------------------------------------------------------------
    def _is_place(self, tok) -> bool:
        return tok.ent_type_ in PLACE_LABELS

    def _geocode(self, tok, prefer: str | None) -> Location | None:
        span = self.sdoc[tok.left_edge.i: tok.i + 1] if tok.ent_iob_ == "I" or tok.ent_type_ else None
        if span is not None:
            ents = [e for e in self.sdoc.ents if e.start <= tok.i < e.end]
            if ents:
                ent = ents[0]
                return geocode(ent.text, start=ent.start_char, end=ent.end_char, prefer_country=prefer)
        return geocode(tok.text, start=tok.idx, end=tok.idx + len(tok.text), prefer_country=prefer)

    def _place_after_preposition(self, node, prefer: str | None) -> Location | None:
        preps = words("place_prepositions")
        for prep in node.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and self._is_place(pobj):
                        found = self._geocode(pobj, prefer)
                        if found is not None:
                            return found
        return None

    def place(self, tok, source: Mention | None, target: Mention | None) -> Location | None:
        prefer = source.actor.country if source is not None and source.actor is not None else None
        speech = words("speech_verbs")
        for node in syntax.clause_chain(tok)[:3]:
            if node is not tok and node.lemma_.lower() in speech:
                break
            found = self._place_after_preposition(node, prefer)
            if found is not None:
                return found
        for side in (target, source):
            if side is not None and side.head >= 0:
                found = self._place_after_preposition(self.sdoc[side.head], prefer)
                if found is not None:
                    return found
        for sub in tok.subtree:
            if sub.dep_ == "pobj" and sub.head.lower_ in words("place_prepositions") and self._is_place(sub):
                between = [a for a in sub.ancestors if tok in a.ancestors]
                if len(between) <= 3 and not any(a.dep_ in {"ccomp", "relcl", "advcl", "acl"} for a in between):
                    found = self._geocode(sub, prefer)
                    if found is not None:
                        return found
        return None

    # -- attribution ----------------------------------------------------------------------------------------------
    def _speaker(self, tok) -> Mention | None:
        found = self.arguments.get(tok.i)
        if found:
            return found[0]
        span = self.sdoc[tok.left_edge.i: tok.i + 1]
        return Mention(span.start_char, span.end_char, span.text, "ROLE", method="events:speaker",
                       sentence=self.doc.sentence_index(span.start_char), head=tok.i)

    def attribution(self, tok) -> Mention | None:
        speech = words("speech_verbs")
        for node in syntax.clause_chain(tok):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ == "according":
                    for to in child.children:
                        for pobj in to.children:
                            if pobj.dep_ == "pobj":
                                return self._speaker(pobj)
            if node is not tok and node.lemma_.lower() in speech:
                subjects = [c for c in node.children if c.dep_ in syntax.SUBJECT_DEPS]
                if subjects:
                    return self._speaker(subjects[0])
                agents = syntax.agents(node)
                return self._speaker(agents[0]) if agents else None
            for child in node.children:
                if child.dep_ in {"parataxis", "ccomp"} and child.lemma_.lower() in speech and child.i > tok.i:
                    for sub in child.children:
                        if sub.dep_ in syntax.SUBJECT_DEPS:
                            return self._speaker(sub)
        return None
