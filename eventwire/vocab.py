"""Vocabularies: the word lists and word-to-value tables rules consult, one file per concept.

Each vocabulary is ``eventwire/data/vocab/<name>.tsv``: a header of ``#!`` lines, comments (``#``), then one
entry per line. The header says what the file is::

    #! kind: words            one lower-case word or phrase per line
    #! kind: mapping          word <TAB> value
    #! values: GOV MIL COP    (mapping only) the values allowed

Loading validates every line and raises :class:`~eventwire.errors.PipelineConfigError` (E110) naming the
file and the line: an unknown header key, a value outside ``values``, a duplicate word, a missing column.
"""

from __future__ import annotations

import functools
from pathlib import Path

from eventwire.errors import PipelineConfigError
from eventwire.paths import DATA_DIR

VOCAB_DIR = DATA_DIR / "vocab"
_HEADER_KEYS = {"kind", "values", "about"}


def _fail(path: Path, line: int, problem: str) -> PipelineConfigError:
    return PipelineConfigError("E110", path=f"{path.name}:{line}", problem=problem)


def parse(path: Path) -> tuple[str, dict[str, str | None]]:
    """(kind, entries) of one vocabulary file; entries map each word to its value (None for word lists)."""
    header: dict[str, str] = {}
    entries: dict[str, str | None] = {}
    allowed: set[str] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("#!"):
            key, _, value = line[2:].partition(":")
            key = key.strip()
            if key not in _HEADER_KEYS:
                raise _fail(path, number, f"unknown header key {key!r} (one of {', '.join(sorted(_HEADER_KEYS))})")
            header[key] = value.strip()
            if key == "values":
                allowed = set(value.split())
            continue
        if not line.strip() or line.startswith("#"):
            continue
        kind = header.get("kind")
        if kind not in {"words", "mapping"}:
            raise _fail(path, number, "the header must say '#! kind: words' or '#! kind: mapping' before entries")
        cells = [c.strip() for c in line.split("\t")]
        word = cells[0].lower()
        if word in entries:
            raise _fail(path, number, f"duplicate entry {word!r}")
        if kind == "words":
            if len(cells) != 1:
                raise _fail(path, number, "a word list has one column")
            entries[word] = None
        else:
            if len(cells) != 2 or not cells[1]:
                raise _fail(path, number, "a mapping has two columns: word <TAB> value")
            if allowed is not None and cells[1] not in allowed:
                raise _fail(path, number, f"value {cells[1]!r} is not one of {' '.join(sorted(allowed))}")
            entries[word] = cells[1]
    if "kind" not in header:
        raise _fail(path, 1, "missing '#! kind:' header")
    return header["kind"], entries


@functools.cache
def _load(name: str) -> tuple[str, dict[str, str | None]]:
    path = VOCAB_DIR / f"{name}.tsv"
    if not path.exists():
        raise PipelineConfigError("E110", path=path.name, problem="no such vocabulary")
    return parse(path)


@functools.cache
def words(name: str) -> frozenset[str]:
    """The words of a vocabulary (the keys, for a mapping)."""
    return frozenset(_load(name)[1])


@functools.cache
def mapping(name: str) -> dict[str, str]:
    kind, entries = _load(name)
    if kind != "mapping":
        raise PipelineConfigError("E110", path=f"{name}.tsv", problem="is a word list, not a mapping")
    return {k: v for k, v in entries.items() if v is not None}


def validate_all(directory: Path = VOCAB_DIR) -> list[str]:
    """Load every vocabulary file; returns their names (raises on the first bad line)."""
    names = []
    for path in sorted(directory.glob("*.tsv")):
        parse(path)
        names.append(path.stem)
    return names
