"""The quotes stage: direct and reported speech with the speaker resolved to an actor mention."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.document import Doc
from eventwire.pipeline import Pipeline
from eventwire.records import records


@pytest.fixture(scope="module")
def quotes_pipeline() -> Pipeline:
    return Pipeline(["repair", "nlp", "actors", "quotes"])


def run(pipe: Pipeline, text: str) -> Doc:
    return pipe(Doc("q", text, date=date(2023, 3, 17)))


def quote_with(doc: Doc, words: str):
    hits = [q for q in doc.quotes if words in q.text]
    assert hits, f"no quote with {words!r}: {[q.text for q in doc.quotes]}"
    return hits[0]


def test_zaobao_direct_quotes_and_speakers(zaobao_doc):
    peaceful = quote_with(zaobao_doc, "to be peaceful")
    assert peaceful.kind == "direct"
    assert peaceful.speaker.actor.name == "Ministry of Foreign Affairs of China"
    frank = quote_with(zaobao_doc, "bright and bright, frank")
    assert frank.kind == "direct" and frank.speaker.actor.name == "Wang Wenbin"


def test_zaobao_reported_speech(zaobao_doc):
    peace = quote_with(zaobao_doc, "Chinese officials also go to Russia for peace")
    assert peace.kind == "reported" and peace.speaker.actor.name == "Wang Wenbin"
    rifles = quote_with(zaobao_doc, "Chinese companies provided rifles to Russia")
    assert (rifles.speaker.actor.country, rifles.speaker.actor.sector) == ("USA", "MED")
    mediate = quote_with(zaobao_doc, "wants to mediate")
    assert mediate.speaker.text == "Duoxi" and mediate.speaker.actor.name == "James M. Dorsey"


def test_zaobao_quote_records_point_into_the_original(zaobao_doc):
    for rec in records(zaobao_doc, "quotes"):
        assert zaobao_doc.original[rec["start"]:rec["end"]] == rec["quote"]
        assert rec["kind"] in ("direct", "reported")


def test_direct_quote_after_speech_verb_and_pronoun_speaker(quotes_pipeline):
    doc = run(quotes_pipeline, 'Ukrainian President Volodymyr Zelensky arrived in Washington. "We will never '
                               'surrender," he told Congress.')
    q = quote_with(doc, "We will never surrender")
    assert q.kind == "direct"
    assert q.text == "We will never surrender,"
    assert q.speaker.label == "PRON" and q.speaker.actor.name == "Volodymyr Zelensky"


def test_curly_quotes_and_colon(quotes_pipeline):
    doc = run(quotes_pipeline, "Russian Foreign Minister Sergei Lavrov said: “The West has declared a total war on "
                               "us.”")
    q = quote_with(doc, "The West has declared")
    assert q.kind == "direct" and q.speaker.actor.name == "Sergey Lavrov"  # the KB spelling


def test_according_to(quotes_pipeline):
    doc = run(quotes_pipeline, "According to Reuters, the talks in Istanbul collapsed after two hours.")
    q = quote_with(doc, "the talks in Istanbul collapsed")
    assert q.kind == "reported" and q.speaker.text == "Reuters"


def test_no_quote_without_a_speaker_or_with_scare_quotes(quotes_pipeline):
    doc = run(quotes_pipeline, 'It is said that the "deal" will hold. The plan was called "bold".')
    assert doc.quotes == []


def test_paragraph_continuation_keeps_the_speaker(quotes_pipeline):
    doc = run(quotes_pipeline, 'Chinese Foreign Minister Qin Gang said: "We oppose the sanctions." '
                               '"They solve nothing at all."')
    second = quote_with(doc, "They solve nothing")
    assert second.speaker is not None and second.speaker.actor.name == "Qin Gang"
