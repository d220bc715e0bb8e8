"""Actors as a brief names them: "Dmytro Kuleba (Ukraine, foreign minister)".

The name is the record's canonical name. The country is said in words (the knowledge base's name of the state)
unless the name already says it; the role is the office the knowledge base records for a person on the day in
question, else the words for the record's sector when the actor is a person or a group the knowledge base
does not list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.brief.wording import say


@dataclass(frozen=True)
class ActorView:
    key: str
    name: str
    country: str | None
    country_name: str | None
    role: str | None
    kb_id: str | None
    label: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "country_name": self.country_name,
            "role": self.role,
            "kb_id": self.kb_id,
            "label": self.label,
        }


def actor_key(actor: Mapping[str, Any]) -> str:
    """One key per canonical actor: the knowledge base id, else name and country."""
    if actor.get("kb_id"):
        return str(actor["kb_id"])
    return f"{actor.get('name') or actor.get('text') or '?'}|{actor.get('country') or ''}"


class ActorDescriber:
    """Describes actor dicts of records (``name``, ``country``, ``sector``, ``kb_id``); caches per actor and day.

    Args:
        kb: a :class:`~eventwire.kb.KnowledgeBase`; the shipped one (loaded on first use) when None.
    """

    def __init__(self, kb: Any = None) -> None:
        self._kb = kb
        self._cache: dict[tuple[str, str | None, str | None, date | None], ActorView] = {}

    @property
    def kb(self) -> Any:
        if self._kb is None:
            from eventwire.kb import KnowledgeBase

            self._kb = KnowledgeBase.default()
        return self._kb

    def country_name(self, code: str | None) -> str | None:
        if not code or code == "IGO":
            return None
        state = self.kb.state(code)
        return state.name if state is not None else code

    def _by_name(self, name: str, country: str | None) -> Any:
        """The entry of a canonical name given without its id (an event's attribution carries none)."""
        return next((e for e in self.kb.lookup(name) if e.name == name and e.country == country), None)

    def describe(self, actor: Mapping[str, Any], day: date | None) -> ActorView:
        key = actor_key(actor)
        cache_key = (key, actor.get("sector"), actor.get("country"), day)
        view = self._cache.get(cache_key)
        if view is None:
            view = self._cache[cache_key] = self._describe(actor, key, day)
        return view

    def _describe(self, actor: Mapping[str, Any], key: str, day: date | None) -> ActorView:
        name = str(actor.get("name") or actor.get("text") or "?")
        country = actor.get("country")
        kb_id = actor.get("kb_id")
        entry = self.kb.get(kb_id) if kb_id else self._by_name(name, country)
        kind = entry.kind if entry is not None else None
        country_name = self.country_name(country)
        role = None
        if kind == "person" and day is not None:
            held = entry.role_on(day)
            if held is not None:
                role = held.label or held.title
        # Listed organisations name what they are ("Ministry of ...", "Armed Forces of ..."); people, unlisted
        # groups ("scholars", "Chinese official") and a state's organs other than its government ("French police":
        # France, COP) get the words of their sector.
        sector = actor.get("sector")
        if role is None and (kind in (None, "person") or (kind == "state" and sector != "GOV")):
            role = say(f"sector.{sector}") or None
        details = []
        if country_name and kind != "state" and country_name.lower() not in name.lower():
            details.append(country_name)
        if role and role.lower() not in name.lower():
            details.append(role)
        label = f"{name} ({', '.join(details)})" if details else name
        return ActorView(key, name, country, country_name, role, kb_id, label)
