"""Briefs: a clean, dated, evidence-linked account of some articles or of a store question.

Written by templates from records (events, quotes, actor mentions, time expressions), never by a language
model, so every line can show the words of the article that justify it::

    from eventwire.brief import brief_of_docs, brief_of_store, render

    brief = brief_of_docs(docs)                          # processed Docs
    brief = brief_of_store(store, Filters(country="RUS"))  # a store question
    print(render(brief, "markdown"))                      # or "html", "json"
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from eventwire.brief.actors import ActorDescriber
from eventwire.brief.build import build_brief
from eventwire.brief.html import EvidenceLink, render_html
from eventwire.brief.markdown import render_markdown
from eventwire.brief.sources import BriefInput, Queryable, from_docs, from_store
from eventwire.document import Doc
from eventwire.queries import Filters

FORMATS = ("markdown", "html", "json")
__all__ = ["FORMATS", "ActorDescriber", "BriefInput", "brief_of_docs", "brief_of_store", "build_brief", "render"]


def brief_of_docs(docs: Iterable[Doc], describer: ActorDescriber | None = None) -> dict[str, Any]:
    """The brief of processed documents."""
    return build_brief(from_docs(docs), describer)


def brief_of_store(
    db: Queryable,
    filters: Filters | None = None,
    *,
    per: str | None = None,
    describer: ActorDescriber | None = None,
) -> dict[str, Any]:
    """The brief of a store question: the events matching ``filters`` (``Filters.text``: in their evidence)."""
    return build_brief(from_store(db, filters), describer, per)


def render(brief: dict[str, Any], fmt: str = "markdown", link: EvidenceLink | None = None) -> str:
    """The brief as Markdown, a self-contained HTML page, or JSON (the data itself)."""
    if fmt == "markdown":
        return render_markdown(brief)
    if fmt == "html":
        return render_html(brief, link)
    if fmt == "json":
        return json.dumps(brief, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown brief format {fmt!r} (one of {', '.join(FORMATS)})")
