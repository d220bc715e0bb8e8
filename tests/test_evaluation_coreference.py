"""ECB+ event coreference: metrics, the reader, and a CI floor for eventwire.merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluation.coreference import bcubed, evaluate, load_ecbplus, pairwise, split_topics

# Two held-out test topics (41: Israel-Gaza assault / Sudan bombing of a refugee camp; 42: T-Mobile
# adding a BlackBerry model, two launches) keep this under a minute. Measured: pairwise F1 0.377, B-cubed F1 0.772
# (same-lemma baseline 0.333 / 0.722). The whole test split is printed by `eventwire evaluate-merge test`.
FLOOR_TOPICS = (41, 42)
FLOOR_PAIRWISE_F1 = 0.36
FLOOR_BCUBED_F1 = 0.75


def test_pairwise_and_bcubed_on_a_hand_example() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "3"}
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
    # Pairs: predicted ab ac bc, gold ab -> P 1/3, R 1.
    assert pairwise(pred, gold) == {"p": 0.3333, "r": 1.0, "f1": 0.5}
    # B-cubed precision: a 2/3, b 2/3, c 1/3, d 1 -> 2/3; recall 1 for every mention.
    assert bcubed(pred, gold) == {"p": 0.6667, "r": 1.0, "f1": 0.8}
    assert bcubed(gold, gold) == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_split_topics() -> None:
    assert split_topics("test") == tuple(range(36, 46))
    assert split_topics("all") is None
    with pytest.raises(ValueError):
        split_topics("train")


def test_reader_keeps_event_mentions_of_annotated_sentences_only(shared_dir: Path) -> None:
    docs = load_ecbplus(shared_dir / "corpora" / "ecbplus", [38])
    assert len(docs) == 15  # topic 38 holds 15 articles
    mentions = [m for d in docs for m in d.mentions]
    assert mentions and all(m.text == d.text[m.start : m.end] for d in docs for m in d.mentions)
    # Cross-document chains link mentions of different articles.
    by_chain: dict[str, set[str]] = {}
    for m in mentions:
        by_chain.setdefault(m.gold, set()).add(m.doc)
    assert any(len(docs_) > 1 for docs_ in by_chain.values())


@pytest.mark.slow
def test_merge_floor_on_ecbplus_test_topics(shared_dir: Path) -> None:
    report = evaluate(shared_dir / "corpora" / "ecbplus", FLOOR_TOPICS)
    ours, lemma = report["eventwire"], report["same_lemma"]
    assert ours["pairwise"]["f1"] >= FLOOR_PAIRWISE_F1, ours
    assert ours["bcubed"]["f1"] >= FLOOR_BCUBED_F1, ours
    # Participants and article context must add something over grouping by lemma alone.
    assert ours["bcubed"]["f1"] > lemma["bcubed"]["f1"]
