"""PLOVER conventions for an event side the text leaves unstated (``data/events/conventions.tsv``).

"Twenty people were arrested" names no one who arrested them; by convention the police of the country
where it happened did. Each row says which side, when, what actor and where its country comes from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from eventwire.contract import PLOVER_TYPES
from eventwire.document import Actor, Mention
from eventwire.errors import PipelineConfigError
from eventwire.geo import country_name
from eventwire.paths import DATA_DIR

CONVENTIONS_FILE = DATA_DIR / "events" / "conventions.tsv"
GRASSROOTS = {"CVL", "OPP", "EDU", "LAB", "REB", "REL"}
_WHEN = {"always", "passive", "grassroots", "deed"}
_FROM = {"other", "place", "article", "deed"}


@dataclass(frozen=True)
class Convention:
    event_type: str
    side: str
    when: str
    actor: str
    sector: str | None
    country_from: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def conventions() -> dict[tuple[str, str], list[Convention]]:
    """The shipped table, (type, side) -> its rows in file order."""
    return parse_conventions(CONVENTIONS_FILE)


def parse_conventions(path: Path) -> dict[tuple[str, str], list[Convention]]:
    """Read and validate a conventions table; a bad line is E111 naming the file and the line."""
    table: dict[tuple[str, str], list[Convention]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{path.name}:{number}"
        if len(cells) != 6:
            raise PipelineConfigError("E111", path=where, problem="expected 6 tab-separated columns")
        event_type, side, when, actor, sector, sources = cells
        sources_list = tuple(sources.split("|"))
        if event_type not in PLOVER_TYPES:
            raise PipelineConfigError("E111", path=where, problem=f"unknown PLOVER type {event_type!r}")
        if side not in {"source", "target"} or when not in _WHEN or not set(sources_list) <= _FROM:
            raise PipelineConfigError("E111", path=where, problem="bad side, when or country column")
        if (when == "deed") != (sources_list == ("deed",)):
            raise PipelineConfigError("E111", path=where, problem="'deed' goes in both the when and country columns")
        table.setdefault((event_type, side), []).append(
            Convention(event_type, side, when, actor, None if sector == "-" else sector, sources_list))
    return table


def implied(event_type: str, side: str, *, passive: bool, other: Mention | None, place_country: str | None,
            article_country: str | None, at: int) -> Mention | None:
    """The conventional actor of a missing side, as a zero-width Mention at the trigger, or None.

    Where no convention of the table applies, the side is taken to be of the stated side's country, else of
    the article's: coders code an unstated side from its context, and in news that is overwhelmingly
    the story's own country (on the training split, 4 in 5 unstated sides with a country).
    """
    other_actor = other.actor if other is not None else None
    for rule in conventions().get((event_type, side), []):
        if rule.when == "deed":
            continue  # the coder's: it needs the parse (eventwire.events.deeds)
        if rule.when == "passive" and not passive:
            continue
        if rule.when == "grassroots" and (other_actor is None or other_actor.sector not in GRASSROOTS):
            continue
        choices = {"other": other_actor.country if other_actor is not None else None, "place": place_country,
                   "article": article_country}
        country = next((c for key in rule.country_from if (c := choices[key]) and c != "IGO"), None)
        if country is None:
            continue
        name = rule.actor.replace("{country}", country_name(country) or country)
        kind = "state" if rule.sector in {None, "GOV"} and "{country}" == rule.actor else "group"
        return Mention(at, at, "", "ROLE", actor=Actor(name, country, rule.sector, None, kind),
                       method=f"convention:{event_type}:{side}:{rule.when}")
    country = (other_actor.country if other_actor is not None and other_actor.country != "IGO" else None) or \
        article_country or place_country
    if country is None:
        return None
    return Mention(at, at, "", "ROLE", actor=Actor(f"(unstated, {country_name(country) or country})", country,
                                                   None, None, "group"), method=f"convention:{side}:context")


def takes_deed_doer(event_type: str, side: str) -> bool:
    """Whether a missing ``side`` of ``event_type`` is the doer of a deed the text names in its place."""
    return any(rule.when == "deed" for rule in conventions().get((event_type, side), []))
