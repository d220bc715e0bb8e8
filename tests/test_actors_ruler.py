"""The knowledge base as an entity ruler before spaCy's NER: names NER misses become mentions."""

from __future__ import annotations

import pytest

from eventwire.actors.ruler import RULER_NAME, kb_patterns
from eventwire.kb import KnowledgeBase
from eventwire.stages.nlp import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_ruler_sits_before_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")
    assert RULER_NAME not in load_model(kb_ruler=False).pipe_names


def test_ruler_patterns_are_names_as_written():
    patterns = {(p["label"], p["pattern"]) for p in kb_patterns(KnowledgeBase.default())}
    assert ("GPE", "Kyiv") in patterns and ("PERSON", "Trump") in patterns and ("ORG", "Reuters") in patterns
    # The knowledge base's lower-case surname keys and its descriptions are not names.
    assert not any(p == "major" or p == "kuleba" for _, p in patterns)
    assert ("ORG", "US government") not in patterns and ("ORG", "Chinese officials") not in patterns


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Kyiv rejected Moscow's offer.", ("Kyiv", "GPE")),  # the stock model misses "Kyiv" here
        ("Trump claimed the election was stolen.", ("Trump", "PERSON")),  # the stock model says ORG
        ("Israel and Cyprus signed the deal.", ("Cyprus", "GPE")),
    ],
)
def test_ruler_finds_what_ner_misses(nlp, text, entity):
    assert entity in ents(nlp, text)


def test_ruler_is_case_sensitive(nlp):
    assert ("trump", "PERSON") not in ents(nlp, "The ace will trump the king.")


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Singapore Airlines cut its flights to Europe.", "Singapore"),
        ("The Bank of America raised its rates.", "America"),
        ("Thousands of pro-Beijing supporters marched.", "Beijing"),
    ],
)
def test_ruler_leaves_longer_names_to_ner(nlp, text, inside):
    assert not any(t == inside for t, _ in ents(nlp, text))
