"""Actor resolution scored against a gold actors file (``gold/*.actors.jsonl``).

Each gold line names a mention text in an article with the country and sector a careful coder gives it
(null = the article does not determine it; anything is accepted). For each gold line we collect our actor
mentions with that text: those whose (original) text equals it after dropping a leading "the" and a
trailing possessive, or, when there is none, those whose text contains it or is contained in it as whole
words ("The Russian Tas Society" for "Tas Society"). The gold line is

* ``correct`` when there is at least one such mention and *every* one of them has the gold country and
  sector (the headline accuracy: one wrong "Russia" among twenty counts against it);
* ``any`` when at least one of them does.

The article is ``articles/<doc>.txt`` beside the gold directory, processed with the date in its id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.paths import shared_dir
from eventwire.records import actor_records

DEFAULT_GOLD = "gold/zaobao-2023-03-17-china-russia.actors.jsonl"


@dataclass
class ActorItem:
    gold: dict[str, Any]
    matched: list[dict[str, Any]] = field(default_factory=list)  # our actor records for that text

    def _ok(self, rec: dict[str, Any]) -> bool:
        g = self.gold
        return (g.get("country") is None or rec["country"] == g["country"]) and (
            g.get("sector") is None or rec["sector"] == g["sector"])

    @property
    def correct(self) -> bool:
        return bool(self.matched) and all(self._ok(r) for r in self.matched)

    @property
    def any_correct(self) -> bool:
        return any(self._ok(r) for r in self.matched)

    @property
    def canonical_ok(self) -> bool | None:
        """Whether some matched mention has the gold canonical name (None when the gold gives none)."""
        name = self.gold.get("canonical")
        if not name:
            return None
        return any(_norm(r["name"]) == _norm(name) for r in self.matched)


@dataclass
class ActorScore:
    items: list[ActorItem]

    @property
    def accuracy(self) -> float:
        return sum(i.correct for i in self.items) / len(self.items) if self.items else 0.0

    @property
    def any_accuracy(self) -> float:
        return sum(i.any_correct for i in self.items) / len(self.items) if self.items else 0.0

    @property
    def canonical_accuracy(self) -> float:
        scored = [i for i in self.items if i.canonical_ok is not None]
        return sum(bool(i.canonical_ok) for i in scored) / len(scored) if scored else 0.0


def _norm(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).lower()


def _contains(big: str, small: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(small)}(?!\w)", big) is not None


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def doc_date(doc_id: str) -> date | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", doc_id)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def score_doc(doc: Doc, gold_rows: list[dict[str, Any]]) -> list[ActorItem]:
    """Match one processed doc's actor records against its gold lines."""
    recs = actor_records(doc)
    items = []
    for g in gold_rows:
        want = _norm(g["mention"])
        exact = [r for r in recs if _norm(r["text"]) == want]
        if not exact:
            exact = [r for r in recs if _contains(_norm(r["text"]), want) or _contains(want, _norm(r["text"]))]
        items.append(ActorItem(g, exact))
    return items


def evaluate_actors(gold_path: Path | str | None = None, pipeline=None,
                    docs: dict[str, Doc] | None = None) -> ActorScore:
    """Score the actors stage on a gold actors file; ``docs`` may hold already processed articles by id."""
    from eventwire.pipeline import Pipeline

    path = Path(gold_path) if gold_path else shared_dir() / DEFAULT_GOLD
    rows = load_gold(path)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    docs = dict(docs or {})
    items: list[ActorItem] = []
    for doc_id, gold in by_doc.items():
        doc = docs.get(doc_id)
        if doc is None:
            article = path.parent.parent / "articles" / f"{doc_id}.txt"
            if not article.exists():
                article = shared_dir() / "articles" / f"{doc_id}.txt"
            pipeline = pipeline or Pipeline(["repair", "nlp", "time", "actors"])
            doc = pipeline(Doc(doc_id, article.read_text(encoding="utf-8"), date=doc_date(doc_id)))
        items.extend(score_doc(doc, gold))
    return ActorScore(items)


def format_actor_report(score: ActorScore) -> str:
    lines = []
    for i in score.items:
        g = i.gold
        mark = "ok " if i.correct else ("~  " if i.any_correct else "XX ")
        got = sorted({(r["country"], r["sector"], r["name"]) for r in i.matched}, key=str)
        got_s = "; ".join(f"{c} {s} {n}" for c, s, n in got[:3]) or "(no mention)"
        lines.append(f"{mark}{g['mention'][:40]:40} gold {g.get('country')} {g.get('sector')}  got {got_s}")
    n = len(score.items)
    lines.append(f"accuracy (every mention right): {score.accuracy:.3f} ({sum(i.correct for i in score.items)}/{n})")
    lines.append(f"accuracy (some mention right):  {score.any_accuracy:.3f}")
    lines.append(f"canonical name right:           {score.canonical_accuracy:.3f}")
    return "\n".join(lines)
