"""Training the coder: coded events laid over the parse, examples, and a deterministic fit."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.training.align import align, process, repaired_span
from eventwire.training.fit import argument_examples, fit, sector_examples, status_examples, trigger_examples

TEXT = "Police arrested twenty protesters in Minsk on Sunday. Russian troops attacked a village near Kharkiv."


def _row(doc: str, eid: str, kind: str, trigger: str, source: str | None, target: str | None, **extra) -> dict:
    def span(words: str | None) -> list[int] | None:
        return None if words is None else [TEXT.index(words), TEXT.index(words) + len(words)]

    row = {"doc": doc, "id": eid, "required": True, "type": kind, "trigger": trigger, "trigger_span": span(trigger),
           "source": {"country": extra.get("sc"), "sector": extra.get("ss"), "name": "x", "text": source,
                      "span": span(source)},
           "target": {"country": extra.get("tc"), "sector": extra.get("ts"), "name": "y", "text": target,
                      "span": span(target)},
           "status": "occurred"}
    return row


@pytest.fixture(scope="module")
def aligned():
    rows = [_row("t", "e01", "COERCE", "arrested", "Police", "twenty protesters", sc="BLR", ss="COP", tc="BLR",
                 ts="CVL"),
            _row("t", "e02", "ASSAULT", "attacked", "Russian troops", "a village", sc="RUS", ss="MIL")]
    doc = next(process([{"id": "t", "text": TEXT, "date": "2024-05-10"}]))
    return align(doc, rows)


def test_training_align_places_triggers_and_argument_heads(aligned):
    sdoc = aligned.doc.spacy_doc
    arrest, attack = aligned.events
    assert sdoc[arrest.trigger].text == "arrested" and sdoc[attack.trigger].text == "attacked"
    assert {sdoc[i].text for i in arrest.source_heads} == {"Police"}
    assert {sdoc[i].text for i in arrest.target_heads} == {"protesters"}
    assert {sdoc[i].text for i in attack.source_heads} == {"troops"}


def test_training_examples_label_what_was_coded(aligned):
    _, labels = trigger_examples([aligned])
    assert labels.count("COERCE") == 1 and labels.count("ASSAULT") == 1 and "NONE" in labels
    _, roles = argument_examples([aligned])
    assert roles.count("SOURCE") >= 2 and roles.count("TARGET") >= 1
    _, statuses = status_examples([aligned])
    assert statuses == ["occurred", "occurred"]
    _, sectors = sector_examples([aligned])
    assert sorted(sectors) == ["COP", "CVL", "MIL"]


def test_training_fit_is_deterministic(aligned):
    features, labels = trigger_examples([aligned])
    first = fit(features, labels, min_count=1, none_weight=0.1)
    second = fit(features, labels, min_count=1, none_weight=0.1)
    assert first.labels == second.labels and first.index == second.index
    assert np.array_equal(first.weights, second.weights) and np.array_equal(first.bias, second.bias)


def test_training_repaired_span_inverts_the_offset_map():
    from eventwire.document import Doc

    doc = Doc("t", "ab")
    doc.text, doc.offset_map = "a b", [0, 1, 1, 2]  # a space inserted by repair
    assert repaired_span(doc, 1, 2) == (2, 3)


def test_training_folds_hold_each_article_out_once_and_keep_an_ecb_topic_together():
    from types import SimpleNamespace

    from eventwire.training.train import folds

    ids = [f"ecb_{topic}_{n}ecbplus" for topic in (1, 2, 3, 4, 5, 6) for n in (1, 2, 3)] + \
        [f"wn_article_{n}" for n in range(12)]
    items = [SimpleNamespace(doc=SimpleNamespace(id=i)) for i in ids]
    split = folds(items, seed=0, k=5)  # type: ignore[arg-type]
    held_out = [i.doc.id for _, held in split for i in held]
    assert sorted(held_out) == sorted(ids)  # every article held out exactly once
    for fit_on, held in split:
        assert not {i.doc.id for i in fit_on} & {i.doc.id for i in held}
        topics_held = {i.doc.id.split("_")[1] for i in held if i.doc.id.startswith("ecb_")}
        assert not any(i.doc.id.startswith("ecb_") and i.doc.id.split("_")[1] in topics_held for i in fit_on)
    again = folds(items, seed=0, k=5)  # type: ignore[arg-type]
    assert [[i.doc.id for i in held] for _, held in again] == [[i.doc.id for i in held] for _, held in split]
