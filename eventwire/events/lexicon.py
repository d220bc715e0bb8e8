"""The event lexicon, the CAMEO→PLOVER map and the cue word lists (data files in ``data/events``)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from eventwire.paths import DATA_DIR

EVENTS_DATA = DATA_DIR / "events"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    code: str
    plover: str
    mode: str | None
    context: tuple[str, ...]
    label: str


@dataclass
class Entry:
    """One lexicon row: a trigger lemma, what it codes and when it fires."""

    lemma: str
    pos: str  # V | N | A
    cameo: str
    event_type: str
    mode: str | None
    context: list[str]
    conditions: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def rule(self) -> str:
        cond = ";".join(f"{k}={v}" if v else k for k, v in self.conditions.items())
        return f"lexicon:{self.line}:{self.lemma}/{self.pos}" + (f"[{cond}]" if cond else "")


@functools.lru_cache(maxsize=1)
def cameo_map() -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for line in (EVENTS_DATA / "cameo.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, plover, mode, context, label = (line.split("\t") + [""] * 5)[:5]
        codes[code] = CameoCode(code, plover, mode.strip() or None,
                                tuple(c.strip() for c in context.split(";") if c.strip()), label)
    return codes


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Entry]]:
    """(lemma, pos) -> entries in file order."""
    codes = cameo_map()
    table: dict[tuple[str, str], list[Entry]] = {}
    path = EVENTS_DATA / "lexicon.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        lemma, pos, code = parts[0].strip(), parts[1].strip(), parts[2].strip()
        conditions: dict[str, str] = {}
        if len(parts) > 3 and parts[3].strip():
            for item in parts[3].split(";"):
                key, _, value = item.strip().partition("=")
                conditions[key] = value
        if code not in codes:
            raise ValueError(f"{path}:{number}: unknown CAMEO code {code}")
        cameo = codes[code]
        event_type = conditions.pop("type", None) or cameo.plover
        mode = conditions.pop("mode", None) if "mode" in conditions else cameo.mode
        if event_type not in PLOVER_TYPES:
            raise ValueError(f"{path}:{number}: unknown PLOVER type {event_type}")
        entry = Entry(lemma, pos, code, event_type, mode or None, list(cameo.context), conditions, number)
        table.setdefault((lemma, pos), []).append(entry)
    return table


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data = json.loads((EVENTS_DATA / "cues.json").read_text(encoding="utf-8"))
    data["classes"] = {k: set(v) for k, v in data["classes"].items()}
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = set(value)
    data["sector_of_noun"] = {noun: sector for sector, nouns in data["sector_nouns"].items() for noun in nouns}
    return data


def word_class(name: str) -> set[str]:
    return cues()["classes"].get(name, set())


def cameo_for(event_type: str, mode: str | None) -> str | None:
    """The first CAMEO code of a PLOVER type and mode (used when a rule changes the type)."""
    fallback = None
    for code in cameo_map().values():
        if code.plover != event_type:
            continue
        if code.mode == mode:
            return code.code
        fallback = fallback or code.code
    return fallback
