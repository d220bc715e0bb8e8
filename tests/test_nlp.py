"""The nlp stage: long articles are parsed in pieces, and no sentence runs on without bound."""

import itertools

from eventwire.document import Doc
from eventwire.stages.nlp import MAX_SENTENCE_CHARS, NLP, PIECE_CHARS, pieces


def test_nlp_short_article_is_one_piece():
    text = "The minister met the ambassador. They talked.\n\nA second paragraph."
    assert pieces(text) == ([(0, len(text))], 0)


def test_nlp_pieces_cover_the_text_and_cut_at_sentence_ends():
    text = ("The minister met the ambassador in Paris on Monday. " * 40 + "\n\n") * 12
    spans, forced = pieces(text)
    assert forced == 0 and len(spans) > 1
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(end - start <= PIECE_CHARS for start, end in spans)
    assert all(text[end - 1].isspace() for _, end in spans[:-1])


def test_nlp_passage_without_sentence_end_is_cut_with_a_note():
    run_on = ", ".join(f"the minister met delegation number {i} in the capital" for i in range(120))
    doc = NLP()(Doc("long", "It began on Monday. " + run_on + ". It ended."))
    assert doc.spacy_doc.text == doc.text
    assert max(s.end - s.start for s in doc.sentences) <= MAX_SENTENCE_CHARS
    assert len(doc.notes) == 1 and "cut(s) made before parsing" in doc.notes[0]


def test_nlp_clauses_joined_by_semicolons_do_not_make_one_endless_sentence():
    clauses = "; ".join(f"the minister met delegation number {i} in the capital, as planned" for i in range(80))
    doc = NLP()(Doc("semicolons", clauses + "."))
    assert max(s.end - s.start for s in doc.sentences) <= MAX_SENTENCE_CHARS
    assert doc.notes


def test_nlp_long_article_parsed_in_pieces_keeps_offsets():
    text = "\n\n".join(f"Paragraph {i}: President Joe Biden met Chancellor Olaf Scholz in Berlin." for i in range(400))
    doc = NLP()(Doc("big", text))
    assert len(text) > PIECE_CHARS and doc.spacy_doc.text == text
    assert all(text[m.start : m.end] == m.text for m in doc.mentions)
    assert sum(1 for m in doc.mentions if m.text == "Olaf Scholz") == 400
