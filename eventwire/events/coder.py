"""The trained event coder: learned decisions over the parse, the actor layer's phrases and the lexicon.

For each sentence of a parsed, actor-resolved document:

1. **Triggers** (:mod:`~eventwire.events.features`, trigger model): each verb, noun or adjective is scored
   for the 16 PLOVER types and "none"; a word whose best type scores over the trigger threshold states an
   event of that type.
2. **Arguments** (argument model): each actor phrase of the sentence (``Doc.arguments``, resolved once by
   the actor layer) is scored as the event's source, target or neither; the best source and the best
   other target over the argument threshold are taken. A side left unstated gets its PLOVER convention
   (:mod:`~eventwire.events.conventions`).
3. **Status** (status model, with the cue-word reading of :mod:`~eventwire.events.status` as a feature),
   **date, place, attribution** (:mod:`~eventwire.events.linking`), the **CAMEO code and mode** from the
   lexicon row of the trigger word where one has the type.
4. **One event once** (:mod:`~eventwire.events.merging`).

The models ship in ``eventwire/models/events.npz`` with their thresholds in ``events.json``; ``eventwire
train`` rebuilds both from ``corpus/``.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.document import Actor, Doc, Event, EventMention, Mention
from eventwire.errors import PipelineConfigError
from eventwire.events import syntax
from eventwire.events.conditions import ConditionReader
from eventwire.events.conventions import implied, takes_deed_doer
from eventwire.events.deeds import doer
from eventwire.events.features import (
    argument_features,
    is_candidate,
    sector_features,
    status_features,
    trigger_features,
)
from eventwire.events.lexicon import cameo_for, cameo_map, lexicon
from eventwire.events.linking import Linker
from eventwire.events.merging import Candidate, merge, side_key
from eventwire.events.model import LinearModel, load_models
from eventwire.events.status import negated
from eventwire.kb import KnowledgeBase
from eventwire.paths import PACKAGE_DIR
from eventwire.vocab import words

MODELS_DIR = PACKAGE_DIR / "models"
MODEL_NAMES = ("trigger", "argument", "status", "sector")
NONE, SOURCE, TARGET = "NONE", "SOURCE", "TARGET"
NEGATED_TO_REJECT = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "CONCEDE", "RETREAT", "AID"}


@dataclass
class Settings:
    """Decision thresholds, chosen on the dev split by ``eventwire train``."""

    trigger: float = 0.4
    argument: float = 0.3
    countryless: bool = False  # keep events where neither side has a country
    # The trigger probability an event needs when the text names no source and a convention supplies it
    # ("protesters were detained": the police); such events are wrong more often than stated ones.
    unstated_source: float = 0.0
    unstated_target: float = 0.0  # the same for a target only a convention gives
    extra: dict = field(default_factory=dict)


@dataclass
class CoderModels:
    trigger: LinearModel
    argument: LinearModel
    status: LinearModel
    sector: LinearModel
    settings: Settings

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> CoderModels:
        weights, meta = directory / "events.npz", directory / "events.json"
        if not weights.exists() or not meta.exists():
            raise PipelineConfigError("E112", path=str(directory), problem="events.npz or events.json is missing")
        models = load_models(weights, MODEL_NAMES)
        info = json.loads(meta.read_text(encoding="utf-8"))
        settings = Settings(**info.get("settings", {}))
        return cls(**models, settings=settings)


@functools.lru_cache(maxsize=2)
def shipped_models(directory: Path = MODELS_DIR) -> CoderModels:
    """The models in the package, loaded once per process."""
    return CoderModels.load(directory)


def arguments_by_head(doc: Doc) -> dict[int, list[Mention]]:
    index: dict[int, list[Mention]] = {}
    for mention in doc.arguments:
        index.setdefault(mention.head, []).append(mention)
    return index


def _acting_state(mention: Mention | None) -> Mention | None:
    """A country acts, and is acted on, through its government: "the United States warned ..." -> GOV."""
    if mention is None or mention.actor is None:
        return mention
    actor = mention.actor
    if actor.sector or actor.kind != "state":
        return mention
    return Mention(mention.start, mention.end, mention.text, mention.label,
                   actor=Actor(actor.name, actor.country, "GOV", actor.kb_id, actor.kind),
                   confidence=mention.confidence, method=mention.method, sentence=mention.sentence, head=mention.head)


def _same_actor(a: Mention, b: Mention) -> bool:
    """Whether two phrases name one actor (not merely two actors of one country: police and protesters)."""
    if a.actor is None or b.actor is None:
        return False
    return (a.actor.name.lower(), a.actor.country, a.actor.sector) == (b.actor.name.lower(), b.actor.country,
                                                                        b.actor.sector)


def _with_country(mention: Mention | None, country: str | None) -> Mention | None:
    """A phrase the actor layer could not place ("the organisers") takes the event's country."""
    if mention is None or mention.actor is None or mention.actor.country or not country:
        return mention
    a = mention.actor
    return Mention(mention.start, mention.end, mention.text, mention.label,
                   actor=Actor(a.name, country, a.sector, a.kb_id, a.kind), confidence=mention.confidence,
                   method=mention.method + "+event-country", sentence=mention.sentence, head=mention.head)


def _on_day(mention: Mention | None, day: datetime.date) -> Mention | None:
    """A known person acts in the office they held on the event's day, not the article's ("Mugabe, placed under
    house arrest in 2017" was president then, though a former one when the article was written)."""
    if mention is None or mention.actor is None or mention.actor.kind != "person" or not mention.actor.kb_id:
        return mention
    entry = KnowledgeBase.default().get(mention.actor.kb_id)
    if entry is None:
        return mention
    a = mention.actor
    country, sector = entry.country_on(day) or a.country, entry.sector_on(day) or a.sector
    if (country, sector) == (a.country, a.sector):
        return mention
    return Mention(mention.start, mention.end, mention.text, mention.label,
                   actor=Actor(a.name, country, sector, a.kb_id, a.kind), confidence=mention.confidence,
                   method=mention.method + "+event-day", sentence=mention.sentence, head=mention.head)


class TrainedCoder:
    """Codes the events of one parsed, actor-resolved document with the trained models."""

    def __init__(self, doc: Doc, models: CoderModels) -> None:
        self.doc = doc
        self.sdoc = doc.spacy_doc
        self.models = models
        self.settings = models.settings
        self.arguments = arguments_by_head(doc)
        self.conditions = ConditionReader(self.arguments)
        self.built: list[Candidate] = []
        self.linker = Linker(doc, self.arguments)
        self.breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc.text)]

    def code(self) -> list[Event]:
        candidates: list[Candidate] = []
        self.built = candidates  # the events so far, in text order: a deed named later may be one of them
        for s_index, sent in enumerate(self.sdoc.sents):
            triggers = {}
            for tok in sent:
                if is_candidate(tok):
                    event_type, probability = self.trigger(tok)
                    if event_type is not None:
                        triggers[tok.i] = (event_type, probability)
            for i, (event_type, probability) in triggers.items():
                tok = self.sdoc[i]
                if self.carried_by_object(tok, triggers):
                    continue
                candidates.extend(self.build(tok, event_type, probability, s_index))
        events = merge(candidates)
        for event in events:
            # A conventional side has no words in the text: it is carried as an actor only.
            if event.source is not None and not event.source.text:
                event.source_actor, event.source = event.source.actor, None
            if event.target is not None and not event.target.text:
                event.target_actor, event.target = event.target.actor, None
        return events

    # -- 1. triggers ----------------------------------------------------------------------------------------------
    def trigger(self, tok) -> tuple[str | None, float]:
        model = self.models.trigger
        probs = model.probabilities(trigger_features(tok, self.arguments))
        best, best_p = None, 0.0
        for k, label in enumerate(model.labels):
            if label != NONE and probs[k] > best_p:
                best, best_p = label, float(probs[k])
        if best is None or best_p < self.settings.trigger:
            return None, best_p
        senses = [e.event_type for e in self.conditions.entries(tok)[1] if e.sense]
        if senses and best not in senses:
            best = senses[0]  # the lexicon names this sense of the word; the model only said it is an event
        return best, best_p

    @staticmethod
    def carried_by_object(tok, triggers: dict) -> bool:
        """Words whose event another trigger states: a light verb with an eventive object ("imposed *sanctions*",
        "held *talks*"), and a noun modifying an eventive noun ("*arrest* warrant", "*peace* talks")."""
        if tok.dep_ == "compound" and tok.head.i in triggers:
            return True
        if tok.lemma_.lower() not in words("light_verbs"):
            return False
        return any(c.dep_ in {"dobj", "attr"} and c.i in triggers for c in tok.children)

    # -- 2. arguments ---------------------------------------------------------------------------------------------
    def candidates(self, tok) -> list[Mention]:
        sent = tok.sent
        return [m for head in range(sent.start, sent.end) if head != tok.i for m in self.arguments.get(head, [])]

    def choose(self, tok, event_type: str) -> tuple[Mention | None, Mention | None]:
        candidates = self.candidates(tok)
        if not candidates:
            return None, None
        model = self.models.argument
        scored = [(model.probabilities(argument_features(tok, event_type, m, candidates)), m)
                  for m in candidates]
        k_src, k_tgt = model.labels.index(SOURCE), model.labels.index(TARGET)
        source = max(scored, key=lambda item: item[0][k_src])
        chosen_source = source[1] if source[0][k_src] >= self.settings.argument else None
        # The target is another phrase: not the source's head, nor a word inside it ("*French* aircraft").
        rest = [item for item in scored if chosen_source is None or not (
            item[1].head == chosen_source.head
            or (chosen_source.start <= item[1].start and item[1].end <= chosen_source.end))]
        target = max(rest, key=lambda item: item[0][k_tgt]) if rest else None
        chosen_target = target[1] if target is not None and target[0][k_tgt] >= self.settings.argument else None
        if chosen_source is not None and chosen_target is not None and _same_actor(chosen_source, chosen_target):
            # The same actor on both sides is a misreading of one side: keep the likelier one.
            assert target is not None
            if source[0][k_src] >= target[0][k_tgt]:
                chosen_target = None
            else:
                chosen_source = None
        return chosen_source, chosen_target

    # -- 3. the event ---------------------------------------------------------------------------------------------
    def status(self, tok, event_type: str) -> str:
        return self.models.status.best(status_features(tok, event_type))[0]

    def sector(self, event_type: str, side: str, mention: Mention | None, other: Mention | None) -> Mention | None:
        """The sector a side acts in, by the sector model, where its actor gives none, only the generic IGO (an
        international body acts by what it does), or the side is unstated ("Israel" attacking: MIL)."""
        if mention is None or mention.actor is None or (mention.actor.sector not in (None, "IGO") and mention.text):
            return mention
        # An unstated side is scored as the training examples saw it: with no phrase of its own.
        phrase = mention if mention.text else None
        sector = self.models.sector.best(sector_features(event_type, side, phrase, other))[0]
        a = mention.actor
        if sector == a.sector:
            return mention
        return Mention(mention.start, mention.end, mention.text, mention.label,
                       actor=Actor(a.name, a.country, sector, a.kb_id, a.kind), confidence=mention.confidence,
                       method=mention.method, sentence=mention.sentence, head=mention.head)

    def evidence_span(self, tok) -> tuple[int, int]:
        sent = tok.sent
        start, end = sent.start_char, sent.end_char
        for br in self.breaks:
            if start < br <= tok.idx:
                start = br
            elif tok.idx < br < end:
                end = br
                break
        text = self.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def cameo(self, tok, event_type: str) -> tuple[str | None, str | None, list[str]]:
        pos = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}.get(tok.pos_, "V")
        for key in ((tok.lemma_.lower(), pos), (tok.lower_, pos)):
            for entry in lexicon().get(key, ()):
                if entry.event_type == event_type:
                    return entry.cameo, entry.mode, list(entry.context)
        code = cameo_for(event_type, None)
        info = cameo_map().get(code) if code else None
        return code, info.mode if info else None, list(info.context) if info else []

    def build(self, tok, event_type: str, probability: float, s_index: int) -> list[Candidate]:
        source, target = self.choose(tok, event_type)
        status = self.status(tok, event_type)
        if negated(tok) and status == "occurred":
            if event_type in NEGATED_TO_REJECT:
                event_type = "REJECT"
            else:
                status = "denied"
        # A state named as a whole acts, and is acted on, as its government ("Russia attacked Ukraine").
        source, target = _acting_state(source), _acting_state(target)
        location = self.linker.place(tok, source, target)
        place_country = location.country if location is not None else None
        passive = tok.pos_ in {"VERB", "AUX"} and syntax.passive(tok)
        article_country = self.doc.main_country
        event_country = place_country or article_country
        source, target = _with_country(source, event_country), _with_country(target, event_country)
        if source is None:
            if probability < self.settings.unstated_source:
                return []
            source = implied(event_type, "source", passive=passive, other=target, place_country=place_country,
                             article_country=article_country, at=tok.idx)
        if target is None and takes_deed_doer(event_type, "target"):
            deed_doer = doer(tok, self.arguments, self.conditions, [c.event for c in self.built])
            if deed_doer is not None and (source is None or not _same_actor(deed_doer, source)):
                target = deed_doer
        if target is None:
            if probability < self.settings.unstated_target:
                return []
            target = implied(event_type, "target", passive=passive, other=source, place_country=place_country,
                             article_country=article_country, at=tok.idx)
        source, target = self.sector(event_type, "source", source, target), self.sector(event_type, "target", target,
                                                                                        source)
        if not self.settings.countryless and not any(
                m is not None and m.actor is not None and m.actor.country for m in (source, target)):
            return []
        cameo, mode, context = self.cameo(tok, event_type)
        start, end = self.evidence_span(tok)
        date = self.linker.date(tok, event_type) or self.linker.context_date(tok)
        if date is not None and date.value_start is not None:
            source, target = _on_day(source, date.value_start), _on_day(target, date.value_start)
        if status == "occurred" and date is not None and self.doc.date is not None and date.value_start is not None \
                and date.value_start > self.doc.date:
            status = "planned"  # dated after the article: it has not happened yet
        event = Event(
            event_type=event_type, mentions=[EventMention(start, end, tok.idx, tok.idx + len(tok.text))],
            mode=mode, context=context, cameo=cameo, source=source, target=target,
            date=date,
            location=location, status=status,
            attribution=self.linker.attribution(tok), confidence=round(probability, 3),
            rule=f"model:{event_type}:{tok.lemma_.lower()}", trigger=tok.text)
        anaphoric = tok.pos_ == "NOUN" and any(c.dep_ in {"det", "poss"} and c.lower_ in words("anaphoric_determiners")
                                               for c in tok.children)
        return [Candidate(event, s_index, side_key(source), side_key(target), tok.lemma_.lower(), anaphoric)]


def code_events(doc: Doc, models: CoderModels | None = None) -> list[Event]:
    """All events of a parsed, actor-resolved document."""
    if doc.spacy_doc is None:
        return []
    return TrainedCoder(doc, models or shipped_models()).code()
