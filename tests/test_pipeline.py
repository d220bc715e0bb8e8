import json
from pathlib import Path

import pytest

from eventwire.document import Doc
from eventwire.errors import PipelineConfigError
from eventwire.pipeline import DEFAULT_STAGES, Pipeline, registered_stages, stage

GOLDEN = Path(__file__).parent / "stage_registrations.json"


def test_pipeline_registry_matches_golden_snapshot():
    """A renamed or dropped stage fails loudly (spaCy's factory_registrations.json)."""
    registry = registered_stages()
    snapshot = {name: info.module for name, info in sorted(registry.items()) if info.module.startswith("eventwire.")}
    assert snapshot == json.loads(GOLDEN.read_text())


def test_pipeline_default_order_is_valid():
    assert DEFAULT_STAGES == ["repair", "nlp", "time", "actors", "events", "quotes"]
    assert Pipeline().names == DEFAULT_STAGES


def test_pipeline_unknown_stage_is_named():
    with pytest.raises(PipelineConfigError, match=r"E101.*'nonsense'.*Available stages: actors"):
        Pipeline(["repair", "nonsense"])


def test_pipeline_order_is_checked():
    with pytest.raises(PipelineConfigError, match=r"E102.*'events' requires 'doc.mentions.actor'"):
        Pipeline(["repair", "nlp", "time", "events"])


def test_pipeline_duplicate_registration_is_refused():
    with pytest.raises(PipelineConfigError, match="E103"):

        @stage("repair")
        def other_repair(doc):
            return doc


def test_pipeline_isolates_a_failing_document():
    @stage("test_explode_on_boom")
    class Explode:
        def __call__(self, doc: Doc) -> Doc:
            if "boom" in doc.text:
                raise RuntimeError("kaboom")
            return doc

    pipeline = Pipeline(["repair", "test_explode_on_boom"])
    results = list(pipeline.pipe([Doc("a", "fine"), Doc("b", "boom"), Doc("c", "also fine")]))
    assert [(doc.id, error.code if error else None) for doc, error in results] == [
        ("a", None),
        ("b", "E013"),
        ("c", None),
    ]
    assert "stage 'test_explode_on_boom'" in results[1][1].message and "kaboom" in results[1][1].message


def test_pipeline_records_stage_timings(zaobao_doc):
    assert set(zaobao_doc.timings) == set(DEFAULT_STAGES)
    assert all(seconds >= 0 for seconds in zaobao_doc.timings.values())
