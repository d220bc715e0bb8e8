from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.document import Actor, Doc, Event, EventMention, Mention, TimeExpression
from eventwire.errors import StoreError
from eventwire.records import records
from eventwire.store import MIGRATIONS, SCHEMA_VERSION, Store, event_from_row, event_row


def hand_made_doc(doc_id: str = "d1", text: str = "Russia attacked Ukraine on Monday.") -> Doc:
    """A processed document built by hand: no model needed to test storage."""
    doc = Doc(doc_id, text, date=date(2022, 2, 28))
    russia = Mention(0, 6, "Russia", "GPE", Actor("Russia", "RUS", None, "RUS", "state"), 0.9, "kb")
    ukraine = Mention(16, 23, "Ukraine", "GPE", Actor("Ukraine", "UKR", None, "UKR", "state"), 0.9, "kb")
    monday = TimeExpression(24, 33, "on Monday", date(2022, 2, 28), date(2022, 2, 28), "day")
    doc.mentions = [russia, ukraine]
    doc.times = [monday]
    doc.events = [
        Event(
            "ASSAULT",
            [EventMention(0, len(text))],
            source=russia,
            target=ukraine,
            date=monday,
            cameo="190",
            rule="lexicon:attack",
            trigger="attacked",
            confidence=0.8,
        )
    ]
    return doc


def test_store_creates_schema_with_version(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION == max(MIGRATIONS)
        tables = {r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")}
    assert {
        "articles",
        "events",
        "actor_mentions",
        "time_expressions",
        "quotes",
        "rejected",
        "learned_actors",
        "event_clusters",
        "schema_version",
    } <= tables


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "future.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    with pytest.raises(StoreError, match=r"E201.*version 99 is newer"):
        Store(path)


def test_store_same_input_twice_adds_nothing(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        assert store.add_doc(hand_made_doc()) is True
        before = store.counts()
        assert store.add_doc(hand_made_doc()) is False
        assert (
            store.counts()
            == before
            == {"articles": 1, "events": 1, "actor_mentions": 2, "time_expressions": 1, "quotes": 0, "rejected": 0}
        )


def test_store_updated_article_replaces_its_rows(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        store.add_doc(hand_made_doc())
        changed = hand_made_doc(text="Russia attacked Ukraine on Monday. More text.")
        assert store.add_doc(changed) is True
        assert store.counts()["articles"] == 1 and store.counts()["events"] == 1
        assert store.query("SELECT n_chars FROM articles")[0]["n_chars"] == len(changed.original)


def test_store_event_row_round_trips_the_contract(tmp_path):
    doc = hand_made_doc()
    record = records(doc, "events")[0]
    with Store(tmp_path / "a.duckdb") as store:
        store.add_doc(doc)
        row = store.query("SELECT * FROM events")[0]
    rebuilt = event_from_row(row)
    contract = {k: record[k] for k in rebuilt}
    assert rebuilt == contract
    assert rebuilt["evidence"] == {"text": doc.original, "start": 0, "end": len(doc.original)}


def test_store_rejected_is_upserted(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        store.add_rejected("x.txt", "E002", "x.txt: the file is empty")
        store.add_rejected("x.txt", "E002", "x.txt: the file is empty")
        rows = store.query("SELECT * FROM rejected")
    assert len(rows) == 1 and rows[0]["first_seen"] <= rows[0]["last_seen"]


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
_side = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "text": _text,
            "name": _text,
            "country": st.sampled_from(["RUS", "UKR", "IGO"]),
            "sector": st.one_of(st.none(), st.sampled_from(["GOV", "MIL"])),
            "kb_id": st.one_of(st.none(), _text),
        }
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    source=_side,
    target=_side,
    evidence=_text,
    status=st.sampled_from(["occurred", "planned", "alleged"]),
    day=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1))),
)
def test_store_event_row_hypothesis_round_trip(source, target, evidence, status, day):
    record = {
        "event_id": "e1",
        "doc": "d",
        "event_type": "CONSULT",
        "mode": None,
        "context": ["diplomatic"],
        "cameo": "040",
        "source": source,
        "target": target,
        "date": {"text": "x", "start": day.isoformat(), "end": day.isoformat()} if day else None,
        "location": None,
        "status": status,
        "attribution": None,
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        "confidence": 0.5,
    }
    row = event_row(record)
    con = duckdb.connect()
    store = Store.__new__(Store)
    store.con, store.path = con, ":memory:"
    store.migrate()
    store._insert("events", [row])
    assert event_from_row(store.query("SELECT * FROM events")[0]) == record
