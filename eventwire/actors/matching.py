"""Name matching that tolerates spelling: the knowledge base's fuzzy search (memoised and pre-checked),
office holders whose name a mention renders, and transliteration keys."""

from __future__ import annotations

import functools
import re
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from eventwire.actors.candidate import normalise
from eventwire.actors.lexicon import SECTOR_WORDS
from eventwire.kb import KBEntry, KnowledgeBase, phon_spelling
from eventwire.vocab import mapping

ORG_KINDS = ("org", "media", "igo", "group", "party", "court")


def translit_key(word: str) -> str:
    """A consonant skeleton tolerant of Chinese-style renderings of foreign names.

    Pinyin ``x`` sounds like ``s``; a post-vocalic ``r`` is dropped ("Dorsey" -> "Duoxi" both give ``ds``).
    """
    w = normalise(word).replace(" ", "")
    w = w.replace("x", "s")
    w = phon_spelling(w).replace(" ", "")
    w = re.sub(r"(?<=[aeiouy])r(?![aeiouy])", "", w)
    if not w:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w[0] + rest)


_PINYIN = mapping("pinyin")
_PINYIN_SYLLABLE = re.compile(
    "(?:" + "|".join(sorted((p for p, k in _PINYIN.items() if k == "initial"), key=len, reverse=True)) + ")?"
    "(?:" + "|".join(sorted((p for p, k in _PINYIN.items() if k == "final"), key=len, reverse=True)) + ")")


@functools.lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """Whether ``word`` splits into Pinyin syllables ("Duoxi" = duo+xi, "Peiluoxi"; not "Diaz", "Stone"):
    how names rendered from Chinese look after machine translation."""
    w = normalise(word).replace(" ", "")
    if not w.isalpha():
        return False
    ends = {0}  # positions a segmentation reaches
    for i in range(len(w)):
        if i not in ends:
            continue
        for j in range(i + 1, min(len(w), i + 6) + 1):
            if _PINYIN_SYLLABLE.fullmatch(w, i, j):
                ends.add(j)
    return len(w) in ends


class NameMatcher:
    """Fuzzy look-ups in one knowledge base, memoised: names repeat within and across articles."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._cache: dict[tuple, list[tuple[KBEntry, float]]] = {}

    def warm(self) -> None:
        """Build the fuzzy index and the pre-check tables now rather than on the first article."""
        self.kb._build_fuzzy()
        org_word_index(self.kb)
        state_prefixes(self.kb)

    def fuzzy(self, text: str, kinds: list[str], country: str | None, limit: int, cutoff: float
              ) -> list[tuple[KBEntry, float]]:
        """``kb.fuzzy``, memoised (each call scans every alias)."""
        key = (normalise(text), tuple(kinds), country, limit, cutoff)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 20_000:
                self._cache.clear()
            hit = self._cache[key] = self.kb.fuzzy(text, kinds=kinds, country=country, limit=limit, cutoff=cutoff)
        return hit

    def worth_fuzzy(self, text: str, country: str | None = None) -> bool:
        """Cheap pre-check before a fuzzy scan for bodies: some word of the name is a distinctive word of an
        organisation in the knowledge base ("Lianhe"), or, for a single word or a body whose country is known,
        begins like one ("Tas" ~ TASS)."""
        index = org_word_index(self.kb)
        words = normalise(text).split()
        loose = len(words) == 1 or country is not None
        for w in words:
            if len(w) < 3 or w in SECTOR_WORDS:
                continue
            if w in index[0] or (loose and phon_spelling(w)[:4] in index[1]):
                return True
        return False

    def may_name_a_state(self, text: str) -> bool:
        """Whether ``text`` begins like the name of a state (pre-check before a fuzzy scan of states)."""
        return len(text) >= 4 and phon_spelling(text)[:3] in state_prefixes(self.kb)


def best_name_match(text: str, holders: list[KBEntry]) -> tuple[KBEntry, float] | None:
    """The office holder whose name the mention renders, allowing transliteration and clipping."""
    best = None
    q = normalise(text)
    qtoks = q.split()
    for e in holders:
        score = 0.0
        for alias in (e.name, *e.aliases):
            a = normalise(alias)
            if not a:
                continue
            toks = a.split()
            for cand in {a, toks[-1], toks[0]}:
                s = fuzz.ratio(phon_spelling(q), phon_spelling(cand))
                if len(qtoks) == 1 and len(cand) > len(q) >= 4 and phon_spelling(cand).startswith(
                        phon_spelling(q)[:4]):
                    s = max(s, 85.0)
                if translit_key(q) == translit_key(cand) and q[:1] in (cand[:1], "c", "k") and len(q) >= 4:
                    s = max(s, 80.0)
                score = max(score, s)
        if score >= 65 and (best is None or score > best[1]):
            best = (e, score)
    return best


def misspelling_of(text: str, e: KBEntry) -> bool:
    """Whether ``text`` misspells one of the entry's names: one edit per eight letters at most
    ("Bosnia-Herzogovina"; not "Germanic" for Germany, an English word of its own)."""
    q = normalise(text)
    return any(Levenshtein.distance(q, normalise(a)) <= max(1, len(q) // 8) for a in (e.name, *e.aliases) if a)


def title_fits(e: KBEntry, title: str, day: date | None) -> bool:
    """Whether a person entry held an office matching ``title`` (any office when the title is generic)."""
    if not e.roles:
        return True
    t = normalise(title)
    words = set(t.split())
    for r in e.roles:
        if (r.title in t or set(r.title.split()) <= words or (r.label and normalise(r.label) in t)) and (
                day is None or r.active_on(day) or r.start is None):
            return True
    # Generic titles ("official", "spokesman") say little: accept.
    return not (words & {"president", "minister", "premier", "chancellor", "king", "queen"})


def names_compatible(text: str, e: KBEntry) -> bool:
    """Near misses are different people: a given name that differs from the entry's sinks a fuzzy match."""
    q = normalise(text).split()
    if len(q) < 2:
        return True
    for alias in (e.name, *e.aliases):
        a = normalise(alias).split()
        if len(a) < 2:
            continue
        if all(fuzz.ratio(phon_spelling(x), phon_spelling(y)) >= 75 for x, y in zip(q, a[-len(q):], strict=False)):
            return True
    return False


@functools.lru_cache(maxsize=4)
def org_word_index(kb: KnowledgeBase) -> tuple[frozenset[str], frozenset[str]]:
    """Distinctive words (in at most three entries) of organisations' names, and their phonetic prefixes."""
    df: dict[str, int] = {}
    for e in kb:
        if e.kind not in ORG_KINDS:
            continue
        for w in {w for a in (e.name, *e.aliases) for w in normalise(a).split()}:
            df[w] = df.get(w, 0) + 1
    words = frozenset(w for w, n in df.items() if n <= 3 and len(w) >= 3)
    return words, frozenset(phon_spelling(w)[:4] for w in words)


@functools.lru_cache(maxsize=4)
def state_prefixes(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(phon_spelling(a)[:3] for e in kb if e.kind == "state" for a in (e.name, *e.aliases))
