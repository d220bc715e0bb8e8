"""Event scoring (eventwire.evaluation.events): the semantics of eval/score_events.py, figure for figure."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.evaluation.events import evaluate_rows, event_matches, format_report, maximum_matching, score


def gold(id_, type_, src, tgt, *, required=True, type_alt=None, date=None, status="occurred", doc="d1",
         sectors=(None, None)):
    row = {"doc": doc, "id": id_, "required": required, "type": type_,
           "source": {"country": src, "sector": sectors[0]}, "target": {"country": tgt, "sector": sectors[1]},
           "date": date, "status": status}
    if type_alt:
        row["type_alt"] = type_alt
    return row


def pred(type_, src, tgt, *, date=None, status="occurred", doc="d1", sectors=(None, None)):
    return {"doc": doc, "event_type": type_, "source": {"country": src, "sector": sectors[0]},
            "target": {"country": tgt, "sector": sectors[1]}, "date": date, "status": status}


def test_evaluation_match_null_gold_accepts_anything_and_lists_accept_members():
    g = gold("e1", "CONSULT", ["HUN", "ROU"], None)
    assert event_matches(g, pred("CONSULT", "ROU", "XXX"))
    assert event_matches(g, pred("CONSULT", "HUN", None))
    assert not event_matches(g, pred("CONSULT", "DEU", None))
    assert not event_matches(g, pred("AGREE", "HUN", None))


def test_evaluation_match_type_alt():
    g = gold("e1", "CONCEDE", "HKG", "HKG", type_alt=["RETREAT"])
    assert event_matches(g, pred("RETREAT", "HKG", "HKG"))
    assert not event_matches(g, pred("AGREE", "HKG", "HKG"))


def test_evaluation_strict_needs_sectors_dates_and_status():
    g = gold("e1", "ACCUSE", "IGO", "RUS", date={"start": "2023-03-17", "end": "2023-03-17"},
             sectors=("JUD", "GOV"))
    good = pred("ACCUSE", "IGO", "RUS", date={"start": "2023-03-13", "end": "2023-03-19"}, sectors=("JUD", "GOV"))
    assert event_matches(g, good, strict=True)
    assert not event_matches(g, {**good, "status": "alleged"}, strict=True)
    assert not event_matches(g, {**good, "date": None}, strict=True)
    assert not event_matches(g, {**good, "date": {"start": "2023-03-18", "end": None}}, strict=True)
    assert not event_matches(g, {**good, "target": {"country": "RUS", "sector": None}}, strict=True)
    assert event_matches(g, {**good, "status": "alleged"}, strict=False)


def test_evaluation_matching_is_maximum_not_greedy():
    # Greedy would give p0 to g0 and leave g1 unmatched; the maximum matching pairs both.
    golds = [gold("e1", "ASSAULT", None, None), gold("e2", "ASSAULT", "AFG", None)]
    preds = [pred("ASSAULT", "AFG", None), pred("ASSAULT", "USA", None)]
    assert len(maximum_matching(golds, preds, strict=False)) == 2


def test_evaluation_required_gold_claims_predictions_first():
    golds = [gold("e1", "PROTEST", "HKG", None, required=False), gold("e2", "PROTEST", "HKG", None)]
    result = score(golds, [pred("PROTEST", "HKG", "HKG")])
    assert (result["precision"], result["recall"], result["required"]) == (1.0, 1.0, 1)


def test_evaluation_per_type_and_foreign_docs_ignored():
    golds = [gold("e1", "ASSAULT", "AFG", None), gold("e2", "CONSULT", "AFG", "USA")]
    preds = [pred("ASSAULT", "AFG", None), pred("ASSAULT", "AFG", "PAK"), pred("CONSULT", "USA", "AFG"),
             pred("CONSULT", "AFG", "USA", doc="not-in-gold")]
    result = score(golds, preds)
    assert result["predicted"] == 3
    expected = {"precision": 0.5, "recall": 1.0, "f1": 0.667, "predicted": 2, "required": 1}
    assert result["per_type"]["ASSAULT"] == expected
    assert result["per_type"]["CONSULT"]["recall"] == 0.0
    assert result["missed"] == ["d1:e2"]
    text = format_report(evaluate_rows(golds, preds))
    assert text.splitlines()[-1].startswith("lenient P=0.333 R=0.5 F1=0.4 | strict")


def _shared_summary(shared_dir: Path, gold_path: Path, pred_path: Path) -> str:
    out = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_events.py"), str(gold_path), str(pred_path)],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluation_equals_shared_scorer_on_synthetic_rows(shared_dir: Path, tmp_path: Path):
    golds = [gold("e1", "ASSAULT", None, None, date={"start": "2020-01-01", "end": "2020-01-02"}),
             gold("e2", "ASSAULT", "AFG", None, sectors=("REB", None)),
             gold("e3", "PROTEST", ["HKG", "CHN"], "HKG", required=False, status=None),
             gold("e4", "CONCEDE", "UKR", "UKR", type_alt=["RETREAT"], doc="d2")]
    preds = [pred("ASSAULT", "AFG", None, sectors=("REB", None)), pred("ASSAULT", "USA", None),
             pred("PROTEST", "CHN", "HKG", status="planned"), pred("RETREAT", "UKR", "UKR", doc="d2"),
             pred("RETREAT", "UKR", "UKR", doc="d2"), pred("AID", "UKR", None, doc="d3")]
    ours = format_report(evaluate_rows(golds, preds)).splitlines()[-1]
    assert ours == _shared_summary(shared_dir, _write(tmp_path / "g.jsonl", golds), _write(tmp_path / "p.jsonl", preds))


def test_evaluation_equals_shared_scorer_on_pipeline_output(shared_dir: Path, tmp_path: Path, pipeline):
    from eventwire.evaluation.events import evaluate_files, load_jsonl

    gold_path = shared_dir / "gold" / "zaobao-2023-03-17-china-russia.events.jsonl"
    article = shared_dir / "articles" / "zaobao-2023-03-17-china-russia.txt"
    from datetime import date

    report = evaluate_files(gold_path, [article], default_date=date(2023, 3, 17), pipeline=pipeline,
                            predictions_out=tmp_path / "pred.jsonl")
    assert load_jsonl(tmp_path / "pred.jsonl"), "the pipeline found no events at all"
    ours = format_report(report).splitlines()[-1]
    assert ours == _shared_summary(shared_dir, gold_path, tmp_path / "pred.jsonl")
    assert re.match(r"lenient P=[\d.]+ R=[\d.]+ F1=[\d.]+ \| strict", ours)


@pytest.mark.parametrize("kind", ["lenient", "strict"])
def test_evaluation_report_lists_every_type_seen(kind: str):
    golds = [gold("e1", "THREATEN", "USA", "CHN")]
    report = evaluate_rows(golds, [pred("ACCUSE", "USA", "CHN")])
    assert set(report[kind]["per_type"]) == {"THREATEN", "ACCUSE"}


def test_evaluation_cli_prints_per_type_table(shared_dir: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    gold_path = shared_dir / "gold" / "zaobao-2023-03-17-china-russia.events.jsonl"
    article = shared_dir / "articles" / "zaobao-2023-03-17-china-russia.txt"
    result = CliRunner().invoke(app, ["evaluate", str(gold_path), str(article), "--date", "2023-03-17",
                                      "--predictions", str(tmp_path / "p.jsonl"), "--misses"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split()[:3] == ["type", "pred", "req"]
    assert any(line.startswith("CONSULT") for line in lines)
    assert lines[-1] == _shared_summary(shared_dir, gold_path, tmp_path / "p.jsonl")
