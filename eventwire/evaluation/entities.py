"""Named-entity detection scored against two hand-annotated Wikinews corpora.

What is scored: the PERSON, ORG and place mentions eventwire keeps after the actors stage (spaCy's entities
plus the names the actors stage adds), against the *named* person / organisation / place mentions of

* **GUM** (``corpora/gum-wikinews/conllu``, 43 Wikinews news and interview documents): CorefUD ``Entity=``
  brackets with etype ``person``, ``organization`` or ``place``. A mention is *named* when the head of its
  span (the token whose syntactic head lies outside the span) is a proper noun (UPOS ``PROPN``), or when it
  has a Wikipedia identity link, contains a proper noun and its head is not a pronoun ("the Korean People's
  Army" is named, "the military" and "he" are not, even when linked).
* **MEANTIME** (``corpora/meantime/intra-doc_annotation``, 120 Wikinews documents, sentences 0-5 only, as
  annotated): ``ENTITY_MENTION`` with ``syntactic_type`` ``NAM`` (a name) or ``PRE.NAM`` (a name used as a
  premodifier), typed PER / ORG / LOC by the entity instance it refers to. Only those sentences are given to
  the pipeline.

Types: PERSON -> person; ORG -> organisation; GPE -> place *or* organisation (a geo-political entity is both:
GUM types "North Korea" as an organisation when it acts); LOC and FAC -> place. NORP ("Chinese") is not
scored. Matching is one-to-one within a document:

* ``exact``: the same characters after dropping a leading "the"/"a"/"an" and a trailing possessive or
  punctuation;
* ``head`` (the headline figure): the spans overlap and end at the same character after that trimming.
  English names are head-final, so "Spokeswoman Sandy Angers" (MEANTIME's span) and "Sandy Angers" (ours)
  match, while "Helsinki" does not match "the University of Helsinki".

Precision = matched predictions / predictions; recall = matched gold mentions / gold mentions; typed scores
also require compatible types, untyped ones do not.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventwire.document import Doc
from eventwire.paths import shared_dir

GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
PRED_TYPES = {"PERSON": {"PER"}, "ORG": {"ORG"}, "GPE": {"LOC", "ORG"}, "LOC": {"LOC"}, "FAC": {"LOC"}}


@dataclass
class GoldDoc:
    id: str
    text: str
    date: date | None
    spans: list[tuple[int, int, str]]  # start, end, PER | ORG | LOC


@dataclass
class PRF:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold


@dataclass
class EntityScore:
    corpus: str
    n_docs: int = 0
    scores: dict[str, PRF] = field(default_factory=dict)  # "head-typed", "head-untyped", "exact-typed", per type
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> total seconds

    def get(self, key: str) -> PRF:
        return self.scores.setdefault(key, PRF())


# --------------------------------------------------------------------------------------------------------------
# GUM


_ENTITY_OPEN = re.compile(r"\(([^()]+?)(?=[()]|$)(\))?")
_ENTITY_CLOSE = re.compile(r"(?<![(\w-])(\d+)\)")


def load_gum(directory: Path | None = None) -> list[GoldDoc]:
    """Every GUM Wikinews document with its named person / organisation / place mentions."""
    directory = directory or shared_dir() / "corpora" / "gum-wikinews" / "conllu"
    return [_read_gum(path) for path in sorted(directory.glob("*.conllu"))]


def _read_gum(path: Path) -> GoldDoc:
    doc_id, day = path.stem, None
    pieces: list[str] = []
    pos = 0
    spans: list[tuple[int, int, str]] = []
    sent_words: list[dict] = []

    def flush() -> None:
        # Resolve the entity brackets of one sentence (CorefUD mentions never cross sentences).
        open_: dict[str, list[tuple[int, list[str]]]] = {}
        for i, w in enumerate(sent_words):
            ent = w["entity"]
            if not ent:
                continue
            k = 0
            while k < len(ent):
                if ent[k] == "(":
                    opened = _ENTITY_OPEN.match(ent, k)
                    if opened is None:
                        raise ValueError(f"{path}: malformed Entity annotation {ent!r}")
                    attrs = opened.group(1).split("-")
                    if opened.group(2):
                        _add(spans, sent_words, i, i, attrs)
                    else:
                        open_.setdefault(attrs[0], []).append((i, attrs))
                    k = opened.end()
                    continue
                m = re.match(r"(\d+)\)", ent[k:])
                if m:
                    stack = open_.get(m.group(1))
                    if stack:
                        start, attrs = stack.pop()
                        _add(spans, sent_words, start, i, attrs)
                    k += m.end()
                    continue
                k += 1
        sent_words.clear()

    newpar = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::dateCreated"):
            value = line.split("=", 1)[1].strip()
            try:
                day = date.fromisoformat(value[:10])
            except ValueError:
                day = None
            continue
        if line.startswith("# newpar"):
            newpar = True
            continue
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue  # multi-word token ranges and empty nodes: the words carry the text
        if pieces:
            if newpar and pieces[-1] == " ":
                pieces[-1] = "\n"  # paragraphs (and headings) on lines of their own
            elif newpar or (not sent_words and pieces[-1] != " "):
                pieces.append("\n" if newpar else " ")
                pos += 1
        newpar = False
        form = cols[1]
        start = pos
        pieces.append(form)
        pos += len(form)
        misc = cols[9]
        entity = ""
        for kv in misc.split("|"):
            if kv.startswith("Entity="):
                entity = kv[len("Entity="):]
        sent_words.append({"start": start, "end": pos, "id": int(cols[0]), "head": int(cols[6]) if cols[6].isdigit()
                           else 0, "upos": cols[3], "entity": entity})
        if "SpaceAfter=No" not in misc:
            pieces.append(" ")
            pos += 1
    flush()
    text = "".join(pieces)
    return GoldDoc(doc_id, text, day, spans)


def _add(spans: list, words: list[dict], i: int, j: int, attrs: list[str]) -> None:
    etype = attrs[1] if len(attrs) > 1 else ""
    if etype not in GUM_TYPES:
        return
    identity = "-".join(attrs[7:]) if len(attrs) > 7 else ""
    span = words[i:j + 1]
    ids = {w["id"] for w in span}
    heads = [w for w in span if w["head"] not in ids]
    head = heads[0] if heads else span[-1]
    named = head["upos"] == "PROPN" or (
        bool(identity) and head["upos"] not in ("PRON", "DET") and any(w["upos"] == "PROPN" for w in span))
    if named:
        spans.append((span[0]["start"], span[-1]["end"], GUM_TYPES[etype]))


# --------------------------------------------------------------------------------------------------------------
# MEANTIME


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "'s", "’s", "n't", ")", "]", "%", "'", "''", "'re", "'ve", "'ll",
                    "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "$", "``", "#"}


def load_meantime(directory: Path | None = None, max_sentence: int = 5) -> list[GoldDoc]:
    """MEANTIME documents (sentences 0..max_sentence) with their named PER / ORG / LOC mentions."""
    base = shared_dir() / "corpora" / "meantime"
    directory = directory or base / "intra-doc_annotation"
    dcts: dict[str, date] = {}
    index = base / "docs_index.tsv"
    if index.exists():
        for row in index.read_text(encoding="utf-8").splitlines()[1:]:
            cols = row.split("\t")
            try:
                dcts[cols[1]] = date.fromisoformat(cols[3])
            except (ValueError, IndexError):
                continue
    return [_read_meantime(p, dcts, max_sentence) for p in sorted(directory.glob("*/*.xml"))]


def _read_meantime(path: Path, dcts: dict[str, date], max_sentence: int) -> GoldDoc:
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.stem
    offsets: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    pos = 0
    last_sent = None
    prev = ""
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        if sent > max_sentence:
            break
        form = tok.text or ""
        if last_sent is not None:
            if sent != last_sent:
                # Title and dateline are lines of their own; body sentences follow one another.
                sep = "\n" if sent <= 2 else " "
            elif form in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            pieces.append(sep)
            pos += len(sep)
        offsets[tok.attrib["t_id"]] = (pos, pos + len(form))
        pieces.append(form)
        pos += len(form)
        last_sent, prev = sent, form
    markables = root.find("Markables")
    instances = {m.get("m_id"): m for m in markables if m.tag == "ENTITY"} if markables is not None else {}
    refers = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        for src in rel.iter("source"):
            refers[src.get("m_id")] = target.get("m_id") if target is not None else None
    spans = []
    for m in markables.iter("ENTITY_MENTION") if markables is not None else ():
        if m.get("syntactic_type") not in ("NAM", "PRE.NAM"):
            continue
        inst = instances.get(refers.get(m.get("m_id")) or "")
        etype = inst.get("ent_type") if inst is not None else None
        if etype not in ("PER", "ORG", "LOC"):
            continue
        anchors = [offsets[tid] for a in m.iter("token_anchor") if (tid := a.get("t_id")) in offsets]
        if not anchors:
            continue
        spans.append((min(a[0] for a in anchors), max(a[1] for a in anchors), etype))
    return GoldDoc(doc_id, "".join(pieces), dcts.get(doc_id), spans)


# --------------------------------------------------------------------------------------------------------------
# Scoring


_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_TRAIL = re.compile(r"(?:\s*['’]s|[\s.,;:'’\"”)]+)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    m = _LEAD.match(piece)
    if m and m.end() < len(piece):
        start += m.end()
        piece = piece[m.end():]
    while True:
        m = _TRAIL.search(piece)
        if not m or m.start() == 0:
            break
        end -= len(piece) - m.start()
        piece = piece[:m.start()]
    return start, end


def predicted_spans(doc: Doc) -> list[tuple[int, int, set[str]]]:
    """Our named mentions of a processed doc: original-text spans with the gold types they may match."""
    out = []
    for m in doc.mentions:
        types = PRED_TYPES.get(m.label)
        if not types:
            continue
        start, end = doc.to_original(m.start, m.end)
        out.append((start, end, types))
    return out


def score_doc(gold: GoldDoc, pred: list[tuple[int, int, set[str]]], score: EntityScore) -> None:
    g = [(*_trim(gold.text, s, e), t) for s, e, t in gold.spans]
    p = [(*_trim(gold.text, s, e), ts) for s, e, ts in pred]
    for mode in ("head", "exact"):
        for typed in (True, False):
            key = f"{mode}-{'typed' if typed else 'untyped'}"
            res = _match(g, p, mode, typed)
            score.get(key).add(res)
    for label in ("PER", "ORG", "LOC"):
        gl = [x for x in g if x[2] == label]
        pl = [x for x in p if label in x[2]]
        res = _match(gl, pl, "head", True)
        # Per-type precision counts only predictions whose first type is the label (GPE counts as a place).
        first = {"PER": "PERSON", "ORG": "ORG", "LOC": None}[label]
        n_pred = sum(1 for x in p if (label in x[2]) and (first is None or x[2] == PRED_TYPES[first]))
        res.n_pred = n_pred
        res.tp_pred = min(res.tp_pred, n_pred)
        score.get(f"head-{label}").add(res)


def _match(gold: list, pred: list, mode: str, typed: bool) -> PRF:
    used_pred: set[int] = set()
    tp = 0
    for gs, ge, gt in gold:
        for k, (ps, pe, pt) in enumerate(pred):
            if k in used_pred:
                continue
            if typed and gt not in pt:
                continue
            ok = (ps == gs and pe == ge) if mode == "exact" else (pe == ge and ps < ge and gs < pe)
            if ok:
                used_pred.add(k)
                tp += 1
                break
    return PRF(tp_pred=tp, n_pred=len(pred), tp_gold=tp, n_gold=len(gold))


def evaluate_entities(corpus: str = "gum", docs: Iterable[GoldDoc] | None = None, pipeline=None) -> EntityScore:
    """Run repair, nlp and actors over a corpus and score the named mentions."""
    from eventwire.pipeline import Pipeline

    if docs is None:
        docs = load_gum() if corpus == "gum" else load_meantime()
    docs = list(docs)
    pipeline = pipeline or Pipeline(["repair", "nlp", "actors"])
    score = EntityScore(corpus, n_docs=len(docs))
    inputs = [Doc(g.id, g.text, date=g.date) for g in docs]
    for (doc, err), gold in zip(pipeline.pipe(inputs, batch_size=16), docs, strict=True):
        if err is not None:
            continue
        score_doc(gold, predicted_spans(doc), score)
        for name, secs in doc.timings.items():
            score.seconds[name] = score.seconds.get(name, 0.0) + secs
    return score


def format_entity_report(score: EntityScore) -> str:
    lines = [f"{score.corpus}: {score.n_docs} documents"]
    lines.append(f"{'':14} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
    for key in ("head-typed", "head-untyped", "exact-typed", "exact-untyped", "head-PER", "head-ORG", "head-LOC"):
        s = score.scores.get(key)
        if s is None:
            continue
        lines.append(f"{key:14} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.n_gold:6d} {s.n_pred:6d}")
    total = sum(score.seconds.values())
    if total:
        share = ", ".join(f"{k} {v:.1f}s ({v / total:.0%})" for k, v in score.seconds.items())
        lines.append(f"time: {share}")
    return "\n".join(lines)
