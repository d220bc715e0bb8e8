"""The Goldstein (1992) conflict–cooperation score of an event, from its CAMEO code.

``eventwire/data/scales/goldstein.tsv`` holds the score of every CAMEO code (-10 most conflictual, +10 most
cooperative; written by ``scripts/build_goldstein.py``); ``plover_roots.tsv`` the root code an event without
a CAMEO code of its own is scored by. Both files are validated when first read: a bad line raises
:class:`~eventwire.errors.PipelineConfigError` (E113) naming the file and the line.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from eventwire.contract import PLOVER_TYPES
from eventwire.errors import PipelineConfigError
from eventwire.paths import DATA_DIR

SCALES_DIR = DATA_DIR / "scales"
_CODE = re.compile(r"^\d{2,4}$")
_ROOTS = {f"{n:02d}" for n in range(1, 21)}


def _rows(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise PipelineConfigError("E113", path=f"{path.name}:{number}", problem=f"expected {columns} columns")
        rows.append((number, cells))
    return rows


def parse_scale(path: Path) -> dict[str, float]:
    """CAMEO code -> score; every code is 2–4 digits, every score within [-10, 10], all 20 roots present."""
    scores: dict[str, float] = {}
    for number, (code, value) in _rows(path, 2):
        where = f"{path.name}:{number}"
        if not _CODE.match(code):
            raise PipelineConfigError("E113", path=where, problem=f"{code!r} is not a CAMEO code")
        if code in scores:
            raise PipelineConfigError("E113", path=where, problem=f"duplicate code {code}")
        try:
            score = float(value)
        except ValueError:
            raise PipelineConfigError("E113", path=where, problem=f"score {value!r} is not a number") from None
        if not -10 <= score <= 10:
            raise PipelineConfigError("E113", path=where, problem=f"score {score} is outside -10..10")
        scores[code] = score
    missing = sorted(_ROOTS - set(scores))
    if missing:
        raise PipelineConfigError("E113", path=path.name, problem=f"root codes missing: {', '.join(missing)}")
    return scores


def parse_roots(path: Path, scores: dict[str, float]) -> dict[str, str]:
    """PLOVER type -> CAMEO code; every PLOVER type once, every code on the scale."""
    roots: dict[str, str] = {}
    for number, (event_type, code) in _rows(path, 2):
        where = f"{path.name}:{number}"
        if event_type not in PLOVER_TYPES:
            raise PipelineConfigError("E113", path=where, problem=f"{event_type!r} is not a PLOVER type")
        if event_type in roots:
            raise PipelineConfigError("E113", path=where, problem=f"duplicate type {event_type}")
        if code not in scores:
            raise PipelineConfigError("E113", path=where, problem=f"code {code} is not on the Goldstein scale")
        roots[event_type] = code
    missing = [t for t in PLOVER_TYPES if t not in roots]
    if missing:
        raise PipelineConfigError("E113", path=path.name, problem=f"PLOVER types missing: {', '.join(missing)}")
    return roots


@functools.cache
def scale() -> dict[str, float]:
    return parse_scale(SCALES_DIR / "goldstein.tsv")


@functools.cache
def plover_roots() -> dict[str, str]:
    return parse_roots(SCALES_DIR / "plover_roots.tsv", scale())


def score(cameo: str | None, event_type: str | None = None) -> float | None:
    """The score of a CAMEO code (its nearest listed parent when the code itself is not listed); without a
    code, the score of the event type's root code; None when neither is known."""
    scores = scale()
    code = cameo or ""
    while len(code) >= 2:
        if code in scores:
            return scores[code]
        code = code[:-1]
    root = plover_roots().get(event_type or "")
    return scores[root] if root else None
