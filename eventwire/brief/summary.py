"""A store question's summary: per day, week, month or year, the events by type and the conflict–cooperation balance.

An event counts on its own start date, else on its article's date (as in ``eventwire timeline``). Its weight is
the Goldstein score of its CAMEO code (:mod:`eventwire.goldstein`): above zero cooperative, below conflictual.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from eventwire.brief import dates

INTERVALS = ("day", "week", "month", "year")


def period_start(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":  # weeks start on Monday, as in GET /api/timeline
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return date(day.year, 1, 1)


def next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def choose_interval(first: date, last: date) -> str:
    """Days for up to two months, weeks for up to three years, months for up to fifteen, years beyond (so the
    chart has at most about 180 bars)."""
    span = (last - first).days
    for interval, longest in (("day", 62), ("week", 3 * 366), ("month", 15 * 366)):
        if span <= longest:
            return interval
    return "year"


def period_label(start: date, interval: str) -> str:
    if interval == "day":
        return dates.day(start)
    if interval == "week":
        return f"week of {dates.day(start)}"
    if interval == "month":
        return f"{start:%B %Y}"
    return str(start.year)


def summarise(lines: list[dict[str, Any]], per: str | None = None) -> dict[str, Any]:
    """Counts by type and the balance per period, every period between the first and the last (empty ones too)."""
    days = [(dates.parse(line["day"]), line) for line in lines]
    dated = [(d, line) for d, line in days if d is not None]
    undated = len(days) - len(dated)
    if not dated:
        return {"interval": per or "day", "periods": [], "undated": undated, "types": []}
    interval = per or choose_interval(min(d for d, _ in dated), max(d for d, _ in dated))
    buckets: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for d, line in dated:
        buckets[period_start(d, interval)].append(line)
    periods: list[dict[str, Any]] = []
    types: set[str] = set()
    start, last = min(buckets), max(buckets)
    while start <= last:
        items = buckets.get(start, [])
        types.update(line["event_type"] for line in items)
        scores = [line["goldstein"] for line in items if line["goldstein"] is not None]
        periods.append(
            {
                "period": start.isoformat(),
                "label": period_label(start, interval),
                "events": len(items),
                "counts": dict(sorted(Counter(line["event_type"] for line in items).items())),
                "cooperation": sum(1 for s in scores if s > 0),
                "conflict": sum(1 for s in scores if s < 0),
                "goldstein_mean": round(sum(scores) / len(scores), 2) if scores else None,
            }
        )
        start = next_period(start, interval)
    return {"interval": interval, "periods": periods, "undated": undated, "types": sorted(types)}
