"""Events as PLOVER records named as in POLECAT's released event files, one JSON object per line.

POLECAT (the PLOVER-coded successor of ICEWS) releases one record per event with the fields in
``FIELDS``: the PLOVER type, mode and contexts, actor and recipient with country and sector, the
place, and the story's publication date and source. eventwire fills them from its own records;
fields it does not produce (COW codes, Wikipedia ids, the story's entity lists) are null.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from eventwire import geo

FIELDS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language", "Version",
]  # fmt: skip
VERSION = "eventwire"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _side(row: dict[str, Any], side: str) -> list[Any]:
    sector = row.get(f"{side}_sector")
    return [
        row.get(f"{side}_name"),
        row.get(f"{side}_country"),
        None,
        sector,
        [sector] if sector else [],
        None,
        row.get(f"{side}_text"),
        None,
    ]


def polecat_record(row: dict[str, Any]) -> dict[str, Any]:
    """One store event row (with ``day``, ``article_date``, ``article_outlet``) as a POLECAT-style record."""
    country = row.get("location_country")
    name = row.get("location_name")
    is_country = bool(name) and name == geo.country_name(country or "")
    place = [
        name,
        None if is_country else name,
        None,
        None,
        country,
        row.get("location_lat"),
        row.get("location_lon"),
        None,
        row.get("location_text"),
        ("country" if is_country else "city") if name else None,
    ]
    context = row.get("context") or []
    values = [
        row["event_id"],
        _iso(row.get("day")),
        row["event_type"],
        row.get("mode"),
        list(context) if isinstance(context, list | tuple) else [context],
        *_side(row, "source"),
        *_side(row, "target"),
        *place,
        row.get("article_outlet") or row.get("article_url"),
        _iso(row.get("article_date")),
        None,
        None,
        None,
        "en",
        VERSION,
    ]
    return dict(zip(FIELDS, values, strict=True))


def iter_polecat(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(polecat_record(row), ensure_ascii=False) + "\n"
