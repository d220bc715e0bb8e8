"""Accuracy gate: the events stage must stay at or above the floors pinned in eventwire/evaluation/floors.json.

Two kinds of gate: the team's coded corpus, by split (``"split": "dev"`` or ``"test"``; the test split is the
result that counts, dev a development aid), and external gold sets read from ../shared (never trained on).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.evaluation.events import evaluate_files, evaluate_split
from eventwire.paths import PACKAGE_DIR

FLOORS = json.loads((PACKAGE_DIR / "evaluation" / "floors.json").read_text(encoding="utf-8"))
GATES = [name for name in FLOORS if not name.startswith("_")]


@pytest.fixture(scope="module")
def reports(shared_dir: Path, pipeline) -> dict[str, dict]:
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            spec = FLOORS[name]
            if "split" in spec:
                cache[name] = evaluate_split(spec["split"], pipeline=pipeline)
                return cache[name]
            cache[name] = evaluate_files(
                shared_dir / spec["gold"], [shared_dir / a for a in spec["articles"]],
                default_date=date.fromisoformat(spec["date"]) if spec["date"] else None, pipeline=pipeline)
        return cache[name]

    return get


@pytest.mark.parametrize("name", GATES)
def test_accuracy_gate_events_f1_at_or_above_floor(reports, name: str):
    spec, report = FLOORS[name], reports(name)
    assert not report["rejected"], report["rejected"]
    for kind in ("lenient", "strict"):
        floor = spec.get(f"{kind}_f1")
        if floor is not None:
            f1 = report[kind]["f1"]
            assert f1 >= floor, f"{name}: {kind} F1 {f1} fell below the floor {floor}"


def test_accuracy_gate_keeps_floors_on_the_dev_and_test_splits():
    assert {FLOORS[name].get("split") for name in GATES} >= {"dev", "test"}


def test_accuracy_gate_only_gold_documents_are_scored(reports):
    report = reports("wikinews_dev")
    assert report["documents"] == 10
    assert report["lenient"]["required"] > 0 and report["lenient"]["predicted"] > 0


def test_accuracy_gate_floors_are_pinned_not_aspirational():
    for name in GATES:
        spec = FLOORS[name]
        for key in ("lenient_f1", "strict_f1"):
            if key in spec:
                assert 0.0 < spec[key] <= 1.0, f"{name}.{key} must be a real floor"
