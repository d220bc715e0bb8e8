"""Resolution against the knowledge base: no country from a word that merely looks like one named nearby."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors.kb_resolution import institution_key, name_sector
from eventwire.document import Doc
from eventwire.pipeline import Pipeline


@pytest.fixture(scope="module")
def actors_only() -> Pipeline:
    return Pipeline(["repair", "nlp", "actors"])


def mentions(pipe: Pipeline, text: str) -> dict:
    doc = pipe(Doc("t", text, date=date(2023, 3, 17)))
    return {m.text: m for m in doc.mentions}


@pytest.mark.issue(10)
@pytest.mark.parametrize(
    ("text", "word", "state", "country"),
    [
        # Ordinary words, surnames and places beside a state's name never become that state (they did when an
        # unknown word was matched loosely against the states named in the sentences around it).
        ("Russia denied the report. Stone said the meeting never took place.", "Stone", "Russia", "RUS"),
        ("Greece and Cyprus agreed on Friday. The pipeline will reach Crete in 2025.", "Crete", "Cyprus", "CYP"),
        ("Chinese and Czech officials met, the news agency Ceteka said.", "Ceteka", "Chinese", "CHN"),
        ("North Korea said it fired a missile; North, the ship's captain, saw it.", "North", "North Korea", "PRK"),
        ("The United States pledged more aid to Africa.", "Africa", "United States", "USA"),
        ("Libya offered to hand over two suspects wanted by Britain and the West.", "West", "Britain", "GBR"),
        ("Germany and Austria share Germanic traditions.", "Germanic", "Germany", "DEU"),
    ],
)
def test_kb_resolution_no_state_from_a_lookalike_word(actors_only, text, word, state, country):
    found = mentions(actors_only, text)
    assert found[state].actor.country == country  # the state is named, so a loose match had a chance
    assert word in found, f"{word!r} is not a mention: {list(found)}"
    assert found[word].actor.country != country


def test_kb_resolution_misspelt_state_and_tagged_people(actors_only):
    found = mentions(actors_only, "Serbia and Bosnia-Herzogovina signed the accord. Armenians and Azerbaijanis "
                                  "clashed again on the border.")
    assert found["Bosnia-Herzogovina"].actor.country == "BIH"  # a close misspelling of a state's name
    assert (found["Azerbaijanis"].actor.country, found["Azerbaijanis"].actor.sector) == ("AZE", "CVL")


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("Wayne State University", "EDU"),  # the head noun decides, not "State"
        ("Ministry of Justice", "GOV"),
        ("Law and Justice Party", "PTY"),
        ("Xinhua News Agency", "MED"),
        ("The Moscow Times", "MED"),
        ("Alibaba Group", "BUS"),
        ("Acme", None),
    ],
)
def test_kb_resolution_name_sector(name, sector):
    assert name_sector(name.split()) == sector


def test_kb_resolution_institution_key_equates_generic_names():
    assert institution_key("Ministry of Foreign Affairs".split()) == institution_key("Foreign Ministry".split())
    assert institution_key("Nanjing University".split()) is None
