"""Vocabularies: every shipped file loads, and a malformed file fails with E110 naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import vocab
from eventwire.errors import PipelineConfigError


def test_vocab_every_shipped_file_loads():
    names = vocab.validate_all()
    assert set(names) == {p.stem for p in vocab.VOCAB_DIR.glob("*.tsv")}
    for name in names:
        assert vocab.words(name), name  # no empty vocabulary


def test_vocab_mapping_values_are_the_declared_ones():
    sectors = vocab.mapping("role_sectors")
    assert sectors["minister"] == "GOV" and sectors["riot police"] == "COP"
    assert vocab.mapping("months")["march"] == "3"


def write(tmp_path: Path, text: str, name: str = "bad.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("#! kind: words\n#! colour: red\nfoo\n", 2, "unknown header key 'colour'"),
        ("#! kind: mapping\n#! values: GOV MIL\n# a comment\nminister\tGOV\nsoldier\tARMY\n", 5,
         "value 'ARMY' is not one of GOV MIL"),
        ("#! kind: words\nfoo\nbar\nFoo\n", 4, "duplicate entry 'foo'"),
        ("#! kind: mapping\n#! values: GOV MIL\nminister\tGOV\nsoldier\n", 4, "a mapping has two columns"),
        ("#! kind: mapping\nminister\tGOV\tMIL\n", 2, "a mapping has two columns"),
        ("#! kind: words\nforeign minister\tGOV\n", 2, "a word list has one column"),
        ("#! kind: lexicon\nfoo\n", 2, "the header must say"),
        ("# no header\nfoo\n", 2, "the header must say"),
    ],
)
def test_vocab_malformed_file_fails_with_file_and_line(tmp_path, text, line, problem):
    path = write(tmp_path, text)
    with pytest.raises(PipelineConfigError) as err:
        vocab.parse(path)
    assert err.value.code == "E110"
    assert err.value.fields["path"] == f"bad.tsv:{line}"
    assert problem in str(err.value)
    assert f"[E110] Vocabulary bad.tsv:{line}:" in str(err.value)


def test_vocab_validate_all_names_the_bad_file(tmp_path):
    write(tmp_path, "#! kind: words\nfoo\n", "good.tsv")
    write(tmp_path, "#! kind: words\nfoo\nfoo\n", "worse.tsv")
    with pytest.raises(PipelineConfigError, match=r"worse\.tsv:3"):
        vocab.validate_all(tmp_path)


def test_vocab_unknown_name_is_an_error():
    with pytest.raises(PipelineConfigError, match="no such vocabulary"):
        vocab.words("no_such_vocabulary")


def test_vocab_word_list_is_not_a_mapping():
    with pytest.raises(PipelineConfigError, match="is a word list"):
        vocab.mapping("speech_verbs")
