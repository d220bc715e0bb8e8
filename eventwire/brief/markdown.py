"""A brief as Markdown: evidence as numbered footnotes quoting the article's own characters.

Every field is escaped, so markup in a title, a name or a quote shows as text in any Markdown viewer.
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.brief import headings
from eventwire.brief.chart import chart_svg

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_AUTOLINK = re.compile(r"^https?://[^\s<>`]+$", re.IGNORECASE)


def md(text: Any) -> str:
    """Escape Markdown and inline HTML; line breaks become spaces (a footnote or list item is one line)."""
    escaped = _SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), str(text))
    return " ".join(escaped.split())


def code(text: Any) -> str:
    """An id or a path as a code span (nothing inside needs escaping)."""
    text = " ".join(str(text).split())
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def source(article: dict[str, Any]) -> str:
    """The outlet and address (an autolink when it is a plain web address), else the file."""
    parts = [md(article["outlet"])] if article.get("outlet") else []
    url = article.get("url")
    if url:
        parts.append(f"<{url}>" if _AUTOLINK.match(url) else md(url))
    if not parts and article.get("source_path"):
        parts.append(code(article["source_path"]))
    return ", ".join(parts) or code(article["doc"])


def refs(numbers: list[int]) -> str:
    first, *more = numbers
    also = f" (also {' '.join(f'[^{n}]' for n in more)})" if more else ""
    return f"[^{first}]{also}"


def _line(line: dict[str, Any]) -> str:
    status = f"; {md(line['status_text'])}" if line["status_text"] else ""
    return f"- **{md(line['when'])}**: {md(line['text'])}{status}. {refs(line['evidence'])}"


def render_markdown(brief: dict[str, Any]) -> str:
    out = [f"# {md(brief['title'])}", ""]
    if brief["kind"] == "question":
        counts = brief["counts"]
        out += [
            f"**Question:** {md(headings.question_text(brief['question']))}: "
            f"{headings.plural(counts['lines'], 'event')} from {headings.plural(counts['articles'], 'article')}.",
            "",
        ]
    else:
        for a in brief["articles"]:
            if len(brief["articles"]) > 1:
                out.append(f"**{md(a['title'] or a['doc'])}**  ")
            out += [
                f"Source: {source(a)}  ",
                f"Date: {md(headings.date_line(a))}  ",
                f"Article id: {code(a['doc'])}",
                "",
            ]
    out += ["## What happened", ""]
    out += [_line(x) for x in brief["happened"]] or ["No events found."]
    out.append("")
    if brief["ahead"]:
        out += ["## Ahead", ""] + [_line(x) for x in brief["ahead"]] + [""]
    if brief["said"]:
        out += ["## Who said what", ""]
        for group in brief["said"]:
            out.append(f"**{md(group['label'])}**")
            out.append("")
            out += [f"- “{md(q['text'])}” [^{q['evidence']}]" for q in group["quotes"]]
            out.append("")
    if brief["names"]:
        out += ["## Names in the text", ""]
        out += [f"- **{md(row['label'])}**: {md(headings.spellings(row))}" for row in brief["names"]]
        out.append("")
    summary = brief.get("summary")
    if summary and summary["periods"]:
        out += _summary(summary)
    if brief["kind"] == "question" and brief["articles"]:
        out += ["## Articles cited", ""]
        for i, a in enumerate(brief["articles"], start=1):
            out.append(
                f"{i}. {md(a['title'] or a['doc'])}: {source(a)}, {md(headings.date_line(a))} "
                f"({headings.plural(a['events_cited'], 'event')}; id {code(a['doc'])})"
            )
        out.append("")
    if brief["evidence"]:
        out += ["## Evidence", ""]
        several = len(brief["articles"]) > 1
        for ev in brief["evidence"]:
            where = f"{code(ev['doc'])}, " if several else ""
            out.append(f"[^{ev['n']}]: {where}characters {ev['start']}–{ev['end']}: “{md(ev['text'])}”")
        out.append("")
    return "\n".join(out)


def _summary(summary: dict[str, Any]) -> list[str]:
    interval = summary["interval"]
    out = [f"## Per {interval}", ""]
    out += [
        f"| {interval.capitalize()} | Events | Cooperative | Conflictual | Mean Goldstein | By type |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in summary["periods"]:
        if not p["events"]:
            continue
        by_type = ", ".join(f"{t} {n}" for t, n in p["counts"].items())
        mean = "" if p["goldstein_mean"] is None else f"{p['goldstein_mean']:+.1f}"
        out.append(f"| {md(p['label'])} | {p['events']} | {p['cooperation']} | {p['conflict']} | {mean} | {by_type} |")
    if summary["undated"]:
        out += ["", f"Undated events, not in the table: {summary['undated']}."]
    out += ["", chart_svg(summary), ""]
    return out
