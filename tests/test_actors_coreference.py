"""References back within an article: surnames, names rendered from Chinese or misspelled, pronouns."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors.matching import is_pinyin
from eventwire.document import Doc
from eventwire.pipeline import Pipeline


@pytest.fixture(scope="module")
def actors_only() -> Pipeline:
    return Pipeline(["repair", "nlp", "actors"])


def mention(pipe: Pipeline, text: str, name: str):
    doc = pipe(Doc("t", text, date=date(2023, 3, 17)))
    hits = [m for m in doc.mentions if m.text == name]
    assert hits, f"no mention {name!r} in {[m.text for m in doc.mentions]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "name", "person"),
    [
        # Chinese renderings of a surname named before (Pinyin syllables, the same consonant skeleton).
        ("Nancy Pelosi arrived in Taipei on Tuesday. Peiluoxi said the visit showed support for Taiwan.",
         "Peiluoxi", "Nancy Pelosi"),
        ("Antony Blinken arrived in Beijing. Bulinken believes the talks will help.", "Bulinken",
         "Antony Blinken"),
        # A misspelling of a surname named before.
        ("Lydia Buchtmann said the tablets were safe. Bauchtman added that stocks were low.", "Bauchtman",
         "Lydia Buchtmann"),
    ],
)
def test_coreference_rendered_surname_is_the_person_named_before(actors_only, text, name, person):
    m = mention(actors_only, text, name)
    assert m.actor.name == person and m.method == "translit"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("James Dorsey spoke first. Diaz said the talks failed.", "Diaz"),  # same skeleton, neither rendering
        ("Boris Johnson met the press. Johnston said the plan would fail.", "Johnston"),
    ],
)
def test_coreference_other_surnames_stay_other_people(actors_only, text, name):
    m = mention(actors_only, text, name)
    assert m.method != "translit" and m.actor.name == name


@pytest.mark.parametrize(
    ("word", "pinyin"),
    [("Duoxi", True), ("Peiluoxi", True), ("Zhuangzi", True), ("Diaz", False), ("Stone", False),
     ("Dorsey", False), ("Smith", False)],
)
def test_coreference_pinyin_words(word, pinyin):
    assert is_pinyin(word) is pinyin
