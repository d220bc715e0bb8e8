"""Dates and date ranges in words: "Thu 16 March 2023", "Mon 20 – Wed 22 March 2023", "December 2022".

A range is said by its shape: one day (with its weekday), whole months, a whole year, or days.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def parse(value: object) -> date | None:
    """A date from a ``date`` or an ISO string; None for anything else."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%B %Y}"


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def span(start: date, end: date | None = None) -> str:
    """A day or a range in words."""
    end = end or start
    if end < start:
        start, end = end, start
    if start == end:
        return day(start)
    whole_months = start.day == 1 and end == _month_end(end)
    if whole_months and start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B} – {end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    if start.weekday() == 0 and end - start == timedelta(days=6):
        return f"the week of {day(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%a} {start.day} – {day(end)}"
    if start.year == end.year:
        return f"{start:%a} {start.day} {start:%B} – {day(end)}"
    return f"{day(start)} – {day(end)}"
