"""A brief as one self-contained HTML file: inline style (with print rules), no script, nothing loaded.

Every field is escaped; only http(s) addresses become links. ``link`` (optional) gives each evidence item a
link to where it can be read in context, e.g. the web page's article view.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from eventwire.brief import headings
from eventwire.brief.chart import chart_svg

EvidenceLink = Callable[[dict[str, Any]], str | None]
_WEB = re.compile(r"^https?://", re.IGNORECASE)
STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; margin: 0; background: #fff; }
main.brief { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; margin: .1rem 0; } .lines { padding-left: 1.2rem; } .lines li { margin: .3rem 0; }
.when { font-weight: 600; } .status { color: #7a4b00; } a.ref { text-decoration: none; font-size: .85em; }
.quotes { padding-left: 1.2rem; } .speaker { margin: .8rem 0 .2rem; font-weight: 600; }
table { border-collapse: collapse; font-size: .9rem; } td, th { border-bottom: 1px solid #eee; padding: .2rem .5rem; }
td.num { text-align: right; } ol.evidence { font-size: .9rem; padding-left: 2.2rem; }
ol.evidence q { white-space: pre-wrap; } ol.evidence li:target { background: #fff4c2; }
@media print {
  body { font-size: 11pt; } main.brief { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; }
  a.open { display: none; } h2 { break-after: avoid; } li, tr { break-inside: avoid; }
}
""".strip()


def _ref(n: int) -> str:
    return f'<a class="ref" href="#ev-{n}">[{n}]</a>'


def _refs(numbers: list[int]) -> str:
    first, *more = numbers
    also = f" (also {' '.join(_ref(n) for n in more)})" if more else ""
    return _ref(first) + also


def _line(line: dict[str, Any]) -> str:
    status = f'; <span class="status">{escape(line["status_text"])}</span>' if line["status_text"] else ""
    ids = escape(" ".join(line["event_ids"]))
    return (
        f'<li data-events="{ids}"><span class="when">{escape(line["when"])}</span>: '
        f"{escape(line['text'])}{status}. {_refs(line['evidence'])}</li>"
    )


def _source(article: dict[str, Any]) -> str:
    text = escape(headings.source(article))
    url = article.get("url")
    if url and _WEB.match(url):
        return f'<a href="{escape(url)}" rel="noopener noreferrer">{text}</a>'
    return text


def render_html(brief: dict[str, Any], link: EvidenceLink | None = None) -> str:
    title = escape(brief["title"])
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Opened as a file, the page may load nothing and run nothing.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head>",
        f'<body><main class="brief"><h1>{title}</h1>',
    ]
    if brief["kind"] == "question":
        counts = brief["counts"]
        out.append(
            f'<p class="meta">Question: {escape(headings.question_text(brief["question"]))}: '
            f"{headings.plural(counts['lines'], 'event')} from {headings.plural(counts['articles'], 'article')}.</p>"
        )
    else:
        for a in brief["articles"]:
            if len(brief["articles"]) > 1:
                out.append(f'<p class="meta"><strong>{escape(a["title"] or a["doc"])}</strong></p>')
            out.append(
                f'<p class="meta">Source: {_source(a)}</p><p class="meta">Date: {escape(headings.date_line(a))}</p>'
                f'<p class="meta">Article id: {escape(a["doc"])}</p>'
            )
    out.append('<section class="happened"><h2>What happened</h2>')
    if brief["happened"]:
        out.append('<ul class="lines">' + "".join(_line(x) for x in brief["happened"]) + "</ul>")
    else:
        out.append("<p>No events found.</p>")
    out.append("</section>")
    if brief["ahead"]:
        out.append('<section class="ahead"><h2>Ahead</h2><ul class="lines">')
        out.append("".join(_line(x) for x in brief["ahead"]) + "</ul></section>")
    if brief["said"]:
        out.append('<section class="said"><h2>Who said what</h2>')
        for group in brief["said"]:
            quotes = "".join(f"<li><q>{escape(q['text'])}</q> {_ref(q['evidence'])}</li>" for q in group["quotes"])
            out.append(f'<p class="speaker">{escape(group["label"])}</p><ul class="quotes">{quotes}</ul>')
        out.append("</section>")
    if brief["names"]:
        out.append('<section class="names"><h2>Names in the text</h2><ul>')
        for row in brief["names"]:
            out.append(f"<li><strong>{escape(row['label'])}</strong>: {escape(headings.spellings(row))}</li>")
        out.append("</ul></section>")
    summary = brief.get("summary")
    if summary and summary["periods"]:
        out.append(_summary(summary))
    if brief["kind"] == "question" and brief["articles"]:
        out.append('<section class="articles"><h2>Articles cited</h2><ol>')
        for a in brief["articles"]:
            out.append(
                f"<li>{escape(a['title'] or a['doc'])}: {_source(a)}, {escape(headings.date_line(a))} "
                f"({headings.plural(a['events_cited'], 'event')}; id {escape(a['doc'])})</li>"
            )
        out.append("</ol></section>")
    if brief["evidence"]:
        out.append('<section class="evidence"><h2>Evidence</h2><ol class="evidence">')
        for ev in brief["evidence"]:
            href = link(ev) if link else None
            opener = f' <a class="open" href="{escape(href)}">open in the article</a>' if href else ""
            out.append(
                f'<li id="ev-{ev["n"]}" value="{ev["n"]}">{escape(ev["doc"])}, characters {ev["start"]}–{ev["end"]}: '
                f"<q>{escape(ev['text'])}</q>{opener}</li>"
            )
        out.append("</ol></section>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _summary(summary: dict[str, Any]) -> str:
    interval = summary["interval"]
    rows = []
    for p in summary["periods"]:
        if not p["events"]:
            continue
        by_type = ", ".join(f"{t} {n}" for t, n in p["counts"].items())
        mean = "" if p["goldstein_mean"] is None else f"{p['goldstein_mean']:+.1f}"
        rows.append(
            f'<tr><td>{escape(p["label"])}</td><td class="num">{p["events"]}</td>'
            f'<td class="num">{p["cooperation"]}</td><td class="num">{p["conflict"]}</td>'
            f'<td class="num">{mean}</td><td>{escape(by_type)}</td></tr>'
        )
    undated = f"<p>Undated events, not in the table: {summary['undated']}.</p>" if summary["undated"] else ""
    return (
        f'<section class="summary"><h2>Per {escape(interval)}</h2>{chart_svg(summary)}'
        f"<table><thead><tr><th>{escape(interval.capitalize())}</th><th>Events</th><th>Cooperative</th>"
        f"<th>Conflictual</th><th>Mean Goldstein</th><th>By type</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        f"</table>{undated}</section>"
    )
