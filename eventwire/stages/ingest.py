"""ingest: turn files, folders, JSON Lines corpora, HTML pages and feeds into Docs.

Ingest is the pipeline's source rather than a ``Doc -> Doc`` stage: it yields
either a :class:`Doc` or an :class:`InputRejected` per input (or per JSON Lines
record), so one bad input never stops the batch.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.errors import InputRejected

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


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputRejected]:
    """Expand folders (recursively, sorted) into the files eventwire can read."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                # In a folder, Markdown is documentation (README.md, SOURCES.md), not an article;
                # name a .md file explicitly to process it.
                if child.name.startswith(".") or child.suffix.lower() not in SUPPORTED - {"", ".md"}:
                    continue
                yield child
        elif path.exists():
            yield path
        else:
            yield InputRejected("E001", path=str(raw))


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected("E010", path=str(path), detail=exc.strerror or str(exc)) from None
    if size == 0:
        raise InputRejected("E002", path=str(path))
    if size > MAX_FILE_BYTES:
        raise InputRejected("E005", path=str(path), size=size, limit=MAX_FILE_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputRejected("E010", path=str(path), detail=exc.strerror or str(exc)) from None
    _check_not_binary(data, str(path))
    return data


def _check_not_binary(data: bytes, where: str) -> None:
    head = data[:8192]
    if b"\x00" in head:
        raise InputRejected("E003", path=where, detail="it contains NUL bytes")
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and control / len(head) > 0.05:
        raise InputRejected("E003", path=where, detail=f"{control} control bytes in the first {len(head)}")


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected("E004", path=where, detail=f"byte 0x{data[exc.start]:02x} at offset {exc.start}") from None


def _check_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputRejected("E002", path=where)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputRejected("E014", path=where, chars=len(text), limit=MAX_ARTICLE_CHARS)
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


def read_text_file(path: Path, default_date: date | None = None) -> Doc:
    text = _check_text(_decode(_read_bytes(path), str(path)), str(path))
    named = None if default_date else date_from_name(path)
    if named is not None:
        return Doc(path.stem, text, date=named, date_source="file-name", date_confidence=0.9, source_path=str(path))
    return Doc(path.stem, text, date=default_date, date_source="given" if default_date else None, source_path=str(path))


def read_html_file(path: Path, default_date: date | None = None) -> Doc:
    import trafilatura

    html = _decode(_read_bytes(path), str(path))
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if not extracted or not (extracted.text or "").strip():
        raise InputRejected("E009", path=str(path))
    text = _check_text(extracted.text, str(path))
    doc_date = default_date
    date_source = "given" if default_date else None
    if doc_date is None and extracted.date:
        try:
            doc_date = parse_date(extracted.date, str(path))
            date_source = "page-metadata"
        except InputRejected:
            doc_date = None
    return Doc(
        path.stem,
        text,
        title=extracted.title,
        date=doc_date,
        date_source=date_source,
        url=extracted.url,
        outlet=extracted.sitename,
        source_path=str(path),
    )


def read_jsonl_file(path: Path, default_date: date | None = None) -> Iterator[Item]:
    """One Doc per record; a broken line is rejected alone, the rest go on."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputRejected("E010", path=str(path), detail=exc.strerror or str(exc))
        return
    if size == 0:
        yield InputRejected("E002", path=str(path))
        return
    with path.open("rb") as handle:
        head = handle.read(8192)
    try:
        _check_not_binary(head, str(path))
    except InputRejected as exc:
        yield exc
        return
    if path.suffix.lower() == ".json" and head.lstrip()[:1] == b"[":
        yield from _read_json_array(path, default_date)
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            yield record_to_doc(raw, path, number, default_date)


def _read_json_array(path: Path, default_date: date | None) -> Iterator[Item]:
    try:
        records = json.loads(_decode(_read_bytes(path), str(path)))
    except InputRejected as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield InputRejected("E007", path=str(path), line=exc.lineno, detail=exc.msg)
        return
    for number, record in enumerate(records, start=1):
        yield record_to_doc(record, path, number, default_date)


def record_to_doc(raw: bytes | dict, path: Path, number: int, default_date: date | None) -> Item:
    where = f"{path}:{number}"
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return InputRejected("E004", path=where, detail=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            return InputRejected("E007", path=str(path), line=number, detail=exc.msg)
    else:
        record = raw
    if not isinstance(record, dict):
        return InputRejected(
            "E007", path=str(path), line=number, detail=f"a JSON {type(record).__name__}, not an object"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputRejected("E008", path=str(path), line=number)
    doc_id = str(record.get("id") or f"{path.stem}-{number}")
    try:
        _check_text(text, f"{path}:{doc_id}")
        record_date = parse_date(record.get("date"), f"{path}:{doc_id}")
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


def read_feed_file(path: Path, default_date: date | None = None) -> Iterator[Item]:
    """RSS/Atom: one Doc per entry, from its content or summary (HTML stripped)."""
    import feedparser
    import trafilatura

    try:
        data = _read_bytes(path)
    except InputRejected as exc:
        yield exc
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no <item> or <entry> elements")
        yield InputRejected("E012", path=str(path), detail=detail)
        return
    for number, entry in enumerate(feed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "")
        text = (trafilatura.extract(f"<html><body><article>{html}</article></body></html>") or "").strip() or re.sub(
            r"<[^>]+>", " ", html
        ).strip()
        entry_id = entry.get("id") or entry.get("link") or f"{path.stem}-{number}"
        doc_id = re.sub(r"[^A-Za-z0-9._-]+", "_", entry_id).strip("_")[-120:]
        if not text:
            yield InputRejected("E008", path=str(path), line=number)
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
            source_path=f"{path}:{number}",
        )


def _looks_like_feed(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(2048).lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf" in head


def read_inputs(paths: Iterable[str | Path], default_date: date | None = None) -> Iterator[Item]:
    """Every article found under ``paths``, or the reason it was rejected."""
    for item in iter_paths(paths):
        if isinstance(item, InputRejected):
            yield item
            continue
        path = item
        suffix = path.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl_file(path, default_date)
            elif suffix in HTML_SUFFIXES:
                yield read_html_file(path, default_date)
            elif suffix in FEED_SUFFIXES or (suffix == ".xml" and _looks_like_feed(path)):
                yield from read_feed_file(path, default_date)
            elif suffix in TEXT_SUFFIXES:
                yield read_text_file(path, default_date)
            else:
                yield InputRejected("E006", path=str(path), suffix=suffix)
        except InputRejected as exc:
            yield exc
