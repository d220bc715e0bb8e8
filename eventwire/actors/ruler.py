"""The knowledge base as a spaCy entity ruler: names NER misses become entity mentions.

spaCy's statistical NER is the first door for names, but not the only one: "Kyiv rejected Moscow's offer" can
come out without "Kyiv", and "Trump claimed ..." with "Trump" tagged a common noun. The ruler
(:func:`add_kb_ruler`) sits before ``ner`` in the spaCy pipeline and marks every knowledge-base name and alias
(people, states, places, international bodies, organisations, media, armed groups, parties, courts) as an
entity; NER then labels the rest of the text around them.

Patterns are names as written in running text, matched case-sensitively ("Trump", never "trump"): aliases the
knowledge base writes in lower case (the surname keys it derives, "major" for John Major) and descriptions it
lists ("US government", "Chinese officials") are left out. A match is dropped where NER should decide:

* inside a longer name ("Singapore" in "Singapore Airlines", "America" in "Bank of America") or a
  hyphenated word ("pro-Beijing", "Bosnia-Herzogovina"); a title before a name does not count ("President Trump");
* a one-word match that opens a sentence and is an ordinary English word there ("Independent candidates won"),
  unless the tagger took it for a proper noun; people's names are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import registry

from eventwire.actors.lexicon import HONORIFICS, TITLE_WORDS
from eventwire.kb import KnowledgeBase
from eventwire.vocab import words

RULER_NAME = "kb_entity_ruler"
LABELS = {"person": "PERSON", "state": "GPE", "place": "GPE", "igo": "ORG", "org": "ORG", "media": "ORG",
          "group": "ORG", "party": "ORG", "court": "ORG"}


def kb_patterns(kb: KnowledgeBase) -> list[dict[str, str]]:
    """Phrase patterns (``{"label", "pattern", "id"}``) for every name and alias with a capital letter."""
    patterns: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for entry in kb:
        label = LABELS.get(entry.kind)
        if label is None:
            continue
        for name in (entry.name, *entry.aliases):
            name = name.strip()
            if len(name) < 2 or not _is_proper_name(name) or (label, name) in seen:
                continue
            seen.add((label, name))
            patterns.append({"label": label, "pattern": name, "id": entry.id})
    return patterns


# Words that may stand in lower case inside a proper name ("Bank of England", "Law and Justice").
_NAME_JOINERS = words("name_joiners")


def _is_proper_name(name: str) -> bool:
    """A name as written in running text: every word capitalised but joining words ("Bank of England"), not a
    description the knowledge base also lists ("US government", "Chinese officials")."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w in _NAME_JOINERS for w in words)


@registry.misc("eventwire.kb_ents_filter.v1")
def make_kb_ents_filter():
    return kb_ents_filter


def kb_ents_filter(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """Entities already set, plus the ruler's matches around them (longest first, no overlaps), minus ordinary
    words that open a sentence."""
    kept: list[Span] = list(entities)
    taken: set[int] = {i for span in kept for i in range(span.start, span.end)}
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(i in taken for i in range(span.start, span.end)) or _ordinary_opening_word(span) \
                or _inside_longer_name(span):
            continue
        kept.append(span)
        taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def _capitalised(token) -> bool:
    """A capitalised word that is part of a name (one opening a sentence only when tagged a proper noun)."""
    return token.is_title and token.is_alpha and (not token.is_sent_start or token.pos_ == "PROPN")


def _hyphen_joined(token, hyphen) -> bool:
    """Whether ``hyphen`` is a hyphen written right after ``token`` and right before the next word."""
    return hyphen.text in ("-", "–") and not token.whitespace_ and not hyphen.whitespace_


def _inside_longer_name(span: Span) -> bool:
    """A known name inside a longer one ("Singapore" in "Singapore Airlines", "America" in "Bank of America"):
    NER labels the whole name, so the ruler leaves it alone. A title before a name does not make it longer
    ("President Trump")."""
    doc = span.doc
    if span.end < len(doc) and _capitalised(doc[span.end]):
        return True
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("of", "for") and _capitalised(doc[span.end + 1]):
        return True  # "Italian Supreme Court of Cassation"
    if span.end + 1 < len(doc) and _hyphen_joined(span[-1], doc[span.end]):
        return True  # "Bosnia" in "Bosnia-Herzogovina"
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    if span.start >= 2 and _hyphen_joined(doc[span.start - 2], before):
        return True  # one word with its prefix: "pro-Beijing", "anti-Moscow"
    if before.lower_ in ("of", "de") and span.start >= 2:
        before = doc[span.start - 2]
        if before.lower_ in TITLE_WORDS:
            return False  # "the President of Russia"
    return _capitalised(before) and before.lower_ not in TITLE_WORDS and before.lower_.rstrip(".") not in HONORIFICS


def _ordinary_opening_word(span: Span) -> bool:
    if len(span) != 1 or span.label_ == "PERSON":
        return False
    token = span[0]
    if not token.is_sent_start or token.pos_ == "PROPN":
        return False
    return token.lower_ in _english_words(token.doc.vocab.lang)


_WORDS: dict[str, frozenset[str]] = {}


def _english_words(lang: str) -> frozenset[str]:
    """Common English words: the lemmatizer's word index of the loaded model."""
    return _WORDS.get(lang, frozenset())


def add_kb_ruler(nlp: Language, kb: KnowledgeBase | None = None) -> Language:
    """Add the knowledge-base ruler before ``ner`` (so that NER respects its entities)."""
    if RULER_NAME in nlp.pipe_names:
        return nlp
    lang = nlp.lang or ""
    if "lemmatizer" in nlp.pipe_names and lang not in _WORDS:
        index = cast(Any, nlp.get_pipe("lemmatizer")).lookups.get_table("lemma_index")
        _WORDS[lang] = frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))
    ruler: Any = nlp.add_pipe("span_ruler", name=RULER_NAME, before="ner" if "ner" in nlp.pipe_names else None,
                         config={"spans_key": None, "annotate_ents": True, "overwrite": False,
                                 "ents_filter": {"@misc": "eventwire.kb_ents_filter.v1"},
                                 "validate": False})
    # Patterns are matched on the words only: tokenise them without running the pipes before the ruler.
    with nlp.select_pipes(enable=[RULER_NAME]):
        ruler.add_patterns(kb_patterns(kb or KnowledgeBase.default()))
    return nlp
