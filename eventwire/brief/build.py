"""Write a brief from records: a dated, evidence-linked account as plain data (what ``--format json`` prints).

Every sentence comes from a template (:mod:`eventwire.brief.wording`) filled with record fields; every line
cites numbered evidence, and evidence is always ``text[start:end]`` of the article as the user gave it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from eventwire import goldstein
from eventwire.brief import dates, headings
from eventwire.brief.actors import ActorDescriber, ActorView, actor_key
from eventwire.brief.sources import BriefInput
from eventwire.brief.summary import summarise
from eventwire.brief.wording import say, words_for

AHEAD_STATUSES = ("planned", "hypothetical")
PRONOUN_METHODS = {"pronoun"}


class EvidenceList:
    """Numbers cited spans in order of first citation; one number per distinct (doc, start, end)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.items: list[dict[str, Any]] = []
        self._numbers: dict[tuple[str, int, int], int] = {}

    def cite(self, doc: str, start: int, end: int, event_id: str | None = None) -> int:
        key = (doc, start, end)
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self.items) + 1
            text = self.texts.get(doc, "")
            self.items.append(
                {"n": number, "doc": doc, "start": start, "end": end, "text": text[start:end], "event_ids": []}
            )
        if event_id and event_id not in self.items[number - 1]["event_ids"]:
            self.items[number - 1]["event_ids"].append(event_id)
        return number


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class BriefBuilder:
    """Builds the brief of one :class:`BriefInput`.

    Args:
        describer: names actors (the shipped knowledge base when None).
        per: ``day``, ``week``, ``month`` or ``year`` for a store question's summary (None: from the date span).
    """

    def __init__(self, inp: BriefInput, describer: ActorDescriber | None = None, per: str | None = None) -> None:
        self.inp = inp
        self.describer = describer or ActorDescriber()
        self.per = per
        self.order = {a["doc"]: i for i, a in enumerate(inp.articles)}
        self.article_dates = {a["doc"]: dates.parse(a.get("date")) for a in inp.articles}
        self.evidence = EvidenceList({a["doc"]: a.get("text") or "" for a in inp.articles})

    # -- actors ------------------------------------------------------------------------------------------------
    def _view(self, actor: dict[str, Any] | None, day: date | None) -> ActorView | None:
        if not actor or not (actor.get("name") or actor.get("text")):
            return None
        return self.describer.describe(actor, day)

    # -- events ------------------------------------------------------------------------------------------------
    def _event_facts(self, event: dict[str, Any]) -> dict[str, Any]:
        doc = event["doc"]
        article_day = self.article_dates.get(doc)
        when = event.get("date") or {}
        start, end = dates.parse(when.get("start")), dates.parse(when.get("end"))
        day = start or article_day
        status = event.get("status") or "occurred"
        ahead = status in AHEAD_STATUSES and (start is None or article_day is None or start > article_day)
        return {
            "event": event,
            "start": start,
            "end": end or start,
            "article_day": article_day,
            "status": status,
            "section": "ahead" if ahead else "happened",
            "source": self._view(event.get("source"), day),
            "target": self._view(event.get("target"), day),
            "attribution": self._view(event.get("attribution"), day),
        }

    def _line_key(self, f: dict[str, Any]) -> tuple[Any, ...]:
        e = f["event"]
        sort_day = f["start"] or f["article_day"]

        def key(view: ActorView | None) -> str | None:
            return view.key if view else None

        return (f["section"], e["event_type"], e.get("mode"), f["status"], key(f["source"]), key(f["target"]),
                key(f["attribution"]), f["start"], f["end"], sort_day if f["start"] is None else None)  # fmt: skip

    def _sentence(self, f: dict[str, Any]) -> str:
        e = f["event"]
        words = words_for(e["event_type"], e.get("mode"))
        source = f["source"].label if f["source"] else say("source.unknown")
        target = f["target"].label if f["target"] else None
        sentence = say(
            f"statement.{f['status']}", source=source, past=words.past.say(target), future=words.future.say(target)
        )
        place = (e.get("location") or {}).get("name")
        if place and place not in sentence:
            sentence += " " + say("place", place=place)
        return _cap(sentence)

    def _when(self, f: dict[str, Any]) -> str:
        if f["start"] is not None:
            return say(f"when.{f['status']}", date=dates.span(f["start"], f["end"]))
        if f["section"] == "happened" and f["article_day"] is not None:
            return say("when.article", date=dates.day(f["article_day"]))
        return say("when.undated")

    def _status_text(self, f: dict[str, Any]) -> str:
        if f["attribution"] is not None:
            return say(f"status.{f['status']}.by", by=f["attribution"].label)
        return say(f"status.{f['status']}")

    def lines(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The lines of "What happened" and "Ahead", in date order; one line per distinct event."""
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        for event in self.inp.events:
            f = self._event_facts(event)
            groups[self._line_key(f)].append(f)

        def position(f: dict[str, Any]) -> tuple[Any, ...]:
            e = f["event"]
            return (self.order.get(e["doc"], len(self.order)), e["evidence"]["start"], e["evidence"]["end"])

        def sort_key(group: list[dict[str, Any]]) -> tuple[Any, ...]:
            f = group[0]
            day = f["start"] or f["article_day"]
            return (day is None, day or date.min, f["end"] or day or date.min, position(f))

        ordered = sorted((sorted(g, key=position) for g in groups.values()), key=sort_key)
        sections: dict[str, list[dict[str, Any]]] = {"happened": [], "ahead": []}
        for group in ordered:
            sections[group[0]["section"]].append(self._line(group))
        return sections["happened"], sections["ahead"]

    def _line(self, group: list[dict[str, Any]]) -> dict[str, Any]:
        f = group[0]
        e = f["event"]
        numbers: list[int] = []
        for g in group:  # each event's own evidence first, then the other places the article states it
            ev, span = g["event"], g["event"]["evidence"]
            numbers.append(self.evidence.cite(ev["doc"], span["start"], span["end"], ev["event_id"]))
        for g in group:
            ev = g["event"]
            for m in ev.get("mentions") or []:
                n = self.evidence.cite(ev["doc"], m["start"], m["end"], ev["event_id"])
                if n not in numbers:
                    numbers.append(n)
        score = goldstein.score(e.get("cameo"), e["event_type"])
        return {
            "when": self._when(f),
            "date": None if f["start"] is None else {"start": f["start"].isoformat(), "end": f["end"].isoformat()},
            "day": (f["start"] or f["article_day"]).isoformat() if (f["start"] or f["article_day"]) else None,
            "dated_by": "event" if f["start"] else ("article" if f["article_day"] else None),
            "event_type": e["event_type"],
            "mode": e.get("mode"),
            "status": f["status"],
            "cameo": e.get("cameo"),
            "goldstein": score,
            "source": f["source"].as_dict() if f["source"] else None,
            "target": f["target"].as_dict() if f["target"] else None,
            "attribution": f["attribution"].as_dict() if f["attribution"] else None,
            "location": (e.get("location") or {}).get("name"),
            "text": self._sentence(f),
            "status_text": self._status_text(f),
            "event_ids": [g["event"]["event_id"] for g in group],
            "docs": list(dict.fromkeys(g["event"]["doc"] for g in group)),
            "evidence": numbers,
        }

    # -- quotes ------------------------------------------------------------------------------------------------
    def said(self) -> list[dict[str, Any]]:
        """Quotes grouped by canonical speaker, groups in order of their first quote."""
        quotes = sorted(
            self.inp.quotes,
            key=lambda q: (self.article_dates.get(q["doc"]) or date.max, self.order.get(q["doc"], 0), q["start"]),
        )
        groups: dict[str, dict[str, Any]] = {}
        for q in quotes:
            view = self._view(q.get("speaker"), self.article_dates.get(q["doc"]))
            key = view.key if view else ""
            group = groups.get(key)
            if group is None:
                speaker = view.as_dict() if view else None
                label = view.label if view else _cap(say("source.unknown"))
                group = groups[key] = {"speaker": speaker, "label": label, "quotes": []}
            n = self.evidence.cite(q["doc"], q["start"], q["end"])
            group["quotes"].append({"text": self.evidence.items[n - 1]["text"], "doc": q["doc"], "evidence": n})
        return list(groups.values())

    # -- names -------------------------------------------------------------------------------------------------
    def names(self, keep: set[str] | None) -> list[dict[str, Any]]:
        """Each canonical actor with the spellings the text used (pronouns left out), most mentioned first.

        ``keep``: only these actor keys (a store question keeps the actors of its lines and quotes).
        """
        found: dict[str, dict[str, Any]] = {}
        for i, m in enumerate(self.inp.actors):
            if m.get("method") in PRONOUN_METHODS or m.get("label") == "PRON" or not m.get("name"):
                continue
            key = actor_key(m)
            if keep is not None and key not in keep:
                continue
            entry = found.setdefault(key, {"mention": m, "first": i, "spellings": {}})
            text = self.evidence.texts.get(m["doc"], "")[m["start"] : m["end"]] or m.get("text") or ""
            entry["spellings"][text] = entry["spellings"].get(text, 0) + 1
        rows = []
        for entry in sorted(found.values(), key=lambda x: (-sum(x["spellings"].values()), x["first"])):
            m = entry["mention"]
            view = self.describer.describe(m, self.article_dates.get(m["doc"]))
            ranked = sorted(entry["spellings"].items(), key=lambda tc: -tc[1])  # stable: ties keep text order
            spellings = [{"text": t, "count": c} for t, c in ranked]
            rows.append(
                {
                    "actor": view.as_dict(),
                    "label": view.label,
                    "mentions": sum(entry["spellings"].values()),
                    "spellings": spellings,
                    "other_spellings": [s["text"] for s in spellings if s["text"] != view.name],
                }
            )
        return rows

    # -- header ------------------------------------------------------------------------------------------------
    def _date_note(self, article: dict[str, Any]) -> str | None:
        source = article.get("date_source")
        if not source or not article.get("date"):
            return None
        note = say(f"date_source.{source}") or (say("date_source.inferred") if source.startswith("inferred") else "")
        if source.startswith("inferred"):
            day = article["date"][:10]
            cue = next(
                (t for t in self.inp.times if t["doc"] == article["doc"] and t.get("value_start") == day
                 and t.get("value_end") in (day, None)),
                None,
            )  # fmt: skip
            if cue is not None:
                note += f": “{self.evidence.texts.get(article['doc'], '')[cue['start'] : cue['end']]}”"
        return note or source

    def article_rows(self, lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        cited: dict[str, int] = defaultdict(int)
        for line in lines:
            for doc in line["docs"]:
                cited[doc] += 1
        rows = []
        for a in self.inp.articles:
            day = self.article_dates.get(a["doc"])
            rows.append(
                {
                    "doc": a["doc"],
                    "title": a.get("title"),
                    "outlet": a.get("outlet"),
                    "url": a.get("url"),
                    "source_path": a.get("source_path"),
                    "date": day.isoformat() if day else None,
                    "date_label": dates.day(day) if day else None,
                    "date_source": a.get("date_source"),
                    "date_note": self._date_note(a),
                    "events_cited": cited.get(a["doc"], 0),
                }
            )
        return rows

    def build(self) -> dict[str, Any]:
        happened, ahead = self.lines()
        said = self.said()
        question = self.inp.question
        # A store question about one article only is that article's brief.
        about_articles = question is None or set(question) == {"doc"}
        keep: set[str] | None = None
        if not about_articles:
            keep = set()
            for line in happened + ahead:
                for role in ("source", "target", "attribution"):
                    if line[role]:
                        keep.add(actor_key(line[role]))
            keep |= {actor_key(g["speaker"]) for g in said if g["speaker"]}
        names = self.names(keep)
        articles = self.article_rows(happened + ahead)
        summary = None if about_articles else summarise(happened + ahead, self.per)
        brief = {
            "kind": "articles" if about_articles else "question",
            "question": question,
            "articles": articles,
            "counts": {
                "articles": len(articles),
                "events": len(self.inp.events),
                "lines": len(happened) + len(ahead),
                "quotes": len(self.inp.quotes),
            },
            "happened": happened,
            "ahead": ahead,
            "said": said,
            "names": names,
            "summary": summary,
            "evidence": self.evidence.items,
        }
        return {"title": headings.title(brief), **brief}


def build_brief(inp: BriefInput, describer: ActorDescriber | None = None, per: str | None = None) -> dict[str, Any]:
    """The brief of some records, as plain data (JSON-ready)."""
    return BriefBuilder(inp, describer, per).build()
