"""The HTTP API, in process, over a small hand-made database (exact JSON)."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from eventwire.server import make_app
from eventwire.server.weights import GOLDSTEIN_WEIGHTS
from eventwire.store import Store, event_row

LOCAL = "http://localhost"  # the server answers to localhost names only, unless told otherwise

# -- the fixture database (also used by test_server_browser and test_server_schema) -----------

TEXT_A = (
    "Chinese President Xi Jinping will visit Russia next week, the Chinese foreign ministry said on Friday. "
    "Xi and Vladimir Putin are expected to sign an agreement on energy cooperation. "
    "Ukraine accused Russia of shelling Kharkiv on Thursday. "
    '"We hope for peace," Wang Wenbin said.'
)
TEXT_B = (
    "Thousands marched in Paris against the pension reform. "
    "French police fired tear gas at protesters on Saturday. "
    "The French government rejected the demands of the CGT union."
)
# Markup in an article is data: the page must show it as text and never run it.
TEXT_XSS = (
    "Germany criticised Iran after hackers posted <script>window.__xss = 1</script> and "
    '<img src=x onerror="window.__xss = 2"> on a ministry site. Officials said the attack failed.'
)
TEXT_UNDATED = "Officials in Kenya met opposition leaders in Nairobi."

ARTICLES = [
    ("xi-visit", "Xi to visit Moscow", date(2023, 3, 17), TEXT_A),
    ("paris-protest", "Tear gas in Paris", date(2023, 4, 2), TEXT_B),
    ("xss-test", '<img src=x onerror="window.__xss = 3">Hacked <b>site</b>', date(2023, 4, 10), TEXT_XSS),
    ("kenya-undated", None, None, TEXT_UNDATED),
]


def _actor(text: str, name: str, country: str | None, sector: str | None) -> dict[str, Any]:
    return {"text": text, "name": name, "country": country, "sector": sector, "kb_id": None}


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The span of the sentence of ``text`` that contains ``needle`` (sentences end at ". " or a line break)."""
    at = text.index(needle)
    dot = text.rfind(". ", 0, at)
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, at) + 1)
    ends = [i + 1 for i in (text.find(". ", at), text.find(".\n", at)) if i >= 0]
    return start, min(ends) if ends else len(text)


def _event(
    event_id: str,
    doc: str,
    text: str,
    needle: str,
    event_type: str,
    source,
    target,
    status: str = "occurred",
    when: tuple[str, str] | None = None,
    cameo: str | None = None,
) -> dict[str, Any]:
    start, end = _sentence(text, needle)
    return {
        "event_id": event_id,
        "doc": doc,
        "event_type": event_type,
        "mode": None,
        "context": [],
        "cameo": cameo,
        "source": source,
        "target": target,
        "date": {"text": needle, "start": when[0], "end": when[1]} if when else None,
        "location": None,
        "status": status,
        "attribution": None,
        "evidence": {"text": text[start:end], "start": start, "end": end},
        "confidence": 0.8,
        "rule": "test",
        "trigger": needle,
        "mentions": [{"start": start, "end": end}],
    }


XI = _actor("Xi Jinping", "Xi Jinping", "CHN", "GOV")
PUTIN = _actor("Vladimir Putin", "Vladimir Putin", "RUS", "GOV")
EVENTS = [
    _event(
        "ev-a1",
        "xi-visit",
        TEXT_A,
        "will visit",
        "CONSULT",
        XI,
        _actor("Russia", "Russia", "RUS", "GOV"),
        "planned",
        ("2023-03-20", "2023-03-26"),
        "042",
    ),
    _event(
        "ev-a2",
        "xi-visit",
        TEXT_A,
        "sign an agreement",
        "AGREE",
        _actor("Xi", "Xi Jinping", "CHN", "GOV"),
        PUTIN,
        "planned",
        None,
        "030",
    ),
    _event(
        "ev-a3",
        "xi-visit",
        TEXT_A,
        "accused",
        "ACCUSE",
        _actor("Ukraine", "Ukraine", "UKR", "GOV"),
        _actor("Russia", "Russia", "RUS", "GOV"),
        "occurred",
        ("2023-03-16", "2023-03-16"),
        "112",
    ),
    _event(
        "ev-a4",
        "xi-visit",
        TEXT_A,
        "shelling",
        "ASSAULT",
        _actor("Russia", "Russia", "RUS", "GOV"),
        _actor("Kharkiv", "Kharkiv", "UKR", "CVL"),
        "alleged",
        ("2023-03-16", "2023-03-16"),
        "190",
    ),
    _event(
        "ev-b1",
        "paris-protest",
        TEXT_B,
        "fired tear gas",
        "COERCE",
        _actor("French police", "France", "FRA", "COP"),
        _actor("protesters", "protesters", "FRA", "CVL"),
        "occurred",
        ("2023-04-01", "2023-04-01"),
        "175",
    ),
    _event(
        "ev-b2",
        "paris-protest",
        TEXT_B,
        "rejected",
        "REJECT",
        _actor("The French government", "France", "FRA", "GOV"),
        _actor("CGT union", "CGT", "FRA", "LAB"),
        "occurred",
        None,
        "120",
    ),
    _event(
        "ev-x1",
        "xss-test",
        TEXT_XSS,
        "criticised",
        "ACCUSE",
        _actor("Germany", "Germany", "DEU", "GOV"),
        _actor("Iran", "Iran", "IRN", "GOV"),
        "occurred",
        None,
        "111",
    ),
    _event(
        "ev-k1",
        "kenya-undated",
        TEXT_UNDATED,
        "met",
        "CONSULT",
        _actor("Officials", "Kenya", "KEN", "GOV"),
        _actor("opposition leaders", "Kenyan opposition", "KEN", "OPP"),
        "occurred",
        None,
        "040",
    ),
]
MENTIONS = [  # (doc, text, name, country, sector, label)
    ("xi-visit", "Xi Jinping", "Xi Jinping", "CHN", "GOV", "PERSON"),
    ("xi-visit", "Russia", "Russia", "RUS", "GOV", "GPE"),
    ("xi-visit", "Xi", "Xi Jinping", "CHN", "GOV", "PERSON"),
    ("xi-visit", "Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "PERSON"),
    ("xi-visit", "Ukraine", "Ukraine", "UKR", "GOV", "GPE"),
    ("xi-visit", "Wang Wenbin", "Wang Wenbin", "CHN", "GOV", "PERSON"),
    ("paris-protest", "French police", "France", "FRA", "COP", "NORP"),
    ("xss-test", "Germany", "Germany", "DEU", "GOV", "GPE"),
    ("xss-test", "Iran", "Iran", "IRN", "GOV", "GPE"),
]


def build_fixture_db(path: Path) -> Path:
    """Write the fixture articles and their records into a new store at ``path``."""
    texts = {doc: text for doc, _, _, text in ARTICLES}
    with Store(path) as store:
        con = store.con

        def insert(table: str, rows: list[dict[str, Any]]) -> None:
            cols = list(rows[0])
            con.executemany(
                f"INSERT INTO {table} ({', '.join(repr(c).replace(chr(39), chr(34)) for c in cols)}) "
                f"VALUES ({', '.join('?' for _ in cols)})",
                [[r[c] for c in cols] for r in rows],
            )

        insert(
            "articles",
            [
                {
                    "doc": doc,
                    "content_hash": f"hash-{doc}",
                    "title": title,
                    "date": when,
                    "date_source": "given" if when else None,
                    "date_confidence": None,
                    "url": f"https://example.org/{doc}",
                    "outlet": "example",
                    "source_path": None,
                    "text": text,
                    "n_chars": len(text),
                    "n_events": sum(e["doc"] == doc for e in EVENTS),
                    "processed_at": None,
                }
                for doc, title, when, text in ARTICLES
            ],
        )
        insert("events", [event_row(e) for e in EVENTS])
        rows = []
        for i, (doc, text, name, country, sector, label) in enumerate(MENTIONS):
            start = texts[doc].index(text if text != "Xi" else "Xi and")
            rows.append(
                {
                    "doc": doc,
                    "mention_index": i,
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                    "name": name,
                    "country": country,
                    "sector": sector,
                    "kb_id": None,
                    "confidence": 0.9,
                    "label": label,
                    "method": "kb",
                }
            )
        insert("actor_mentions", rows)
        quote = "We hope for peace,"
        qs = TEXT_A.index(quote)
        insert(
            "quotes",
            [
                {
                    "doc": "xi-visit",
                    "quote_index": 0,
                    "speaker_text": "Wang Wenbin",
                    "speaker_name": "Wang Wenbin",
                    "speaker_country": "CHN",
                    "speaker_sector": "GOV",
                    "speaker_kb_id": None,
                    "quote": quote,
                    "start": qs,
                    "end": qs + len(quote),
                    "kind": "direct",
                }
            ],
        )
        ws = TEXT_A.index("next week")
        insert(
            "time_expressions",
            [
                {
                    "doc": "xi-visit",
                    "time_index": 0,
                    "text": "next week",
                    "start": ws,
                    "end": ws + 9,
                    "value_start": date(2023, 3, 20),
                    "value_end": date(2023, 3, 26),
                    "granularity": "week",
                }
            ],
        )
    return path


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("server") / "fixture.duckdb")


@pytest.fixture(scope="module")
def client(fixture_db: Path):
    with TestClient(make_app(fixture_db), base_url=LOCAL) as c:
        yield c


def ids(payload: dict[str, Any]) -> list[str]:
    return [item["event_id"] for item in payload["items"]]


# -- events ---------------------------------------------------------------------------------------


def test_event_by_id_is_the_contract_record_plus_article_fields(client):
    r = client.get("/api/events/ev-a1")
    assert r.status_code == 200
    start = 0
    end = TEXT_A.index(". ") + 1
    assert r.json() == {
        "event_id": "ev-a1",
        "doc": "xi-visit",
        "event_type": "CONSULT",
        "mode": None,
        "context": [],
        "cameo": "042",
        "source": {"text": "Xi Jinping", "name": "Xi Jinping", "country": "CHN", "sector": "GOV", "kb_id": None},
        "target": {"text": "Russia", "name": "Russia", "country": "RUS", "sector": "GOV", "kb_id": None},
        "date": {"text": "will visit", "start": "2023-03-20", "end": "2023-03-26"},
        "location": None,
        "status": "planned",
        "attribution": None,
        "evidence": {"text": TEXT_A[start:end], "start": start, "end": end},
        "confidence": 0.8,
        "day": "2023-03-20",
        "article_title": "Xi to visit Moscow",
        "article_date": "2023-03-17",
    }


def test_event_list_is_ordered_by_day_and_paged(client):
    r = client.get("/api/events", params={"limit": 3})
    body = r.json()
    assert (body["total"], body["limit"], body["offset"]) == (8, 3, 0)
    assert ids(body) == ["ev-a3", "ev-a4", "ev-a2"]  # 03-16, 03-16, then 03-17 (article date)
    body = client.get("/api/events", params={"limit": 3, "offset": 6}).json()
    assert ids(body) == ["ev-x1", "ev-k1"]  # the undated event comes last
    body = client.get("/api/events", params={"order": "desc", "limit": 2}).json()
    assert ids(body) == ["ev-x1", "ev-b2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "putin"}, ["ev-a2"]),
        ({"country": "fra"}, ["ev-b1", "ev-b2"]),
        ({"country": "UKR"}, ["ev-a3", "ev-a4"]),
        ({"type": "ACCUSE"}, ["ev-a3", "ev-x1"]),
        ({"status": "planned"}, ["ev-a2", "ev-a1"]),
        ({"since": "2023-03-18", "until": "2023-04-01"}, ["ev-a1", "ev-b1"]),
        ({"q": "tear gas"}, ["ev-b1"]),
        ({"q": "100%"}, []),  # % is matched literally, not as a wildcard
        ({"doc": "paris-protest", "type": "REJECT"}, ["ev-b2"]),
    ],
)
def test_event_filters(client, params, expected):
    body = client.get("/api/events", params=params).json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


# -- errors --------------------------------------------------------------------------------------


def test_error_shape_is_pinned(client):
    r = client.get("/api/events/nope")
    assert r.status_code == 404
    assert r.json() == {
        "ok": False,
        "error": {"code": "not_found", "message": "no event with id 'nope'"},
        "status": 404,
    }
    r = client.get("/api/events", params={"since": "yesterday"})
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"ok", "error", "status"} and set(body["error"]) == {"code", "message"}
    assert (body["ok"], body["status"], body["error"]["code"]) == (False, 422, "invalid_request")
    assert "since" in body["error"]["message"]
    for path, params, status in [
        ("/api/events", {"type": "DANCE"}, 422),
        ("/api/events", {"limit": 0}, 422),
        ("/api/nothing", {}, 404),
        ("/api/articles/none", {}, 404),
    ]:
        r = client.get(path, params=params)
        assert r.status_code == status
        assert r.json()["ok"] is False and r.json()["status"] == status
    r = client.delete("/api/events")
    assert (r.status_code, r.json()["error"]["code"]) == (405, "method_not_allowed")


# -- actors, articles, quotes ----------------------------------------------------------------------------


def test_actors(client):
    body = client.get("/api/actors", params={"limit": 3}).json()
    assert body["total"] == 13
    assert body["items"] == [
        {
            "id": "name:Russia|RUS",
            "name": "Russia",
            "kb_id": None,
            "country": "RUS",
            "sector": "GOV",
            "n_mentions": 1,
            "n_articles": 1,
            "n_events": 3,
            "n_source": 1,
            "n_target": 2,
        },
        {
            "id": "name:Xi Jinping|CHN",
            "name": "Xi Jinping",
            "kb_id": None,
            "country": "CHN",
            "sector": "GOV",
            "n_mentions": 2,
            "n_articles": 1,
            "n_events": 2,
            "n_source": 2,
            "n_target": 0,
        },
        {
            "id": "name:France|FRA",
            "name": "France",
            "kb_id": None,
            "country": "FRA",
            "sector": "COP",
            "n_mentions": 1,
            "n_articles": 1,
            "n_events": 2,
            "n_source": 2,
            "n_target": 0,
        },
    ]
    body = client.get("/api/actors", params={"q": "wang"}).json()
    assert body["items"] == [
        {
            "id": "name:Wang Wenbin|CHN",
            "name": "Wang Wenbin",
            "kb_id": None,
            "country": "CHN",
            "sector": "GOV",
            "n_mentions": 1,
            "n_articles": 1,
            "n_events": 0,
            "n_source": 0,
            "n_target": 0,
        }
    ]
    assert [a["name"] for a in client.get("/api/actors", params={"country": "ukr"}).json()["items"]] == [
        "Ukraine",
        "Kharkiv",
    ]  # same event count: more mentions first


def test_article_list_newest_first_and_search(client):
    body = client.get("/api/articles").json()
    assert [a["doc"] for a in body["items"]] == ["xss-test", "paris-protest", "xi-visit", "kenya-undated"]
    assert body["items"][1] == {
        "doc": "paris-protest",
        "title": "Tear gas in Paris",
        "date": "2023-04-02",
        "url": "https://example.org/paris-protest",
        "outlet": "example",
        "n_chars": len(TEXT_B),
        "n_events": 2,
    }
    assert [a["doc"] for a in client.get("/api/articles", params={"q": "nairobi"}).json()["items"]] == ["kenya-undated"]
    assert client.get("/api/articles", params={"since": "2023-04-01", "until": "2023-04-05"}).json()["total"] == 1


def test_article_detail_has_text_and_every_record(client):
    body = client.get("/api/articles/xi-visit").json()
    assert body["article"]["text"] == TEXT_A
    assert body["article"]["date_source"] == "given"
    assert [e["event_id"] for e in body["events"]] == ["ev-a1", "ev-a2", "ev-a3", "ev-a4"]
    for e in body["events"]:  # evidence offsets index the text served with it
        ev = e["evidence"]
        assert TEXT_A[ev["start"] : ev["end"]] == ev["text"]
    assert [a["text"] for a in body["actors"]] == [
        "Xi Jinping",
        "Russia",
        "Xi",
        "Vladimir Putin",
        "Ukraine",
        "Wang Wenbin",
    ]
    assert body["quotes"] == [
        {
            "doc": "xi-visit",
            "quote_index": 0,
            "speaker": {"text": "Wang Wenbin", "name": "Wang Wenbin", "country": "CHN", "sector": "GOV", "kb_id": None},
            "quote": "We hope for peace,",
            "start": TEXT_A.index("We hope"),
            "end": TEXT_A.index("We hope") + 18,
            "kind": "direct",
            "article_title": "Xi to visit Moscow",
            "article_date": "2023-03-17",
        }
    ]
    assert body["times"] == [
        {
            "time_index": 0,
            "text": "next week",
            "start": TEXT_A.index("next week"),
            "end": TEXT_A.index("next week") + 9,
            "value_start": "2023-03-20",
            "value_end": "2023-03-26",
            "granularity": "week",
        }
    ]


def test_quotes(client):
    body = client.get("/api/quotes", params={"speaker": "wang"}).json()
    assert body["total"] == 1 and body["items"][0]["quote"] == "We hope for peace,"
    assert client.get("/api/quotes", params={"country": "FRA"}).json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
    }


# -- aggregates ------------------------------------------------------------------------------------------


def test_timeline_by_month_and_week(client):
    body = client.get("/api/timeline").json()
    assert body == {
        "interval": "month",
        "buckets": [
            {"period": "2023-03-01", "event_type": "ACCUSE", "count": 1},
            {"period": "2023-03-01", "event_type": "AGREE", "count": 1},
            {"period": "2023-03-01", "event_type": "ASSAULT", "count": 1},
            {"period": "2023-03-01", "event_type": "CONSULT", "count": 1},
            {"period": "2023-04-01", "event_type": "ACCUSE", "count": 1},
            {"period": "2023-04-01", "event_type": "COERCE", "count": 1},
            {"period": "2023-04-01", "event_type": "REJECT", "count": 1},
        ],
        "undated": 1,
    }
    week = client.get("/api/timeline", params={"interval": "week", "type": "ACCUSE"}).json()
    # 2023-03-16 is a Thursday; its week starts on Monday 03-13.
    assert week["buckets"] == [
        {"period": "2023-03-13", "event_type": "ACCUSE", "count": 1},
        {"period": "2023-04-10", "event_type": "ACCUSE", "count": 1},
    ]
    year = client.get("/api/timeline", params={"interval": "year", "status": "planned"}).json()
    assert year["buckets"] == [{"period": "2023-01-01", "event_type": "AGREE", "count": 1},
                               {"period": "2023-01-01", "event_type": "CONSULT", "count": 1}]
    day = client.get("/api/timeline", params={"interval": "day", "country": "FRA"}).json()
    assert [(b["period"], b["count"]) for b in day["buckets"]] == [("2023-04-01", 1), ("2023-04-02", 1)]


def test_dyads_counts_and_score(client):
    body = client.get("/api/dyads").json()
    assert body["directed"] is True and body["weights"] == GOLDSTEIN_WEIGHTS
    assert body["items"][:2] == [
        {
            "source_country": "CHN",
            "target_country": "RUS",
            "n_events": 2,
            "counts": {"AGREE": 1, "CONSULT": 1},
            "score": 2.5,
            "cooperation": 2,
            "conflict": 0,
        },
        {
            "source_country": "FRA",
            "target_country": "FRA",
            "n_events": 2,
            "counts": {"COERCE": 1, "REJECT": 1},
            "score": -5.5,
            "cooperation": 0,
            "conflict": 2,
        },
    ]
    undirected = client.get("/api/dyads", params={"directed": "false", "country": "RUS"}).json()["items"]
    # RUS→UKR (ASSAULT) and UKR→RUS (ACCUSE) merge into one pair.
    assert {(d["source_country"], d["target_country"]): d["score"] for d in undirected} == {
        ("CHN", "RUS"): 2.5,
        ("RUS", "UKR"): -5.75,
    }
    assert client.get("/api/dyads", params={"min_events": 3}).json()["items"] == []


def test_network_nodes_and_typed_edges(client):
    body = client.get("/api/network", params={"country": "CHN"}).json()
    assert body == {
        "by": "actor",
        "nodes": [
            {"id": "name:Xi Jinping|CHN", "name": "Xi Jinping", "country": "CHN", "sector": "GOV", "n_events": 2},
            {"id": "name:Russia|RUS", "name": "Russia", "country": "RUS", "sector": "GOV", "n_events": 1},
            {
                "id": "name:Vladimir Putin|RUS",
                "name": "Vladimir Putin",
                "country": "RUS",
                "sector": "GOV",
                "n_events": 1,
            },
        ],
        "edges": [
            {
                "source": "name:Xi Jinping|CHN",
                "target": "name:Russia|RUS",
                "event_type": "CONSULT",
                "count": 1,
                "event_ids": ["ev-a1"],
            },
            {
                "source": "name:Xi Jinping|CHN",
                "target": "name:Vladimir Putin|RUS",
                "event_type": "AGREE",
                "count": 1,
                "event_ids": ["ev-a2"],
            },
        ],
    }


def test_network_counts_are_what_the_matching_filters_list(client):
    """Every edge and node count equals the total of the event list its click asks for."""
    for by, node_key, side_keys in (
        ("actor", "actor_id", ("source_id", "target_id")),
        ("country", "country", ("source_country", "target_country")),
    ):
        body = client.get("/api/network", params={"by": by}).json()
        assert body["by"] == by and body["edges"]
        for edge in body["edges"]:
            params = {side_keys[0]: edge["source"], side_keys[1]: edge["target"], "type": edge["event_type"]}
            listed = client.get("/api/events", params=params).json()
            assert listed["total"] == edge["count"], (by, edge)
            assert sorted(ids(listed)) == edge["event_ids"]
        for node in body["nodes"]:
            assert client.get("/api/events", params={node_key: node["id"]}).json()["total"] == node["n_events"]
    # Direction counts: UKR accused RUS once; RUS→UKR is another edge (ASSAULT).
    edges = client.get("/api/network", params={"by": "country", "country": "UKR"}).json()["edges"]
    assert [(e["source"], e["target"], e["event_type"], e["count"]) for e in edges] == [
        ("RUS", "UKR", "ASSAULT", 1),
        ("UKR", "RUS", "ACCUSE", 1),
    ]


def test_timeline_bars_count_what_their_period_lists(client):
    for interval, ends in (("day", 0), ("week", 6), ("month", None), ("year", None)):
        body = client.get("/api/timeline", params={"interval": interval}).json()
        for bar in body["buckets"]:
            start = date.fromisoformat(bar["period"])
            if interval == "month":
                end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            elif interval == "year":
                end = start.replace(month=12, day=31)
            else:
                end = start + timedelta(days=ends)
            listed = client.get(
                "/api/events", params={"since": bar["period"], "until": end.isoformat(), "type": bar["event_type"]}
            ).json()
            assert listed["total"] == bar["count"], (interval, bar)
    # An event dated by its own text counts on that day only, never on a range it overlaps.
    day = client.get("/api/timeline", params={"interval": "day", "since": "2023-03-21", "until": "2023-03-31"})
    assert day.json()["buckets"] == []


def test_search_is_literal_and_unknown_parameters_are_refused(client):
    assert client.get("/api/events", params={"actor": "_"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 0
    assert ids(client.get("/api/events", params={"q": "__xss"}).json()) == ["ev-x1"]  # an underscore is literal
    for path in ("/api/events", "/api/timeline", "/api/network", "/api/actors", "/api/stats"):
        r = client.get(path, params={"contry": "RUS"})
        assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_request"), path
        assert "unknown query parameter 'contry'" in r.json()["error"]["message"]
    r = client.get("/api/events", params={"since": "2023-05-01", "until": "2023-04-01"})
    assert r.status_code == 422 and "after" in r.json()["error"]["message"]


def test_search_finds_the_spellings_the_knowledge_base_knows(tmp_path):
    db = build_fixture_db(tmp_path / "aliases.duckdb")
    zelensky = {**_actor("Zelensky", "Volodymyr Zelensky", "UKR", "GOV"), "kb_id": "person:volodymyr-zelensky"}
    lavrov = {**_actor("Lavrov", "Sergey Lavrov", "RUS", "GOV"), "kb_id": "person:sergey-lavrov"}
    text = "Lavrov criticised Zelensky."
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (doc, content_hash, title, date, text, n_chars, n_events) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)",
            ["aliases", "hash-aliases", "Aliases", date(2023, 6, 1), text, len(text)],
        )
        row = event_row(_event("ev-z1", "aliases", text, "criticised", "ACCUSE", lavrov, zelensky))
        store.con.execute(
            f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
        )
        store.con.execute(
            "INSERT INTO actor_mentions (doc, mention_index, text, start, \"end\", name, country, sector, kb_id) "
            "VALUES ('aliases', 0, 'Zelensky', 18, 26, 'Volodymyr Zelensky', 'UKR', 'GOV', 'person:volodymyr-zelensky')"
        )
    with TestClient(make_app(db), base_url=LOCAL) as c:
        for spelling in ("Zelenskyy", "Zelenskiy", "Sergei Lavrov", "zelensky"):
            assert ids(c.get("/api/events", params={"actor": spelling}).json()) == ["ev-z1"], spelling
        assert [a["name"] for a in c.get("/api/actors", params={"q": "Zelenskyy"}).json()["items"]] == [
            "Volodymyr Zelensky"
        ]
        # One row per actor: the mention and the event side are the same actor (same KB id).
        rows = c.get("/api/actors", params={"q": "Zelensky"}).json()["items"]
        assert [(a["id"], a["n_mentions"], a["n_events"]) for a in rows] == [("person:volodymyr-zelensky", 1, 1)]


def test_head_gzip_and_host_allow_list(client, fixture_db, monkeypatch):
    get = client.get("/api/events")
    head = client.head("/api/events")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "content-encoding" not in get.headers  # small answers are sent as they are
    import eventwire.server.app as server_app

    monkeypatch.setattr(server_app, "GZIP_MIN_SIZE", 1000)
    with TestClient(make_app(fixture_db), base_url=LOCAL) as c:
        big = c.get("/api/events", params={"limit": 500}, headers={"Accept-Encoding": "gzip"})
        assert big.headers["content-encoding"] == "gzip" and big.json()["total"] == 8
    r = client.get("/api/events", headers={"Host": "rebind.example:8000"})
    assert (r.status_code, r.json()["error"]["code"]) == (400, "host_not_allowed")
    assert client.get("/api/stats", headers={"Host": "[::1]:8000"}).status_code == 200
    with TestClient(make_app(fixture_db, hosts=["events.example.org"]), base_url="http://events.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "other.example.org"}).status_code == 400


def test_export_endpoint_writes_the_current_filter(client):
    csv_text = client.get("/api/export", params={"format": "csv", "type": "ACCUSE"}).text
    assert [line.split(",")[0] for line in csv_text.strip().splitlines()] == ["event_id", "ev-a3", "ev-x1"]
    lines = client.get("/api/export", params={"format": "jsonl", "country": "FRA"}).text.splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == ["ev-b1", "ev-b2"]
    r = client.get("/api/export", params={"format": "parquet", "status": "planned"})
    assert r.headers["content-disposition"] == 'attachment; filename="eventwire-events.parquet"'
    import io

    import pyarrow.parquet as pq

    assert sorted(pq.read_table(io.BytesIO(r.content)).column("event_id").to_pylist()) == ["ev-a1", "ev-a2"]


def test_stats(client):
    assert client.get("/api/stats").json() == {
        "articles": 4,
        "events": 8,
        "actor_mentions": 9,
        "quotes": 1,
        "first_date": "2023-03-17",
        "last_date": "2023-04-10",
        "first_day": "2023-03-16",
        "last_day": "2023-04-10",
        "event_types": {"ACCUSE": 2, "CONSULT": 2, "AGREE": 1, "ASSAULT": 1, "COERCE": 1, "REJECT": 1},
        "ingest_enabled": False,
    }


# -- page and headers --------------------------------------------------------------------------------------


def test_page_and_assets_are_served_with_a_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert "http://" not in html and "https://" not in html  # nothing loaded from elsewhere
    for asset in ("/static/app.js", "/static/app.css"):
        assert asset in html
        assert client.get(asset).status_code == 200
    # The bundle never parses strings as HTML (the browser test shows markup stays inert).
    script = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert sink not in script


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/articles",
        "/api/articles/{doc}",
        "/api/quotes",
        "/api/timeline",
        "/api/dyads",
        "/api/network",
        "/api/stats",
        "/api/ingest",
    }
    error = spec["components"]["schemas"]["ErrorResponse"]
    assert set(error["properties"]) == {"ok", "error", "status"}


# -- ingest -----------------------------------------------------------------------------------------------


def test_ingest_is_disabled_without_a_token(client):
    r = client.post("/api/ingest", json={"text": "The UN condemned the attack."})
    assert r.status_code == 403
    assert r.json() == {
        "ok": False,
        "error": {
            "code": "ingest_disabled",
            "message": ("ingest is disabled: start the server with --ingest-token or EVENTWIRE_INGEST_TOKEN"),
        },
        "status": 403,
    }


def test_missing_database_is_a_clear_error(tmp_path):
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match="E001"):
        make_app(tmp_path / "missing.duckdb")


def test_ingest_with_token_runs_the_pipeline_and_stores(tmp_path, fixture_db):
    import shutil

    db = tmp_path / "ingest.duckdb"
    shutil.copy(fixture_db, db)
    with TestClient(make_app(db, ingest_token="s3cret"), base_url=LOCAL) as c:
        article = {
            "id": "wire-1",
            "title": "Talks",
            "date": "2023-05-02",
            "text": "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Qin Gang in Beijing "
            "on Monday. China accused the United States of provoking the conflict.",
        }
        assert c.post("/api/ingest", json=article).status_code == 401
        r = c.post("/api/ingest", json=article, headers={"Authorization": "Bearer wrong"})
        assert (r.status_code, r.json()["error"]["code"], r.headers["www-authenticate"]) == (
            401,
            "unauthorized",
            "Bearer",
        )
        auth = {"Authorization": "Bearer s3cret"}
        for bad in ({"text": 5}, {"text": "   "}, {"text": "x", "date": 0}, {"text": "x", "date": "2023-02-30"}):
            r = c.post("/api/ingest", json=bad, headers=auth)
            assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_request"), bad
        r = c.post("/api/ingest", json=article, headers=auth)
        assert r.status_code == 202, r.text
        job = r.json()
        assert (job["ok"], job["doc"], job["status"]) == (True, "wire-1", "queued")
        assert r.headers["location"] == job["status_url"] == f"/api/ingest/{job['job']}"
        # The same id while its job is pending is a conflict too.
        assert c.post("/api/ingest", json=article, headers=auth).status_code == 409
        body = _wait_for_job(c, job["status_url"], auth)
        assert (body["status"], body["stored"]) == ("done", True)
        assert body["n_events"] == len(body["events"])
        assert "CONSULT" in {e["event_type"] for e in body["events"]}  # Lavrov met Qin Gang
        assert all(e["doc"] == "wire-1" and e["article_title"] == "Talks" for e in body["events"])
        stored = c.get("/api/articles/wire-1").json()
        assert stored["article"]["text"] == article["text"] and stored["article"]["date"] == "2023-05-02"
        assert [e["event_id"] for e in stored["events"]] == [e["event_id"] for e in body["events"]]
        # An existing id is a conflict unless replace=true; the stored article is untouched.
        again = c.post("/api/ingest", json={**article, "title": "Other"}, headers=auth)
        assert (again.status_code, again.json()["error"]["code"]) == (409, "already_exists")
        assert "replace=true" in again.json()["error"]["message"]
        assert c.post("/api/ingest", json={"id": "xi-visit", "text": "x"}, headers=auth).status_code == 409
        update = {**article, "title": "Talks 2", "text": article["text"] + " Beijing rejected the claim."}
        replaced = c.post("/api/ingest", params={"replace": "true"}, json=update, headers=auth)
        assert replaced.status_code == 202
        assert _wait_for_job(c, replaced.json()["status_url"], auth)["stored"] is True
        assert c.get("/api/articles/wire-1").json()["article"]["title"] == "Talks 2"
        # The same text again with replace=true changes nothing and says so.
        same = c.post("/api/ingest", params={"replace": "true"}, json=update, headers=auth)
        assert _wait_for_job(c, same.json()["status_url"], auth)["stored"] is False
        assert c.get("/api/stats").json()["articles"] == 5
        assert c.get("/api/ingest/nope", headers=auth).status_code == 404
        assert c.get(job["status_url"]).status_code == 401
    with Store(db, read_only=True) as store:
        assert store.query("SELECT title FROM articles WHERE doc = 'wire-1'") == [{"title": "Talks 2"}]


def _wait_for_job(c, url: str, auth: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = c.get(url, headers=auth).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {url} did not finish")


def test_ingest_bodies_are_capped_before_they_are_read(fixture_db, tmp_path):
    import shutil

    db = tmp_path / "cap.duckdb"
    shutil.copy(fixture_db, db)
    auth = {"Authorization": "Bearer s3cret"}
    with TestClient(make_app(db, ingest_token="s3cret", max_body=1000), base_url=LOCAL) as c:
        big = json.dumps({"text": "word " * 1000})
        r = c.post("/api/ingest", content=big, headers={**auth, "Content-Type": "application/json"})
        assert (r.status_code, r.json()["error"]["code"]) == (413, "too_large")
        # Without a Content-Length (chunked), reading stops at the cap.
        chunks = iter([big[i : i + 400].encode() for i in range(0, len(big), 400)])
        r = c.post("/api/ingest", content=chunks, headers={**auth, "Content-Type": "application/json"})
        assert (r.status_code, r.json()["error"]["code"]) == (413, "too_large")
        # The token is checked first: without it a large body gets 401, not 413.
        assert c.post("/api/ingest", content=big).status_code == 401


def test_fixture_evidence_offsets_match_texts():
    texts = {doc: text for doc, _, _, text in ARTICLES}
    for e in EVENTS:
        ev = e["evidence"]
        assert texts[e["doc"]][ev["start"] : ev["end"]] == ev["text"]
    assert json.loads(event_row(EVENTS[0])["mentions"]) == EVENTS[0]["mentions"]


def test_serve_command_refuses_a_missing_database(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "none.duckdb: no such file or directory" in result.output
    assert "eventwire run PATH --db" in result.output
