"""Actor search: KB aliases and transliterations resolve to ids; patterns are literal."""

from __future__ import annotations

import duckdb
import pytest

from eventwire.search import actor_ids, like_pattern


@pytest.mark.parametrize(
    ("query", "kb_id"),
    [
        ("Zelenskyy", "person:volodymyr-zelensky"),  # an alias
        ("Zelenskiy", "person:volodymyr-zelensky"),  # a transliteration of one
        ("Sergei Lavrov", "person:sergey-lavrov"),
        ("Kiev", "place:UKR:kyiv"),
        ("russia", "state:RUS"),
    ],
)
def test_search_resolves_aliases_and_transliterations(query, kb_id):
    assert actor_ids(query)[0] == kb_id


def test_search_short_or_unknown_names_resolve_to_nothing():
    assert actor_ids("Li") == ()  # too short to match by sound alone
    assert actor_ids("Qwzxv Plorth") == ()


def test_like_pattern_matches_percent_and_underscore_literally():
    con = duckdb.connect()
    rows = ["100% sure", "100 sure", "a_b", "axb", "back\\slash"]
    con.execute("CREATE TABLE t (s VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[r] for r in rows])

    def match(text: str) -> list[str]:
        sql = "SELECT s FROM t WHERE s ILIKE ? ESCAPE '\\' ORDER BY s"
        return [r[0] for r in con.execute(sql, [like_pattern(text)]).fetchall()]

    assert match("100%") == ["100% sure"]
    assert match("_") == ["a_b"]
    assert match("\\") == ["back\\slash"]
    assert match("A_B") == ["a_b"]
