"""ingest: turn files, folders, JSON Lines corpora, HTML pages and feeds into Docs.

Ingest is the pipeline's source rather than a ``Doc -> Doc`` stage: it yields
either a :class:`Doc` or an :class:`InputRejected` per input (or per JSON Lines
record), so one bad input never stops the batch.
"""

from __future__ import annotations

import codecs
import errno
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.errors import InputRejected, InputSkipped
from eventwire.language import foreign_language

log = logging.getLogger("eventwire")

MAX_FILE_BYTES = 20_000_000  # a news page, even with its boilerplate, is far smaller
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's limit; no news article comes near it
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

Item = Doc | InputRejected


def parse_date(value: Any, where: str) -> date | None:
    """A YYYY-MM-DD (or longer ISO timestamp) value, None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        raise InputRejected("E011", path=where, value=value)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InputRejected("E011", path=where, value=value) from None


def display_path(path: str | Path) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 (kept by Python as lone surrogates) are
    shown as escapes (``\\xff``), so a bad file name never breaks a message, the console or the database."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def _name_is_utf8(path: str | Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class InputFile:
    """A file to read, with the id its article gets (the path below the folder it was found in, without suffix)."""

    path: Path
    name: str


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def _stat(path: Path, skipped: bool) -> os.stat_result | InputRejected:
    """``os.stat`` (through links) or the rejection that says why the path cannot be used."""
    error = InputSkipped if skipped else InputRejected
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return error("E020", path=display_path(path), detail="the link points back to itself")
        if exc.errno == errno.ENOENT:
            return error("E001", path=display_path(path))
        return error("E010", path=display_path(path), detail=exc.strerror or str(exc))


def _walk(
    folder: Path, rel: tuple[str, ...], ancestors: frozenset[tuple[int, int]]
) -> Iterator[InputFile | InputRejected]:
    """Files under ``folder`` in name order; what cannot be read is reported (``InputSkipped``), never dropped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputSkipped("E019", path=display_path(folder), detail=exc.strerror or str(exc))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are not articles
        if not _name_is_utf8(entry.name):
            yield InputSkipped("E018", path=display_path(path))
            continue
        found = _stat(path, skipped=True)
        if isinstance(found, InputRejected):
            yield found
            continue
        if stat.S_ISDIR(found.st_mode):
            key = (found.st_dev, found.st_ino)
            if key in ancestors:
                yield InputSkipped("E020", path=display_path(path), detail="it leads back into a folder it is in")
                continue
            yield from _walk(path, (*rel, entry.name), ancestors | {key})
        elif not stat.S_ISREG(found.st_mode):
            yield InputSkipped("E017", path=display_path(path), kind=_file_kind(found.st_mode))
        elif path.suffix.lower() == ".md":
            # In a folder, Markdown is documentation (README.md, SOURCES.md), not an article: name it to process it.
            log.info("ignored %s: Markdown in a folder is taken as documentation", display_path(path))
        elif path.suffix.lower() not in SUPPORTED - {""}:
            yield InputSkipped("E006", path=display_path(path), suffix=path.suffix.lower() or "(none)")
        else:
            yield InputFile(path, "/".join((*rel, path.stem)))


def iter_paths(paths: Iterable[str | Path]) -> Iterator[InputFile | InputRejected]:
    """Expand folders (recursively, in name order) into the files eventwire can read.

    Nothing is opened here: counting inputs must never block on a named pipe.
    Every file is given once, with an id that is unique within the call.
    """
    found: list[InputFile | InputRejected] = []
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if not _name_is_utf8(path):
            found.append(InputRejected("E018", path=display_path(path)))
            continue
        result = _stat(path, skipped=False)
        if isinstance(result, InputRejected):
            found.append(result)
        elif stat.S_ISDIR(result.st_mode):
            root = frozenset({(result.st_dev, result.st_ino)})
            found.extend(_walk(path, (), root))
        elif stat.S_ISREG(result.st_mode):
            found.append(InputFile(path, path.stem))
        else:
            found.append(InputRejected("E017", path=display_path(path), kind=_file_kind(result.st_mode)))
    unique: list[InputFile | InputRejected] = []
    for item in found:
        if isinstance(item, InputFile):
            key = _file_key(item.path)
            if key in seen:
                continue  # the same file named twice (or through a folder and by name) is one input
            seen.add(key)
        unique.append(item)
    _disambiguate([item for item in unique if isinstance(item, InputFile)])
    yield from unique


def _file_key(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _disambiguate(files: list[InputFile]) -> None:
    """Files whose ids collide (``a/report.txt`` and ``b/report.txt`` named on the command line, ``report.txt``
    and ``report.html`` side by side) take as many parent folders, then the suffix, as makes them unique."""
    groups: dict[str, list[InputFile]] = {}
    for item in files:
        groups.setdefault(item.name, []).append(item)
    for group in groups.values():
        if len(group) < 2:
            continue
        stems = [item.path.absolute().with_suffix("").parts for item in group]
        for k in range(1, max(len(p) for p in stems) + 1):
            if len({p[-k:] for p in stems}) == len(group):
                break
        else:
            k = 0  # same folder, same stem: only the suffix tells them apart
        for item, parts in zip(group, stems, strict=True):
            depth = max(k, item.name.count("/") + 1)
            item.name = "/".join(parts[-depth:]) + ("" if k else item.path.suffix)


def _read_bytes(path: Path) -> bytes:
    where = display_path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected("E010", path=where, detail=exc.strerror or str(exc)) from None
    if size == 0:
        raise InputRejected("E002", path=where)
    if size > MAX_FILE_BYTES:
        raise InputRejected("E005", path=where, size=size, limit=MAX_FILE_BYTES)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputRejected("E010", path=where, detail=exc.strerror or str(exc)) from None


# Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _check_not_binary(text: str, where: str) -> None:
    head = text[:8192]
    if "\x00" in head:
        raise InputRejected("E003", path=where, detail="it contains NUL bytes")
    control = sum(1 for c in head if ord(c) < 32 and c not in "\t\n\f\r")
    if head and control / len(head) > 0.05:
        raise InputRejected("E003", path=where, detail=f"{control} control bytes in the first {len(head)}")


def _decode(data: bytes, where: str) -> str:
    """Text of a file: UTF-8, or UTF-16/32 when a byte-order mark says so; binary data is refused."""
    encoding = _bom_encoding(data)
    if encoding is None:
        # Without a mark, NUL bytes mean binary (UTF-16 without a BOM is not guessed at).
        _check_not_binary(data[:8192].decode("latin-1"), where)
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        detail = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        if label != "UTF-8":
            detail = f"not valid {label} after its byte-order mark: {detail}"
            raise InputRejected("E003", path=where, detail=detail) from None
        raise InputRejected("E004", path=where, detail=detail) from None
    _check_not_binary(text, where)
    return text


def _read_text(path: Path) -> str:
    return _decode(_read_bytes(path), display_path(path))


def _check_unicode(value: str, where: str, field: str = "") -> None:
    """JSON escapes can carry half a surrogate pair (``"\\ud800"``), which no UTF-8 writer accepts."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        detail = f"\\u{ord(value[exc.start]):04x} at character {exc.start}" + (f" of '{field}'" if field else "")
        raise InputRejected("E016", path=where, detail=detail) from None


def _check_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputRejected("E002", path=where)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputRejected("E014", path=where, chars=len(text), limit=MAX_ARTICLE_CHARS)
    _check_unicode(text, where)
    foreign = foreign_language(text)
    if foreign is not None:
        raise InputRejected("E023", path=where, language=foreign.name, lang=foreign.code, confidence=foreign.confidence)
    return text


_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\D|$)")


def date_from_name(path: Path) -> date | None:
    """The date a file name starts with ("2023-03-17-icc-warrant.txt"), a common way to file articles."""
    match = _DATED_NAME.match(path.name)
    if not match:
        return None
    try:
        return date.fromisoformat(match[1])
    except ValueError:
        return None


def _as_file(path: Path | InputFile) -> InputFile:
    return path if isinstance(path, InputFile) else InputFile(Path(path), Path(path).stem)


def read_text_file(path: Path | InputFile, default_date: date | None = None) -> Doc:
    file = _as_file(path)
    where = display_path(file.path)
    text = _check_text(_read_text(file.path), where)
    named = None if default_date else date_from_name(file.path)
    if named is not None:
        return Doc(file.name, text, date=named, date_source="file-name", date_confidence=0.9, source_path=where)
    return Doc(file.name, text, date=default_date, date_source="given" if default_date else None, source_path=where)


def read_html_file(path: Path | InputFile, default_date: date | None = None) -> Doc:
    import trafilatura
    from trafilatura.settings import Document

    file = _as_file(path)
    where = display_path(file.path)
    html = _read_text(file.path)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    # A Document, or None when nothing was extracted (the dict form is only for as_dict=True).
    if not isinstance(extracted, Document) or not extracted.text or not extracted.text.strip():
        raise InputRejected("E009", path=where)
    text = _check_text(extracted.text, where)
    doc_date = default_date
    date_source = "given" if default_date else None
    if doc_date is None and extracted.date:
        try:
            doc_date = parse_date(extracted.date, where)
            date_source = "page-metadata"
        except InputRejected:
            doc_date = None
    return Doc(
        file.name,
        text,
        title=extracted.title,
        date=doc_date,
        date_source=date_source,
        url=extracted.url,
        outlet=extracted.sitename,
        source_path=where,
    )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes | str]]:
    """Numbered non-blank lines; UTF-16/32 files (with a byte-order mark) are decoded whole first."""
    with path.open("rb") as handle:
        head = handle.read(4)
    encoding = _bom_encoding(head)
    if encoding is not None and encoding != "utf-8-sig":
        lines: Iterable[bytes | str] = _read_text(path).splitlines()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield number, line
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if raw.strip():
                yield number, raw


def read_jsonl_file(path: Path | InputFile, default_date: date | None = None) -> Iterator[Item]:
    """One Doc per record; a broken line is rejected alone, the rest go on."""
    file = _as_file(path)
    where = display_path(file.path)
    try:
        size = file.path.stat().st_size
        if size == 0:
            yield InputRejected("E002", path=where)
            return
        with file.path.open("rb") as handle:
            head = handle.read(8192)
        if _bom_encoding(head) is None:
            _check_not_binary(head.decode("latin-1"), where)
        if file.path.suffix.lower() == ".json" and head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] == b"[":
            yield from _read_json_array(file, default_date)
            return
        for number, raw in _jsonl_lines(file.path):
            yield record_to_doc(raw, file.path, number, default_date, name=file.name)
    except InputRejected as exc:
        yield exc
    except OSError as exc:
        yield InputRejected("E010", path=where, detail=exc.strerror or str(exc))


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        # A line of thousands of nested brackets: a ValueError-like failure, not a crash of the batch.
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def _read_json_array(file: InputFile, default_date: date | None) -> Iterator[Item]:
    where = display_path(file.path)
    try:
        records = _loads(_read_text(file.path))
    except InputRejected as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield InputRejected("E007", path=where, line=exc.lineno, detail=exc.msg)
        return
    for number, record in enumerate(records, start=1):
        yield record_to_doc(record, file.path, number, default_date, name=file.name)


_RECORD_STRINGS = ("id", "text", "title", "url", "outlet", "source_name", "date")


def record_to_doc(
    raw: bytes | str | dict, path: Path, number: int, default_date: date | None, *, name: str | None = None
) -> Item:
    """One JSON Lines record as a Doc, or its rejection; ``name`` is the file's id (records without one get
    ``name-N``)."""
    shown = display_path(path)
    where = f"{shown}:{number}"
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return InputRejected("E004", path=where, detail=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}")
    if isinstance(raw, str):
        try:
            record = _loads(raw)
        except json.JSONDecodeError as exc:
            return InputRejected("E007", path=shown, line=number, detail=exc.msg)
    else:
        record = raw
    if not isinstance(record, dict):
        return InputRejected("E007", path=shown, line=number, detail=f"a JSON {type(record).__name__}, not an object")
    try:
        for key in _RECORD_STRINGS:
            if isinstance(record.get(key), str):
                _check_unicode(record[key], where, key)
    except InputRejected as exc:
        return exc
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputRejected("E008", path=shown, line=number)
    doc_id = str(record.get("id") or f"{name or path.stem}-{number}")
    try:
        _check_text(text, f"{shown}:{doc_id}")
        record_date = parse_date(record.get("date"), f"{shown}:{doc_id}")
    except InputRejected as exc:
        return exc
    doc_date = default_date or record_date
    return Doc(
        doc_id,
        text,
        title=record.get("title"),
        date=doc_date,
        date_source="given" if doc_date else None,
        url=record.get("url"),
        outlet=record.get("outlet") or record.get("source_name"),
        source_path=where,
    )


_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def read_feed_file(path: Path | InputFile, default_date: date | None = None) -> Iterator[Item]:
    """RSS/Atom: one Doc per entry, from its content or summary (HTML stripped)."""
    import feedparser
    import trafilatura

    file = _as_file(path)
    where = display_path(file.path)
    try:
        data = _read_text(file.path)
    except InputRejected as exc:
        yield exc
        return
    if _ENTITY_DECLARATION.search(data):
        # Entity definitions are how "billion laughs" feeds blow up a parser; news feeds never need them.
        yield InputRejected("E021", path=where)
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no <item> or <entry> elements")
        yield InputRejected("E012", path=where, detail=detail)
        return
    for number, entry in enumerate(feed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "")
        text = (trafilatura.extract(f"<html><body><article>{html}</article></body></html>") or "").strip() or re.sub(
            r"<[^>]+>", " ", html
        ).strip()
        entry_id = entry.get("id") or entry.get("link") or f"{file.name}-{number}"
        doc_id = re.sub(r"[^A-Za-z0-9._/-]+", "_", entry_id).strip("_")[-120:]
        if not text:
            yield InputRejected("E008", path=where, line=number)
            continue
        try:
            _check_text(text, f"{where}:{number}")
        except InputRejected as exc:
            yield exc
            continue
        entry_date = default_date
        if entry_date is None and entry.get("published_parsed"):
            entry_date = date(*entry.published_parsed[:3])
        yield Doc(
            doc_id,
            text,
            title=entry.get("title"),
            date=entry_date,
            date_source="given" if default_date else ("feed-metadata" if entry_date else None),
            url=entry.get("link"),
            outlet=feed.feed.get("title"),
            source_path=f"{where}:{number}",
        )


def _looks_like_feed(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(2048).lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf" in head


def read_inputs(paths: Iterable[str | Path], default_date: date | None = None) -> Iterator[Item]:
    """Every article found under ``paths``, or the reason it was rejected (one bad input never stops the rest)."""
    for item in iter_paths(paths):
        if isinstance(item, InputRejected):
            yield item
            continue
        suffix = item.path.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl_file(item, default_date)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(item, default_date)
            elif suffix in FEED_SUFFIXES or (suffix == ".xml" and _looks_like_feed(item.path)):
                yield from read_feed_file(item, default_date)
            elif suffix in TEXT_SUFFIXES:
                yield read_text_file(item, default_date)
            else:
                yield InputRejected("E006", path=display_path(item.path), suffix=suffix)
        except InputRejected as exc:
            yield exc
        except OSError as exc:
            yield InputRejected("E010", path=display_path(item.path), detail=exc.strerror or str(exc))
