"""Every kind of input, and every kind of bad input: each bad one is rejected alone, with its reason."""

import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.document import Doc
from eventwire.errors import InputRejected
from eventwire.stages.ingest import MAX_FILE_BYTES, read_inputs


def items(*paths, default_date=None):
    return list(read_inputs(paths, default_date))


def docs_and_errors(*paths, default_date=None):
    found = items(*paths, default_date=default_date)
    return [d for d in found if isinstance(d, Doc)], [e for e in found if isinstance(e, InputRejected)]


@pytest.fixture
def good_text(tmp_path: Path) -> Path:
    path = tmp_path / "good-article.txt"
    path.write_text(
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow on Monday.\n", encoding="utf-8"
    )
    return path


def test_ingest_text_file_doc_id_is_stem(good_text):
    docs, errors = docs_and_errors(good_text, default_date=date(2023, 3, 20))
    assert errors == []
    assert docs[0].id == "good-article"
    assert docs[0].date == date(2023, 3, 20)
    assert docs[0].original.startswith("Russian President")


def test_ingest_jsonl_records_with_metadata(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "title": "T", "date": "2020-01-02", "url": "http://x", "text": "Iran fired missiles."})
        + "\n\n"
        + json.dumps({"text": "NATO met in Brussels."})
        + "\n",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(path)
    assert errors == []
    assert [(d.id, d.title, d.date, d.url) for d in docs] == [
        ("a1", "T", date(2020, 1, 2), "http://x"),
        ("corpus-3", None, None, None),
    ]


def test_ingest_html_page_keeps_article_drops_boilerplate(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(["Ukrainian Foreign Minister Dmytro Kuleba spoke with his Chinese counterpart on Thursday."] * 3)
    path.write_text(
        "<html><head><title>Kuleba call</title><meta name='date' content='2023-03-16'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Kuleba call</h1>"
        f"<p>{body}</p><p>The two ministers discussed the war and the grain corridor at length.</p></article>"
        "<footer>Copyright 2023 Example News</footer></body></html>",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(path)
    assert errors == []
    assert "Dmytro Kuleba" in docs[0].original
    assert "Copyright" not in docs[0].original and "Home | World" not in docs[0].original
    assert docs[0].title == "Kuleba call"


def test_ingest_rss_feed_one_doc_per_item(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><title>A</title><link>http://w/a</link><guid>http://w/a</guid>
        <pubDate>Mon, 20 Mar 2023 10:00:00 GMT</pubDate>
        <description>Xi Jinping arrived in Moscow for a state visit.</description></item>
        <item><title>B</title><link>http://w/b</link>
        <description>&lt;p&gt;Kyiv was shelled overnight.&lt;/p&gt;</description></item>
        </channel></rss>""",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors(path)
    assert errors == []
    assert [d.original for d in docs] == [
        "Xi Jinping arrived in Moscow for a state visit.",
        "Kyiv was shelled overnight.",
    ]
    assert docs[0].date == date(2023, 3, 20) and docs[0].outlet == "Wire"


def test_ingest_folder_recurses_and_skips_hidden(tmp_path, good_text):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("Protesters gathered in Tehran.", encoding="utf-8")
    (sub / "README.md").write_text("Notes about this folder, not an article.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    docs, errors = docs_and_errors(tmp_path)
    # Ids of files in subfolders keep the folder: sub/b.txt and another/b.txt must not collide.
    assert sorted(d.id for d in docs) == ["good-article", "sub/b"]
    assert errors == []


# -- bad input: each is named with its reason, and the rest of the batch survives ------------------------------


def assert_rejected_alone(bad: Path | str, good: Path, code: str, words: str) -> InputRejected:
    docs, errors = docs_and_errors(bad, good)
    assert [d.id for d in docs] == ["good-article"], "the good article of the batch is lost"
    assert len(errors) == 1
    error = errors[0]
    assert error.code == code
    assert str(bad) in error.message and words in error.message
    return error


def test_ingest_rejects_empty_file(tmp_path, good_text):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert_rejected_alone(bad, good_text, "E002", "empty")


def test_ingest_rejects_whitespace_only_file(tmp_path, good_text):
    bad = tmp_path / "blank.txt"
    bad.write_text("  \n\n ", encoding="utf-8")
    assert_rejected_alone(bad, good_text, "E002", "empty")


def test_ingest_rejects_binary_file(tmp_path, good_text):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_rejected_alone(bad, good_text, "E003", "binary")


def test_ingest_rejects_invalid_utf8(tmp_path, good_text):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Le président français a rencontré".encode("latin-1"))
    error = assert_rejected_alone(bad, good_text, "E004", "not valid UTF-8")
    assert "0xe9" in error.message


def test_ingest_rejects_50_mb_text_file(tmp_path, good_text):
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as handle:
        line = b"The minister met the ambassador in the capital on Monday. " * 16 + b"\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    assert bad.stat().st_size > MAX_FILE_BYTES
    assert_rejected_alone(bad, good_text, "E005", "too large")


def test_ingest_jsonl_broken_lines_rejected_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "Israel struck targets in Gaza."}\n'
        b'{"id": "broken", "text": "unterminated\n'
        b'["not", "an", "object"]\n'
        b'{"id": "notext", "title": "no text"}\n'
        b'{"id": "baddate", "date": "17/03/2023", "text": "Hamas fired rockets."}\n'
        b'{"id": "latin", "text": "pr\xe9sident"}\n'
        b'{"id": "ok2", "text": "Egypt mediated talks."}\n'
    )
    docs, errors = docs_and_errors(path)
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [e.code for e in errors] == ["E007", "E007", "E008", "E011", "E004"]
    assert "line 2" in errors[0].message and "mixed.jsonl" in errors[0].message


def test_ingest_rejects_unsupported_file_type(tmp_path, good_text):
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert_rejected_alone(bad, good_text, "E006", "unsupported file type '.xlsx'")


def test_ingest_rejects_missing_path(tmp_path, good_text):
    assert_rejected_alone(tmp_path / "nowhere.txt", good_text, "E001", "no such file")


def test_ingest_rejects_html_without_text(tmp_path, good_text):
    bad = tmp_path / "empty.html"
    bad.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert_rejected_alone(bad, good_text, "E009", "no extractable")


def test_ingest_date_from_a_dated_file_name(tmp_path):
    path = tmp_path / "2023-03-17-icc-warrant.txt"
    path.write_text("The court issued a warrant on Friday.", encoding="utf-8")
    doc = items(path)[0]
    assert (doc.date, doc.date_source) == (date(2023, 3, 17), "file-name")
    # A date given by the user wins; a date inside the name is not a dated name.
    assert items(path, default_date=date(2023, 3, 18))[0].date == date(2023, 3, 18)
    other = tmp_path / "zaobao-2023-03-17-china.txt"
    other.write_text("Text.", encoding="utf-8")
    assert items(other)[0].date is None
