"""Event coreference on ECB+: how well :mod:`eventwire.merge` groups mentions of the same event.

ECB+ (``../shared/corpora/ecbplus``) has 43 topics; each mixes articles on two
similar but different events (the ECB and the ECB+ half: two bombings, two
rehab check-ins). Its annotators marked every event mention in the sentences
listed in ``ECBplus_coreference_sentences.csv`` and linked mentions of the
same event within and across articles.

What is scored, honestly stated:

- **Items** are the *gold* event mentions (ACTION_* and NEG_* markables) of
  the exhaustively annotated sentences. Our own event stage codes political
  PLOVER events only and would find few of these celebrity, sports and
  disaster events, so detection is not part of this score; grouping is.
- **Features** are ours, as ``eventwire merge`` uses them on stored events:
  the trigger lemma (spaCy ``en_core_web_sm``), the PLOVER types our event
  lexicon gives that lemma (different known types never merge), the actors
  spaCy finds in the mention's sentence (as the event's participants), the
  actors of the whole article (context) and the sentence text (rapidfuzz).
  ECB+ times carry no values and articles no dates, so time is unknown.
- **Clustering** runs within each topic (gold topics given, as usual for
  ECB+), across and within documents together. Gold clusters are the
  CROSS_DOC_COREF chains (INTRA_DOC_COREF ones inside a document); a mention
  in no chain is its own cluster. Scores are pairwise (over mention pairs put
  together) and B-cubed P/R/F1 over all mentions, singletons included.
- The weights and threshold were set on the dev topics (2 5 12 18 21 23 34
  35); the test topics (36-45) are the held-out figure. The same-lemma
  baseline (one cluster per trigger lemma per topic) is printed beside ours.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eventwire.merge import Item, MergeConfig, actor_keys, cluster

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = tuple(range(36, 46))
SPLITS = {"dev": DEV_TOPICS, "test": TEST_TOPICS}
EVENT_TAGS = ("ACTION_", "NEG_")
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

# Tuned on the dev topics: no dates, so participants, trigger and context carry the decision.
ECB_CONFIG = MergeConfig(
    threshold=0.65,
    strict_actors=False,
    require_actor=False,
    same_doc=True,
    fuzzy_trigger=False,
    weights={"actor": 0.1, "time": 0.0, "trigger": 0.6, "text": 0.0, "context": 0.3},
)


@dataclass
class EcbMention:
    id: str  # "<doc>:<m_id>"
    topic: int
    doc: str
    sentence: int
    start: int  # character offsets in the document text (tokens joined by spaces)
    end: int
    text: str
    gold: str  # gold cluster id


@dataclass
class EcbDoc:
    name: str
    topic: int
    text: str
    sentences: dict[int, tuple[int, int]]  # ECB sentence number -> character span
    mentions: list[EcbMention] = field(default_factory=list)


def split_topics(split: str) -> tuple[int, ...] | None:
    """Topic numbers of a split name (dev, test, all); None for all."""
    if split == "all":
        return None
    if split not in SPLITS:
        raise ValueError(f"unknown ECB+ split {split!r}; use dev, test or all")
    return SPLITS[split]


def load_ecbplus(root: str | Path, topics: Iterable[int] | None = None) -> list[EcbDoc]:
    """The ECB+ documents of ``topics`` with their gold event mentions in the annotated sentences."""
    root = Path(root)
    wanted = set(topics) if topics is not None else None
    annotated: set[tuple[str, int]] = set()
    with (root / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            annotated.add((row["File"], int(row["Sentence Number"])))
    docs = []
    for folder in sorted((p for p in (root / "ECB+").iterdir() if p.is_dir()), key=lambda p: int(p.name)):
        topic = int(folder.name)
        if wanted is not None and topic not in wanted:
            continue
        for path in sorted(folder.glob("*.xml")):
            docs.append(_read_doc(path, topic, annotated))
    return docs


def _read_doc(path: Path, topic: int, annotated: set[tuple[str, int]]) -> EcbDoc:
    root = ET.parse(path).getroot()
    stem = path.stem  # e.g. 1_10ecbplus; the CSV names files without the topic prefix
    file_key = stem.split("_", 1)[1]
    tokens: dict[str, tuple[int, int, int]] = {}  # t_id -> (sentence, start, end)
    parts: list[str] = []
    sentences: dict[int, tuple[int, int]] = {}
    pos = 0
    for token in root.iter("token"):
        sentence = int(token.attrib["sentence"])
        word = token.text or ""
        if parts:
            pos += 1
        tokens[token.attrib["t_id"]] = (sentence, pos, pos + len(word))
        start, _ = sentences.get(sentence, (pos, pos))
        sentences[sentence] = (start, pos + len(word))
        parts.append(word)
        pos += len(word)
    text = " ".join(parts)
    chains: dict[str, str] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        for source in relation.iter("source"):
            chains[source.attrib["m_id"]] = relation.attrib["note"]
    for relation in root.iter("INTRA_DOC_COREF"):
        target = relation.find("target")
        for source in relation.iter("source"):
            chains.setdefault(source.attrib["m_id"], f"{stem}:intra:{target.get('m_id') if target is not None else ''}")
    doc = EcbDoc(stem, topic, text, sentences)
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        anchors = [a.get("t_id") for a in markable.iter("token_anchor")]
        if not markable.tag.startswith(EVENT_TAGS) or not anchors:
            continue
        spans = [tokens[t] for t in anchors if t in tokens]
        sentence = spans[0][0]
        if (file_key, sentence) not in annotated:
            continue
        start, end = min(s[1] for s in spans), max(s[2] for s in spans)
        m_id = markable.attrib["m_id"]
        doc.mentions.append(
            EcbMention(
                f"{stem}:{m_id}",
                topic,
                stem,
                sentence,
                start,
                end,
                text[start:end],
                chains.get(m_id, f"{stem}:single:{m_id}"),
            )
        )
    return doc


def _lexicon_types() -> dict[tuple[str, str], frozenset[str]]:
    try:
        from eventwire.events.lexicon import lexicon
    except ImportError:  # the event lexicon is optional for this scorer
        return {}
    return {key: frozenset(e.event_type for e in entries) for key, entries in lexicon().items()}


def build_items(docs: list[EcbDoc], nlp: Any = None) -> tuple[list[Item], dict[str, str]]:
    """Merge items for every gold mention (our features), and the gold cluster of each."""
    from eventwire.stages.nlp import load_model

    nlp = nlp or load_model(disable=("parser",))
    types = _lexicon_types()
    items: list[Item] = []
    gold: dict[str, str] = {}
    for doc, sdoc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        ents = [e for e in sdoc.ents if e.label_ in ACTOR_LABELS]
        context = frozenset(k for e in ents for k in actor_keys(None, e.text, None))
        for m in doc.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            head = span[-1] if span is not None and len(span) else None
            lemma = (head.lemma_ if head is not None else m.text).lower()
            pos = {"VERB": "V", "NOUN": "N", "ADJ": "A"}.get(head.pos_ if head is not None else "", "")
            s_start, s_end = doc.sentences[m.sentence]
            participants = frozenset(
                k for e in ents if s_start <= e.start_char < s_end for k in actor_keys(None, e.text, None)
            )
            items.append(
                Item(
                    id=m.id,
                    doc=m.doc,
                    block=str(m.topic),
                    types=types.get((lemma, pos), frozenset()),
                    source=participants,
                    trigger=lemma,
                    text=doc.text[s_start:s_end],
                    context=context,
                )
            )
            gold[m.id] = m.gold
    return items, gold


# -- metrics ------------------------------------------------------------------------------------------------


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Precision and recall over the mention pairs each side puts in one cluster."""

    def pairs(assign: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for mention, cluster_id in assign.items():
            groups[cluster_id].append(mention)
        return {(a, b) for ms in groups.values() for i, a in enumerate(sorted(ms)) for b in sorted(ms)[i + 1 :]}

    p_pairs, g_pairs = pairs(pred), pairs(gold)
    hit = len(p_pairs & g_pairs)
    return _prf(hit / len(p_pairs) if p_pairs else 1.0, hit / len(g_pairs) if g_pairs else 1.0)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision and recall, averaged over every mention (singletons included)."""
    p_groups: dict[str, set[str]] = defaultdict(set)
    g_groups: dict[str, set[str]] = defaultdict(set)
    for mention in gold:
        p_groups[pred[mention]].add(mention)
        g_groups[gold[mention]].add(mention)
    p = r = 0.0
    for mention in gold:
        mine, true = p_groups[pred[mention]], g_groups[gold[mention]]
        shared = len(mine & true)
        p += shared / len(mine)
        r += shared / len(true)
    n = len(gold) or 1
    return _prf(p / n, r / n)


def score(pred: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    return {
        "mentions": len(gold),
        "gold_clusters": len(set(gold.values())),
        "predicted_clusters": len(set(pred.values())),
        "pairwise": pairwise(pred, gold),
        "bcubed": bcubed(pred, gold),
    }


def lemma_baseline(items: list[Item]) -> dict[str, str]:
    """One cluster per trigger lemma within a topic: the standard ECB+ baseline."""
    return {item.id: f"{item.block}:{item.trigger}" for item in items}


def evaluate(
    root: str | Path, topics: Iterable[int] | None = None, config: MergeConfig | None = None
) -> dict[str, Any]:
    """Score :func:`eventwire.merge.cluster` and the same-lemma baseline on ECB+ ``topics``."""
    docs = load_ecbplus(root, topics)
    items, gold = build_items(docs)
    return evaluate_items(items, gold, config)


def evaluate_items(items: list[Item], gold: dict[str, str], config: MergeConfig | None = None) -> dict[str, Any]:
    config = config or replace(ECB_CONFIG)
    assigned = cluster(items, config)
    pred = {mention: cluster_id for mention, (cluster_id, _) in assigned.items()}
    return {
        "topics": sorted({int(item.block) for item in items}),
        "documents": len({item.doc for item in items}),
        "eventwire": score(pred, gold),
        "same_lemma": score(lemma_baseline(items), gold),
    }
