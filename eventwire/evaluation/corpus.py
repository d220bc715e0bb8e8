"""The team's coded corpus: which articles, where their texts come from, and how they are rendered.

The coded events live in ``corpus/events/*.jsonl`` at the top of the checkout; the article texts
are not copied into the repository (the shared corpora are read where they are). This module
renders each text from its source in ``../shared/corpora`` the same way every time, because the
coded evidence offsets point into that rendering:

- ``wikinews``: ``corpora/wikinews-politics/articles.jsonl``, the ``text`` field as stored;
- ``gum``: GUM's CoNLL-U, sentences rebuilt from ``# text =`` and paragraphs from ``# newpar``;
- ``meantime`` and ``ecbplus``: CAT XML tokens, joined by :func:`detokenize`, one sentence per
  line; the URL line of ECB+ documents is left out.

``corpus/documents.tsv`` lists every document once: id, source, reference (a path under
``../shared``), article date (empty when the source gives none) and split (train, dev, test).
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.paths import PACKAGE_DIR, shared_dir

CORPUS_DIR = PACKAGE_DIR.parent / "corpus"
SPLITS = ("train", "dev", "test")
SOURCES = ("wikinews", "gum", "meantime", "ecbplus")


@dataclass(frozen=True)
class CorpusDoc:
    doc: str
    source: str
    ref: str
    date: str | None
    split: str


# ----------------------------------------------------------------------------- detokenizing
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d",
                    "'m", "'S", "N'T", "''", "...", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#", "US$", "£", "€"}
_QUOTE_MAP = {"``": "\u201c", "''": "\u201d"}


def _glued(before: str, mark: str, token: str) -> bool:
    """Whether ``token`` continues ``before mark`` without a space: 2:53, 6.6, 5,000, U.N., p.m."""
    if before.isdigit() and token.isdigit():
        return mark in ":." or (mark == "," and len(token) == 3)
    return mark == "." and len(before) == 1 and before.isalpha() and len(token) == 1 and token.isalpha()


def detokenize(tokens: Sequence[str]) -> str:
    """Join word tokens as a news page would print them ("U.S. , they 're" -> "U.S., they're").

    Straight double quotes alternate between opening and closing; PTB quotes (`` '') become curly
    ones. The rules are frozen: coded offsets depend on them.
    """
    out: list[str] = []
    words: list[str] = []
    open_quote = False
    glue_next = False
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        text = _QUOTE_MAP.get(token, token)
        space = bool(out) and not glue_next
        if token in _NO_SPACE_BEFORE or (len(words) >= 2 and _glued(words[-2], words[-1], token)):
            space = False
        glue_next = token in _NO_SPACE_AFTER
        if token == '"':
            if open_quote:
                space = False
            else:
                glue_next = True
            open_quote = not open_quote
        if space:
            out.append(" ")
        out.append(text)
        words.append(token)
    return "".join(out)


# ----------------------------------------------------------------------------- sources
def _cat_sentences(path: Path) -> list[list[str]]:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    return [sentences[k] for k in sorted(sentences)]


_URL_START = re.compile(r"^(https?|www)\b", re.IGNORECASE)


def render_cat(path: Path) -> str:
    """An ECB+ or MEANTIME document: one detokenized sentence per line, without the URL line."""
    lines: list[str] = []
    for tokens in _cat_sentences(path):
        if tokens and _URL_START.match(tokens[0]) and len(lines) == 0:
            # ECB+ documents open with their source URL, tokenized; it is not article text.
            continue
        line = detokenize(tokens)
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n"


def render_gum(path: Path) -> str:
    """A GUM document: its sentences as written (``# text =``), paragraphs split by blank lines."""
    paragraphs: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_"):
            paragraphs.append([])
        elif line.startswith("# text = "):
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(line[len("# text = "):])
    return "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"


def gum_meta(path: Path) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::"):
            key, _, value = line[len("# meta::"):].partition(" = ")
            meta[key.strip()] = value.strip()
        elif line and not line.startswith("#"):
            break
    return meta


@lru_cache(maxsize=1)
def _wikinews_articles() -> dict[str, dict]:
    path = shared_dir() / "corpora" / "wikinews-politics" / "articles.jsonl"
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {row["id"]: row for row in rows}


def render(source: str, ref: str) -> str:
    """The text of one corpus document, exactly as the coded offsets expect it."""
    if source == "wikinews":
        return str(_wikinews_articles()[ref]["text"])
    path = shared_dir() / ref
    if source == "gum":
        return render_gum(path)
    if source in ("meantime", "ecbplus"):
        return render_cat(path)
    raise ValueError(f"unknown corpus source {source!r}")


def title_of(source: str, ref: str) -> str | None:
    if source == "wikinews":
        return str(_wikinews_articles()[ref]["title"])
    if source == "gum":
        return gum_meta(shared_dir() / ref).get("title")
    return None


# ----------------------------------------------------------------------------- manifest
def load_documents(path: Path | None = None) -> list[CorpusDoc]:
    path = path or CORPUS_DIR / "documents.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    docs = [CorpusDoc(r["doc"], r["source"], r["ref"], r["date"] or None, r["split"]) for r in rows]
    for d in docs:
        if d.split not in SPLITS or d.source not in SOURCES:
            raise ValueError(f"{path}: bad row for {d.doc}: split {d.split!r}, source {d.source!r}")
    return docs


def article_records(split: str | None = None, documents: list[CorpusDoc] | None = None) -> Iterator[dict]:
    """Corpus documents as ingest records (id, title, date, text), optionally of one split."""
    for d in documents if documents is not None else load_documents():
        if split is None or d.split == split:
            yield {"id": d.doc, "title": title_of(d.source, d.ref), "date": d.date, "text": render(d.source, d.ref)}
