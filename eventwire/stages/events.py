"""events: PLOVER events with source, target, mode, status, attribution, date and place.

The trained coder of :mod:`eventwire.events.coder`: learned decisions (is this word an event's trigger, of
which type; which actor phrases are its source and target; its status) over the parse and the actor
layer's resolved phrases. Every event says what fired (``Event.rule``: the model, type and trigger lemma),
its trigger word and the trigger model's probability as its confidence. The weights ship in
``eventwire/models/``; the data in ``eventwire/data/events/`` (lexicon, CAMEO map, conventions).
"""

from __future__ import annotations

from eventwire.document import Doc
from eventwire.events.coder import code_events, shipped_models
from eventwire.pipeline import stage


@stage("events", requires=["doc.mentions.actor", "doc.times"], assigns=["doc.events"])
class EventCoder:
    """Codes ``doc.events`` from the parse, the resolved actors and the time expressions."""

    def __init__(self, preload: bool = True) -> None:
        self.models = shipped_models()  # fails at once, naming the file, when the models are missing
        if preload:
            # Load the lexicon and the place names once, when the pipeline is built, not inside
            # the first document.
            from eventwire.events.conventions import conventions
            from eventwire.events.lexicon import cameo_map, lexicon
            from eventwire.geo import warm_up

            cameo_map(), lexicon(), conventions()
            warm_up()

    def __call__(self, doc: Doc) -> Doc:
        doc.events = code_events(doc, self.models)
        return doc
