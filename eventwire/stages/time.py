"""time: every time expression in the article, resolved to a date range.

Compiled regular expressions find the candidates ("next week",
"Friday (March 17)", "from March 20th to 22nd", "mid-2022" ...); our own
calendar rules resolve each against the article date. The direction of a bare
weekday, month, season or quarter ("met on Thursday" vs "will meet on
Thursday") comes from the verb that governs it in the spaCy parse. dateparser
is only asked about numeric dates ("17.03.2023", "3/17/23"), which it reads
well; it is wrong on "next week", "last December" and ranges, so those are ours.

When the article has no date, it is inferred from the text (a dateline, a
weekday paired with a date, or the latest explicit date) before anything
relative is resolved.

Conventions: weeks run Monday to Sunday; seasons are northern meteorological
(spring = March-May, winter Y = December Y-1 to February Y); "last/past/this
past X" without a number is the previous calendar X; "the past N days" is a
window ending on the article date; early/mid/late/the end of leave a year whole
(as TimeML values do) and narrow a month (early 1-10, mid 10-20, late 15-end).
See docs/sections/time.md.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from eventwire.document import Doc, TimeExpression
from eventwire.pipeline import stage
from eventwire.vocab import mapping, words

log = logging.getLogger("eventwire.time")

Range = tuple[date, date]

# ---------------------------------------------------------------- lexicons

def _numbers(*names: str) -> dict[str, int]:
    """Vocabularies of words with a number (months, weekdays, number words), the numbers as ints."""
    return {word: int(value) for name in names for word, value in mapping(name).items()}


MONTHS = _numbers("months", "month_abbreviations")
WEEKDAYS = _numbers("weekdays", "weekday_abbreviations")
SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
NUMBER_WORDS = _numbers("number_words")
ORDINALS = _numbers("ordinals")
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}

# ---------------------------------------------------------------- regex pieces

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MON = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WD_ANY = rf"(?:{WD}|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
# A four-digit clock time ("1625 UTC", "0900 GMT") is not a year.
YEAR = (r"(?:1[0-9]\d\d|20\d\d|21\d\d)(?![\d,]\d)"
        r"(?!\s*(?:UTC|GMT|Zulu|hrs\b|hours\b|local\s+time|[AaPp]\.?[Mm]\b|EST|EDT|CET|CEST|BST|PST|PDT|IST|MSK))")
SEASON = r"(?i:spring|summer|autumn|fall|winter)"
_NUM_WORDS = "|".join(sorted((k for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True))
NUM = rf"(?:\d+|(?i:(?:{_NUM_WORDS})(?:[\s-](?:{_NUM_WORDS}))?)|(?i:an?))"
UNIT = r"(?i:days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
MOD = (r"(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of"
       r"|the\s+first\s+half\s+of|the\s+second\s+half\s+of|end\s+of|beginning\s+of|start\s+of)")
REL = (r"(?i:this\s+past|this\s+coming|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|the\s+following"
       r"|this|next|last|past|previous|coming|current)")
RANGE_SEP = r"(?:\s*(?:-|–|—)\s*|\s+(?i:to|until|till|through|thru|and)\s+)"
FROM = r"(?:(?i:from|between)\s+)?"


# Whitespace inside an expression may wrap a line but never crosses a blank line (title, dateline, paragraphs).
_WS = r"(?:[^\S\n]|(?<!\n)\n(?![^\S\n]*\n))"


def _p(name: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    pattern = pattern.replace(r"[\s-]", r"(?:\s|-)").replace(r"\s", _WS)
    return name, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])")


# Order matters only for ties of equal length: earlier names win.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    _p("range_md", rf"{FROM}(?P<m1>{MON})\s+(?P<d1>{DAY}){RANGE_SEP}(?:(?P<m2>{MON})\s+)?(?P<d2>{DAY})"
                   rf"(?:,?\s+(?P<y>{YEAR}))?"),
    _p("range_dm", rf"{FROM}(?P<d1>{DAY})(?:\s+(?P<m1>{MON}))?{RANGE_SEP}(?P<d2>{DAY})\s+(?:of\s+)?(?P<m2>{MON})"
                   rf"(?:,?\s+(?P<y>{YEAR}))?"),
    _p("range_mm", rf"{FROM}(?P<m1>{_MONTH_FULL})(?:\s+(?P<y1>{YEAR}))?"
                   rf"(?:\s+(?i:or|and|to|until|through)\s+|\s*[-–]\s*)"
                   rf"(?P<m2>{_MONTH_FULL})(?:,?\s+(?P<y>{YEAR}))?"),
    _p("range_yy", rf"(?i:from|between)\s+(?P<y1>{YEAR})\s+(?i:to|until|and|through)\s+(?P<y2>{YEAR})"
                   rf"|(?P<y3>{YEAR})\s*[–-]\s*(?P<y4>{YEAR})"),
    _p("wd_paren", rf"(?P<wd>{WD_ANY})\s*\(\s*(?:(?P<m>{MON})\s+(?P<d>{DAY})|(?P<d2>{DAY})\s+(?P<m2>{MON}))"
                   rf"(?:,?\s+(?P<y>{YEAR}))?\s*\)"),
    _p("date_md", rf"(?:(?P<wd>{WD_ANY}),?\s+)?(?P<m>{MON})\s+(?P<d>{DAY})(?:,?\s+(?P<y>{YEAR}))?"),
    _p("date_dm", rf"(?:(?P<wd>{WD_ANY}),?\s+)?(?i:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<m>{MON})"
                  rf"(?:,?\s+(?P<y>{YEAR}))?"),
    _p("date_iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])"),
    _p("date_num", r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"),
    _p("month_year", rf"(?:(?P<mod>{MOD})[\s-]+)?(?P<m>{MON})(?:\s+of)?,?\s+(?P<y>{YEAR})"),
    _p("month_rel_year", rf"(?P<m>{_MONTH_FULL})\s+(?:(?i:of)\s+)?"
                         rf"(?P<rel>(?i:this|next|last|the\s+previous|the\s+following))"
                          rf"\s+(?i:year)"),
    _p("season_year", rf"(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?i:the\s+)?(?P<s>{SEASON})(?:\s+of)?\s+(?P<y>{YEAR})"
                      rf"|(?P<y2>{YEAR})\s+(?P<s2>{SEASON})"),
    _p("quarter", rf"(?i:the\s+)?(?:(?P<ord>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[\s-]+(?i:quarter)"
                  rf"(?:\s+(?i:of)\s+(?:(?P<y>{YEAR})|(?P<rel>(?i:this|last|next|the\s+previous|the\s+current))\s+(?i:year)))?"
                  rf"|(?P<q>Q[1-4])\s+(?P<y2>{YEAR})|(?P<y3>{YEAR})\s+(?P<q2>Q[1-4]))"),
    _p("year_mod", rf"(?P<mod>{MOD})[\s-]+(?P<y>{YEAR})"),
    _p("decade", r"(?i:the\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?:(?P<c>1\d|20)(?P<d>\d)0(?:'|’)?s"
                 r"|['’](?P<d2>\d)0s|(?<!\d)(?P<d3>\d)0s|(?P<w>(?i:twenties|thirties|forties|fifties|sixties|seventies|"
                 r"eighties|nineties)))"),
    _p("century", r"(?i:the\s+)(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<o>(?i:nineteenth|twentieth|twenty-first)))"
                  r"[\s-]+(?i:century)"),
    _p("year", rf"(?P<y>{YEAR})|['’](?P<y2>\d\d)(?!\w)"
               r"|(?:(?<=\bin )|(?<=\d\d and )|(?<=\d\d or ))(?P<y3>\d\d)(?=\s*(?:[,.;:)]|and\b|or\b|$))"),
    _p("ago", rf"\[?(?P<n>{NUM})\]?\s+(?P<u>{UNIT})\s+(?i:ago|earlier|before)(?!\s+(?i:the|that|this|its|his|her))"),
    _p("window", rf"(?i:(?:in|over|during|for|within)\s+)?(?P<rel>{REL})\s+(?P<n>{NUM})\s+(?P<u>{UNIT})"),
    _p("deictic", r"(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|(?:earlier|later)\s+today"
                  r"|today|tonight|yesterday|tomorrow|last\s+night"
                  r"|this\s+(?:morning|afternoon|evening)|(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening|night))"),
    _p("rel_unit", rf"(?:(?P<pre>(?i:earlier|later|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
                   rf"|the\s+middle\s+of|end\s+of|by\s+the\s+end\s+of))[\s-]+)?(?P<rel>{REL})[\s-]+"
                   rf"(?P<u>(?i:week(?:end)?|month|year|quarter|decade|century|fortnight))(?:['’]s)?"),
    _p("unit_rel", r"(?i:the\s+)(?P<u>(?i:week|month|year))\s+(?P<rel>(?i:before|previous|after))"
                   r"(?!\s+(?i:the|that|this|last))"),
    _p("the_unit", r"(?:(?P<pre>(?i:the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|by\s+the\s+end\s+of))\s+)?"
                   r"(?i:the)\s+(?P<u>(?i:weekend|year|month))(?![\w-])(?!\s+(?:of|in|before|after|\d))"),
    _p("year_end", r"(?i:year[\s-]end)"),
    _p("weekday", rf"(?:(?P<rel>(?i:this\s+past|this\s+coming|this|next|last|past|coming))\s+)?(?P<wd>{WD})"
                  rf"(?:\s+(?i:morning|afternoon|evening|night))?"),
    _p("month", rf"(?:(?P<rel>(?i:this\s+past|this\s+coming|this|next|last|past|coming))\s+)?(?:(?P<mod>{MOD})[\s-]+)?"
                rf"(?P<m>{_MONTH_FULL})"),
    _p("season", rf"(?:(?P<rel>(?i:this\s+past|this\s+coming|this|next|last|past|coming))\s+)?"
                 rf"(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
                 rf"(?:(?P<the>(?i:the))\s+)?(?P<s>{SEASON})"),
]

# ---------------------------------------------------------------- calendar helpers


def month_range(y: int, m: int) -> Range:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def year_range(y: int) -> Range:
    return date(y, 1, 1), date(y, 12, 31)


def week_range(d: date) -> Range:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def quarter_range(y: int, q: int) -> Range:
    return date(y, 3 * q - 2, 1), month_range(y, 3 * q)[1]


def season_range(y: int, s: int) -> Range:
    """Season ``s`` (0 spring .. 3 winter) of year ``y``; winter Y runs from December Y-1 to February Y."""
    if s == 3:
        return date(y - 1, 12, 1), month_range(y, 2)[1]
    first = 3 + 3 * s
    return date(y, first, 1), month_range(y, first + 2)[1]


def season_year_of(d: date) -> int:
    return d.year + 1 if d.month == 12 else d.year


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_years(d: date, n: int) -> date:
    y = d.year + n
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def _distance(r: Range, ref: date) -> int:
    if r[0] <= ref <= r[1]:
        return 0
    return min(abs((r[0] - ref).days), abs((r[1] - ref).days))


def pick(ranges: list[Range], ref: date, how: str | None) -> Range:
    """Choose among instances of a named period (e.g. every April) by direction from ``ref``.

    past: the latest one that has started by ``ref``; future: the earliest one not over by ``ref``;
    last / next: strictly before / after the one containing ``ref``; None: the nearest.
    """
    ranges = sorted(ranges)
    chosen: list[Range] = []
    if how == "past":
        chosen = [r for r in ranges if r[0] <= ref][-1:]
    elif how == "future":
        chosen = [r for r in ranges if r[1] >= ref][:1]
    elif how == "last":
        chosen = [r for r in ranges if r[1] < ref][-1:]
    elif how == "next":
        chosen = [r for r in ranges if r[0] > ref][:1]
    if chosen:
        return chosen[0]
    return min(ranges, key=lambda r: (_distance(r, ref), r[0] > ref))


def _modify(r: Range, mod: str | None) -> Range:
    """Narrow a month or year range by early / mid / late / end of / beginning of."""
    if not mod:
        return r
    mod = " ".join(mod.lower().replace("by the", "the").split())
    start, end = r
    span_days = (end - start).days + 1
    if span_days > 40:
        # A year keeps its whole range under early / mid / late / the end of (TimeML: the modifier is not part
        # of the value). A third of a year would be a guess that often misses the date; the year contains it.
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if mod == "the first half of":
            return start, add_months(start, months // 2) - timedelta(days=1)
        if mod == "the second half of":
            return add_months(start, months // 2), end
        return r
    # a month: early = 1-10, mid = 10-20, late = 15-end (the corpora's convention for "late September")
    y, m = start.year, start.month
    if mod == "early":
        return date(y, m, 1), date(y, m, 10)
    if mod in ("mid", "the middle of"):
        return date(y, m, 10), date(y, m, 20)
    if mod == "late":
        return date(y, m, 15), end
    if mod in ("the end of", "end of"):
        return date(y, m, max(end.day - 6, 1)), end
    if mod in ("the beginning of", "beginning of", "the start of", "start of"):
        return date(y, m, 1), date(y, m, 7)
    if mod == "the first half of":
        return date(y, m, 1), date(y, m, 15)
    if mod == "the second half of":
        return date(y, m, 16), end
    return r


def _num(text: str) -> int | None:
    text = text.strip("[]").lower()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"[\s-]+", text):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total or None


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _day(text: str) -> int:
    digits = re.match(r"\d+", text)  # DAY groups always start with the day's digits ("22nd")
    if digits is None:
        raise ValueError(f"no day number in {text!r}")
    return int(digits.group())


# ---------------------------------------------------------------- direction from the parse

FUTURE_AUX = {"will", "'ll", "ll", "shall", "wo", "’ll"}
MODALS = {"would", "could", "may", "might", "should", "must", "can", "ca", "'d"}
PERFECT_OR_PAST_AUX = {"has", "have", "had", "was", "were", "'s", "'ve", "'d", "’s", "’ve"}
PRESENT_BE = {"is", "are", "am", "'s", "'re", "’s", "’re", "be"}
# Verbs whose infinitive complement lies ahead of them ("expected to visit in April").
FUTURE_LEMMAS = words("future_complement_verbs")


SCHEDULE_LEMMAS = {"schedule", "slate", "plan", "reschedule", "postpone"}


def _verb_direction(verb, depth: int = 0) -> str | None:
    """past | future | present | None for one verb token, from its tag and auxiliaries."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & FUTURE_AUX:
        return "future"
    if "have" in auxes and auxes & MODALS:  # "could have met"
        return "past"
    if auxes & MODALS:
        return "future"
    if "to" in auxes:  # an infinitive looks ahead of the verb it hangs on, or shares its time
        head = verb.head
        for _ in range(3):  # "was willing to skip": climb from the adjective to its verb
            if head is verb or head.lower_ in FUTURE_LEMMAS or head.lemma_.lower() in FUTURE_LEMMAS:
                break
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            head = head.head
        if head is verb or depth > 2:
            return "future"
        if head.lemma_.lower() in FUTURE_LEMMAS or head.lower_ in FUTURE_LEMMAS:
            return "future"
        if head.lemma_.lower() == "be" and head.tag_ in ("VBZ", "VBP"):  # "is to be held"
            return "future"
        found = _verb_direction(head, depth + 1) if head.pos_ in ("VERB", "AUX") else None
        return found if found in ("past", "future", "perfect") else "future"
    tag = verb.tag_
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if verb.lemma_.lower() in SCHEDULE_LEMMAS:  # "has been scheduled for June 3" names a planned time
            return "future"
        if auxes & PRESENT_BE and not auxes & {"has", "have", "had"}:
            return "future" if verb.lemma_.lower() in FUTURE_LEMMAS else "present"
        if auxes & {"has", "have", "'ve", "’ve"}:
            return "perfect"
        return "past"
    if tag == "VBG":
        if auxes & {"was", "were"}:
            return "past"
        if auxes & PRESENT_BE:
            return "future"
        if verb.head is not verb and depth <= 2:
            return _verb_direction(verb.head, depth + 1)
        return None
    if tag in ("VBZ", "VBP"):
        return "present"
    return None


def direction(sdoc, start: int, end: int) -> str | None:
    """Which way from the article date the span [start, end) of ``sdoc`` points: past | future | present | None.

    Mostly the tense of the governing verb; "until Friday" after a present or perfect verb looks ahead.
    """
    found = _governing_direction(sdoc, start, end)
    if sdoc is None or not re.search(r"\b(until|till)\s+$", _text_before(sdoc, start, 8).lower()):
        return "past" if found == "perfect" else found
    # "has kept markets closed until Friday": the main verb's present or perfect looks ahead.
    span = sdoc.char_span(start, end, alignment_mode="expand")
    root = span.sent.root if span is not None else None
    if root is not None and root.pos_ in ("VERB", "AUX"):
        top = _verb_direction(root)
        found = top if top in ("perfect", "present", "future") else found
    return "future" if found in ("perfect", "present") else found


def _text_before(sdoc, pos: int, chars: int) -> str:
    """The ``chars`` characters of ``sdoc``'s text before ``pos``.

    spaCy builds ``Doc.text`` by joining every token on each access, which made this stage quadratic in the
    article's length: the text is built once per parse and kept with it.
    """
    text = sdoc.user_data.get("eventwire.text")
    if text is None:
        text = sdoc.user_data["eventwire.text"] = sdoc.text
    return text[max(0, pos - chars) : pos]


def _safe_direction(sdoc, start: int, end: int) -> str | None:
    """The parse is only a hint: an odd parse must never cost the document its dates."""
    try:
        return direction(sdoc, start, end)
    except Exception:
        log.debug("no direction for %r", (start, end), exc_info=True)
        return None


def _governing_direction(sdoc, start: int, end: int) -> str | None:
    if sdoc is None:
        return None
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(8):
        if tok.head is tok:
            break
        tok = tok.head
        if span.start <= tok.i < span.end:
            continue
        if tok.pos_ in ("VERB", "AUX"):
            return _verb_direction(tok)
    if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
        return _verb_direction(tok)
    return None


# ---------------------------------------------------------------- resolution


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    match: re.Match[str]


@dataclass
class Context:
    ref: date | None
    direction: Callable[[], str | None]


def _dir_strict(ctx: Context, default: str | None) -> str | None:
    d = ctx.direction()
    if d in ("past", "future"):
        return d
    if d == "present":
        return default if default != "past" else None
    return default


def _month_day(ctx: Context, m: int, d: int, y: int | None, wd: int | None) -> Range | None:
    if y is not None:
        try:
            day = date(y, m, d)
        except ValueError:
            return None
        return day, day
    if ctx.ref is None:
        return None
    options = []
    for yy in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        try:
            options.append(date(yy, m, d))
        except ValueError:
            continue
    if wd is not None:  # a weekday beside the date fixes the year
        matching = [o for o in options if o.weekday() == wd]
        options = matching or options
    if not options:
        return None
    how = ctx.direction() if wd is None and len(options) > 1 else None
    ref = ctx.ref

    # Explicit dates lean towards the tense, but a date a few days on the "wrong" side is far more likely
    # than one a year away (a visit "announced for March 20" in a March 17 article).
    def cost(o: date) -> float:
        delta = (o - ref).days
        if (how == "past" and delta > 0) or (how == "future" and delta < 0):
            return abs(delta) * 25
        return abs(delta)

    best = min(options, key=cost)
    return best, best


def _named_instances(ref: date, kind: str, value: int) -> list[Range]:
    if kind == "month":
        return [month_range(y, value) for y in range(ref.year - 2, ref.year + 3)]
    if kind == "season":
        return [season_range(y, value) for y in range(ref.year - 2, ref.year + 3)]
    if kind == "quarter":
        return [quarter_range(y, value) for y in range(ref.year - 2, ref.year + 3)]
    if kind == "weekday":
        monday = ref - timedelta(days=ref.weekday())
        out = []
        for w in range(-3, 4):
            d = monday + timedelta(days=7 * w + value)
            out.append((d, d))
        return out
    raise ValueError(kind)


def _relative_named(ctx: Context, kind: str, value: int, rel: str | None, default: str | None) -> Range | None:
    ref = ctx.ref
    if ref is None:
        return None
    instances = _named_instances(ref, kind, value)
    rel = " ".join(rel.lower().split()) if rel else None
    if rel in ("last", "past", "this past"):
        return pick(instances, ref, "last")
    if rel in ("next", "coming", "this coming"):
        return pick(instances, ref, "next")
    if rel == "this":
        if kind == "weekday":
            day = week_range(ref)[0] + timedelta(days=value)
            return day, day
        if kind == "month":
            return month_range(ref.year, value)
        if kind == "season":
            return season_range(season_year_of(ref), value)
        return quarter_range(ref.year, value)
    return pick(instances, ref, _dir_strict(ctx, default))


def _unit_range(ref: date, unit: str, offset: int) -> Range:
    """The calendar ``unit`` containing ``ref``, shifted by ``offset`` units."""
    if unit == "week":
        start = week_range(ref)[0] + timedelta(days=7 * offset)
        return start, start + timedelta(days=6)
    if unit == "weekend":
        sat = week_range(ref)[0] + timedelta(days=5 + 7 * offset)
        return sat, sat + timedelta(days=1)
    if unit == "fortnight":
        start = week_range(ref)[0] + timedelta(days=14 * offset)
        return start, start + timedelta(days=13)
    if unit == "month":
        first = add_months(date(ref.year, ref.month, 1), offset)
        return month_range(first.year, first.month)
    if unit == "quarter":
        q = (ref.month - 1) // 3 + offset
        y, q = ref.year + q // 4, q % 4
        return quarter_range(y, q + 1)
    if unit == "year":
        return year_range(ref.year + offset)
    if unit == "decade":
        d = ref.year // 10 * 10 + 10 * offset
        return date(d, 1, 1), date(d + 9, 12, 31)
    if unit == "century":
        c = ref.year // 100 * 100 + 100 * offset  # everyday usage: the 20th century is the 1900s
        return date(c, 1, 1), date(c + 99, 12, 31)
    raise ValueError(unit)


def _granularity_of(unit: str) -> str:
    return {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}.get(unit, "range")


def _weekend(ctx: Context, rel: str | None) -> Range | None:
    ref = ctx.ref
    if ref is None:
        return None
    rel = " ".join(rel.lower().split()) if rel else None
    this = _unit_range(ref, "weekend", 0)
    before = this if this[0] <= ref else _unit_range(ref, "weekend", -1)
    after = this if this[1] >= ref else _unit_range(ref, "weekend", 1)
    if rel in ("last", "the last", "past", "the past", "this past", "previous", "the previous"):
        return before if before[1] < ref else _unit_range(ref, "weekend", -1)
    if rel in ("next", "the next", "coming", "the coming", "this coming"):
        return after if after[0] > ref else _unit_range(ref, "weekend", 1)
    how = _dir_strict(ctx, None)
    if how == "past":
        return before
    if how == "future":
        return after
    return this


Resolved = tuple[date, date, str] | None


def _day_range(g, ctx, m1: int, m2: int) -> Resolved:
    """Day d1 of month m1 to day d2 of month m2; the year of the first day decides both."""
    y = int(g["y"]) if g.get("y") else None
    first = _month_day(ctx, m1, _day(g["d1"]), y, None)
    if first is None:
        return None
    last = date(first[0].year + (1 if m2 < m1 else 0), m2, _day(g["d2"]))
    if last < first[0]:
        return None
    return first[0], last, "range"


def _r_range_md(g, ctx, ref) -> Resolved:  # "March 20th to 22nd", "March 30 to April 2"
    m1 = _month(g["m1"])
    return _day_range(g, ctx, m1, _month(g["m2"]) if g.get("m2") else m1)


def _r_range_dm(g, ctx, ref) -> Resolved:  # "20 to 22 March", "30 March to 2 April"
    m2 = _month(g["m2"])
    return _day_range(g, ctx, _month(g["m1"]) if g.get("m1") else m2, m2)


def _r_range_mm(g, ctx, ref) -> Resolved:
    m1, m2 = _month(g["m1"]), _month(g["m2"])
    if g.get("y"):
        y2 = int(g["y"])
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if m1 > m2 else y2)
        start = month_range(y1, m1)[0]
    elif (named := _relative_named(ctx, "month", m1, None, None)) is not None:  # None without a reference date
        start = named[0]
        y2 = start.year + (1 if m2 < m1 else 0)
    else:
        return None
    end = month_range(y2, m2)[1]
    if end < start:
        return None
    return start, end, "range"


def _r_range_yy(g, ctx, ref) -> Resolved:
    y1, y2 = (int(g["y1"]), int(g["y2"])) if g.get("y1") else (int(g["y3"]), int(g["y4"]))
    if y2 <= y1 or y2 - y1 > 200:
        return None
    return date(y1, 1, 1), date(y2, 12, 31), "range"


def _r_wd_paren(g, ctx, ref) -> Resolved:
    m = _month(g["m"] or g["m2"])
    d = _day(g["d"] or g["d2"])
    wd = WEEKDAYS[g["wd"].lower().rstrip(".")]
    r = _month_day(ctx, m, d, int(g["y"]) if g.get("y") else None, wd)
    return (r[0], r[1], "day") if r else None


def _r_date(g, ctx, ref) -> Resolved:
    wd = WEEKDAYS[g["wd"].lower().rstrip(".")] if g.get("wd") else None
    r = _month_day(ctx, _month(g["m"]), _day(g["d"]), int(g["y"]) if g.get("y") else None, wd)
    return (r[0], r[1], "day") if r else None


def _r_date_iso(g, ctx, ref) -> Resolved:
    d = date(int(g["y"]), int(g["m"]), int(g["d"]))
    return d, d, "day"


def _r_date_num(g, ctx, ref) -> Resolved:
    d = _parse_numeric(f"{g['a']}{g['sep']}{g['b']}{g['sep']}{g['y']}", g["sep"])
    return (d, d, "day") if d else None


def _r_month_year(g, ctx, ref) -> Resolved:
    r = _modify(month_range(int(g["y"]), _month(g["m"])), g.get("mod"))
    return r[0], r[1], "month" if not g.get("mod") else "range"


def _r_month_rel_year(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    rel = " ".join(g["rel"].lower().split())
    y = ref.year + {"this": 0, "next": 1, "the following": 1, "last": -1, "the previous": -1}[rel]
    return (*month_range(y, _month(g["m"])), "month")


def _r_season_year(g, ctx, ref) -> Resolved:
    s = SEASONS[(g.get("s") or g["s2"]).lower()]
    r = season_range(int(g.get("y") or g["y2"]), s)
    return r[0], r[1], "season"


def _r_quarter(g, ctx, ref) -> Resolved:
    if g.get("q") or g.get("q2"):
        q = int((g.get("q") or g["q2"])[1])
        return (*quarter_range(int(g.get("y2") or g["y3"]), q), "quarter")
    word = g["ord"].lower()
    q = ORDINALS.get(word) or int(word[0])
    if g.get("y"):
        return (*quarter_range(int(g["y"]), q), "quarter")
    if ref is None:
        return None
    rel = " ".join(g["rel"].lower().split()) if g.get("rel") else None
    if rel in ("this", "the current"):
        return (*quarter_range(ref.year, q), "quarter")
    if rel in ("last", "the previous"):
        return (*quarter_range(ref.year - 1, q), "quarter")
    if rel == "next":
        return (*quarter_range(ref.year + 1, q), "quarter")
    r = _relative_named(ctx, "quarter", q, None, None)
    return (r[0], r[1], "quarter") if r else None


def _r_year_mod(g, ctx, ref) -> Resolved:
    r = _modify(year_range(int(g["y"])), g["mod"])
    return r[0], r[1], "year" if r == year_range(int(g["y"])) else "range"


def _r_decade(g, ctx, ref) -> Resolved:
    if g.get("c"):
        start = int(g["c"]) * 100 + int(g["d"]) * 10
    else:
        digit = g.get("d2") or g.get("d3")
        if digit is not None:
            decade = int(digit) * 10
        else:
            decade = DECADE_WORDS[g["w"].lower()] * 10
        base = (ref.year if ref else 2000) // 100 * 100
        start = base + decade if base + decade <= (ref.year if ref else 2000) else base - 100 + decade
    r: Range = (date(start, 1, 1), date(start + 9, 12, 31))
    mod = (g.get("mod") or "").lower()
    if mod == "early":
        r = (date(start, 1, 1), date(start + 3, 12, 31))
    elif mod == "mid":
        r = (date(start + 3, 1, 1), date(start + 6, 12, 31))
    elif mod == "late":
        r = (date(start + 7, 1, 1), date(start + 9, 12, 31))
    return r[0], r[1], "range"


def _r_century(g, ctx, ref) -> Resolved:
    n = int(g["n"]) if g.get("n") else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}[g["o"].lower()]
    start = (n - 1) * 100  # everyday usage: the 20th century is the 1900s
    return date(start, 1, 1), date(start + 99, 12, 31), "range"


def _r_year(g, ctx, ref) -> Resolved:
    if g.get("y"):
        y = int(g["y"])
    else:
        yy = int(g.get("y2") or g["y3"])
        base = (ref.year if ref else 2000) // 100 * 100
        y = base + yy if base + yy <= (ref.year if ref else 2000) + 10 else base - 100 + yy
    return (*year_range(y), "year")


def _r_ago(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    n = _num(g["n"])
    if n is None:
        return None
    unit = g["u"].lower().rstrip("s").replace("centurie", "century").replace("centuri", "century")
    if unit == "day":
        d = ref - timedelta(days=n)
        return d, d, "day"
    if unit == "week":
        d = ref - timedelta(days=7 * n)
        return d, d, "day"
    if unit == "fortnight":
        d = ref - timedelta(days=14 * n)
        return d, d, "day"
    if unit == "month":
        d = add_months(ref, -n)
        return (*month_range(d.year, d.month), "month")
    if unit == "year":
        return (*year_range(ref.year - n), "year")
    if unit == "decade":
        return (*year_range(ref.year - 10 * n), "year")
    return None


def _r_window(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    n = _num(g["n"])
    if n is None or n > 1000:
        return None
    rel = " ".join(g["rel"].lower().split())
    unit = g["u"].lower()
    unit = "century" if unit.startswith("centur") else unit.rstrip("s")
    back = not any(w in rel for w in ("next", "coming", "following"))
    if rel in ("this", "current"):
        return None
    if unit == "year":
        years = (ref.year - n, ref.year) if back else (ref.year, ref.year + n)
        return date(years[0], 1, 1), date(years[1], 12, 31), "range"
    days = {"day": 1, "week": 7, "fortnight": 14}.get(unit)
    if days is not None:
        other = ref - timedelta(days=days * n) if back else ref + timedelta(days=days * n)
    elif unit == "month":
        other = add_months(ref, -n if back else n)
    elif unit == "decade":
        other = add_years(ref, -10 * n if back else 10 * n)
    else:
        other = add_years(ref, -100 * n if back else 100 * n)
    return (other, ref, "range") if back else (ref, other, "range")


def _r_deictic(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    text = " ".join(g["__text__"].lower().split())
    if "before yesterday" in text:
        d = ref - timedelta(days=2)
    elif "after tomorrow" in text:
        d = ref + timedelta(days=2)
    elif text.startswith("yesterday") or text == "last night":
        d = ref - timedelta(days=1)
    elif text.startswith("tomorrow"):
        d = ref + timedelta(days=1)
    else:
        d = ref
    return d, d, "day"


_REL_OFFSET = _numbers("relative_offsets")


def _r_rel_unit(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    rel = " ".join(g["rel"].lower().split())
    unit = g["u"].lower()
    if unit == "weekend":
        r = _weekend(ctx, rel)
        return (r[0], r[1], "range") if r else None
    offset = _REL_OFFSET[rel]
    r = _unit_range(ref, unit, offset)
    pre = " ".join((g.get("pre") or "").lower().split())
    gran = _granularity_of(unit)
    if pre in ("earlier",):
        return r[0], ref, "range"
    if pre in ("later",):
        return ref, r[1], "range"
    if pre:
        if unit in ("week", "fortnight", "quarter", "decade", "century"):
            return r[0], r[1], gran  # too short (or too vague) to split
        narrowed = _modify(r, pre.replace("by the", "the"))
        if narrowed != r:
            r, gran = narrowed, "range"
    return r[0], r[1], gran


def _r_unit_rel(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    unit = g["u"].lower()
    offset = -1 if g["rel"].lower() in ("before", "previous") else 1
    r = _unit_range(ref, unit, offset)
    return r[0], r[1], _granularity_of(unit)


def _r_the_unit(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    unit = g["u"].lower()
    if unit == "weekend":
        r = _weekend(ctx, None)
        return (r[0], r[1], "range") if r else None
    pre = g.get("pre")
    if not pre:  # "the year" alone is anaphoric; "the end of the year" is this year's end
        return None
    whole = year_range(ref.year) if unit == "year" else month_range(ref.year, ref.month)
    r = _modify(whole, " ".join(pre.lower().replace("by the", "the").split()))
    return r[0], r[1], unit if r == whole else "range"


def _r_year_end(g, ctx, ref) -> Resolved:
    if ref is None:
        return None
    return (*year_range(ref.year), "year")


def _r_weekday(g, ctx, ref) -> Resolved:
    r = _relative_named(ctx, "weekday", WEEKDAYS[g["wd"].lower()], g.get("rel"), "past")
    return (r[0], r[1], "day") if r else None


def _r_month(g, ctx, ref) -> Resolved:
    r = _relative_named(ctx, "month", _month(g["m"]), g.get("rel"), None)
    if r is None:
        return None
    if g.get("mod"):
        r = _modify(r, g["mod"])
        return r[0], r[1], "range"
    return r[0], r[1], "month"


def _r_season(g, ctx, ref) -> Resolved:
    r = _relative_named(ctx, "season", SEASONS[g["s"].lower()], g.get("rel"), None)
    if r is None:
        return None
    mod = (g.get("mod") or "").lower()
    if mod:
        first = r[0]
        month = add_months(first, {"early": 0, "mid": 1, "late": 2}[mod])
        r = month_range(month.year, month.month)
        return r[0], r[1], "month"
    return r[0], r[1], "season"


_RESOLVERS: dict[str, Callable[[dict, Context, date | None], Resolved]] = {
    "range_md": _r_range_md, "range_dm": _r_range_dm, "range_mm": _r_range_mm, "range_yy": _r_range_yy,
    "wd_paren": _r_wd_paren, "date_md": _r_date, "date_dm": _r_date, "date_iso": _r_date_iso,
    "date_num": _r_date_num, "month_year": _r_month_year, "month_rel_year": _r_month_rel_year,
    "season_year": _r_season_year, "quarter": _r_quarter,
    "year_mod": _r_year_mod, "decade": _r_decade, "century": _r_century, "year": _r_year, "ago": _r_ago,
    "window": _r_window, "deictic": _r_deictic, "rel_unit": _r_rel_unit, "unit_rel": _r_unit_rel,
    "the_unit": _r_the_unit, "year_end": _r_year_end, "weekday": _r_weekday, "month": _r_month,
    "season": _r_season,
}

# Kinds whose value does not depend on the article date.
ABSOLUTE_KINDS = {"date_iso", "date_num", "month_year", "season_year", "year_mod", "range_yy", "century", "year"}


@functools.lru_cache(maxsize=4096)
def _parse_numeric(text: str, sep: str) -> date | None:
    """Numeric dates through dateparser: month-first with slashes (US wire style), day-first with dots."""
    import dateparser  # imported lazily: it costs ~0.3 s and most articles have no numeric dates

    order = "DMY" if sep == "." else "MDY"
    first, second = (int(x) for x in text.split(sep)[:2])
    if sep == "/" and first > 12 >= second:
        order = "DMY"
    parsed = dateparser.parse(text, settings={"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first"},
                              languages=["en"])
    return parsed.date() if parsed else None


# ---------------------------------------------------------------- finding candidates


def find_candidates(text: str, accept: Callable[[Candidate], bool] | None = None) -> list[Candidate]:
    """Every pattern's matches, reduced to non-overlapping spans (longest first, then leftmost).

    ``accept`` vets a candidate before it claims its span, so a rejected long match ("2014 Winter" of
    "2014 Winter Paralympics") leaves room for a shorter one ("2014").
    """
    found: list[Candidate] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append(Candidate(m.start(), m.end(), kind, m))
    order = {kind: i for i, (kind, _) in enumerate(PATTERNS)}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.kind], c.start))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for c in found:
        if any(occupied[c.start:c.end]):
            continue
        if accept is not None and not accept(c):
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


_LEAD = re.compile(r"^(?i:(?:in|over|during|for|within|by)\s+)")


def _trim(text: str, c: Candidate) -> tuple[int, int]:
    """Drop a leading preposition that a pattern needed for context (TimeML spans exclude it)."""
    start = c.start
    lead = _LEAD.match(text[c.start:c.end])
    if lead:
        start += lead.end()
    return start, c.end


def _tokens_at(sdoc, start: int, end: int):
    if sdoc is None:
        return None
    return sdoc.char_span(start, end, alignment_mode="expand")


def _plausible(c: Candidate, text: str, sdoc) -> bool:
    """Reject matches the parse shows are not dates: the modal "may", "March" as a verb, counts like "2000 troops"."""
    g = c.match.groupdict()
    if c.kind == "month" and not g.get("rel") and not g.get("mod"):
        word = g["m"]
        before = text[max(0, c.start - 12):c.start]
        after = text[c.end:c.end + 3]
        if word == "May" and (c.start == 0 or re.search(r"[.!?\"“]\s*$", before)) and not re.match(r"\s*\d", after):
            return False  # sentence-initial "May" is a modal far more often than the month
        span = _tokens_at(sdoc, c.start, c.end)
        if span is not None and len(span) == 1 and span[0].tag_ in ("MD", "VB", "VBP", "VBZ", "VBD", "VBN"):
            return False
        if _part_of_name(text, c.start, span):
            return False  # "Theresa May", "June Carter"
    if c.kind == "season" and not g.get("rel") and not g.get("mod"):
        before = text[max(0, c.start - 16):c.start]
        after_prep = re.search(r"\b(in|by|until|since|during|this|next|last|of|over|through|early|late|the)\s+$",
                               before.lower())
        if g["s"].lower() == "fall" and not (g.get("the") or after_prep):
            return False  # "prices fall": a verb far more often than the season
        if re.search(r"\b(an?|[A-Z][a-z]+)\s+$", before) and not (g.get("the") or after_prep):
            return False  # "a spring", "Arab Spring", "Prague Spring"
        span = _tokens_at(sdoc, c.start, c.end)
        if span is not None and len(span) == 1 and span[0].pos_ in ("VERB", "ADJ"):
            return False
    if c.kind == "season_year" and g.get("s2") and re.match(r"\s+[A-Z]", text[c.end:c.end + 2]):
        return False  # "2014 Winter Paralympics": an event name, not the season
    if c.kind == "year" and g.get("y"):
        before = text[max(0, c.start - 2):c.start]
        after = text[c.end:c.end + 2]
        if re.match(r"[.,]\d|%|\s?%|\s?\+", after) or re.search(r"[$€£#]\s?$", before):
            return False
        if re.match(r"[\s-]*years?\b", text[c.end:c.end + 8]) or re.search(r"\d[.,]$", before):
            return False  # "a 2000 year old tradition", "$4.1556"
        named_before = re.search(r"\b[A-Z][a-z]+\s$", text[max(0, c.start - 20):c.start])
        if named_before and re.match(r"\s[A-Z][a-z]", text[c.end:c.end + 3]) \
                and not re.search(rf"\b{_MONTH_FULL}\s$", text[max(0, c.start - 12):c.start]):
            return False  # "Russell 2000 Index", "Windows 2000 Server": a name
        span = _tokens_at(sdoc, c.start, c.end)
        if span is not None and len(span) == 1:
            tok = span[0]
            prev = tok.nbor(-1) if tok.i > 0 else None
            counted = tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and tok.head.i > tok.i
            if counted and (prev is None or prev.tag_ not in ("DT", "PRP$", "POS", "JJ")):
                return False  # "2000 soldiers" (but "the 2014 protests", "a 2003 interview")
    if c.kind == "year" and g.get("y2"):
        after = text[c.end:c.end + 1]
        if after.isalpha():
            return False
    if c.kind == "decade" and g.get("d3") and not c.match.group().lower().startswith("the"):
        before = text[max(0, c.start - 6):c.start].lower()
        if not re.search(r"\b(the|in|late|early|mid|and|or|to)[\s-]+$", before):
            return False  # "in his 70s" is an age; keep "the 70s" and "in 70s"
        if re.search(r"\b(his|her|their|its)\s+$", before):
            return False
    if c.kind == "decade" and re.search(r"\b(my|his|her|their|its|our|your)\s+$",
                                        text[max(0, c.start - 8):c.start].lower()):
        return False  # "in my twenties" is an age
    if c.kind == "deictic" and c.match.group()[0].isupper() \
            and not re.search(r"(?:^|[.!?:\"“\n(—–-])\s*$", text[max(0, c.start - 4):c.start]):
        return False  # "USA Today": capitalised inside a sentence, so a name
    if c.kind == "weekday" and not g.get("rel"):
        if re.search(r"\b(a|every|each|any)\s+$", text[max(0, c.start - 7):c.start].lower()):
            return False  # "on a Monday", "every Monday": no particular day
        if re.search(r"\s(?:Morning|Afternoon|Evening|Night)$", c.match.group()):
            return False  # "Saturday Morning Breakfast Cereal": a title
    if c.kind == "window" and re.match(r"\s+of\b", text[c.end:c.end + 4]):
        return False  # "the last five months of her life" is anchored to something else
    if c.kind == "season" and not g.get("rel"):
        span = _tokens_at(sdoc, c.start, c.end)
        tok = span[-1] if span is not None and len(span) else None
        nxt = tok.nbor(1) if tok is not None and tok.i + 1 < len(tok.doc) else None
        modifies = tok is not None and ((tok.dep_ in ("compound", "amod") and tok.head.i > tok.i)
                                        or (nxt is not None and nxt.pos_ == "NOUN" and nxt.is_lower))
        if modifies and tok is not None:
            prev = tok.nbor(-1) if tok.i > 0 else None
            if prev is None or prev.lower_ not in ("this", "last", "next", "their", "its", "his", "her", "our"):
                return False  # "summer school", "winter wheat"
    return True


# Capitalised words that may stand before a date without making it part of a name.
_CAPITALISED_FUNCTION_WORDS = words("date_lead_words")


def _part_of_name(text: str, start: int, span) -> bool:
    """True when the word at ``start`` continues a capitalised name ("Theresa May", "USA Today")."""
    if span is not None and len(span) and span[0].ent_type_ in ("PERSON", "ORG", "WORK_OF_ART"):
        return True
    prev = re.search(r"([A-Z][\w.’'-]*)[^\S\n]+$", text[max(0, start - 30):start])
    if not prev or prev.group(1).lower() in _CAPITALISED_FUNCTION_WORDS or prev.group(1).lower() in WEEKDAYS:
        return False
    # A capitalised word that opens its sentence is not evidence of a name.
    before_prev = text[max(0, start - 30):start][:prev.start(1)]
    opens_text = before_prev.strip() == "" and start - 30 <= 0
    return not (opens_text or re.search(r"[.!?:\"“]\s*$", before_prev))


def extract(doc: Doc, ref: date | None) -> list[TimeExpression]:
    """All time expressions of ``doc.text`` resolved against ``ref`` (repaired-text offsets)."""
    text = doc.text
    sdoc = doc.spacy_doc
    out: list[TimeExpression] = []
    for c in find_candidates(text, lambda c: _plausible(c, text, sdoc)):
        start, end = _trim(text, c)
        ctx = Context(ref, functools.cache(lambda s=start, e=end: _safe_direction(sdoc, s, e)))
        groups = c.match.groupdict()
        groups["__text__"] = c.match.group()
        try:
            value = _RESOLVERS[c.kind](groups, ctx, ref)
        except (ValueError, KeyError, OverflowError, IndexError):
            value = None
        if value is None and ref is not None and c.kind not in ABSOLUTE_KINDS:
            continue  # the pattern matched words that denote no date here ("the year" alone)
        vs, ve, gran = value if value else (None, None, _default_granularity(c.kind))
        sentence = doc.sentence_index(start)
        if c.kind in RANGE_KINDS and value is not None:
            parts = _range_parts(c, value, sentence, text)
            out.append(RangeExpression(start, end, text[start:end], vs, ve, gran, sentence, f"rule:{c.kind}", parts))
        else:
            out.append(TimeExpression(start, end, text[start:end], vs, ve, gran, sentence, f"rule:{c.kind}"))
    return out


@dataclass
class RangeExpression(TimeExpression):
    """A range ("from March 20th to 22nd") that also knows its two ends as expressions of their own.

    TimeML corpora annotate the ends separately; ``parts`` lets an evaluation (or a user) see them while
    ``Doc.times`` keeps one record for the whole range.
    """

    parts: list[TimeExpression] = field(default_factory=list)


RANGE_KINDS = {"range_md", "range_dm", "range_mm", "range_yy", "month_rel_year"}


def _range_parts(c: Candidate, value: tuple[date, date, str], sentence: int, text: str) -> list[TimeExpression]:
    m = c.match
    first, last = value[0], value[1]
    spans: list[tuple[int, int, date, date, str]] = []
    if c.kind == "range_md":
        spans.append((m.start("m1"), m.end("d1"), first, first, "day"))
        spans.append((m.start("m2") if m.group("m2") else m.start("d2"), m.end("y") if m.group("y") else m.end("d2"),
                      last, last, "day"))
    elif c.kind == "range_dm":
        spans.append((m.start("d1"), m.end("m1") if m.group("m1") else m.end("d1"), first, first, "day"))
        spans.append((m.start("d2"), m.end("y") if m.group("y") else m.end("m2"), last, last, "day"))
    elif c.kind == "range_mm":
        spans.append((m.start("m1"), m.end("y1") if m.group("y1") else m.end("m1"),
                      *month_range(first.year, first.month), "month"))
        spans.append((m.start("m2"), m.end("y") if m.group("y") else m.end("m2"),
                      *month_range(last.year, last.month), "month"))
    elif c.kind == "month_rel_year":  # "October of next year": the month, and the year it names
        spans.append((m.start("m"), m.end("m"), first, last, "month"))
        spans.append((m.start("rel"), m.end(), *year_range(first.year), "year"))
    else:
        a, b = ("y1", "y2") if m.group("y1") else ("y3", "y4")
        spans.append((m.start(a), m.end(a), *year_range(first.year), "year"))
        spans.append((m.start(b), m.end(b), *year_range(last.year), "year"))
    return [TimeExpression(s, e, text[s:e], vs, ve, g, sentence, f"rule:{c.kind}:part") for s, e, vs, ve, g in spans]


def _default_granularity(kind: str) -> str:
    return {"weekday": "day", "month": "month", "season": "season", "quarter": "quarter", "year": "year",
            "deictic": "day", "date_md": "day", "date_dm": "day", "wd_paren": "day"}.get(kind, "range")


# ---------------------------------------------------------------- article date inference


@dataclass
class DateGuess:
    value: date
    how: str
    confidence: float


_DATELINE = re.compile(
    rf"^\s*(?:{WD_ANY},?\s+)?(?:(?P<m>{MON})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})|(?P<d2>{DAY})\s+(?P<m2>{MON}),?\s+"
    rf"(?P<y2>{YEAR})|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\s*$",
    re.M,
)
_PAIR = re.compile(
    rf"(?P<wd>{WD_ANY})(?:\s*\(\s*|,?\s+)(?:(?P<m>{MON})\s+(?P<d>{DAY})|(?P<d2>{DAY})\s+(?P<m2>{MON}))"
    rf"(?:,?\s+(?P<y>{YEAR}))?"
)
_YEAR_ANY = re.compile(rf"(?<![\w-]){YEAR}(?![\w])")


def infer_date(doc: Doc, today: date | None = None) -> DateGuess | None:
    """Guess the article's date from its text: a dateline, weekday+date pairs, or the latest explicit date."""
    text = doc.text
    today = today or date.today()
    head = text[:400]
    for m in _DATELINE.finditer(head):
        try:
            if m.group("iso"):
                d = date.fromisoformat(m.group("iso"))
            elif m.group("m"):
                d = date(int(m.group("y")), _month(m.group("m")), _day(m.group("d")))
            else:
                d = date(int(m.group("y2")), _month(m.group("m2")), _day(m.group("d2")))
        except ValueError:
            continue
        return DateGuess(d, "dateline", 0.9)

    years_in_text = [int(y.group()) for y in _YEAR_ANY.finditer(text)]
    pairs: list[tuple[int, int, int, int | None, int]] = []  # (weekday, month, day, year, offset)
    for m in _PAIR.finditer(text):
        try:
            pairs.append((WEEKDAYS[m.group("wd").lower().rstrip(".")], _month(m.group("m") or m.group("m2")),
                          _day(m.group("d") or m.group("d2")), int(m.group("y")) if m.group("y") else None,
                          m.start()))
        except (KeyError, ValueError):
            continue
    anchor_year: int | None = None
    if pairs:
        # Years in which every pair's weekday matches its date; prefer ones near years the text names,
        # then the most recent one that is not in the future.
        lo = min(years_in_text, default=today.year - 30) - 1
        hi = min(max(years_in_text, default=today.year) + 1, today.year + 1)
        scores: dict[int, int] = {}
        for y in range(lo, hi + 1):
            ok = 0
            for wd, mo, dd, yy, _ in pairs:
                try:
                    if date(yy or y, mo, dd).weekday() == wd:
                        ok += 1
                except ValueError:
                    pass
            if ok:
                scores[y] = ok
        if scores:
            best = max(scores.values())
            candidates = [y for y, s in scores.items() if s == best and date(y, 1, 1) <= today]
            if candidates:
                anchor_year = max(candidates)
                dates = []
                for wd, mo, dd, yy, pos in pairs:
                    try:
                        d = date(yy or anchor_year, mo, dd)
                    except ValueError:
                        continue
                    if d.weekday() == wd and _safe_direction(doc.spacy_doc, pos, pos + 3) != "future" and d <= today:
                        dates.append(d)
                if dates:
                    conf = 0.75 if best == len(pairs) else 0.6
                    return DateGuess(max(dates), "weekday-date", conf)

    # The latest explicit day in the text that is not talked about as future.
    year_hint = anchor_year or (max(years_in_text) if years_in_text else None)
    latest: date | None = None
    probe = Context(None, lambda: None)
    for c in find_candidates(text):
        if c.kind not in ("date_md", "date_dm", "date_iso", "date_num", "wd_paren"):
            continue
        g = c.match.groupdict()
        g["__text__"] = c.match.group()
        try:
            if g.get("y") or c.kind in ("date_iso", "date_num"):
                value = _RESOLVERS[c.kind](g, probe, None)
            elif year_hint:
                value = _RESOLVERS[c.kind]({**g, "y": str(year_hint)}, probe, None)
            else:
                value = None
        except (ValueError, KeyError, OverflowError):
            value = None
        if value is None or value[0] > today:
            continue
        if _safe_direction(doc.spacy_doc, c.start, c.end) == "future":
            continue
        if latest is None or value[0] > latest:
            latest = value[0]
    if latest is not None:
        return DateGuess(latest, "latest-date", 0.5 if year_hint else 0.4)
    return None


# ---------------------------------------------------------------- the stage


@stage("time", requires=["doc.sentences"], assigns=["doc.times", "doc.date"])
class TimeResolver:
    """Finds and resolves time expressions; infers the article date when none was given."""

    def __init__(self, infer: bool = True, today: date | None = None) -> None:
        self.infer = infer
        # Inference never picks a date after ``today`` (the real today unless given: tests pin it).
        self.today = today

    def __call__(self, doc: Doc) -> Doc:
        if doc.date is None and self.infer:
            guess = infer_date(doc, today=self.today)
            if guess is not None:
                doc.date = guess.value
                doc.date_source = f"inferred:{guess.how}"
                doc.date_confidence = guess.confidence
        elif doc.date is not None and doc.date_source is None:
            doc.date_source = "given"
        doc.times = extract(doc, doc.date)
        return doc
