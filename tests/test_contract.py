"""Every event the pipeline writes validates against the contract of DESIGN.md."""

import copy

from eventwire.contract import PLOVER_TYPES, validate_event
from eventwire.records import records


def test_contract_sample_article_events_all_validate(zaobao_doc):
    events = records(zaobao_doc, "events")
    assert len(events) >= 5
    for record in events:
        assert validate_event(record, zaobao_doc.original) == [], record


def test_contract_event_ids_are_stable_and_unique(zaobao_doc):
    ids = [r["event_id"] for r in records(zaobao_doc, "events")]
    assert len(ids) == len(set(ids))
    assert ids == [r["event_id"] for r in records(zaobao_doc, "events")]


def test_contract_checker_catches_each_kind_of_error(zaobao_doc):
    good = records(zaobao_doc, "events")[0]
    cases = {
        "event_type 'VISIT' is not a PLOVER type": ("event_type", "VISIT"),
        "status 'happened'": ("status", "happened"),
        "source.country 'RU' is not ISO": ("source", {**(good["source"] or {}), "country": "RU"}),
        "'confidence' has type str": ("confidence", "high"),
        "do not slice the article": ("evidence", {**good["evidence"], "start": good["evidence"]["start"] + 1}),
        "date.start '17/03/2023' is not an ISO date": (
            "date",
            {"text": "x", "start": "17/03/2023", "end": "2023-03-17"},
        ),
    }
    for message, (field, value) in cases.items():
        bad = copy.deepcopy(good)
        bad[field] = value
        problems = validate_event(bad, zaobao_doc.original)
        assert any(message in p for p in problems), (message, problems)
    missing = copy.deepcopy(good)
    del missing["evidence"]
    assert validate_event(missing) == ["missing field 'evidence'"]


def test_contract_has_the_sixteen_plover_types():
    assert len(PLOVER_TYPES) == 16
