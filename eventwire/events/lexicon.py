"""The event lexicon, its word classes and the CAMEO→PLOVER map (data files in ``data/events``).

``lexicon.tsv`` lists trigger words with the CAMEO code they usually carry and the conditions under which
that reading holds ("strike" with an air-strike modifier is an assault; plain "strike" a labour strike).
The trained coder reads the rows whose conditions hold as features of a word; the lexicon no longer
decides alone. Loading validates every row: an unknown condition, word class, part of speech, CAMEO code
or PLOVER type fails with E111 naming the file and line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.contract import PLOVER_TYPES
from eventwire.errors import PipelineConfigError
from eventwire.paths import DATA_DIR

EVENTS_DATA = DATA_DIR / "events"
POS_CODES = {"V", "N", "A"}
# Condition -> whether it takes a value. Documented in the header of lexicon.tsv.
CONDITIONS = {"prt": True, "prep": True, "obj": True, "noobj": True, "gov": True, "mod": True, "subj": True,
              "xcomp": False, "nocomp": False, "ccomp": False, "oblige": False}
BUILTIN_CLASSES = {"any", "actor", "place"}


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
    # A conditioned row that sets its own type names another sense of the word ("*air* strike" is an attack,
    # not a walk-out): where it holds, the coder keeps its type.
    sense: bool = False

    @property
    def name(self) -> str:
        """A stable name for the row: lemma, part of speech, CAMEO code and conditions (not its line)."""
        cond = ";".join(f"{k}={v}" if v else k for k, v in self.conditions.items())
        return f"{self.lemma}/{self.pos}/{self.cameo}" + (f"[{cond}]" if cond else "")


def _fail(path: Path, line: int, problem: str) -> PipelineConfigError:
    return PipelineConfigError("E111", path=f"{path.name}:{line}", problem=problem)


@functools.lru_cache(maxsize=1)
def cameo_map() -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    path = EVENTS_DATA / "cameo.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        code, plover, mode, context, label = (line.split("\t") + [""] * 5)[:5]
        if plover not in PLOVER_TYPES:
            raise _fail(path, number, f"unknown PLOVER type {plover!r}")
        codes[code] = CameoCode(code, plover, mode.strip() or None,
                                tuple(c.strip() for c in context.split(";") if c.strip()), label)
    return codes


@functools.lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Class name -> lemmas (``word_classes.tsv``: ``class<TAB>word|word|...``)."""
    path = EVENTS_DATA / "word_classes.tsv"
    classes: dict[str, frozenset[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[1].strip():
            raise _fail(path, number, "expected: class <TAB> word|word|...")
        if cells[0] in classes or cells[0] in BUILTIN_CLASSES:
            raise _fail(path, number, f"class {cells[0]!r} defined twice")
        classes[cells[0]] = frozenset(w.strip().lower() for w in cells[1].split("|") if w.strip())
    return classes


def parse_lexicon(path: Path) -> dict[tuple[str, str], list[Entry]]:
    codes, classes = cameo_map(), word_classes()
    table: dict[tuple[str, str], list[Entry]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            raise _fail(path, number, "expected: lemma <TAB> pos <TAB> cameo [<TAB> conditions]")
        lemma, pos, code = parts[0].strip(), parts[1].strip(), parts[2].strip()
        if pos not in POS_CODES:
            raise _fail(path, number, f"part of speech {pos!r} is not one of V, N, A")
        if code not in codes:
            raise _fail(path, number, f"unknown CAMEO code {code!r}")
        conditions: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for item in (parts[3].split(";") if len(parts) > 3 and parts[3].strip() else []):
            key, has_value, value = item.strip().partition("=")
            if key in {"type", "mode"}:
                overrides[key] = value
                continue
            if key not in CONDITIONS:
                raise _fail(path, number, f"unknown condition {key!r} (one of {', '.join(sorted(CONDITIONS))})")
            if CONDITIONS[key] != bool(has_value):
                raise _fail(path, number, f"condition {key!r} {'needs' if CONDITIONS[key] else 'takes no'} value")
            named = value.split(":", 1)[1] if key == "prep" and ":" in value else value
            if key in {"obj", "noobj", "gov", "mod", "subj", "prep"} and named not in classes \
                    and named not in BUILTIN_CLASSES:
                raise _fail(path, number, f"unknown word class {named!r}")
            conditions[key] = value
        cameo = codes[code]
        event_type = overrides.get("type") or cameo.plover
        if event_type not in PLOVER_TYPES:
            raise _fail(path, number, f"unknown PLOVER type {event_type!r}")
        mode = overrides["mode"] if "mode" in overrides else cameo.mode
        entry = Entry(lemma, pos, code, event_type, mode or None, list(cameo.context), conditions, number,
                      sense="type" in overrides and bool(conditions))
        table.setdefault((lemma, pos), []).append(entry)
    return table


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Entry]]:
    """(lemma, pos) -> entries in file order."""
    return parse_lexicon(EVENTS_DATA / "lexicon.tsv")


def cameo_for(event_type: str, mode: str | None) -> str | None:
    """The first CAMEO code of a PLOVER type and mode."""
    fallback = None
    for code in cameo_map().values():
        if code.plover != event_type:
            continue
        if code.mode == mode:
            return code.code
        fallback = fallback or code.code
    return fallback
