"""Checking and anchoring the team's event codings (``corpus/events/*.jsonl``).

A coder writes each event in the gold format of ``../shared/gold/GUIDELINES.md`` plus three
anchors the trained coder learns from: ``trigger`` (the words that state the event), and
``source.text`` / ``target.text`` (the words that name each actor). Coders write text, not
offsets: :func:`anchor` finds every piece in the rendered article and adds ``span``,
``trigger_span`` and ``source.span`` / ``target.span``; :func:`problems` lists what is wrong
with a coded row (unknown type, bad country, evidence not in the article, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from eventwire.contract import PLOVER_TYPES, STATUSES, valid_country

Row = dict[str, Any]

SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "MED", "EDU", "BUS", "CVL", "NGO",
                     "LAB", "REL"})
ROW_FIELDS = {"doc", "id", "required", "type", "type_alt", "mode", "trigger", "source", "target", "date", "status",
              "attribution", "evidence", "span", "trigger_span", "coder", "note", "occurrence"}
ACTOR_FIELDS = {"country", "sector", "name", "text", "span", "occurrence"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^e\d{2,3}$")


def _find_all(text: str, needle: str, start: int = 0, end: int | None = None) -> list[int]:
    end = len(text) if end is None else end
    found, at = [], text.find(needle, start, end)
    while at != -1 and at + len(needle) <= end:
        found.append(at)
        at = text.find(needle, at + 1, end)
    return found


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start)
    right = text.find("\n", end)
    return left + 1, len(text) if right == -1 else right


def anchor(row: Row, text: str) -> list[str]:
    """Add character spans to ``row`` in place (evidence, trigger, actor words); returns problems.

    The evidence must occur in the article; when it occurs more than once the coder gives
    ``occurrence`` (1-based). The trigger is looked for inside the evidence, actor words inside the
    evidence first, then in the evidence's paragraph, nearest occurrence first.
    """
    where = f"{row.get('doc')}:{row.get('id')}"
    evidence = row.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        return [f"{where}: evidence missing"]
    hits = _find_all(text, evidence)
    if not hits:
        return [f"{where}: evidence not found in the article: {evidence[:60]!r}"]
    occurrence = int(row.pop("occurrence", 0) or 0)
    if occurrence:
        if occurrence > len(hits):
            return [f"{where}: evidence occurs {len(hits)} times, occurrence {occurrence} asked"]
        start = hits[occurrence - 1]
    elif "span" in row and isinstance(row["span"], list) and row["span"][0] in hits:
        start = row["span"][0]
    elif len(hits) == 1:
        start = hits[0]
    else:
        return [f"{where}: evidence occurs {len(hits)} times; add \"occurrence\": N"]
    end = start + len(evidence)
    row["span"] = [start, end]
    problems: list[str] = []
    trigger = row.get("trigger")
    if isinstance(trigger, str) and trigger:
        inside = _find_all(text, trigger, start, end)
        if inside:
            row["trigger_span"] = [inside[0], inside[0] + len(trigger)]
        else:
            problems.append(f"{where}: trigger {trigger!r} is not inside the evidence")
    else:
        problems.append(f"{where}: trigger missing")
    para_start, para_end = _paragraph(text, start, end)
    for role in ("source", "target"):
        actor = row.get(role)
        if not isinstance(actor, dict):
            continue
        words = actor.get("text")
        if not words:
            actor.pop("span", None)
            continue
        nth = int(actor.pop("occurrence", 0) or 0)
        inside = _find_all(text, words, start, end)
        near = inside or sorted(_find_all(text, words, para_start, para_end), key=lambda at: abs(at - start))
        if nth and nth <= len(_find_all(text, words)):
            near = [_find_all(text, words)[nth - 1]]
        if near:
            actor["span"] = [near[0], near[0] + len(words)]
        else:
            problems.append(f"{where}: {role} text {words!r} not found in the evidence or its paragraph")
    return problems


def problems(row: Row, docs: Iterable[str] | None = None) -> list[str]:
    """What is wrong with one coded row, as messages naming the doc and event id."""
    where = f"{row.get('doc')}:{row.get('id')}"
    found = [f"{where}: unknown field {k!r}" for k in row if k not in ROW_FIELDS]
    if docs is not None and row.get("doc") not in set(docs):
        found.append(f"{where}: document not in corpus/documents.tsv")
    if not isinstance(row.get("id"), str) or not _ID.match(row["id"]):
        found.append(f"{where}: id must look like e01")
    if not isinstance(row.get("required"), bool):
        found.append(f"{where}: required must be true or false")
    if row.get("type") not in PLOVER_TYPES:
        found.append(f"{where}: unknown PLOVER type {row.get('type')!r}")
    alt = row.get("type_alt", [])
    if not isinstance(alt, list) or any(t not in PLOVER_TYPES or t == row.get("type") for t in alt):
        found.append(f"{where}: type_alt must list other PLOVER types")
    pair = {"CONCEDE": "RETREAT", "RETREAT": "CONCEDE"}
    if row.get("type") in pair and pair[row["type"]] not in (alt or []):
        found.append(f"{where}: {row['type']} must list {pair[row['type']]} in type_alt (GUIDELINES)")
    for role in ("source", "target"):
        actor = row.get(role)
        if not isinstance(actor, dict):
            found.append(f"{where}: {role} must be an object with country, sector, name")
            continue
        found += [f"{where}: {role}: unknown field {k!r}" for k in actor if k not in ACTOR_FIELDS]
        countries = actor.get("country")
        for code in countries if isinstance(countries, list) else [countries]:
            if not valid_country(code):
                found.append(f"{where}: {role} country {code!r} is not ISO 3166 alpha-3 or IGO")
        sectors = actor.get("sector")
        for code in sectors if isinstance(sectors, list) else [sectors]:
            if code is not None and code not in SECTORS:
                found.append(f"{where}: {role} sector {code!r} unknown (one of {', '.join(sorted(SECTORS))})")
        if not actor.get("name"):
            found.append(f"{where}: {role} needs a readable name")
    value = row.get("date")
    if value is not None:
        start, end = (value or {}).get("start"), (value or {}).get("end")
        if not (isinstance(start, str) and _ISO_DATE.match(start) and isinstance(end, str) and _ISO_DATE.match(end)):
            found.append(f"{where}: date must be null or {{start, end}} ISO dates")
        elif start > end:
            found.append(f"{where}: date starts after it ends")
    if row.get("status") not in STATUSES:
        found.append(f"{where}: status must be one of {', '.join(STATUSES)}")
    if row.get("attribution") is not None and not isinstance(row["attribution"], str):
        found.append(f"{where}: attribution must be a string or null")
    return found


def check_document(rows: list[Row], text: str) -> list[str]:
    """Problems of one document's rows, including spans that no longer fit the rendered text."""
    found: list[str] = []
    seen: set[str] = set()
    for row in rows:
        found += problems(row)
        if row.get("id") in seen:
            found.append(f"{row.get('doc')}:{row.get('id')}: duplicate id")
        seen.add(str(row.get("id")))
        span = row.get("span")
        if not (isinstance(span, list) and len(span) == 2 and text[span[0]:span[1]] == row.get("evidence")):
            found.append(f"{row.get('doc')}:{row.get('id')}: span does not point at the evidence")
        tspan = row.get("trigger_span")
        if not (isinstance(tspan, list) and text[tspan[0]:tspan[1]] == row.get("trigger")):
            found.append(f"{row.get('doc')}:{row.get('id')}: trigger_span does not point at the trigger")
        for role in ("source", "target"):
            actor = row.get(role) or {}
            if actor.get("text") and text[slice(*actor.get("span", [0, 0]))] != actor["text"]:
                found.append(f"{row.get('doc')}:{row.get('id')}: {role} span does not point at its text")
    return found
