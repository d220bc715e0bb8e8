"""The words of a brief, from two validated data files (no wording lives in code).

``eventwire/data/brief/events.tsv``: per PLOVER type and mode, the event in plain words, past ("spoke by phone
or video link with {target}") and future ("speak by phone ..."), each with and without a target.
``eventwire/data/brief/wording.tsv``: the words around them (statuses, dates, sectors, date sources), a
vocabulary mapping in the format of :mod:`eventwire.vocab`.

Both are checked when first read; a bad line raises :class:`~eventwire.errors.PipelineConfigError` naming the
file and the line (E113 for events.tsv, E110 for wording.tsv).
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path

from eventwire import vocab
from eventwire.contract import PLOVER_TYPES, STATUSES
from eventwire.errors import PipelineConfigError
from eventwire.paths import DATA_DIR

BRIEF_DATA = DATA_DIR / "brief"
NO_MODE = "-"
_MODE = re.compile(r"^[a-z][a-z-]*$")
# Every key wording.tsv must define, with the placeholders its words may use.
REQUIRED_WORDING: dict[str, set[str]] = {
    **{f"statement.{s}": {"source", "past"} for s in ("occurred", "alleged", "denied")},
    **{f"statement.{s}": {"source", "future"} for s in ("planned", "hypothetical")},
    **{f"status.{s}.by": {"by"} for s in STATUSES},
    **{f"when.{s}": {"date"} for s in STATUSES},
    "when.article": {"date"},
    "when.undated": set(),
    "source.unknown": set(),
    "place": {"place"},
    "date_source.inferred": set(),
}
# Keys that may be present, by prefix, and their placeholders.
OPTIONAL_WORDING: dict[str, set[str]] = {"status.": set(), "sector.": set(), "date_source.": set()}


@dataclass(frozen=True)
class Phrase:
    """One event phrase: the words with a target (holding ``{target}``) and without one."""

    with_target: str
    without_target: str

    def say(self, target: str | None) -> str:
        return self.with_target.format(target=target) if target else self.without_target


@dataclass(frozen=True)
class EventWords:
    past: Phrase
    future: Phrase


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # an unbalanced brace
        raise ValueError(f"bad placeholder ({exc})") from None


def _phrase(cell: str) -> Phrase:
    parts = [p.strip() for p in cell.split("|")]
    if len(parts) != 2 or not all(parts):
        raise ValueError("a phrase is 'words with {target} | words without a target'")
    with_target, without_target = parts
    if _placeholders(with_target) != {"target"} or with_target.count("{target}") != 1:
        raise ValueError(f"{with_target!r} must hold {{target}} once and no other placeholder")
    if _placeholders(without_target):
        raise ValueError(f"{without_target!r} must hold no placeholder")
    return Phrase(with_target, without_target)


def parse_events(path: Path) -> dict[tuple[str, str], EventWords]:
    """(type, mode) -> words; mode ``-`` is the type's default. Raises E113 on the first bad line."""
    table: dict[tuple[str, str], EventWords] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        cells = line.split("\t")
        if len(cells) != 4:
            raise PipelineConfigError("E113", path=where, problem="expected 4 columns: type, mode, past, future")
        event_type, mode, past, future = (c.strip() for c in cells)
        if event_type not in PLOVER_TYPES:
            raise PipelineConfigError("E113", path=where, problem=f"{event_type!r} is not a PLOVER type")
        if mode != NO_MODE and not _MODE.match(mode):
            raise PipelineConfigError("E113", path=where, problem=f"{mode!r} is not a mode (lower case, or '-')")
        if (event_type, mode) in table:
            raise PipelineConfigError("E113", path=where, problem=f"{event_type} {mode} is listed twice")
        try:
            table[(event_type, mode)] = EventWords(_phrase(past), _phrase(future))
        except ValueError as exc:
            raise PipelineConfigError("E113", path=where, problem=str(exc)) from None
    missing = [t for t in PLOVER_TYPES if (t, NO_MODE) not in table]
    if missing:
        raise PipelineConfigError("E113", path=path.name, problem=f"no '-' row for {', '.join(missing)}")
    return table


def parse_wording(path: Path) -> dict[str, str]:
    """key -> words; every required key present, every placeholder allowed. Raises E110."""
    kind, entries = vocab.parse(path)
    if kind != "mapping":
        raise PipelineConfigError("E110", path=path.name, problem="must be a mapping ('#! kind: mapping')")
    words = {key: value or "" for key, value in entries.items()}
    for key, text in words.items():
        allowed = REQUIRED_WORDING.get(key)
        if allowed is None:
            allowed = next((v for prefix, v in OPTIONAL_WORDING.items() if key.startswith(prefix)), None)
        if allowed is None:
            raise PipelineConfigError("E110", path=path.name, problem=f"unknown key {key!r}")
        try:
            extra = _placeholders(text) - allowed
        except ValueError as exc:
            raise PipelineConfigError("E110", path=path.name, problem=f"{key}: {exc}") from None
        if extra:
            raise PipelineConfigError("E110", path=path.name, problem=f"{key}: unknown placeholder {sorted(extra)}")
    missing = sorted(set(REQUIRED_WORDING) - set(words))
    if missing:
        raise PipelineConfigError("E110", path=path.name, problem=f"missing keys: {', '.join(missing)}")
    return words


@functools.cache
def event_words() -> dict[tuple[str, str], EventWords]:
    return parse_events(BRIEF_DATA / "events.tsv")


@functools.cache
def wording() -> dict[str, str]:
    return parse_wording(BRIEF_DATA / "wording.tsv")


def words_for(event_type: str, mode: str | None) -> EventWords:
    """The phrases of a type and mode; a mode without a row of its own takes the type's default row."""
    table = event_words()
    return table.get((event_type, mode or NO_MODE)) or table[(event_type, NO_MODE)]


def say(key: str, **values: str) -> str:
    """The words of ``key`` (case-insensitive) with its placeholders filled; '' for an absent optional key."""
    text = wording().get(key.lower())
    return text.format(**values) if text else ""
