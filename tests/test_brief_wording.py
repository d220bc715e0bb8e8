"""The brief's words: the validated template files, dates in words, and actor labels."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from eventwire.brief import dates
from eventwire.brief.actors import ActorDescriber
from eventwire.brief.wording import (
    BRIEF_DATA,
    NO_MODE,
    REQUIRED_WORDING,
    event_words,
    parse_events,
    parse_wording,
    say,
    words_for,
)
from eventwire.contract import PLOVER_TYPES
from eventwire.errors import PipelineConfigError
from eventwire.paths import DATA_DIR


def test_brief_wording_every_plover_type_has_words_and_every_mode_in_use_its_own():
    table = event_words()
    assert all((t, NO_MODE) in table for t in PLOVER_TYPES)
    modes_of_our_coder = set()
    for line in (DATA_DIR / "events" / "cameo.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3 or not cells[2]:
            continue
        modes_of_our_coder.add((cells[1], cells[2]))
    assert modes_of_our_coder and modes_of_our_coder <= set(table)


def test_brief_wording_covers_every_mode_of_the_plover_codebook(shared_dir):
    with open(shared_dir / "ontology" / "NGEC_PLOVER_structured_codebook_updated.csv", encoding="utf-8") as f:
        codebook = {(row["event"], row["mode"] or NO_MODE) for row in csv.DictReader(f)}
    assert codebook - set(event_words()) == set()


def test_brief_wording_phrases_fill_their_target():
    words = words_for("CONSULT", "phone")
    assert words.past.say("Dmytro Kuleba") == "spoke by phone or video link with Dmytro Kuleba"
    assert words.past.say(None) == "held a phone or video call"
    assert words.future.say("Putin") == "speak by phone or video link with Putin"
    # A mode without a row of its own takes the type's default words.
    assert words_for("AID", "humanitarian") == words_for("AID", None) == event_words()[("AID", NO_MODE)]
    for key, allowed in REQUIRED_WORDING.items():
        filled = say(key, **{name: f"<{name}>" for name in allowed})
        assert "{" not in filled and all(f"<{name}>" in filled for name in allowed), key
    assert say("sector.MED") == "media"
    assert say("status.occurred") == ""  # an optional key that is absent says nothing


EVENTS_HEADER = "# type\tmode\tpast\tfuture\n"
GOOD_ROWS = "".join(f"{t}\t-\tdid it to {{target}} | did it\tdo it to {{target}} | do it\n" for t in PLOVER_TYPES)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("TALK\t-\ttalked to {target} | talked\ttalk to {target} | talk\n", "'TALK' is not a PLOVER type"),
        ("AGREE\tVisit\tx {target} | x\tx {target} | x\n", "'Visit' is not a mode"),
        ("AGREE\t-\tx {target} | x\tx {target} | x\n", "AGREE - is listed twice"),
        ("AGREE\tinvite\tinvited {target}\tinvite {target} | invite\n", "a phrase is"),
        ("AGREE\tinvite\tinvited | invited\tinvite {target} | invite\n", "must hold {target} once"),
        ("AGREE\tinvite\tinvited {target} {place} | x\tinvite {target} | x\n", "must hold {target} once"),
        ("AGREE\tinvite\tinvited {target} | x {target}\tinvite {target} | x\n", "must hold no placeholder"),
        ("AGREE\tinvite\tinvited {target | x\tinvite {target} | x\n", "bad placeholder"),
        ("AGREE\tinvite\tinvited {target} | x\n", "expected 4 columns"),
    ],
)
def test_brief_wording_bad_events_file_names_the_line(tmp_path, row, problem):
    path = tmp_path / "events.tsv"
    path.write_text(EVENTS_HEADER + GOOD_ROWS + row, encoding="utf-8")
    with pytest.raises(PipelineConfigError) as info:
        parse_events(path)
    assert info.value.code == "E113"
    assert f"events.tsv:{len(PLOVER_TYPES) + 2}" in info.value.message
    assert problem in info.value.message


def test_brief_wording_events_file_needs_a_default_row_per_type(tmp_path):
    path = tmp_path / "events.tsv"
    path.write_text(GOOD_ROWS.replace("ASSAULT\t-", "ASSAULT\tbeat"), encoding="utf-8")
    with pytest.raises(PipelineConfigError, match="no '-' row for ASSAULT"):
        parse_events(path)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda text: text + "colour.red\tred\n", "unknown key 'colour.red'"),
        (lambda text: text.replace("{source} will {future}", "{source} will {past}"), "unknown placeholder"),
        (lambda text: text.replace("when.undated\tdate not given\n", ""), "missing keys: when.undated"),
        (lambda text: text.replace("#! kind: mapping", "#! kind: words"), "a word list has one column"),
    ],
)
def test_brief_wording_bad_wording_file_is_a_coded_error(tmp_path, change, problem):
    path = tmp_path / "wording.tsv"
    path.write_text(change((BRIEF_DATA / "wording.tsv").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PipelineConfigError) as info:
        parse_wording(path)
    assert info.value.code == "E110"
    assert "wording.tsv" in info.value.message and problem in info.value.message


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (date(2023, 3, 16), None, "Thu 16 March 2023"),
        (date(2023, 3, 20), date(2023, 3, 22), "Mon 20 – Wed 22 March 2023"),
        (date(2023, 3, 30), date(2023, 4, 2), "Thu 30 March – Sun 2 April 2023"),
        (date(2022, 12, 30), date(2023, 1, 2), "Fri 30 December 2022 – Mon 2 January 2023"),
        (date(2022, 12, 1), date(2022, 12, 31), "December 2022"),
        (date(2023, 3, 1), date(2023, 5, 31), "March – May 2023"),
        (date(2022, 11, 1), date(2023, 2, 28), "November 2022 – February 2023"),
        (date(2023, 1, 1), date(2023, 12, 31), "2023"),
        (date(2023, 3, 13), date(2023, 3, 19), "the week of Mon 13 March 2023"),
    ],
)
def test_brief_dates_in_words(start, end, words):
    assert dates.span(start, end) == words


def test_brief_actor_labels_from_the_knowledge_base():
    describe = ActorDescriber().describe
    day = date(2023, 3, 16)
    kuleba = {"name": "Dmytro Kuleba", "country": "UKR", "sector": "GOV", "kb_id": "person:dmytro-kuleba"}
    assert describe(kuleba, day).label == "Dmytro Kuleba (Ukraine, foreign minister)"
    # The office on the day: Kuleba was no longer foreign minister in 2025.
    assert describe(kuleba, date(2025, 1, 1)).label == "Dmytro Kuleba (Ukraine, government)"
    assert describe({"name": "Russia", "country": "RUS", "kb_id": "state:RUS"}, day).label == "Russia"
    tass = {"name": "TASS", "country": "RUS", "sector": "MED", "kb_id": "media:tass"}
    assert describe(tass, day).label == "TASS (Russia)"
    govt = {"name": "Government of China", "country": "CHN", "sector": "GOV", "kb_id": "org:CHN:government"}
    assert describe(govt, day).label == "Government of China"
    unlisted = {"name": "scholars", "country": "CHN", "sector": "EDU", "kb_id": None}
    assert describe(unlisted, day).label == "scholars (China, education and research)"
    assert describe({"name": "ICC", "country": "IGO", "sector": "JUD", "kb_id": None}, day).label == "ICC (judiciary)"
