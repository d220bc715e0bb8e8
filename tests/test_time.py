"""The time stage: finding time expressions and resolving them against the article date."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.document import Doc
from eventwire.pipeline import Pipeline
from eventwire.stages.time import RangeExpression, infer_date, pick, season_range, week_range

FRIDAY = date(2023, 3, 17)  # the zaobao article's date


@pytest.fixture(scope="module")
def time_pipeline() -> Pipeline:
    # "Friday (March 17)" fits 2023 and 2028: the latest year not after today wins, so pin today.
    return Pipeline(["repair", "nlp", "time"], time={"today": date(2026, 11, 27)})


@pytest.fixture(scope="module")
def no_inference() -> Pipeline:
    return Pipeline(["repair", "nlp", "time"], time={"infer": False})


def times_of(pipeline: Pipeline, text: str, ref: date | None = FRIDAY) -> list[tuple[str, str, str]]:
    doc = pipeline(Doc("t", text, date=ref))
    return [(t.text, str(t.value_start), str(t.value_end)) for t in doc.times]


# -- the sample article --------------------------------------------------------------------------


def test_zaobao_gold_dates_resolved_exactly(zaobao_doc, shared_dir):
    gold = [json.loads(line) for line in
            (shared_dir / "gold" / "zaobao-2023-03-17-china-russia.dates.jsonl").read_text().splitlines() if line]
    assert len(gold) == 10
    predicted = [(zaobao_doc.original_span(t.start, t.end), t) for t in zaobao_doc.times]
    for row in gold:
        # the gold gives words, not offsets; the article repeats one phrase, so any occurrence counts
        where = [(m.start(), m.end()) for m in re.finditer(re.escape(row["text"]), zaobao_doc.original)]
        assert where, row
        hits = [t for (s, e, _), t in predicted if any(s < we and ws < e for ws, we in where)]
        values = {(str(t.value_start), str(t.value_end)) for t in hits}
        assert (row["start"], row["end"]) in values, (row, [(t.text, t.value_start, t.value_end) for t in hits])


def test_zaobao_date_inferred_without_a_date(time_pipeline, zaobao_text):
    doc = time_pipeline(Doc("zaobao", zaobao_text))
    assert doc.date is not None
    assert week_range(date(2023, 3, 17))[0] <= doc.date <= week_range(date(2023, 3, 17))[1]
    assert doc.date == date(2023, 3, 17)
    assert doc.date_source == "inferred:weekday-date"
    assert 0 < doc.date_confidence <= 1
    # the relative expressions are resolved against the inferred date
    values = {t.text: (t.value_start, t.value_end) for t in doc.times}
    assert values["next week"] == (date(2023, 3, 20), date(2023, 3, 26))
    assert values["last December"] == (date(2022, 12, 1), date(2022, 12, 31))


def test_given_date_is_kept(time_pipeline):
    doc = time_pipeline(Doc("d", "The talks ended on Monday.", date=FRIDAY))
    assert doc.date == FRIDAY and doc.date_source == "given"


# -- coverage ------------------------------------------------------------------------------------

COVERAGE = [
    ("Chinese officials will visit Russia next week.", "next week", "2023-03-20", "2023-03-26"),
    ("The US media reported this week that rifles were sold.", "this week", "2023-03-13", "2023-03-19"),
    ("The ministers met last week in Geneva.", "last week", "2023-03-06", "2023-03-12"),
    ("Putin invited him during a video meeting last December.", "last December", "2022-12-01", "2022-12-31"),
    ("The court issued a warrant on Friday (March 17).", "Friday (March 17)", "2023-03-17", "2023-03-17"),
    ("Qin Gang called Kuleba on Thursday.", "Thursday", "2023-03-16", "2023-03-16"),
    ("Protesters gathered outside the embassy yesterday.", "yesterday", "2023-03-16", "2023-03-16"),
    ("He will pay a state visit to Russia from March 20th to 22nd.", "from March 20th to 22nd", "2023-03-20",
     "2023-03-22"),
    ("Officials were expected to visit Russia in April or May.", "April or May", "2023-04-01", "2023-05-31"),
    ("Chinese officials were invited to visit Russia in spring.", "spring", "2023-03-01", "2023-05-31"),
    ("The Wall Street Journal said in February that a visit was planned.", "February", "2023-02-01", "2023-02-28"),
    ("The two sides agreed earlier this month to resume talks.", "earlier this month", "2023-03-01", "2023-03-17"),
    ("Trade between the countries grew last year.", "last year", "2022-01-01", "2022-12-31"),
    ("China has expressed its position densely in the past month.", "the past month", "2023-02-01", "2023-02-28"),
    ("The pipeline was completed in mid-2022.", "mid-2022", "2022-01-01", "2022-12-31"),
    ("The treaty was signed on 17 March 2021.", "17 March 2021", "2021-03-17", "2021-03-17"),
    ("The treaty was signed on March 17, 2021.", "March 17, 2021", "2021-03-17", "2021-03-17"),
    ("The treaty was signed on 2021-03-17.", "2021-03-17", "2021-03-17", "2021-03-17"),
    ("The treaty was signed on 17.03.2021.", "17.03.2021", "2021-03-17", "2021-03-17"),
    ("The treaty was signed on 3/17/2021.", "3/17/2021", "2021-03-17", "2021-03-17"),
    ("The ceasefire began on February 24th.", "February 24th", "2023-02-24", "2023-02-24"),
    ("Elections were held in September 2022.", "September 2022", "2022-09-01", "2022-09-30"),
    ("Profits fell in the first quarter of 2022.", "the first quarter of 2022", "2022-01-01", "2022-03-31"),
    ("The war began two years ago.", "two years ago", "2021-01-01", "2021-12-31"),
    ("The summit ended today.", "today", "2023-03-17", "2023-03-17"),
    ("The ministers will meet tomorrow.", "tomorrow", "2023-03-18", "2023-03-18"),
    ("Tensions rose during the 1990s.", "the 1990s", "1990-01-01", "1999-12-31"),
    ("The plan was first discussed in 2019.", "2019", "2019-01-01", "2019-12-31"),
    ("Talks resumed this weekend.", "this weekend", "2023-03-11", "2023-03-12"),
    ("Fighting has intensified over the past 30 days.", "the past 30 days", "2023-02-15", "2023-03-17"),
    ("The visit lasted from 2009 to 2011.", "from 2009 to 2011", "2009-01-01", "2011-12-31"),
]


@pytest.mark.parametrize(("sentence", "text", "start", "end"), COVERAGE, ids=[c[1] for c in COVERAGE])
def test_coverage(time_pipeline, sentence, text, start, end):
    assert (text, start, end) in times_of(time_pipeline, sentence)


# -- direction from the parse --------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The ministers met on Thursday.", "2023-03-16"),
    ("The ministers will meet on Thursday.", "2023-03-23"),
    ("The ministers are going to meet on Thursday.", "2023-03-23"),
    ("The ministers met on Saturday.", "2023-03-11"),
    ("The ministers will meet on Saturday.", "2023-03-18"),
    ("The ministers met last Friday.", "2023-03-10"),
    ("The ministers will meet next Monday.", "2023-03-20"),
])
def test_tense_decides_weekday(time_pipeline, sentence, expected):
    [(_, start, end)] = times_of(time_pipeline, sentence)
    assert start == end == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Parliamentary elections were held in December.", "2022-12-01"),
    ("Parliamentary elections will be held in December.", "2023-12-01"),
    ("The company said it had cut jobs in April.", "2022-04-01"),
    ("The company plans to cut jobs in April.", "2023-04-01"),
])
def test_tense_decides_month(time_pipeline, sentence, expected):
    [(_, start, _)] = times_of(time_pipeline, sentence)
    assert start == expected


def test_modal_may_is_not_the_month(time_pipeline):
    assert times_of(time_pipeline, "Officials may meet again to discuss the crisis.") == []
    assert times_of(time_pipeline, "May officials meet again?") == []
    assert times_of(time_pipeline, "They may travel to Moscow in May.") == [("May", "2023-05-01", "2023-05-31")]


def test_things_that_are_not_dates(time_pipeline):
    assert times_of(time_pipeline, "Leaders of the Arab Spring were arrested.") == []
    assert times_of(time_pipeline, "Prices fall when supply rises.") == []
    assert times_of(time_pipeline, "The army sent 2000 soldiers to the border.") == []
    assert times_of(time_pipeline, "Labour criticised Theresa May's proposed Brexit deal.") == []
    assert times_of(time_pipeline, "USA Today noted the report.") == []
    assert times_of(time_pipeline, "Students attended a summer school on cyclones.") == []
    assert times_of(time_pipeline, "It continues a 2000 year old tradition, priced at $4.1556 a share.") == []


def test_range_keeps_its_ends_as_parts(time_pipeline):
    doc = time_pipeline(Doc("r", "The exhibition runs from January 23 through March 9.", date=date(2014, 1, 28)))
    [rng] = doc.times
    assert isinstance(rng, RangeExpression)
    assert (rng.value_start, rng.value_end) == (date(2014, 1, 23), date(2014, 3, 9))
    assert [(p.text, p.value_start) for p in rng.parts] == [("January 23", date(2014, 1, 23)),
                                                            ("March 9", date(2014, 3, 9))]


def test_offsets_point_into_the_original_text(time_pipeline):
    text = "Officials met on Thursday.The talks resume next week."  # repair inserts a space
    doc = time_pipeline(Doc("o", text, date=FRIDAY))
    for t in doc.times:
        original = doc.original_span(t.start, t.end)[2]
        assert original == t.text
        assert t.sentence >= 0
        assert t.granularity in {"day", "week", "month", "season", "quarter", "year", "range"}


def test_without_a_date_relative_expressions_stay_unresolved(no_inference):
    doc = no_inference(Doc("n", "The ministers met on March 3, 2021 and will meet again next week."))
    values = {t.text: (t.value_start, t.value_end) for t in doc.times}
    assert values["March 3, 2021"] == (date(2021, 3, 3), date(2021, 3, 3))
    assert values["next week"] == (None, None)
    assert doc.date is None


# -- article date inference ----------------------------------------------------------------------


def test_weekday_date_pair_fixes_the_year(time_pipeline):
    doc = time_pipeline(Doc("w", "The court ruled on Tuesday (June 4) that the law stands. Appeals follow next week."))
    assert doc.date == date(2024, 6, 4)  # 4 June is a Tuesday in 2024 (and 2019, 2013 ...): the latest past one
    assert doc.date_source == "inferred:weekday-date"
    assert [t.value_start for t in doc.times if t.text == "next week"] == [date(2024, 6, 10)]


def test_dateline_wins(time_pipeline):
    doc = time_pipeline(Doc("d", "Markets fall again\n\nOctober 10, 2008\n\nShares fell on Thursday in Tokyo."))
    assert doc.date == date(2008, 10, 10)
    assert doc.date_source == "inferred:dateline"
    assert [t.value_start for t in doc.times if t.text == "Thursday"] == [date(2008, 10, 9)]


def test_latest_explicit_date(time_pipeline):
    doc = time_pipeline(Doc("l", "The deal was signed on 3 May 2019. It was ratified on 20 June 2019."))
    assert doc.date == date(2019, 6, 20)
    assert doc.date_source == "inferred:latest-date"
    assert 0 < doc.date_confidence < 0.75


def test_no_clue_no_date(time_pipeline):
    doc = time_pipeline(Doc("x", "The ministers will meet next week."))
    assert doc.date is None and doc.date_source is None


def test_infer_date_ignores_future_pairs():
    from eventwire.stages.nlp import load_model

    text = "Officials met on Monday (March 13). They will meet again on Friday (March 24)."
    doc = Doc("f", text)
    doc.spacy_doc = load_model()(text)
    guess = infer_date(doc, today=date(2026, 1, 1))
    assert guess is not None and guess.value == date(2023, 3, 13)


# -- calendar helpers ----------------------------------------------------------------------------


def test_weeks_run_monday_to_sunday():
    assert week_range(FRIDAY) == (date(2023, 3, 13), date(2023, 3, 19))
    assert week_range(date(2023, 3, 19)) == (date(2023, 3, 13), date(2023, 3, 19))


def test_seasons_are_meteorological():
    assert season_range(2023, 0) == (date(2023, 3, 1), date(2023, 5, 31))
    assert season_range(2023, 3) == (date(2022, 12, 1), date(2023, 2, 28))


def test_pick_by_direction():
    aprils = [(date(y, 4, 1), date(y, 4, 30)) for y in (2022, 2023, 2024)]
    assert pick(aprils, FRIDAY, "past")[0].year == 2022
    assert pick(aprils, FRIDAY, "future")[0].year == 2023
    assert pick(aprils, FRIDAY, None)[0].year == 2023


# -- robustness ----------------------------------------------------------------------------------

WORDS = ["on", "Friday", "(March", "17)", "next", "week", "last", "December", "from", "20th", "to", "22nd", "May",
         "may", "2023", "'82", "the", "1990s", "spring", "early", "mid-2022", "ago", "two", "years", "3/17/23",
         "31.02.2021", "until", "quarter", "first", "of", "this", "weekend", "\n\n", ",", ".", "9999", "0", "Feb."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.one_of(st.none(), st.dates()))
def test_any_word_soup_resolves_without_error(words, ref):
    from eventwire.stages.time import extract

    text = " ".join(words)
    doc = Doc("h", text)  # no parse: direction falls back to defaults
    for t in extract(doc, ref):
        assert 0 <= t.start < t.end <= len(text)
        assert (t.value_start is None) == (t.value_end is None)
        if t.value_start is not None:
            assert t.value_start <= t.value_end


def test_time_four_digit_clock_time_is_not_a_year(pipeline):
    from datetime import date

    from eventwire.document import Doc

    doc = pipeline(Doc("clock", "At 11:25am US east coast time (1625 UTC), the AP called the race. "
                                "In 1905, Roosevelt mediated.", date=date(2020, 11, 7)))
    assert [(t.text, t.value_start) for t in doc.times] == [("1905", date(1905, 1, 1))]
