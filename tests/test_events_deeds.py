"""The doer of a deed named in place of an actor (eventwire/events/deeds.py), on sentences written for these
tests: the reaction is aimed at whoever did the deed, never at the deed's victim."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.document import Doc, Event
from eventwire.events.conventions import takes_deed_doer


@pytest.fixture(scope="module")
def code():
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()

    def run(text: str) -> list[Event]:
        return pipeline(Doc("t", text, date=date(2024, 5, 10))).events

    return run


def target_of(events: list[Event], event_type: str) -> tuple[str | None, str | None]:
    for event in events:
        if event.event_type == event_type:
            actor = event.target.actor if event.target is not None else event.target_actor
            return (event.target.text if event.target is not None else None,
                    actor.country if actor is not None else None)
    raise AssertionError(f"no {event_type} in {[e.event_type for e in events]}")


def test_deeds_are_data():
    assert takes_deed_doer("ACCUSE", "target") and takes_deed_doer("REJECT", "target")
    assert not takes_deed_doer("CONSULT", "target") and not takes_deed_doer("ACCUSE", "source")


def test_deeds_a_condemned_deed_of_an_earlier_sentence_is_its_doers(code_text):
    events = code_text("Sudanese warplanes bombed a refugee camp in South Sudan on Thursday. "
                       "The White House condemned the bombing.")
    assert target_of([e for e in events if e.trigger == "condemned"], "ACCUSE") == ("Sudanese warplanes", "SDN")


def test_deeds_the_doer_inside_the_deeds_phrase_not_its_victim(code):
    assert target_of(code("The United States condemned the Israeli strike on the school."), "ACCUSE")[1] == "ISR"
    assert target_of(code("Kiir denied the claims from Khartoum on Thursday."), "REJECT") == ("Khartoum", "SDN")


@pytest.fixture(scope="module")
def doer_in():
    from eventwire.events.coder import arguments_by_head
    from eventwire.events.conditions import ConditionReader
    from eventwire.events.deeds import doer
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()

    def run(text: str, word: str):
        doc = pipeline(Doc("t", text, date=date(2024, 5, 10)))
        arguments = arguments_by_head(doc)
        [tok] = [t for t in doc.spacy_doc if t.text == word]
        found = doer(tok, arguments, ConditionReader(arguments), [])
        return found.text if found is not None else None

    return run


def test_deeds_the_doer_is_found_by_the_deeds_own_words(doer_in):
    assert doer_in("The Turkish minister condemned the attack by Hamas.", "condemned") == "Hamas"
    assert doer_in("Egypt condemned Israel's strike in Rafah.", "condemned") == "Israel"


def test_deeds_no_doer_for_a_victim_or_a_word_that_names_no_deed(doer_in):
    assert doer_in("The Turkish minister condemned the attack on Israel.", "condemned") is None
    assert doer_in("The Turkish minister condemned the new education policy of Greece.", "condemned") is None
    assert doer_in("The Turkish minister met the French ambassador.", "met") is None


@pytest.fixture(scope="module")
def code_text(code):
    return code
