"""Gold readers and scoring for the time stage, and the CI floors on GUM and MEANTIME."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.document import Doc, TimeExpression
from eventwire.evaluation import times as ev

FLOORS = json.loads((Path(ev.__file__).parent / "floors_times.json").read_text())


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2015", "2015-01-01", "2015-12-31"),
    ("2015-02", "2015-02-01", "2015-02-28"),
    ("2011-06-XX", "2011-06-01", "2011-06-30"),
    ("2015-09-01", "2015-09-01", "2015-09-01"),
    ("2004-W47", "2004-11-15", "2004-11-21"),
    ("2010-W04-WE", "2010-01-30", "2010-01-31"),
    ("2006-Q4", "2006-10-01", "2006-12-31"),
    ("2009-SP", "2009-03-01", "2009-05-31"),
    ("2009-WI", "2008-12-01", "2009-02-28"),
    ("197", "1970-01-01", "1979-12-31"),
    ("19", "1900-01-01", "1999-12-31"),
])
def test_value_range(value, start, end):
    assert ev.value_range(value) == (date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize("value", ["PAST_REF", "P2Y", "2009-12-15T18:00Z", "--10", "FY2007", "XXXX-XX-XX", ""])
def test_values_out_of_scope(value):
    assert ev.value_range(value) is None


@pytest.mark.parametrize(("text", "reason"), [
    ("next week", ""),
    ("Thursday", ""),
    ("two years ago", ""),
    ("the end of this year", ""),
    ("2009", ""),
    ("twelve years", "duration"),
    ("15 years", "duration"),
    ("the day", "needs the discourse"),
    ("that time", "needs the discourse"),
    ("the opening night", "needs the discourse"),
])
def test_scope_rule(text, reason):
    assert ev.scope_reason(text, (date(2009, 1, 1), date(2009, 12, 31))) == reason


def test_zaobao_reader(shared_dir):
    [gold] = ev.read_zaobao(shared_dir)
    assert gold.date == date(2023, 3, 17)
    assert len(gold.times) == 10
    for g in gold.times:
        assert gold.text[g.start:g.end] == g.text
    twice = next(g for g in gold.times if g.text == "from March 20th to 22nd")
    assert len(twice.alternatives) == 2  # the article repeats the phrase


def test_gum_reader(shared_dir):
    docs = ev.read_gum(shared_dir)
    assert len(docs) == 43
    ants = next(d for d in docs if d.id == "GUM_interview_ants")
    assert ants.date == date(2015, 9, 1)
    assert ants.times[0].text == "Tuesday, September 1, 2015"
    assert "self-medicating" in ants.text  # pieces of a <w> are glued
    assert sum(len(d.times) for d in docs) == 288
    for d in docs:
        for g in d.times:
            assert g.text and d.text[g.start:g.end] == g.text


def test_meantime_reader_and_its_dct_quirks(shared_dir):
    docs = {d.id.split("_")[0]: d for d in ev.read_meantime(shared_dir)}
    assert len(docs) == 120
    assert docs["78496"].date == date(2007, 9, 1)  # no CREATION_TIME: the dateline
    assert docs["120578"].date == date(2009, 2, 3)  # DCT written 03-02-2009
    assert docs["114904"].date == date(2008, 10, 10)  # DCT disagrees with the dateline
    sample = docs["118175"]
    assert sample.text.startswith("White House considering auto rescue plan\n\nDecember 13, 2008\n\n")
    assert any(g.text == "this week" and g.raw == "DATE:2008-W50" for g in sample.times)


def test_score_counts_found_and_resolved():
    gold = ev.GoldDoc("g", "Talks ended on Friday and resume next week.", date(2023, 3, 17), [
        ev.GoldTime(15, 21, "Friday", date(2023, 3, 17), date(2023, 3, 17), "2023-03-17"),
        ev.GoldTime(33, 42, "next week", date(2023, 3, 20), date(2023, 3, 26), "2023-W12"),
        ev.GoldTime(0, 5, "Talks", None, None, "PAST_REF"),
    ])
    doc = Doc("g", gold.text, date=gold.date)
    doc.times = [TimeExpression(15, 21, "Friday", date(2023, 3, 10), date(2023, 3, 10), "day"),
                 TimeExpression(33, 42, "next week", date(2023, 3, 20), date(2023, 3, 26), "week")]
    report = ev.score([(gold, doc)])
    assert (report["gold"], report["found"], report["resolved"]) == (2, 2, 1)
    assert report["excluded"] == {"not a calendar value": 1}
    assert report["misses"][0]["text"] == "Friday"
    assert report["precision"] == 1.0


def test_unknown_corpus():
    with pytest.raises(ValueError, match="unknown corpus"):
        ev.evaluate_times("nope")


@pytest.mark.parametrize("corpus", ["gum", "meantime", "zaobao"])
def test_ci_floor(corpus, shared_dir):
    report = ev.evaluate_times(corpus, shared_dir)[corpus]
    floor = FLOORS[corpus]
    assert min(floor.values()) >= 0.85
    assert report["found_rate"] >= floor["found"], ev.format_report({corpus: report}, show_misses=True)
    assert report["resolved_rate"] >= floor["resolved"], ev.format_report({corpus: report}, show_misses=True)
    assert "found" in ev.format_report({corpus: report})


def test_cli_command():
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["evaluate-times", "zaobao"])
    assert result.exit_code == 0, result.output
    assert "zaobao" in result.output and "1.000" in result.output
    result = CliRunner().invoke(app, ["evaluate-times", "zaobao", "--json"])
    assert json.loads(result.output)["zaobao"]["gold"] == 10
