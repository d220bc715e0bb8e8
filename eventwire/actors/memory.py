"""Learned facts: people an article identifies by their role (name + title + country + sector), kept so that a
later article naming them bare still gets their country and sector.

Facts preloaded with :meth:`ActorMemory.remember` (from the store) are always applied; facts learned during a
run only with ``recall_session``, so that a run's output does not depend on the order or the batching of its
articles.
"""

from __future__ import annotations

from typing import Any

from eventwire.actors.candidate import Candidate, normalise


class ActorMemory:
    """Facts about people, keyed by their normalised name."""

    def __init__(self, recall_session: bool = False) -> None:
        self.recall_session = recall_session
        # normalised name -> {"name", "country", "sector", "role", "doc"}
        self.learned: dict[str, dict[str, Any]] = {}
        self.preloaded: set[str] = set()

    def remember(self, entries: list[dict]) -> None:
        """Preload facts about people (``name, country, sector, role[, doc]``), e.g. from the store."""
        for entry in entries:
            name = (entry.get("name") or "").strip()
            key = normalise(name)
            if not key:
                continue
            self.learned[key] = {"name": name, "country": entry.get("country"), "sector": entry.get("sector"),
                                 "role": entry.get("role"), "doc": entry.get("doc")}
            self.preloaded.add(key)

    def forget(self) -> None:
        """Drop every fact, preloaded or learned (a new run on another store starts clean)."""
        self.learned.clear()
        self.preloaded.clear()

    @property
    def active(self) -> bool:
        """Whether any fact can be recalled now."""
        return bool(self.preloaded or (self.recall_session and self.learned))

    def recall(self, text: str) -> dict[str, Any] | None:
        """The fact about the person ``text`` names, or a bare surname's when only one learned person has it."""
        key = normalise(text)
        usable = self.learned if self.recall_session else {k: self.learned[k] for k in self.preloaded}
        if key in usable:
            return usable[key]
        if " " not in key and len(key) >= 3:
            hits = [f for k, f in usable.items() if k.split()[-1] == key or k.split()[0] == key]
            if len(hits) == 1:
                return hits[0]
        return None

    def learn(self, doc_id: str, kept: list[Candidate]) -> list[dict[str, Any]]:
        """People this article identifies by role, kept for later articles (and returned for the doc)."""
        facts: dict[str, dict[str, Any]] = {}
        for c in kept:
            m, a = c.mention, c.mention.actor
            if m.label != "PERSON" or a is None or a.kb_id is not None or m.method != "role":
                continue
            if c.extra.get("country_from") == "dateline":
                continue  # a guess from the dateline is not a fact to carry to other articles
            if not a.country or not a.sector or len(normalise(a.name).split()) < 2:
                continue  # only full names with both facts: a bare surname is too ambiguous to keep
            key = normalise(a.name)
            facts[key] = {"name": a.name, "country": a.country, "sector": a.sector, "role": c.title, "doc": doc_id}
        self.learned.update(facts)
        return list(facts.values())
