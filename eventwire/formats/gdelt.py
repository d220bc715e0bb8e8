"""Events as rows of the GDELT 2.0 event table: 61 tab-separated columns, no header, as GDELT's files.

What eventwire knows fills the columns GDELT users read most: the date (the event's day), both
actors (CAMEO code = country + sector, name, country, type), the CAMEO event code with its base
and root codes, QuadClass, the Goldstein scale value of the code (from :mod:`eventwire.goldstein`),
mention counts, the actors' and the action's geography (GDELT writes countries as FIPS 10-4 codes
there) and the source URL.
Columns eventwire does not produce (known group, ethnicity, religion, tone, ADM codes below the
country) are left empty, as GDELT leaves them when unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from eventwire import geo, goldstein

ACTOR_FIELDS = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
    "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
GEO_FIELDS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{f}" for f in ACTOR_FIELDS], *[f"Actor2{f}" for f in ACTOR_FIELDS],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{f}" for f in GEO_FIELDS], *[f"Actor2Geo_{f}" for f in GEO_FIELDS],
    *[f"ActionGeo_{f}" for f in GEO_FIELDS],
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
# GDELT's geography resolution: 1 country, 4 world city (other values are US-specific or ADM1).
GEO_COUNTRY, GEO_CITY = 1, 4


def quad_class(root: str) -> int | None:
    """CAMEO root code -> 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    if not root.isdigit():
        return None
    n = int(root)
    return 1 if 1 <= n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4 if n <= 20 else None


def _actor(row: dict[str, Any], side: str) -> list[Any]:
    name, country, sector = row.get(f"{side}_name"), row.get(f"{side}_country"), row.get(f"{side}_sector")
    if not name and not country:
        return [""] * len(ACTOR_FIELDS)
    state = country if country and country != "IGO" else ""
    code = (country or "") + (sector or "") if country != "IGO" else "IGO"
    return [code, (name or "").upper(), state, "", "", "", "", sector or "", "", ""]


def _country_geo(country: str | None) -> list[Any]:
    if not country or country == "IGO":
        return [0, "", "", "", "", "", "", ""]
    fips = geo.fips_code(country) or ""
    centre = geo.country_centre(country)
    lat, lon = centre if centre else ("", "")
    return [GEO_COUNTRY, geo.country_name(country) or country, fips, fips, "", lat, lon, fips]


def _action_geo(row: dict[str, Any]) -> list[Any]:
    country, name = row.get("location_country"), row.get("location_name")
    if not country or country == "IGO":
        return [0, "", "", "", "", "", "", ""]
    if name and name == geo.country_name(country):
        return _country_geo(country)
    fips = geo.fips_code(country) or ""
    lat, lon = row.get("location_lat"), row.get("location_lon")
    full = f"{name}, {geo.country_name(country) or country}" if name else geo.country_name(country) or country
    return [GEO_CITY, full, fips, fips, "", "" if lat is None else lat, "" if lon is None else lon, ""]


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: the event id's 64-bit hash, kept positive."""
    try:
        return int(event_id[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF
    except ValueError:
        import hashlib

        return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One store event row (with ``day``, ``article_url``, ``root_event``, ``processed_at``) as a GDELT row."""
    day: date | None = row.get("day")
    code = row.get("cameo") or ""
    quad = quad_class(code[:2]) if code else None
    scale = goldstein.score(code) if code else None  # the code, else its base code, else its root
    mentions = row.get("n_mentions") or 1
    added: datetime | None = row.get("processed_at")
    values: list[Any] = [
        global_event_id(row["event_id"]),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else "",
        *_actor(row, "source"),
        *_actor(row, "target"),
        1 if row.get("root_event") else 0,
        code,
        code[:3],
        code[:2],
        "" if quad is None else quad,
        "" if scale is None else scale,
        mentions,
        1,
        1,
        "",
        *_country_geo(row.get("source_country")),
        *_country_geo(row.get("target_country")),
        *_action_geo(row),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        row.get("article_url") or "",
    ]
    assert len(values) == len(COLUMNS)
    return values


def _clean(value: Any) -> str:
    # A tab or line break inside a field would break the file's layout.
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def iter_gdelt(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield "\t".join(_clean(v) for v in gdelt_row(row)) + "\n"
