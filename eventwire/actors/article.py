"""What the article as a whole tells the actor resolvers: its date, the country it is about, and which tokens
each candidate holds.

A title without a nationality and a bare domestic role ("the government", "protesters") take the country the
article is about (a wire dateline, or a clearly dominant state), with a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventwire.actors.candidate import Candidate
from eventwire.actors.lexicon import HOME_SECTORS


@dataclass
class Article:
    """Per-article state shared by the resolvers while one document is processed."""

    day: date | None
    dateline: str | None = None  # the country of a wire dateline ("PRAGUE —")
    focus: str | None = None  # the country the article is about (set after the first pass)
    place_tokens: set[int] = field(default_factory=set)  # tokens of names found to be places
    by_token: dict[int, Candidate] = field(default_factory=dict)  # token index -> candidate

    @property
    def home(self) -> str | None:
        return self.dateline or self.focus


def focus_country(resolved: list[Candidate], dateline: str | None) -> str | None:
    """The country an article is about: a dateline, or one state named clearly more than any other
    (at least three times and 40% of the state mentions)."""
    if dateline:
        return dateline
    counts: dict[str, int] = {}
    for c in resolved:
        a = c.mention.actor
        if a is None or not a.country or a.country == "IGO" or c.mention.label not in ("GPE", "NORP", "ROLE"):
            continue
        counts[a.country] = counts.get(a.country, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    total = sum(counts.values())
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 3 and n >= 0.4 * total and n > 1.3 * second:
        return top
    return None


def home_roles(resolved: list[Candidate], focus: str | None) -> None:
    """Bare domestic roles ("the government", "protesters", "police") belong to the article's country."""
    if not focus:
        return
    for c in resolved:
        a = c.mention.actor
        if a is None or a.country or c.extra.get("unknown_nationality"):
            continue
        if c.mention.label == "ORG" and c.extra.get("ikey") and a.sector == "GOV":
            # "the Interior Ministry" without a country: the article's.
            a.country = focus
            c.mention.confidence = 0.45
            c.extra["country_from"] = "focus"
            continue
        if c.mention.label != "ROLE":
            continue
        if a.sector in HOME_SECTORS and c.mention.method == "role":
            a.country = focus
            c.mention.confidence = 0.45
            c.extra["country_from"] = "focus"


def dateline_default(c: Candidate, article: Article) -> None:
    """A title without a nationality ("Interior Minister Jan Hamáček") is taken to be of the dateline's
    country ("PRAGUE — ..."), when the article has one."""
    home = article.home
    if c.country_hint is None and (c.title or c.sector_hint) and home \
            and not c.extra.get("unknown_nationality"):
        c.country_hint = home
        c.extra["country_from"] = "dateline"
