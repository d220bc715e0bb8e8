"""The events stage: the trained coder on sentences written for these tests, and its records.

The sentences are ours, not taken from any gold set; each test states a behaviour the coder must keep
on text it was not read from, and what it must not do.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.document import Doc, Event
from eventwire.records import records


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str, on: date | None = date(2024, 5, 10)) -> list[Event]:
        return pipeline(Doc("t", text, date=on)).events

    return run


@pytest.fixture(scope="module")
def code_every(pipeline):
    """Code with no bar on events whose sides only a convention gives: the conventions themselves speak."""
    from dataclasses import replace

    from eventwire.events.coder import code_events, shipped_models

    shipped = shipped_models()
    every = replace(shipped, settings=replace(shipped.settings, unstated_source=0.0, unstated_target=0.0))

    def run(text: str, on: date | None = date(2024, 5, 10)) -> list[Event]:
        return code_events(pipeline(Doc("t", text, date=on)), every)

    return run


def sides(event: Event) -> tuple[str | None, str | None]:
    def country(mention, actor):
        chosen = mention.actor if mention is not None and mention.actor is not None else actor
        return chosen.country if chosen is not None else None

    return country(event.source, event.source_actor), country(event.target, event.target_actor)


def find(events: list[Event], event_type: str, source: str | None = None, target: str | None = None) -> Event:
    for event in events:
        s, t = sides(event)
        if event.event_type == event_type and (source is None or s == source) and (target is None or t == target):
            return event
    raise AssertionError(f"no {event_type} {source}->{target} in {[(e.event_type, *sides(e)) for e in events]}")


# ---------------------------------------------------------------------------- clear cases
@pytest.mark.parametrize(
    ("text", "event_type", "source", "target"),
    [
        ("Police arrested twenty protesters in Minsk on Sunday.", "COERCE", "BLR", "BLR"),
        ("The Turkish foreign minister met his Greek counterpart in Athens on Tuesday.", "CONSULT", "TUR", "GRC"),
        ("The United States imposed new sanctions on Iran on Thursday.", "SANCTION", "USA", "IRN"),
        ("Brazil's president called on Venezuela to hold free elections.", "REQUEST", "BRA", "VEN"),
        ("Thousands of farmers protested outside the parliament in Paris.", "PROTEST", "FRA", "FRA"),
        ("Japan and South Korea agreed to resume talks on trade.", "AGREE", "JPN", "KOR"),
    ],
)
def test_events_clear_cases(code, text: str, event_type: str, source: str, target: str):
    find(code(text), event_type, source, target)


def test_events_no_event_in_weather_or_business_news(code):
    assert code("The weather in Oslo was cold and wet on Tuesday.") == []
    assert code("The company reported higher profits for the third quarter.") == []


def test_events_light_verb_codes_its_object_once(code):
    events = code("The United States imposed new sanctions on Iran on Thursday.")
    assert [e.event_type for e in events] == ["SANCTION"]
    assert events[0].trigger == "sanctions"


# ---------------------------------------------------------------------------- conventions, status, links
def test_events_agentless_arrest_is_the_polices_of_the_place(code_every):
    # With no bar on unstated sources the convention speaks: the police of the place.
    event = find(code_every("Twenty opposition activists were detained in Minsk on Sunday."), "COERCE")
    assert event.source is None and event.source_actor is not None
    assert (event.source_actor.country, event.source_actor.sector) == ("BLR", "COP")
    assert event.location is not None and event.location.name == "Minsk"


def test_events_an_unstated_side_needs_a_surer_trigger(pipeline):
    from dataclasses import replace

    from eventwire.events.coder import code_events, shipped_models

    shipped = shipped_models()
    assert shipped.settings.unstated_source > 0  # chosen by `eventwire train` (cross-validation)
    strict = replace(shipped, settings=replace(shipped.settings, unstated_source=1.01))
    doc = pipeline(Doc("t", "Twenty opposition activists were detained in Minsk on Sunday.", date=date(2024, 5, 10)))
    assert [e for e in code_events(doc, strict) if e.event_type == "COERCE"] == []
    # A stated source needs no more than any event.
    stated = pipeline(Doc("t", "Police detained twenty opposition activists in Minsk.", date=date(2024, 5, 10)))
    assert find(code_events(stated, strict), "COERCE").source is not None
    # And likewise for a target only a convention gives.
    assert shipped.settings.unstated_target > 0
    strict = replace(shipped, settings=replace(shipped.settings, unstated_target=1.01))
    doc = pipeline(Doc("t", "Thousands of teachers demonstrated in Madrid.", date=date(2024, 5, 10)))
    assert [e for e in code_events(doc, strict) if e.event_type == "PROTEST"] == []
    stated = pipeline(Doc("t", "Students rallied in Caracas against the government.", date=date(2024, 5, 10)))
    assert find(code_events(stated, strict), "PROTEST").target is not None


@pytest.mark.parametrize(
    "text, country",
    [
        ("Thousands of farmers protested in Paris on Monday.", "FRA"),
        ("Hundreds of workers went on strike in Lagos.", "NGA"),
        ("Thousands of teachers demonstrated in Madrid.", "ESP"),
    ],
)
def test_events_protest_without_target_addresses_the_government_where_it_happens(code_every, text, country):
    event = find(code_every(text), "PROTEST")
    assert event.target is None and event.target_actor is not None
    assert (event.target_actor.country, event.target_actor.sector) == (country, "GOV")


def test_events_protest_at_an_institution_targets_that_country_not_the_city(code):
    # Either the stated institution or the convention is right; the city and the protesters are not.
    event = find(code("Thousands of farmers protested outside the parliament in Paris."), "PROTEST")
    target = event.target.actor if event.target is not None else event.target_actor
    assert target is not None and target.country == "FRA" and target.sector in ("LEG", "GOV")
    assert event.target is None or event.target.text == "parliament"


@pytest.mark.parametrize(
    "text, phrase, country",
    [
        ("Israeli bombs hit a school in Gaza on Tuesday.", "Israeli bombs", "ISR"),
        ("Russian missiles struck Kyiv overnight.", "Russian missiles", "RUS"),
        ("Sudanese warplanes bombed a camp near the border.", "Sudanese warplanes", "SDN"),
        ("Military aircraft from Sudan dropped bombs on the camp.", "aircraft", "SDN"),
    ],
)
def test_events_a_states_weapons_are_its_military(pipeline, text, phrase, country):
    doc = pipeline(Doc("t", text, date=date(2024, 5, 10)))
    [mention] = [m for m in doc.arguments if phrase in m.text]
    assert mention.actor is not None and (mention.actor.country, mention.actor.sector) == (country, "MIL")


def test_events_a_weapon_without_a_state_names_no_military(pipeline):
    doc = pipeline(Doc("t", "A bomb exploded in a crowded market in Baghdad, and a drone flew over the city.",
                       date=date(2024, 5, 10)))
    assert all(m.actor is None or m.actor.sector != "MIL" for m in doc.arguments)


def test_events_a_state_acted_on_is_its_government_and_a_sides_own_words_are_not_the_other_side(code, code_every):
    attack = find(code("Russia attacked Ukraine in February 2022."), "ASSAULT")
    assert sides(attack) == ("RUS", "UKR")
    assert attack.target is not None and attack.target.actor is not None and attack.target.actor.sector == "GOV"
    raid = find(code_every("French aircraft bombed targets in Libya."), "ASSAULT")
    assert sides(raid)[0] == "FRA" and sides(raid)[1] != "FRA"


@pytest.mark.parametrize(
    "text, event_type",
    [
        ("A Russian drone strike killed two soldiers near Kharkiv on Monday.", "ASSAULT"),
        ("Five civilians died in an air strike on a village in Idlib.", "ASSAULT"),
        ("Dock workers went on strike in Antwerp on Monday.", "PROTEST"),
        ("Unions called a general strike against the pension reform in France.", "PROTEST"),
    ],
)
def test_events_a_lexicon_sense_decides_the_type_the_model_may_not(code, text, event_type):
    # The training split holds labour strikes only; the lexicon's "strike" with a weapon modifier is an attack.
    assert any(e.event_type == event_type and e.trigger.lower().startswith("strike") for e in code(text))


def test_events_a_known_person_acts_in_the_office_held_on_the_events_day(code):
    # Robert Mugabe was president of Zimbabwe until 21 November 2017 (eventwire/data/actors/offices.tsv).
    arrest = find(code("In November 2017 the army placed Robert Mugabe under house arrest in Harare."), "COERCE")
    assert arrest.target is not None and arrest.target.actor is not None
    assert (arrest.target.actor.country, arrest.target.actor.sector) == ("ZWE", "GOV")
    later = [e for e in code("In 2018 police questioned Robert Mugabe in Harare.") if e.target is not None]
    assert later and all(e.target.actor is not None and e.target.actor.sector != "GOV" for e in later)


def test_events_denying_an_accusation_is_a_rejection(code):
    # corpus/CODING.md: "X denied that ..." is REJECT; the denied act, if any, is coded apart.
    find(code("Sudan's army denied the accusations from South Sudan on Friday."), "REJECT", "SDN", "SSD")
    find(code("The Kenyan government rejected claims that it had armed the rebels."), "REJECT", "KEN")


def test_events_date_and_attribution_are_linked(code):
    event = find(code("Police arrested twenty protesters in Minsk on Sunday."), "COERCE")
    assert event.date is not None and event.date.text == "Sunday" and event.date.value_start == date(2024, 5, 5)
    reported = find(code("According to state media, North Korea fired two missiles into the sea."), "ASSAULT")
    assert reported.attribution is not None and reported.attribution.text == "state media"


def test_events_negated_event_is_never_occurred(code):
    for event in code("Israel did not attack Gaza on Monday."):
        assert event.status != "occurred" or event.event_type == "REJECT"


def test_events_restatement_is_one_event_with_two_mentions(code):
    events = code("Police arrested twenty protesters in Minsk on Sunday. "
                  "The police also arrested two journalists who covered the protest in Minsk.")
    arrests = [e for e in events if e.event_type == "COERCE"]
    assert len(arrests) == 1 and len(arrests[0].mentions) == 2


def test_events_one_sentence_states_an_event_between_two_sides_once(code):
    events = code("A Russian drone strike killed two soldiers near Kharkiv on Monday.")
    assert len([e for e in events if e.event_type == "ASSAULT"]) == 1
    events = code("Israeli jets bombed and shelled Gaza City on Monday.")
    attacks = [e for e in events if e.event_type == "ASSAULT"]
    assert len(attacks) == 1 and sides(attacks[0]) == ("ISR", "PSE")


def test_events_other_words_with_the_same_sides_stay_separate_events(code):
    events = code("The opposition leader in Kenya accused the president of corruption on Monday. "
                  "On Tuesday the Kenyan opposition leader mocked the president again.")
    accusations = [e for e in events if e.event_type == "ACCUSE"]
    assert len({e.trigger for e in accusations}) == len(accusations)


# ---------------------------------------------------------------------------- records
def test_events_records_cite_the_original_text(zaobao_doc, zaobao_text: str):
    rows = records(zaobao_doc, "events")
    assert rows
    for row in rows:
        evidence = row["evidence"]
        assert zaobao_text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert row["rule"].startswith("model:") and 0.0 < row["confidence"] <= 1.0


def test_events_every_record_has_a_country_on_one_side_at_least(zaobao_doc):
    from eventwire.events.coder import shipped_models

    if shipped_models().settings.countryless:
        pytest.skip("the shipped thresholds keep events with no country")
    for row in records(zaobao_doc, "events"):
        assert (row["source"] or {}).get("country") or (row["target"] or {}).get("country")
