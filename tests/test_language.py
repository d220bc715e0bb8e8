"""The language check: other languages are named, English (even rough, machine-translated English) passes."""

import json

import fault_kit
import pytest

from eventwire.language import foreign_language, guess_language, latin_share


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(fault_kit.RUSSIAN, "ru", "Russian"), (fault_kit.CHINESE, "zh", "Chinese"), (fault_kit.ARABIC, "ar", "Arabic")],
)
def test_language_other_scripts_are_named(text, code, name):
    guess = foreign_language(text)
    assert guess is not None and (guess.code, guess.name) == (code, name)


def test_language_french_in_latin_script_is_named():
    text = (
        "Le ministre des Affaires étrangères a rencontré lundi son homologue chinois à Paris. Les deux hommes ont "
        "discuté de la guerre en Ukraine, du commerce et de la préparation d'une visite d'État au printemps prochain."
    )
    assert foreign_language(text).name == "French"


def test_language_short_text_is_not_judged():
    assert guess_language("Москва заявила.") is None and foreign_language("Iran fired missiles.") is None


def test_language_no_english_article_of_the_shared_corpora_is_rejected(shared_dir, zaobao_text):
    texts = [zaobao_text]
    for name in ("wikinews-politics", "plover-gsr"):
        lines = (shared_dir / "corpora" / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line).get("text") or "" for line in lines if line.strip()]
    assert len(texts) > 400
    assert [t[:60] for t in texts if foreign_language(t) is not None] == []


def test_language_latin_share():
    assert latin_share("Putin met Xi") == 1.0 and latin_share(fault_kit.RUSSIAN) < 0.1
