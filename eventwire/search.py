"""Actor search that knows the spellings users type: every alias of the knowledge base, and
transliteration variants of them ("Zelenskyy", "Sergei Lavrov", "Kiev").

A query resolves to knowledge-base ids; the store's queries then match events and mentions
by those ids as well as by the literal text (``%`` and ``_`` match themselves).
"""

from __future__ import annotations

import functools
from collections import defaultdict

from eventwire.kb import KnowledgeBase, normalise, phon_spelling

# Shorter queries ("Li", "Wu") would match many unrelated names by sound alone.
MIN_PHONETIC_LENGTH = 4


@functools.lru_cache(maxsize=1)
def _phonetic_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for entry in KnowledgeBase.default():
        for alias in (entry.name, *entry.aliases):
            key = phon_spelling(alias)
            if key and entry.id not in index[key]:
                index[key].append(entry.id)
    return {key: tuple(ids) for key, ids in index.items()}


@functools.lru_cache(maxsize=4096)
def actor_ids(query: str) -> tuple[str, ...]:
    """Knowledge-base ids whose name or an alias equals ``query``, spelled as the KB does or as it sounds.

    Args:
        query: what the user typed ("Kiev", "Zelenskyy").

    Returns:
        The ids, exact alias matches first; empty when the KB knows no such name.
    """
    kb = KnowledgeBase.default()
    found = [entry.id for entry in kb.lookup(query)]
    if len(normalise(query).replace(" ", "")) >= MIN_PHONETIC_LENGTH:
        found += [i for i in _phonetic_index().get(phon_spelling(query), ()) if i not in found]
    return tuple(found)


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching ``text`` literally anywhere; use with ``ESCAPE '\\'``."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
