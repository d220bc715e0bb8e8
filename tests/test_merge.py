"""Cross-article merging: the same real-world event reported by several articles gets one cluster id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from eventwire.document import Actor, Doc, Event, EventMention, Mention, TimeExpression
from eventwire.merge import (
    Item,
    MergeConfig,
    actor_keys,
    cluster,
    clustered_events,
    merge_store,
    pair_score,
    write_clusters,
)
from eventwire.store import Store

RUSSIA = Actor("Russia", "RUS", None, "state:RUS", "state")
UKRAINE = Actor("Ukraine", "UKR", None, "state:UKR", "state")
LAVROV = Actor("Sergey Lavrov", "RUS", "GOV", "person:sergey-lavrov", "person")
WANG = Actor("Wang Yi", "CHN", "GOV", "person:wang-yi", "person")
BLINKEN = Actor("Antony Blinken", "USA", "GOV", "person:antony-blinken", "person")


def _doc(
    doc_id: str,
    text: str,
    day: date,
    event_type: str,
    source: tuple[str, Actor],
    target: tuple[str, Actor],
    trigger: str,
    when: tuple[str, date] | None = None,
) -> Doc:
    """A processed article with one event, built by hand (no model needed)."""
    doc = Doc(doc_id, text, date=day)
    s_start = text.index(source[0])
    t_start = text.index(target[0])
    src = Mention(s_start, s_start + len(source[0]), source[0], "PERSON", source[1], 0.9, "kb")
    tgt = Mention(t_start, t_start + len(target[0]), target[0], "PERSON", target[1], 0.9, "kb")
    doc.mentions = [src, tgt]
    timex = None
    if when is not None:
        w_start = text.index(when[0])
        timex = TimeExpression(w_start, w_start + len(when[0]), when[0], when[1], when[1], "day")
        doc.times = [timex]
    doc.events = [Event(event_type, [EventMention(0, len(text))], source=src, target=tgt, date=timex, trigger=trigger)]
    return doc


def _corpus() -> list[Doc]:
    return [
        _doc(
            "a1",
            "Lavrov met Wang Yi in Moscow on Monday.",
            date(2023, 3, 21),
            "CONSULT",
            ("Lavrov", LAVROV),
            ("Wang Yi", WANG),
            "met",
            ("on Monday", date(2023, 3, 20)),
        ),
        # The same meeting, told the next day by another outlet, sides swapped.
        _doc(
            "a2",
            "Chinese Foreign Minister Wang Yi held talks with Sergey Lavrov on March 20.",
            date(2023, 3, 22),
            "CONSULT",
            ("Wang Yi", WANG),
            ("Sergey Lavrov", LAVROV),
            "talks",
            ("March 20", date(2023, 3, 20)),
        ),
        # Lavrov meets someone else that day: a different event.
        _doc(
            "a3",
            "Lavrov met Antony Blinken in New Delhi on Monday.",
            date(2023, 3, 21),
            "CONSULT",
            ("Lavrov", LAVROV),
            ("Antony Blinken", BLINKEN),
            "met",
            ("on Monday", date(2023, 3, 20)),
        ),
        # The same pair meeting again a month later: another event.
        _doc(
            "a4",
            "Lavrov met Wang Yi in Beijing on Tuesday.",
            date(2023, 4, 19),
            "CONSULT",
            ("Lavrov", LAVROV),
            ("Wang Yi", WANG),
            "met",
            ("on Tuesday", date(2023, 4, 18)),
        ),
        # Two reports of one strike, the second dated only by its article.
        _doc(
            "b1",
            "Russia attacked Ukraine with drones on Friday.",
            date(2023, 3, 18),
            "ASSAULT",
            ("Russia", RUSSIA),
            ("Ukraine", UKRAINE),
            "attacked",
            ("on Friday", date(2023, 3, 17)),
        ),
        _doc(
            "b2",
            "Russian drones struck Ukraine overnight, Russia said.",
            date(2023, 3, 18),
            "ASSAULT",
            ("Russia", RUSSIA),
            ("Ukraine", UKRAINE),
            "struck",
        ),
    ]


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "m.duckdb")
    for doc in _corpus():
        store.add_doc(doc)
    return store


def test_same_event_in_two_articles_gets_one_cluster_and_similar_events_do_not(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        summary, rows = merge_store(store)
        write_clusters(store, rows)
        by_doc = {
            r["doc"]: r["cluster_id"]
            for r in store.query("SELECT e.doc, c.cluster_id FROM events e JOIN event_clusters c USING (event_id)")
        }
    assert by_doc["a1"] == by_doc["a2"]  # one meeting, sides swapped (CONSULT is symmetric)
    assert by_doc["a3"] != by_doc["a1"]  # another counterpart
    assert by_doc["a4"] != by_doc["a1"]  # a month later
    assert by_doc["b1"] == by_doc["b2"]  # one strike; b2 dated by its article only
    assert by_doc["b1"] != by_doc["a1"]
    assert (summary.events, summary.clusters, summary.cross_article_clusters) == (6, 4, 2)


def test_write_clusters_replaces_the_table_and_grouping_counts_each_event_once(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        _, rows = merge_store(store)
        write_clusters(store, rows)
        write_clusters(store, rows)  # a second merge replaces, never duplicates
        assert store.query("SELECT count(*) AS n FROM event_clusters")[0]["n"] == 6
        grouped = clustered_events(store, min_articles=2)
    assert sorted((g["event_type"], g["articles"]) for g in grouped) == [("ASSAULT", 2), ("CONSULT", 2)]
    strike = next(g for g in grouped if g["event_type"] == "ASSAULT")
    assert strike["docs"] == ["b1", "b2"] and strike["source_country"] == "RUS"


def test_pair_score_rules() -> None:
    base = Item(
        "x",
        "d1",
        "ASSAULT",
        frozenset({"ASSAULT"}),
        actor_keys("state:RUS", "Russia", "RUS"),
        actor_keys("state:UKR", "Ukraine", "UKR"),
        date(2023, 3, 17),
        date(2023, 3, 17),
        True,
        "attack",
    )
    same = Item(
        "y",
        "d2",
        "ASSAULT",
        frozenset({"ASSAULT"}),
        base.source,
        base.target,
        date(2023, 3, 18),
        date(2023, 3, 18),
        True,
        "attack",
    )
    assert pair_score(base, same) > 0.8
    # Outside the date window, another type, or actors of other countries: never the same event.
    late = Item("z", "d2", "ASSAULT", base.types, base.source, base.target, date(2023, 3, 25), date(2023, 3, 25), True)
    assert pair_score(base, late) == 0.0
    other = Item(
        "w",
        "d2",
        "ASSAULT",
        base.types,
        actor_keys(None, "Belarus", "BLR"),
        base.target,
        date(2023, 3, 17),
        date(2023, 3, 17),
        True,
        "attack",
    )
    assert pair_score(base, other) == 0.0
    assert pair_score(base, Item("v", "d2", "PROTEST", frozenset({"PROTEST"}), base.source, base.target)) == 0.0
    # An ASSAULT is directed: swapping the sides is another event.
    swapped = Item("u", "d2", "ASSAULT", base.types, base.target, base.source, base.start, base.end, True, "attack")
    assert pair_score(base, swapped) == 0.0
    # Events of one article are left to the event stage unless asked.
    sibling = Item("t", "d1", "ASSAULT", base.types, base.source, base.target, base.start, base.end, True, "attack")
    assert pair_score(base, sibling) == 0.0
    assert pair_score(base, sibling, MergeConfig(same_doc=True)) > 0.8


def test_state_matches_its_own_officials_at_country_level_only() -> None:
    state = actor_keys("state:RUS", "Russia", "RUS")
    minister = actor_keys("person:sergey-lavrov", "Sergey Lavrov", "RUS")
    assert state == frozenset({"country:RUS"})
    assert "id:person:sergey-lavrov" in minister and "name:sergey lavrov" in minister


def test_average_link_does_not_chain_two_stories() -> None:
    # b is close to a and to c, but a and c are far apart: single link would chain all three.
    config = MergeConfig(
        same_doc=True, strict_actors=False, require_actor=False, threshold=0.6, weights={"trigger": 1.0}
    )
    items = [
        Item("a", "d1", "T", trigger="aaaaaaaaaa"),
        Item("b", "d2", "T", trigger="aaaaaaaaaa"),
        Item("c", "d3", "T", trigger="zzzzzzzzzz"),
    ]
    assigned = cluster(items, config)
    assert assigned["a"][0] == assigned["b"][0] == "a"
    assert assigned["c"] == ("c", None)


def test_merge_command_writes_clusters(tmp_path: Path) -> None:
    from eventwire.cli import app

    _store(tmp_path).close()
    result = CliRunner().invoke(app, ["merge", "--db", str(tmp_path / "m.duckdb"), "--show", "5"])
    assert result.exit_code == 0, result.output
    assert "6 events -> 4 clusters" in result.output
    with Store(tmp_path / "m.duckdb", read_only=True) as store:
        assert store.query("SELECT count(DISTINCT cluster_id) AS n FROM event_clusters")[0]["n"] == 4


def test_merge_command_on_spark_parquet_tables(tmp_path: Path) -> None:
    from eventwire.cli import app
    from eventwire.spark import open_parquet_store

    with _store(tmp_path) as store:
        for table in ("articles", "events", "actor_mentions"):
            (tmp_path / "out" / table).mkdir(parents=True)
            store.con.execute(f"COPY {table} TO '{tmp_path / 'out' / table / 'part-0.parquet'}' (FORMAT parquet)")
    result = CliRunner().invoke(app, ["merge", "--parquet", str(tmp_path / "out"), "--show", "0"])
    assert result.exit_code == 0, result.output
    with open_parquet_store(tmp_path / "out") as parquet_store:
        assert "event_clusters" in parquet_store.views
        grouped = clustered_events(parquet_store, min_articles=2)
    assert sorted(g["event_type"] for g in grouped) == ["ASSAULT", "CONSULT"]
