"""quotes: who said what.

Two kinds of quote, each with its speaker resolved to an actor mention of the actors stage:

* ``direct``: words between quotation marks ("...", “...”) of three words or more (shorter ones are scare
  quotes, titles or names). The speaker is the subject of a speech verb in the same sentence
  (``"...," he said``, ``X said: "..."``, ``X responded that the cooperation was "..."``), or the speaker of
  the previous quote in the same paragraph when the quote stands alone.
* ``reported``: the clause a speech or cognition verb introduces (``X said that ...``, ``X pointed out that
  ...``, ``X believes that ...``), and ``according to X, ...``. Only kept when the speaker is an actor
  mention, so "it is said that ..." is not a quote. A reported clause that holds a direct quote is dropped:
  the direct quote is the better record.

Speakers that are pronouns carry the actor the actors stage resolved them to.
"""

from __future__ import annotations

import bisect
import re

from eventwire.document import Doc, Mention, Quote
from eventwire.pipeline import stage
from eventwire.vocab import words

QUOTE_RE = re.compile(r'"([^"\n]{2,2000}?)"|“([^”\n]{2,2000}?)”|«([^»\n]{2,2000}?)»')
# Verbs that introduce quotes and reported speech (one list for the whole pipeline).
SPEECH_VERBS = words("speech_verbs")
MIN_WORDS = 3


@stage("quotes", requires=["doc.mentions.actor"], assigns=["doc.quotes"])
class QuoteFinder:
    """Finds direct and reported quotes and links each to its speaker's mention."""

    def __init__(self, min_words: int = MIN_WORDS) -> None:
        self.min_words = min_words

    def __call__(self, doc: Doc) -> Doc:
        doc.quotes = find_quotes(doc, self.min_words)
        return doc


def find_quotes(doc: Doc, min_words: int = MIN_WORDS) -> list[Quote]:
    """All quotes of a processed document, in text order."""
    _CURRENT.append((doc, _MentionIndex(doc.mentions)))
    try:
        direct = _direct_quotes(doc, min_words)
        reported = _reported_quotes(doc) if doc.spacy_doc is not None else []
    finally:
        _CURRENT.pop()
    kept = [q for q in reported if not any(d.start < q.end and q.start < d.end for d in direct)]
    quotes = sorted(direct + kept, key=lambda q: (q.start, q.end))
    return quotes


def _direct_quotes(doc: Doc, min_words: int) -> list[Quote]:
    text = doc.text
    out: list[Quote] = []
    last_para_speaker: tuple[int, Mention | None] = (-1, None)
    for m in QUOTE_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        start, end = m.start(g), m.end(g)
        inner = text[start:end]
        if len(inner.split()) < min_words:
            continue
        # Trim spaces inside the marks.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        speaker = _speaker_for_direct(doc, m.start(), m.end())
        para = text.rfind("\n\n", 0, start)
        if speaker is None and last_para_speaker[0] == para:
            speaker = last_para_speaker[1]
        if speaker is not None:
            last_para_speaker = (para, speaker)
        out.append(Quote(start, end, text[start:end], speaker, "direct"))
    return out


def _speaker_for_direct(doc: Doc, qstart: int, qend: int) -> Mention | None:
    sdoc = doc.spacy_doc
    if sdoc is None:
        return None
    # The sentences the quote touches, plus the one right after when the quote ends a sentence
    # ('"...," he said.' may be split off by the parser).
    sents = _sentences_touching(sdoc, qstart, qend)
    if sents:
        last = sents[-1]
        if last.end < len(sdoc) and last.end_char <= qend + 2:
            nxt = sdoc[last.end].sent
            sents.append(nxt)
    # First choice: the speech verb that governs the quoted words ('X pointed out that ... "..."').
    around = sdoc.char_span(qstart, qend, alignment_mode="expand")
    inside = [t for t in (around if around is not None else ()) if qstart <= t.idx < qend and not t.is_punct]
    if inside:
        for anc in inside[0].ancestors:
            if not (qstart <= anc.idx < qend) and _is_speech_verb(anc):
                subj = _subject(anc)
                mention = _mention_for(doc, subj) if subj is not None else None
                if mention is not None:
                    return mention
                break
    best = None
    for sent in sents:
        for tok in sent:
            if qstart <= tok.idx < qend:
                continue  # words inside the quote do not introduce it
            if _is_speech_verb(tok):
                subj = _subject(tok)
                mention = _mention_for(doc, subj) if subj is not None else None
                if mention is not None:
                    dist = min(abs(tok.idx - qstart), abs(tok.idx - qend))
                    if best is None or dist < best[0]:
                        best = (dist, mention)
            if tok.lower_ == "according" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "to":
                obj = [c for c in sdoc[tok.i + 1].children if c.dep_ == "pobj"]
                mention = _mention_for(doc, obj[0]) if obj else None
                if mention is not None:
                    best = best or (abs(tok.idx - qstart), mention)
    return best[1] if best else None


def _sentences_touching(sdoc, qstart: int, qend: int) -> list:
    """The sentences that overlap [qstart, qend), found from the quote's own tokens: scanning every sentence of
    the article for every quote made this stage quadratic in the article's length."""
    around = sdoc.char_span(qstart, qend, alignment_mode="expand")
    if around is None or len(around) == 0:
        return [s for s in sdoc.sents if s.start_char < qend and qstart < s.end_char]
    found = []
    sent = around[0].sent
    while True:
        if sent.start_char < qend and qstart < sent.end_char:
            found.append(sent)
        if sent.end >= len(sdoc) or sent.end_char >= qend:
            return found
        sent = sdoc[sent.end].sent


def _reported_quotes(doc: Doc) -> list[Quote]:
    sdoc = doc.spacy_doc
    out: list[Quote] = []
    for tok in sdoc:
        if tok.lower_ == "according" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "to":
            q = _according_to(doc, tok)
            if q is not None:
                out.append(q)
            continue
        if not _is_speech_verb(tok):
            continue
        clauses = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if not clauses:
            continue
        subj = _subject(tok)
        speaker = _mention_for(doc, subj) if subj is not None else None
        if speaker is None:
            continue
        clause = clauses[0]
        toks = sorted(clause.subtree, key=lambda t: t.i)
        if any("\n" in t.text for t in sdoc[tok.i:toks[-1].i + 1] if t.is_space):
            continue  # a clause across a paragraph break is a parse of run-together text, not speech
        # Drop the complementiser and trailing punctuation: the quote is what was said.
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
            toks.pop()
        if len(toks) < MIN_WORDS:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        out.append(Quote(start, end, doc.text[start:end], speaker, "reported"))
    return out


def _according_to(doc: Doc, tok) -> Quote | None:
    sdoc = doc.spacy_doc
    to = sdoc[tok.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    speaker = _mention_for(doc, objs[0])
    if speaker is None:
        return None
    sent = tok.sent
    phrase_end = max(t.i for t in objs[0].subtree) + 1
    # The rest of the sentence is what X says; "according to X" may open or close it.
    if tok.i == sent.start or (tok.i > sent.start and sdoc[tok.i - 1].is_punct and tok.i - 1 == sent.start):
        toks = [t for t in sdoc[phrase_end:sent.end]]
    else:
        toks = [t for t in sdoc[sent.start:tok.i]]
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if len(toks) < MIN_WORDS:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return Quote(start, end, doc.text[start:end], speaker, "reported")


def _is_speech_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "point":
        # "pointed out": only with its particle
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return lemma in SPEECH_VERBS


def _subject(verb):
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return subj[0]
    # "... and added that": the subject of the first verb of the coordination. When the parser hung the
    # speech verb on a verb inside the reported clause ("announced that X will visit ..., and pointed out"),
    # the speaker is the subject of the speech verb that introduces that clause.
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
        if _is_speech_verb(head):
            return _subject(head)
    if head is verb:
        return None
    for anc in [head, *head.ancestors]:
        if anc.dep_ == "ccomp" and _is_speech_verb(anc.head):
            return _subject(anc.head)
    subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj[0] if subj else None


class _MentionIndex:
    """``doc.mentions`` by start offset, so that finding the mentions around a word is a binary search: a scan of
    every mention for every speech verb made this stage quadratic in the article's length."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))
        self.longest = max((m.end - m.start for m in mentions), default=0)

    def covering(self, pos: int) -> list[Mention]:
        """The mentions that may cover ``pos``, in list order."""
        if not self.sorted:
            return self.mentions
        lo = bisect.bisect_left(self.starts, pos - self.longest)
        return self.mentions[lo : bisect.bisect_right(self.starts, pos)]

    def starting_in(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in [lo, hi], in list order."""
        if not self.sorted:
            return self.mentions
        return self.mentions[bisect.bisect_left(self.starts, lo) : bisect.bisect_right(self.starts, hi)]


# The index of the document being processed (set by find_quotes for its duration, then dropped).
_CURRENT: list[tuple[Doc, _MentionIndex]] = []


def _index(doc: Doc) -> _MentionIndex:
    if _CURRENT and _CURRENT[-1][0] is doc and _CURRENT[-1][1].mentions is doc.mentions:
        return _CURRENT[-1][1]
    return _MentionIndex(doc.mentions)


def _mention_for(doc: Doc, tok) -> Mention | None:
    """The actor mention that covers ``tok`` or, failing that, the nearest one in its phrase."""
    if tok is None:
        return None
    pos = tok.idx
    index = _index(doc)
    for m in index.covering(pos):
        if m.start <= pos < m.end and m.actor is not None:
            return m
    lo = min(t.idx for t in tok.subtree)
    hi = max(t.idx + len(t.text) for t in tok.subtree)
    inside = [m for m in index.starting_in(lo, hi) if lo <= m.start and m.end <= hi and m.actor is not None]
    if not inside:
        return None
    # People before bodies: "Foreign Ministry spokesman Wang Wenbin" is Wang speaking.
    inside.sort(key=lambda m: (m.label != "PERSON", abs(m.start - pos)))
    return inside[0]
