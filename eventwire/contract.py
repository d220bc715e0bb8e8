"""The event record contract of DESIGN.md, as a checker users and tests can run.

``validate_event(record, text)`` returns a list of problems (empty when the
record is valid). Tools outside the package read these fields, so the checker
is strict about names and types.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import Any


# The PLOVER event types and the statuses, as enums (the web API's ``type`` and ``status`` filters take them;
# written out as classes so that type checkers see the members) and as tuples of plain strings.
class EventType(StrEnum):
    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Status(StrEnum):
    occurred = "occurred"
    planned = "planned"
    alleged = "alleged"
    denied = "denied"
    hypothetical = "hypothetical"


PLOVER_TYPES: tuple[str, ...] = tuple(t.value for t in EventType)
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
# Codes in use that ISO 3166-1 does not assign: IGO for international bodies,
# XKX for Kosovo (the code the EU and the IMF use).
EXTRA_COUNTRY_CODES = {"IGO", "XKX"}
REQUIRED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "event_id": str, "doc": str, "event_type": str, "mode": (str, type(None)), "context": list,
    "cameo": (str, type(None)), "source": (dict, type(None)), "target": (dict, type(None)),
    "date": (dict, type(None)), "location": (dict, type(None)), "status": str,
    "attribution": (dict, type(None)), "evidence": dict, "confidence": (float, int),
}  # fmt: skip
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    import pycountry

    return frozenset({c.alpha_3 for c in pycountry.countries} | EXTRA_COUNTRY_CODES)


def valid_country(code: Any) -> bool:
    return code is None or (isinstance(code, str) and code in country_codes())


def validate_event(record: dict[str, Any], text: str | None = None) -> list[str]:
    """Problems with one event record; pass the article's original text to check the evidence offsets."""
    problems: list[str] = []
    for name, kind in REQUIRED_FIELDS.items():
        if name not in record:
            problems.append(f"missing field '{name}'")
        elif not isinstance(record[name], kind):
            problems.append(f"'{name}' has type {type(record[name]).__name__}")
    if problems:
        return problems
    if record["event_type"] not in PLOVER_TYPES:
        problems.append(f"event_type '{record['event_type']}' is not a PLOVER type")
    if record["status"] not in STATUSES:
        problems.append(f"status '{record['status']}' is not one of {', '.join(STATUSES)}")
    if record["cameo"] is not None and not re.fullmatch(r"\d{2,4}", record["cameo"]):
        problems.append(f"cameo '{record['cameo']}' is not a CAMEO code")
    if not 0 <= record["confidence"] <= 1:
        problems.append("confidence outside [0, 1]")
    for role in ("source", "target", "attribution", "location"):
        value = record[role]
        if value is not None and not valid_country(value.get("country")):
            problems.append(f"{role}.country '{value.get('country')}' is not ISO 3166-1 alpha-3 or IGO")
    for role in ("source", "target"):
        value = record[role]
        if value is not None:
            missing = {"text", "name", "country", "sector", "kb_id"} - set(value)
            if missing:
                problems.append(f"{role} lacks {', '.join(sorted(missing))}")
    date = record["date"]
    if date is not None:
        for key in ("start", "end"):
            if not isinstance(date.get(key), str) or not _ISO_DATE.match(date[key]):
                problems.append(f"date.{key} '{date.get(key)}' is not an ISO date")
        if not problems and date["start"] > date["end"]:
            problems.append("date.start is after date.end")
    evidence = record["evidence"]
    start, end, quoted = evidence.get("start"), evidence.get("end"), evidence.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(quoted, str)):
        problems.append("evidence needs integer start/end and a text")
    elif text is not None and text[start:end] != quoted:
        problems.append(f"evidence offsets {start}:{end} do not slice the article to the evidence text")
    return problems
