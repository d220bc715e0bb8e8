"""``GET /api/brief``: the brief of the events matching the event filters, as JSON, Markdown or HTML.

A router of its own, included by :func:`eventwire.server.app.make_app`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response

from eventwire.brief import brief_of_store, render
from eventwire.server.brief_models import Brief
from eventwire.server.errors import error_responses
from eventwire.server.filters import EventFilter, event_filter, reject_unknown_parameters

# The same filters as /api/events (a misspelled one is an error), so the brief covers the events the list shows.
router = APIRouter(
    prefix="/api", responses=error_responses(422, 500), dependencies=[Depends(reject_unknown_parameters)]
)

# The HTML brief carries its style inline and no script: a policy of its own, stricter than the page's.
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


class BriefFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


class Per(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


def article_link(evidence: dict[str, Any]) -> str:
    """The web page's article view at this evidence: the event's highlight, or the quoted span."""
    doc = quote(evidence["doc"], safe="")
    if evidence["event_ids"]:
        return f"/#/article/{doc}/{quote(evidence['event_ids'][0], safe='')}"
    return f"/#/article/{doc}/@{evidence['start']}-{evidence['end']}"


@router.get(
    "/brief",
    response_model=Brief,
    summary="A brief of the events matching the filters: what happened, ahead, who said what, names, evidence",
    responses={
        200: {
            "description": "The brief: JSON (format=json), Markdown (format=markdown) or one HTML page (format=html)",
            "content": {"text/markdown": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}},
        }
    },
)
def get_brief(
    request: Request,
    f: Annotated[EventFilter, Depends(event_filter)],
    per: Per | None = Query(None, description="Summary per day, week, month or year (default: from the date span)."),
    format: BriefFormat = Query(BriefFormat.json, description="json, markdown, or html (a self-contained page)."),
) -> Any:
    """The events the filters select, as ``/api/events`` lists them; ``doc`` alone gives that article's brief,
    with every quote."""
    brief = brief_of_store(request.app.state.db, f.filters, per=per.value if per else None)
    if format is BriefFormat.markdown:
        return Response(render(brief, "markdown"), media_type="text/markdown; charset=utf-8")
    if format is BriefFormat.html:
        page = render(brief, "html", link=article_link)
        return Response(page, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": HTML_POLICY})
    return brief
