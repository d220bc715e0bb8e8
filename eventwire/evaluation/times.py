"""Scoring the time stage against gold time expressions.

Three gold sources (read from the shared evaluation material, never copied):

- ``zaobao``: ``gold/zaobao-2023-03-17-china-russia.dates.jsonl`` (text + start/end per expression);
- ``gum``: the Wikinews documents of GUM (``corpora/gum-wikinews/xml``), ``<date>`` spans with
  ``when`` or ``from``/``to`` or ``notBefore``/``notAfter``; the document date is ``dateCreated``;
- ``meantime``: MEANTIME's intra-document annotation (TIMEX3 with ``value``); the document date is the
  CREATION_TIME TIMEX3, or the dateline in ``docs_index.tsv`` where that is missing or malformed.

In scope (the same rule for every corpus; see docs/sections/time.md): a DATE whose value is a calendar
range (a day, ISO week or weekend, month, quarter, season, year, decade or century, or a range between two
such), whose words name the calendar or the speech time (a month, weekday or season name, a number, or a
deictic word such as today, ago, this/last/next + unit), and which is not a bare duration ("twelve years").
Out of scope: durations, sets, times of day, year-less values ("--10"), PAST_REF/PRESENT_REF/FUTURE_REF,
fiscal years, and expressions that need the discourse to resolve ("the day", "that time", "opening night").

**found** = share of in-scope gold expressions overlapped by a predicted expression;
**resolved** = share of found expressions with a predicted expression overlapping them whose start and end
dates equal the gold range.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.paths import shared_dir

CORPORA = ("zaobao", "gum", "meantime")


@dataclass
class GoldTime:
    start: int  # character offsets into GoldDoc.text
    end: int
    text: str
    value_start: date | None
    value_end: date | None
    raw: str  # the value as annotated, for the report
    # Other places the same words occur (the zaobao gold gives text, not offsets): any one may be matched.
    alternatives: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class GoldDoc:
    id: str
    text: str
    date: date
    times: list[GoldTime] = field(default_factory=list)
    # Annotated time spans that are not scored (MEANTIME's dateline, the document creation time) but
    # still show that a prediction there is no false alarm.
    other_spans: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------- gold values


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}


def value_range(value: str) -> tuple[date, date] | None:
    """The calendar range of a TIMEX3 / TEI date value, or None when it is not one.

    Handles YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-XX, YYYY-Www, YYYY-Www-WE, YYYY-Qn, YYYY-SP/SU/FA/WI,
    YYY (a decade) and YY (a century).
    """
    v = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d\d)(?:-XX)?", v):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo)
        if m := re.fullmatch(r"(\d{4})", v):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v):
            y, first = int(m[1]), _SEASON_MONTHS[m[2]]
            if first == 12:  # winter Y: December Y-1 to February Y
                return date(y - 1, 12, 1), _month_end(y, 2)
            return date(y, first, 1), _month_end(y, first + 2)
        if m := re.fullmatch(r"(\d{3})", v):
            decade = int(m[1]) * 10
            return date(decade, 1, 1), date(decade + 9, 12, 31)
        if m := re.fullmatch(r"(\d{2})", v):
            c = int(m[1]) * 100
            return date(c, 1, 1), date(c + 99, 12, 31)
    except ValueError:
        return None
    return None


_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
    r"jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|"
    r"fall|winter|sixties|seventies|eighties|nineties|twenties|thirties|forties|fifties"
)
_ANCHOR = re.compile(
    rf"\b(?:{_NAMES}|today|tonight|yesterday|tomorrow|ago)\b|\d"
    r"|\b(?:this|last|next|past|previous|coming|current|following|earlier|later|same|end|beginning|start|early|late"
    r"|entire|whole|before)\b.*\b(?:week|weekend|month|year|quarter|decade|century)s?\b"
    r"|\b(?:week|weekend|month|year|quarter|decade|century)s?\b.*\b(?:before|previous|ago|earlier|later)\b"
    r"|\byear[\s-]end\b|\b(?:first|second|third|fourth|final)[\s-]+quarter\b|\bweekend\b",
    re.I,
)
_NUM_WORD = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
             r"forty|fifty|several|few|many|a\s+few|some)")
_DURATION = re.compile(
    rf"(?:about|almost|nearly|over|more\s+than|some|the\s+)?\s*{_NUM_WORD}[\s-]+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies))(?:\s+\w+)?",
    re.I,
)


def scope_reason(text: str, value_range_: tuple[date, date] | None) -> str:
    """Empty when a gold expression is in scope, else why it is not."""
    if value_range_ is None:
        return "not a calendar value"
    t = " ".join(text.split())
    if _DURATION.fullmatch(t) and not re.search(r"\b(ago|past|last|next|previous|coming)\b", t, re.I):
        return "duration"
    if not _ANCHOR.search(t):
        return "needs the discourse"
    return ""


# ---------------------------------------------------------------- detokenising

_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "n’t", "'re", "'ve",
                    "'ll", "'d", "'m", "’re", "’ve", "’ll", "’d", "’m", "''", "”", "...", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "#", "£", "€"}


class _Builder:
    """Joins tokens into readable text and remembers where each token landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.prev = ""
        self.glue_next = True

    def add(self, token: str, glue: bool = False) -> tuple[int, int]:
        space = not (glue or self.glue_next or token in _NO_SPACE_BEFORE or self.prev in _NO_SPACE_AFTER)
        if space:
            self.parts.append(" ")
            self.length += 1
        start = self.length
        self.parts.append(token)
        self.length += len(token)
        self.prev = token
        self.glue_next = False
        return start, self.length

    def newline(self, n: int = 2) -> None:
        if self.length and not self.glue_next:
            self.parts.append("\n" * n)
            self.length += n
            self.glue_next = True

    @property
    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------- readers


def read_zaobao(base: Path | None = None) -> list[GoldDoc]:
    base = base or shared_dir()
    gold_path = base / "gold" / "zaobao-2023-03-17-china-russia.dates.jsonl"
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        return []
    doc_id = rows[0]["doc"]
    text = (base / "articles" / f"{doc_id}.txt").read_text(encoding="utf-8")
    gold = GoldDoc(doc_id, text, date.fromisoformat(rows[0]["document_date"]))
    for row in rows:
        where = [(m.start(), m.end()) for m in re.finditer(re.escape(row["text"]), text)]
        if not where:
            continue
        vs, ve = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        gold.times.append(GoldTime(*where[0], row["text"], vs, ve, f"{row['start']}/{row['end']}", where))
    return [gold]


def _gum_range(attrs: dict[str, str]) -> tuple[tuple[date, date] | None, str]:
    if "when" in attrs:
        # "-2009-03-13" is a typing slip for 2009-03-13 (year-less values start with two dashes)
        when = attrs["when"][1:] if re.fullmatch(r"-\d{4}-\d\d(-\d\d)?", attrs["when"]) else attrs["when"]
        return value_range(when), attrs["when"]
    lo = attrs.get("from") or attrs.get("notBefore")
    hi = attrs.get("to") or attrs.get("notAfter")
    raw = f"{lo}/{hi}"
    if not lo or not hi:
        return None, raw
    a, b = value_range(lo), value_range(hi)
    if a is None or b is None or b[1] < a[0]:
        return None, raw
    return (a[0], b[1]), raw


def read_gum(base: Path | None = None) -> list[GoldDoc]:
    base = base or shared_dir()
    docs = []
    for path in sorted((base / "corpora" / "gum-wikinews" / "xml").glob("*.xml")):
        docs.append(_read_gum_file(path))
    return docs


def _read_gum_file(path: Path) -> GoldDoc:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta = dict(re.findall(r'(\w+)="([^"]*)"', lines[0]))
    b = _Builder()
    open_dates: list[tuple[dict[str, str], int | None]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    in_w = w_first = False
    last_end = 0
    for line in lines[1:]:
        if line.startswith("<"):
            tag = re.match(r"</?([\w:]+)", line)
            name = tag.group(1) if tag else ""
            closing = line.startswith("</")
            if name == "date":
                if closing:
                    attrs, start = open_dates.pop()
                    if start is not None:
                        spans.append((start, last_end, attrs))
                else:
                    open_dates.append((dict(re.findall(r'(\w+)="([^"]*)"', line)), None))
            elif name == "w":  # the pieces of one word ("self-medicating") are glued together
                in_w = not closing
                w_first = True
            elif closing and name in ("p", "head", "caption", "item", "sp", "figure"):
                b.newline()
            continue
        if "\t" not in line:
            continue
        word = line.split("\t", 1)[0]
        start, end = b.add(word, glue=in_w and not w_first)
        w_first = False
        last_end = end
        open_dates = [(a, s if s is not None else start) for a, s in open_dates]
    text = b.text
    gold = GoldDoc(meta.get("id", path.stem), text, date.fromisoformat(meta["dateCreated"]))
    for start, end, attrs in spans:
        rng, raw = _gum_range(attrs)
        gold.times.append(GoldTime(start, end, text[start:end], rng[0] if rng else None, rng[1] if rng else None, raw))
    return gold


def read_meantime(base: Path | None = None) -> list[GoldDoc]:
    base = base or shared_dir()
    root = base / "corpora" / "meantime"
    index: dict[str, dict[str, str]] = {}
    with open(root / "docs_index.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            index[row["file"]] = row
    docs = []
    for path in sorted((root / "intra-doc_annotation").glob("*/*.xml")):
        doc = _read_meantime_file(path, index.get(path.name))
        if doc is not None:
            docs.append(doc)
    return docs


def _dateline(text: str) -> date | None:
    m = re.search(r"([A-Z][a-z]+)\s+(\d{1,2})\s*,\s*(\d{4})", text or "")
    if not m:
        return None
    try:
        return date(int(m[3]), list(calendar.month_name).index(m[1]), int(m[2]))
    except ValueError:
        return None


def _read_meantime_file(path: Path, row: dict[str, str] | None) -> GoldDoc | None:
    root = ET.parse(path).getroot()
    tokens = list(root.iter("token"))
    markables = root.find("Markables")
    timexes = list(markables.iter("TIMEX3")) if markables is not None else []
    # Only sentences 0-5 (or so) are annotated; text after the last annotated sentence is left out.
    annotated = {a.get("t_id") for m in (markables if markables is not None else []) for a in m.iter("token_anchor")}
    sent_of = {t.attrib["t_id"]: int(t.attrib["sentence"]) for t in tokens}
    last_sentence = max((sent_of[t] for t in annotated if t in sent_of), default=5)
    last_sentence = max(last_sentence, 5)
    b = _Builder()
    offsets: dict[str, tuple[int, int]] = {}
    current = None
    for t in tokens:
        s = int(t.attrib["sentence"])
        if s > last_sentence:
            break
        if current is not None and s != current and s <= 2:
            b.newline()  # title and dateline stand on their own lines
        current = s
        offsets[t.attrib["t_id"]] = b.add(t.text or "")
    text = b.text
    dct_value = next((m.get("value") for m in timexes if m.get("functionInDocument") == "CREATION_TIME"), None)
    dct = None
    if dct_value and re.fullmatch(r"\d{4}-\d\d-\d\d", dct_value):
        dct = date.fromisoformat(dct_value)
    line = _dateline(row.get("dateline_text", "")) if row else None
    if line is not None and (dct is None or dct != line):
        dct = line  # the README lists docs whose annotated DCT is missing or disagrees with the dateline
    if dct is None:
        return None
    gold = GoldDoc(path.stem, text, dct)
    for m in timexes:
        anchors = [a.get("t_id") for a in m.iter("token_anchor")]
        spans = [offsets[a] for a in anchors if a in offsets]
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if m.get("functionInDocument") == "CREATION_TIME":
            gold.other_spans.append((start, end))
            continue
        value = m.get("value") or ""
        rng = value_range(value) if m.get("type") == "DATE" else None
        gold.times.append(GoldTime(start, end, text[start:end], rng[0] if rng else None, rng[1] if rng else None,
                                   f"{m.get('type')}:{value}"))
    return gold


READERS = {"zaobao": read_zaobao, "gum": read_gum, "meantime": read_meantime}


# ---------------------------------------------------------------- scoring


def _pipeline():
    from eventwire.pipeline import Pipeline

    return Pipeline(["repair", "nlp", "time"])


def run_time_stage(golds: list[GoldDoc], pipeline=None) -> Iterator[tuple[GoldDoc, Doc]]:
    """Our pipeline (repair, nlp, time) over each gold text, with the gold document date given."""
    pipeline = pipeline or _pipeline()
    docs = [Doc(g.id, g.text, date=g.date) for g in golds]
    for gold, (doc, error) in zip(golds, pipeline.pipe(docs), strict=True):
        if error is not None:
            raise RuntimeError(str(error))
        yield gold, doc


def score(pairs: Iterable[tuple[GoldDoc, Doc]]) -> dict[str, Any]:
    n = found = resolved = 0
    excluded: dict[str, int] = {}
    misses: list[dict[str, Any]] = []
    predicted = judged_total = hits = 0
    docs = 0
    for gold, doc in pairs:
        docs += 1
        preds = []
        for t in doc.times:
            ostart, oend = doc.to_original(t.start, t.end)
            preds.append((ostart, oend, t))
        predicted += len(preds)
        annotated = [span for g in gold.times for span in (g.alternatives or [(g.start, g.end)])] + gold.other_spans
        # MEANTIME annotates only its first sentences: predictions after them are not judged.
        horizon = max((e for _, e in annotated), default=0) if gold.other_spans else len(gold.text)
        judged = [(s, e) for s, e, _ in preds if s < horizon]
        judged_total += len(judged)
        hits += sum(1 for s, e in judged if any(s < ge and gs < e for gs, ge in annotated))
        for g in gold.times:
            rng = (g.value_start, g.value_end) if g.value_start and g.value_end else None  # both or neither
            reason = scope_reason(g.text, rng)
            if reason or rng is None:  # (no calendar value is a reason)
                excluded[reason] = excluded.get(reason, 0) + 1
                continue
            n += 1
            spans = g.alternatives or [(g.start, g.end)]
            over = [t for s, e, t in preds if any(s < ge and gs < e for gs, ge in spans)]
            # A range's ends count on their own where the gold annotates them separately (TimeML style).
            parts = [(doc.to_original(p.start, p.end), p) for t in over for p in getattr(t, "parts", [])]
            candidates = over + [p for (ps, pe), p in parts if any(ps < ge and gs < pe for gs, ge in spans)]
            ok = any(t.value_start == g.value_start and (t.value_end or t.value_start) == g.value_end
                     for t in candidates)
            if over:
                found += 1
            if ok:
                resolved += 1
            else:
                misses.append({
                    "doc": gold.id, "date": gold.date.isoformat(), "text": g.text, "gold": g.raw,
                    "gold_range": [rng[0].isoformat(), rng[1].isoformat()],
                    "predicted": [[t.text, str(t.value_start), str(t.value_end), t.method] for t in over],
                    "context": gold.text[max(0, g.start - 60):g.end + 60].replace("\n", " "),
                })
    return {
        "docs": docs, "gold": n, "found": found, "resolved": resolved,
        "found_rate": round(found / n, 4) if n else 0.0,
        "resolved_rate": round(resolved / found, 4) if found else 0.0,
        "excluded": excluded, "predicted": predicted,
        # Share of predictions (in the annotated part) that overlap some annotated time span, in or out of
        # scope. A lower bound on precision: GUM leaves generic "today" unannotated.
        "precision": round(hits / judged_total, 4) if judged_total else 0.0,
        "misses": misses,
    }


def evaluate_times(corpus: str = "all", base: Path | None = None) -> dict[str, Any]:
    """Score the time stage on one corpus (zaobao | gum | meantime) or on all of them.

    Returns ``{corpus: report}`` where each report has ``gold`` (in-scope expressions), ``found``,
    ``resolved``, ``found_rate``, ``resolved_rate``, ``excluded`` (out-of-scope counts by reason) and
    ``misses`` (the gold expressions not resolved, with what was predicted over them).
    """
    names = CORPORA if corpus == "all" else (corpus,)
    unknown = [c for c in names if c not in READERS]
    if unknown:
        raise ValueError(f"unknown corpus {unknown[0]!r}; choose from {', '.join((*CORPORA, 'all'))}")
    pipeline = _pipeline()
    return {name: score(run_time_stage(READERS[name](base), pipeline)) for name in names}


def format_report(report: dict[str, Any], show_misses: bool = False) -> str:
    """A plain-text table of found / resolved per corpus."""
    lines = [f"{'corpus':<10} {'docs':>5} {'gold':>5} {'found':>7} {'resolved':>9} {'precision':>10}  excluded"]
    for name, r in report.items():
        excl = ", ".join(f"{k} {v}" for k, v in sorted(r["excluded"].items())) or "-"
        lines.append(f"{name:<10} {r['docs']:>5} {r['gold']:>5} {r['found_rate']:>7.3f} {r['resolved_rate']:>9.3f}"
                     f" {r['precision']:>10.3f}  {excl}")
        if show_misses:
            for m in r["misses"]:
                pred = "; ".join(f"{p[0]!r} {p[1]}..{p[2]}" for p in m["predicted"]) or "not found"
                lines.append(f"    {m['doc'][:28]:<28} {m['date']} {m['text']!r} gold {m['gold_range'][0]}.."
                             f"{m['gold_range'][1]} -> {pred}")
    return "\n".join(lines)


def print_report(report: dict[str, Any], show_misses: bool = False) -> None:
    print(format_report(report, show_misses))
