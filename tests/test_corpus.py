"""The coded corpus: its documents and split, the rendering of their texts, and the codings' integrity."""

from __future__ import annotations

import csv
from collections import defaultdict

from eventwire.evaluation.coding import anchor, check_document, problems
from eventwire.evaluation.corpus import CORPUS_DIR, detokenize, load_documents, render
from eventwire.training.align import coded_docs, coded_rows


def test_corpus_split_is_by_article_and_ecb_topics_stay_in_one_split():
    docs = load_documents()
    assert len({d.doc for d in docs}) == len(docs) >= 250
    topic_splits = defaultdict(set)
    for d in docs:
        if d.source == "ecbplus":
            topic_splits[d.ref.split("/")[3]].add(d.split)
    assert all(len(splits) == 1 for splits in topic_splits.values())
    shares = {s: sum(d.split == s for d in docs) / len(docs) for s in ("train", "dev", "test")}
    assert 0.5 < shares["train"] < 0.7 and 0.15 < shares["dev"] < 0.25 and 0.15 < shares["test"] < 0.25


def test_corpus_never_holds_the_external_gold_articles(shared_dir):
    dev_gold = set((shared_dir / "corpora/wikinews-politics/devgold-ids.txt").read_text().split())
    assert not dev_gold & {d.doc for d in load_documents()}


def test_corpus_every_listed_article_was_coded_once():
    with open(CORPUS_DIR / "coded.tsv", encoding="utf-8") as handle:
        coded = list(csv.DictReader(handle, delimiter="\t"))
    assert sorted(r["doc"] for r in coded) == sorted(d.doc for d in load_documents())
    split = {d.doc: d.split for d in load_documents()}
    assert all(split[r["doc"]] == r["split"] for r in coded)


def test_corpus_codings_point_at_the_rendered_texts():
    by_doc = defaultdict(list)
    for name in ("train", "dev", "test"):
        for row in coded_rows(name):
            by_doc[row["doc"]].append(row)
    assert sum(len(rows) for rows in by_doc.values()) >= 2500
    texts = {d.doc: render(d.source, d.ref) for d in load_documents()}
    found = [issue for doc, rows in by_doc.items() for issue in check_document(rows, texts[doc])]
    assert found == []
    assert {d for s in ("train", "dev", "test") for d in coded_docs(s)} == set(texts)


def test_corpus_detokenize_prints_tokens_as_news_text():
    tokens = 'He said , " we \'re fine " and left ( quickly ) . The U . S . paid $ 5 , 000 at 2 : 30 p . m .'.split()
    assert detokenize(tokens) == 'He said, "we\'re fine" and left (quickly). The U.S. paid $5,000 at 2:30 p.m.'
    assert detokenize(["``", "Yes", ",", "''", "she", "said"]) == "\u201cYes,\u201d she said"


def test_corpus_anchor_finds_spans_and_reports_problems():
    text = "Rebels attacked a convoy. Rebels attacked a base."
    row = {"doc": "d", "id": "e01", "required": True, "type": "ASSAULT", "trigger": "attacked",
           "source": {"country": None, "sector": "REB", "name": "rebels", "text": "Rebels"},
           "target": {"country": None, "sector": None, "name": "base", "text": "a base"},
           "date": None, "status": "occurred", "attribution": None, "evidence": "Rebels attacked", "occurrence": 2}
    assert anchor(row, text) == [] and row["span"] == [26, 41] and row["target"]["span"] == [42, 48]
    ambiguous = dict(row, id="e02", evidence="Rebels attacked")
    ambiguous.pop("span")
    assert "add \"occurrence\"" in anchor(ambiguous, text)[0]
    bad = dict(row, type="FIGHT", source={"country": "XXX", "sector": "FOO", "name": "r"})
    issues = problems(bad)
    assert any("FIGHT" in i for i in issues) and any("XXX" in i for i in issues) and any("FOO" in i for i in issues)
