"""Training examples for the three decisions, and fitting a :class:`LinearModel` to them.

Fitting is multinomial logistic regression (scikit-learn, L2, lbfgs): deterministic for the same examples,
CPU-only, seconds on the corpus. scikit-learn is needed to train, never to code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from eventwire.events.features import (
    argument_features,
    is_candidate,
    sector_features,
    status_features,
    trigger_features,
)
from eventwire.events.model import LinearModel
from eventwire.training.align import AlignedDoc, mentions_by_head

NONE = "NONE"
SOURCE, TARGET = "SOURCE", "TARGET"


def _gold_triggers(item: AlignedDoc) -> dict[int, str]:
    """Token -> PLOVER type; where two coded events share a trigger, the required one names its type."""
    labels: dict[int, str] = {}
    for gold in sorted(item.events, key=lambda g: not g.row.get("required", True)):
        if gold.trigger is not None:
            labels.setdefault(gold.trigger, gold.row["type"])
    return labels


def trigger_examples(items: Sequence[AlignedDoc]) -> tuple[list[list[str]], list[str]]:
    features, labels = [], []
    for item in items:
        gold = _gold_triggers(item)
        args = mentions_by_head(item.doc)
        for tok in item.doc.spacy_doc:
            if tok.i in gold or is_candidate(tok):
                features.append(trigger_features(tok, args))
                labels.append(gold.get(tok.i, NONE))
    return features, labels


def argument_candidates(doc, trigger) -> list:
    """The actor phrases an event's source and target are chosen among: those of the trigger's sentence."""
    sent = trigger.sent
    return [m for m in doc.arguments if sent.start <= m.head < sent.end and m.head != trigger.i]


def argument_examples(items: Sequence[AlignedDoc]) -> tuple[list[list[str]], list[str]]:
    features, labels = [], []
    for item in items:
        sdoc = item.doc.spacy_doc
        for gold in item.events:
            if gold.trigger is None:
                continue
            tok = sdoc[gold.trigger]
            candidates = argument_candidates(item.doc, tok)
            for mention in candidates:
                features.append(argument_features(tok, gold.row["type"], mention, candidates))
                labels.append(SOURCE if mention.head in gold.source_heads
                              else TARGET if mention.head in gold.target_heads else NONE)
    return features, labels


def status_examples(items: Sequence[AlignedDoc]) -> tuple[list[list[str]], list[str]]:
    features, labels = [], []
    for item in items:
        for gold in item.events:
            if gold.trigger is not None and gold.row.get("status"):
                tok = item.doc.spacy_doc[gold.trigger]
                features.append(status_features(tok, gold.row["type"]))
                labels.append(gold.row["status"])
    return features, labels


def _phrase(by_head: dict, heads: set[int]):
    """The argument phrase a coder's actor words stand on (the first, for a coordination)."""
    return next((m for h in sorted(heads) for m in by_head.get(h, [])), None)


def sector_examples(items: Sequence[AlignedDoc]) -> tuple[list[list[str]], list[str]]:
    """Each coded side with a sector: the phrase the coder named (or none, for an unstated side) and the sector."""
    features, labels = [], []
    for item in items:
        by_head = mentions_by_head(item.doc)
        for gold in item.events:
            source, target = _phrase(by_head, gold.source_heads), _phrase(by_head, gold.target_heads)
            for side, mine, other in (("source", source, target), ("target", target, source)):
                sector = (gold.row.get(side) or {}).get("sector")
                if isinstance(sector, str):
                    features.append(sector_features(gold.row["type"], side, mine, other))
                    labels.append(sector)
    return features, labels


def fit(features: Sequence[Sequence[str]], labels: Sequence[str], *, c: float = 1.0, min_count: int = 2,
        seed: int = 0, none_weight: float | None = None) -> LinearModel:
    """Multinomial logistic regression over binary features seen at least ``min_count`` times.

    ``none_weight`` weights the examples labelled NONE (the rest weigh 1).
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in features for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    indptr, indices = [0], []
    for row in features:
        cols = sorted({index[f] for f in row if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    matrix = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(features), len(names)))
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    weights = None if none_weight is None else np.array([none_weight if y == NONE else 1.0 for y in labels])
    model.fit(matrix, list(labels), sample_weight=weights)
    classes = [str(k) for k in model.classes_]
    coef = model.coef_.T.astype(np.float32)
    bias = model.intercept_.astype(np.float32)
    if len(classes) == 2:  # binary: scikit-learn keeps one column; the model scores both
        coef = np.hstack([-coef / 2, coef / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2], dtype=np.float32)
    return LinearModel(classes, index, coef, bias)
