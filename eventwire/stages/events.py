"""events: PLOVER events with source, target, mode, status, attribution, date and place.

A transparent coder: every event cites the lexicon row and the dependency
pattern that produced it (``Event.rule``), its trigger word and a confidence.
The logic lives in :mod:`eventwire.events.coder`; the data in
``eventwire/data/events/`` (lexicon, CAMEO map, cue words).
"""

from __future__ import annotations

from eventwire.document import Doc
from eventwire.events.coder import code_events
from eventwire.pipeline import stage


@stage("events", requires=["doc.mentions.actor", "doc.times"], assigns=["doc.events"])
class EventCoder:
    """Codes ``doc.events`` from the parse, the resolved actors and the time expressions."""

    def __init__(self, preload: bool = True) -> None:
        if preload:
            # Load the lexicon and the place names once, when the pipeline is built, not inside
            # the first document.
            from eventwire.events.lexicon import cameo_map, cues, lexicon
            from eventwire.geo import warm_up

            cameo_map(), lexicon(), cues()
            warm_up()

    def __call__(self, doc: Doc) -> Doc:
        doc.events = code_events(doc)
        return doc
