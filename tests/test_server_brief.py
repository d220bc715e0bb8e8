"""GET /api/brief in process over the fixture database of test_server (exact JSON), its formats and its spec."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from eventwire.server import make_app

sys.path.insert(0, str(Path(__file__).parent))
from test_server import LOCAL, TEXT_A, build_fixture_db

XI_VISIT_BRIEF = {
    "title": "Brief: Xi to visit Moscow",
    "kind": "articles",
    "question": {"doc": "xi-visit"},
    "articles": [
        {
            "doc": "xi-visit",
            "title": "Xi to visit Moscow",
            "outlet": "example",
            "url": "https://example.org/xi-visit",
            "source_path": None,
            "date": "2023-03-17",
            "date_label": "Fri 17 March 2023",
            "date_source": "given",
            "date_note": "given with the input",
            "events_cited": 4,
        }
    ],
    "counts": {"articles": 1, "events": 4, "lines": 4, "quotes": 1},
    "happened": [
        {
            "when": "Thu 16 March 2023",
            "date": {"start": "2023-03-16", "end": "2023-03-16"},
            "day": "2023-03-16",
            "dated_by": "event",
            "event_type": "ACCUSE",
            "mode": None,
            "status": "occurred",
            "cameo": "112",
            "goldstein": -2.0,
            "source": {
                "name": "Ukraine",
                "country": "UKR",
                "country_name": "Ukraine",
                "role": None,
                "kb_id": None,
                "label": "Ukraine",
            },
            "target": {
                "name": "Russia",
                "country": "RUS",
                "country_name": "Russia",
                "role": None,
                "kb_id": None,
                "label": "Russia",
            },
            "attribution": None,
            "location": None,
            "text": "Ukraine criticised Russia",
            "status_text": "",
            "event_ids": ["ev-a3"],
            "docs": ["xi-visit"],
            "evidence": [1],
        },
        {
            "when": "Thu 16 March 2023",
            "date": {"start": "2023-03-16", "end": "2023-03-16"},
            "day": "2023-03-16",
            "dated_by": "event",
            "event_type": "ASSAULT",
            "mode": None,
            "status": "alleged",
            "cameo": "190",
            "goldstein": -10.0,
            "source": {
                "name": "Russia",
                "country": "RUS",
                "country_name": "Russia",
                "role": None,
                "kb_id": None,
                "label": "Russia",
            },
            "target": {
                "name": "Kharkiv",
                "country": "UKR",
                "country_name": "Ukraine",
                "role": None,
                "kb_id": None,
                "label": "Kharkiv (Ukraine)",
            },
            "attribution": None,
            "location": None,
            "text": "Russia attacked Kharkiv (Ukraine)",
            "status_text": "alleged",
            "event_ids": ["ev-a4"],
            "docs": ["xi-visit"],
            "evidence": [1],
        },
    ],
    "ahead": [
        {
            "when": "date not given",
            "date": None,
            "day": "2023-03-17",
            "dated_by": "article",
            "event_type": "AGREE",
            "mode": None,
            "status": "planned",
            "cameo": "030",
            "goldstein": 4.0,
            "source": {
                "name": "Xi Jinping",
                "country": "CHN",
                "country_name": "China",
                "role": "president",
                "kb_id": None,
                "label": "Xi Jinping (China, president)",
            },
            "target": {
                "name": "Vladimir Putin",
                "country": "RUS",
                "country_name": "Russia",
                "role": "president",
                "kb_id": None,
                "label": "Vladimir Putin (Russia, president)",
            },
            "attribution": None,
            "location": None,
            "text": "Xi Jinping (China, president) will agree to cooperate with Vladimir Putin (Russia, president)",
            "status_text": "",
            "event_ids": ["ev-a2"],
            "docs": ["xi-visit"],
            "evidence": [2],
        },
        {
            "when": "planned for the week of Mon 20 March 2023",
            "date": {"start": "2023-03-20", "end": "2023-03-26"},
            "day": "2023-03-20",
            "dated_by": "event",
            "event_type": "CONSULT",
            "mode": None,
            "status": "planned",
            "cameo": "042",
            "goldstein": 1.9,
            "source": {
                "name": "Xi Jinping",
                "country": "CHN",
                "country_name": "China",
                "role": "president",
                "kb_id": None,
                "label": "Xi Jinping (China, president)",
            },
            "target": {
                "name": "Russia",
                "country": "RUS",
                "country_name": "Russia",
                "role": None,
                "kb_id": None,
                "label": "Russia",
            },
            "attribution": None,
            "location": None,
            "text": "Xi Jinping (China, president) will meet Russia",
            "status_text": "",
            "event_ids": ["ev-a1"],
            "docs": ["xi-visit"],
            "evidence": [3],
        },
    ],
    "said": [
        {
            "speaker": {
                "name": "Wang Wenbin",
                "country": "CHN",
                "country_name": "China",
                "role": "foreign ministry spokesperson",
                "kb_id": None,
                "label": "Wang Wenbin (China, foreign ministry spokesperson)",
            },
            "label": "Wang Wenbin (China, foreign ministry spokesperson)",
            "quotes": [{"text": "We hope for peace,", "doc": "xi-visit", "evidence": 4}],
        }
    ],
    "names": [
        {
            "actor": {
                "name": "Xi Jinping",
                "country": "CHN",
                "country_name": "China",
                "role": "president",
                "kb_id": None,
                "label": "Xi Jinping (China, president)",
            },
            "label": "Xi Jinping (China, president)",
            "mentions": 2,
            "spellings": [{"text": "Xi Jinping", "count": 1}, {"text": "Xi", "count": 1}],
            "other_spellings": ["Xi"],
        },
        {
            "actor": {
                "name": "Russia",
                "country": "RUS",
                "country_name": "Russia",
                "role": None,
                "kb_id": None,
                "label": "Russia",
            },
            "label": "Russia",
            "mentions": 1,
            "spellings": [{"text": "Russia", "count": 1}],
            "other_spellings": [],
        },
        {
            "actor": {
                "name": "Vladimir Putin",
                "country": "RUS",
                "country_name": "Russia",
                "role": "president",
                "kb_id": None,
                "label": "Vladimir Putin (Russia, president)",
            },
            "label": "Vladimir Putin (Russia, president)",
            "mentions": 1,
            "spellings": [{"text": "Vladimir Putin", "count": 1}],
            "other_spellings": [],
        },
        {
            "actor": {
                "name": "Ukraine",
                "country": "UKR",
                "country_name": "Ukraine",
                "role": None,
                "kb_id": None,
                "label": "Ukraine",
            },
            "label": "Ukraine",
            "mentions": 1,
            "spellings": [{"text": "Ukraine", "count": 1}],
            "other_spellings": [],
        },
        {
            "actor": {
                "name": "Wang Wenbin",
                "country": "CHN",
                "country_name": "China",
                "role": "foreign ministry spokesperson",
                "kb_id": None,
                "label": "Wang Wenbin (China, foreign ministry spokesperson)",
            },
            "label": "Wang Wenbin (China, foreign ministry spokesperson)",
            "mentions": 1,
            "spellings": [{"text": "Wang Wenbin", "count": 1}],
            "other_spellings": [],
        },
    ],
    "summary": None,
    "evidence": [
        {
            "n": 1,
            "doc": "xi-visit",
            "start": 182,
            "end": 237,
            "text": "Ukraine accused Russia of shelling Kharkiv on Thursday.",
            "event_ids": ["ev-a3", "ev-a4"],
        },
        {
            "n": 2,
            "doc": "xi-visit",
            "start": 103,
            "end": 181,
            "text": "Xi and Vladimir Putin are expected to sign an agreement on energy cooperation.",
            "event_ids": ["ev-a2"],
        },
        {
            "n": 3,
            "doc": "xi-visit",
            "start": 0,
            "end": 102,
            "text": TEXT_A[:102],
            "event_ids": ["ev-a1"],
        },
        {"n": 4, "doc": "xi-visit", "start": 239, "end": 257, "text": "We hope for peace,", "event_ids": []},
    ],
}

FRANCE_BRIEF = {
    "title": "Brief: country FRA",
    "kind": "question",
    "question": {"country": "FRA"},
    "articles": [
        {
            "doc": "paris-protest",
            "title": "Tear gas in Paris",
            "outlet": "example",
            "url": "https://example.org/paris-protest",
            "source_path": None,
            "date": "2023-04-02",
            "date_label": "Sun 2 April 2023",
            "date_source": "given",
            "date_note": "given with the input",
            "events_cited": 2,
        }
    ],
    "counts": {"articles": 1, "events": 2, "lines": 2, "quotes": 0},
    "happened": [
        {
            "when": "Sat 1 April 2023",
            "date": {"start": "2023-04-01", "end": "2023-04-01"},
            "day": "2023-04-01",
            "dated_by": "event",
            "event_type": "COERCE",
            "mode": None,
            "status": "occurred",
            "cameo": "175",
            "goldstein": -9.0,
            "source": {
                "name": "France",
                "country": "FRA",
                "country_name": "France",
                "role": "police",
                "kb_id": None,
                "label": "France (police)",
            },
            "target": {
                "name": "protesters",
                "country": "FRA",
                "country_name": "France",
                "role": "civilians",
                "kb_id": None,
                "label": "protesters (France, civilians)",
            },
            "attribution": None,
            "location": None,
            "text": "France (police) used coercion against protesters (France, civilians)",
            "status_text": "",
            "event_ids": ["ev-b1"],
            "docs": ["paris-protest"],
            "evidence": [1],
        },
        {
            "when": "Sun 2 April 2023 (date of the article)",
            "date": None,
            "day": "2023-04-02",
            "dated_by": "article",
            "event_type": "REJECT",
            "mode": None,
            "status": "occurred",
            "cameo": "120",
            "goldstein": -4.0,
            "source": {
                "name": "France",
                "country": "FRA",
                "country_name": "France",
                "role": None,
                "kb_id": None,
                "label": "France",
            },
            "target": {
                "name": "CGT",
                "country": "FRA",
                "country_name": "France",
                "role": "labour",
                "kb_id": None,
                "label": "CGT (France, labour)",
            },
            "attribution": None,
            "location": None,
            "text": "France turned down CGT (France, labour)",
            "status_text": "",
            "event_ids": ["ev-b2"],
            "docs": ["paris-protest"],
            "evidence": [2],
        },
    ],
    "ahead": [],
    "said": [],
    "names": [
        {
            "actor": {
                "name": "France",
                "country": "FRA",
                "country_name": "France",
                "role": "police",
                "kb_id": None,
                "label": "France (police)",
            },
            "label": "France (police)",
            "mentions": 1,
            "spellings": [{"text": "French police", "count": 1}],
            "other_spellings": ["French police"],
        }
    ],
    "summary": {
        "interval": "day",
        "periods": [
            {
                "period": "2023-04-01",
                "label": "Sat 1 April 2023",
                "events": 1,
                "counts": {"COERCE": 1},
                "cooperation": 0,
                "conflict": 1,
                "goldstein_mean": -9.0,
            },
            {
                "period": "2023-04-02",
                "label": "Sun 2 April 2023",
                "events": 1,
                "counts": {"REJECT": 1},
                "cooperation": 0,
                "conflict": 1,
                "goldstein_mean": -4.0,
            },
        ],
        "undated": 0,
        "types": ["COERCE", "REJECT"],
    },
    "evidence": [
        {
            "n": 1,
            "doc": "paris-protest",
            "start": 55,
            "end": 110,
            "text": "French police fired tear gas at protesters on Saturday.",
            "event_ids": ["ev-b1"],
        },
        {
            "n": 2,
            "doc": "paris-protest",
            "start": 111,
            "end": 171,
            "text": "The French government rejected the demands of the CGT union.",
            "event_ids": ["ev-b2"],
        },
    ],
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_fixture_db(tmp_path_factory.mktemp("server-brief") / "fixture.duckdb")
    with TestClient(make_app(db), base_url=LOCAL) as c:
        yield c


def test_brief_of_one_article_is_pinned(client):
    response = client.get("/api/brief", params={"doc": "xi-visit"})
    assert response.status_code == 200
    assert response.json() == XI_VISIT_BRIEF


def test_brief_of_a_question_is_pinned(client):
    assert client.get("/api/brief", params={"country": "fra"}).json() == FRANCE_BRIEF


def test_brief_takes_the_event_filters(client):
    def lines(**params):
        body = client.get("/api/brief", params=params).json()
        return [line["event_ids"] for line in body["happened"] + body["ahead"]]

    assert lines(type="ACCUSE") == [["ev-a3"], ["ev-x1"]]
    assert lines(status="alleged") == [["ev-a4"]]
    assert lines(actor="putin") == [["ev-a2"]]
    assert lines(since="2023-04-01", until="2023-04-09") == [["ev-b1"], ["ev-b2"]]
    assert lines(q="tear gas") == [["ev-b1"]]
    assert lines(country="KEN") == [["ev-k1"]]  # an undated article: its event has no day
    # The filters of /api/events, so the brief covers what the list shows (an edge, a node, a country pair).
    assert lines(source_id="name:Xi Jinping|CHN", target_id="name:Vladimir Putin|RUS") == [["ev-a2"]]
    assert lines(actor_id="name:Russia|RUS") == [["ev-a3"], ["ev-a4"], ["ev-a1"]]
    assert lines(source_country="UKR", target_country="RUS") == [["ev-a3"]]
    for params in ({"type": "ACCUSE"}, {"actor_id": "name:Russia|RUS"}, {"country": "FRA", "q": "tear gas"}):
        listed = client.get("/api/events", params=params).json()["items"]
        assert sorted(i for ids in lines(**params) for i in ids) == sorted(e["event_id"] for e in listed)
    titled = client.get("/api/brief", params={"source_country": "UKR", "target_country": "RUS"}).json()
    assert titled["title"] == "Brief: source country UKR · target country RUS"
    assert titled["question"] == {"source_country": "UKR", "target_country": "RUS"}
    empty = client.get("/api/brief", params={"country": "NZL"}).json()
    assert empty["happened"] == empty["articles"] == [] and empty["summary"]["periods"] == []


def test_brief_as_markdown_and_as_a_self_contained_page(client):
    markdown = client.get("/api/brief", params={"country": "FRA", "format": "markdown"})
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert markdown.text.startswith("# Brief: country FRA\n")
    assert "- **Sat 1 April 2023**: France (police) used coercion against protesters (France, civilians). [^1]" in (
        markdown.text
    )
    page = client.get("/api/brief", params={"doc": "xss-test", "format": "html"})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in page.text and "<img" not in page.text
    assert "&lt;img src=x onerror=&quot;window.__xss = 3&quot;&gt;Hacked &lt;b&gt;site&lt;/b&gt;" in page.text
    # Evidence links open the page's article view at the event, or at the span of a quote.
    assert 'href="/#/article/xss-test/ev-x1"' in page.text
    quote = client.get("/api/brief", params={"doc": "xi-visit", "format": "html"}).text
    assert 'href="/#/article/xi-visit/@239-257"' in quote


def test_brief_bad_parameters_have_the_error_shape(client):
    response = client.get("/api/brief", params={"per": "hour"})
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "invalid_request" and "per" in body["error"]["message"]
    assert client.get("/api/brief", params={"format": "pdf"}).status_code == 422
    assert client.get("/api/brief", params={"country": "RUSSIA"}).status_code == 422
    misspelled = client.get("/api/brief", params={"contry": "RUS"}).json()
    assert misspelled["status"] == 422 and "unknown query parameter 'contry'" in misspelled["error"]["message"]
    backwards = client.get("/api/brief", params={"since": "2023-04-02", "until": "2023-04-01"}).json()
    assert backwards["status"] == 422 and "no day can match" in backwards["error"]["message"]


def test_brief_is_in_the_openapi_spec(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/brief"]["get"]
    names = [p["name"] for p in operation["parameters"]]
    assert names == [
        "per", "format",
        "actor", "actor_id", "source_id", "target_id", "country", "source_country", "target_country",
        "type", "status", "since", "until", "q", "doc",
    ]  # fmt: skip
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/markdown", "text/html"}
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Brief"}
