from eventwire.document import Doc
from eventwire.stages.repair import Repair, _duplicate_spans


def repaired(text: str) -> Doc:
    return Repair()(Doc("t", text))


def assert_map_is_exact(doc: Doc) -> None:
    """Every character kept from the original maps back to itself."""
    for i, char in enumerate(doc.text):
        _start, _end, original = doc.original_span(i, i + 1)
        if char != " ":
            assert original == char, (i, char, original)


def test_repair_glued_sentence_is_split():
    doc = repaired("It was earlier than expected.Essence of the matter.")
    assert doc.text == "It was earlier than expected. Essence of the matter."
    assert_map_is_exact(doc)


def test_repair_glued_quote_is_split():
    doc = repaired('the cooperation was "bright, frank."In terms of exports')
    assert '"bright, frank." In terms' in doc.text


def test_repair_leaves_abbreviations_alone():
    text = "The U.S. Army and the U.N. met at 5 p.m. on Monday."
    assert repaired(text).text == text


def test_repair_duplicated_phrase_is_removed_keeping_final_punctuation():
    doc = repaired("a visit to Russia from March 20th to 22nd from March 20th to 22nd.Foreign Ministry spokesman")
    assert doc.text == "a visit to Russia from March 20th to 22nd. Foreign Ministry spokesman"
    _start, _end, text = doc.original_span(doc.text.index("from"), doc.text.index("22nd") + 4)
    assert text == "from March 20th to 22nd"
    assert_map_is_exact(doc)


def test_repair_doubled_word_removed_but_not_legitimate_doubles():
    assert repaired("inject new new sides").text == "inject new sides"
    assert repaired("he had had enough").text == "he had had enough"
    # A comma between the copies marks a real boundary.
    assert repaired("relations on China, China will").text == "relations on China, China will"


def test_repair_spaced_hyphen_and_possessive():
    doc = repaired("a state -owned firm; China ’s pressure and China’ s might")
    assert doc.text == "a state-owned firm; China’s pressure and China’s might"
    assert_map_is_exact(doc)


def test_repair_glued_function_word():
    assert repaired("on Ukraine issuesIt is vivid").text == "on Ukraine issues It is vivid"


def test_repair_records_each_edit_with_original_offsets():
    doc = repaired("expected.Essence")
    assert doc.repairs == [{"kind": "glued-sentence", "original_start": 8, "original_end": 9, "old": ".", "new": ". "}]


def test_repair_duplicate_spans_longest_repeat_wins():
    text = "from March 20th to 22nd from March 20th to 22nd"
    assert _duplicate_spans(text) == [(0, len("from March 20th to 22nd "))]


def test_repair_sample_article_offsets_round_trip(zaobao_text):
    doc = repaired(zaobao_text)
    assert len(doc.offset_map) == len(doc.text) + 1
    assert_map_is_exact(doc)
    assert "expected. Essence" in doc.text
    assert doc.text.count("from March 20th to 22nd") == 1
