"""The web page in Debian's chromium (Playwright) against a real ``eventwire serve`` process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from eventwire.store import Store, event_row

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A long article whose only event is at the very end: opening it must scroll to the evidence.
LONG_TEXT = "\n\n".join(f"Paragraph {i} of background with nothing to code in it." for i in range(80)) + (
    "\n\nThe European Union imposed sanctions on Belarus on Friday."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_server import _actor, _event, build_fixture_db

    db = build_fixture_db(tmp_path_factory.mktemp("browser") / "page.duckdb")
    with Store(db) as store:
        store.con.execute(
            "INSERT INTO articles (doc, content_hash, title, date, text, n_chars, n_events) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)",
            ["long-read", "hash-long", "Long read", date(2023, 5, 6), LONG_TEXT, len(LONG_TEXT)],
        )
        row = event_row(
            _event(
                "ev-l1",
                "long-read",
                LONG_TEXT,
                "imposed sanctions",
                "SANCTION",
                _actor("The European Union", "European Union", "IGO", "IGO"),
                _actor("Belarus", "Belarus", "BLR", "GOV"),
                "occurred",
                ("2023-05-05", "2023-05-05"),
            )
        )
        cols = list(row)
        store.con.execute(
            f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", [row[c] for c in cols]
        )
    port = _free_port()
    env = {**os.environ, "EVENTWIRE_INGEST_TOKEN": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"eventwire serve did not start: {proc.stdout.read().decode(errors='replace')}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    # The page's Content-Security-Policy would block injected scripts anyway; bypass it so that
    # the XSS test checks that the page itself never turns data into markup.
    context = browser.new_context(viewport={"width": 1280, "height": 700}, bypass_csp=True)
    pg = context.new_page()
    pg.problems = []  # console errors, page errors, dialogs and requests to other hosts
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith(server) else pg.problems.append(f"request: {r.url}"))
    yield pg
    context.close()


def _open(page, base: str, hash_: str = "") -> None:
    page.goto(f"{base}/{hash_}")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def _active_evidence(page) -> str:
    return "".join(page.eval_on_selector_all("#article-text mark.active", "ms => ms.map(m => m.textContent)"))


def test_timeline_click_to_event_to_article_evidence(page, server):
    _open(page, server)
    assert page.locator("#timeline rect.bar").count() >= 4
    page.click("#timeline rect.bar[data-type='ASSAULT']")
    page.wait_for_selector("#selection .chip")
    rows = page.locator("#events-table tr.event-row")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-event-id") == "ev-a4"
    rows.first.click()
    page.wait_for_selector("#article-text mark.active")
    assert page.url.endswith("#/article/xi-visit/ev-a4")
    assert page.text_content("#article-title") == "Xi to visit Moscow"
    assert _active_evidence(page) == "Ukraine accused Russia of shelling Kharkiv on Thursday."
    assert page.get_attribute(".event-item.active", "data-event-id") == "ev-a4"
    # Every event's evidence is marked: each event id covers exactly its evidence text.
    marked = page.eval_on_selector_all("#article-text mark", "ms => ms.map(m => [m.dataset.events, m.textContent])")
    for event_id, needle in [("ev-a1", "Chinese President"), ("ev-a2", "Xi and Vladimir"), ("ev-a3", "Ukraine")]:
        text = "".join(t for ids, t in marked if event_id in ids.split())
        assert text.startswith(needle) and text.endswith(".")
    # Choosing another event in the list moves the highlight.
    page.click(".event-item[data-event-id='ev-a1']")
    assert _active_evidence(page).startswith("Chinese President Xi Jinping will visit Russia")
    page.click("button.back")
    page.wait_for_selector("#overview:not([hidden])")
    assert page.problems == []


def test_opening_an_event_scrolls_to_its_evidence(page, server):
    _open(page, server)
    page.click("#timeline rect.bar[data-type='SANCTION']")
    page.wait_for_selector("#events-table tr.event-row[data-event-id='ev-l1']")
    page.click("#events-table tr.event-row[data-event-id='ev-l1']")
    page.wait_for_selector("#article-text mark.active")
    assert _active_evidence(page) == "The European Union imposed sanctions on Belarus on Friday."
    page.wait_for_function("window.scrollY > 500")
    box = page.eval_on_selector("#article-text mark.active", "m => m.getBoundingClientRect().toJSON()")
    assert 0 <= box["top"] and box["bottom"] <= 700  # visible in the viewport
    assert page.problems == []


def test_article_markup_is_shown_as_text_never_run(page, server):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_server import TEXT_XSS

    _open(page, server)
    # The hostile title is in the event table too.
    assert page.locator("#events-table td.title-cell", has_text='<img src=x onerror="window.__xss = 3">').count() == 1
    _open(page, server, "#/article/xss-test/ev-x1")
    page.wait_for_selector("#article-text mark.active")
    assert page.text_content("#article-text") == TEXT_XSS
    assert page.text_content("#article-title") == '<img src=x onerror="window.__xss = 3">Hacked <b>site</b>'
    assert "<script>window.__xss = 1</script>" in _active_evidence(page)
    assert page.locator("#article-view script, #article-view img, #article-view b").count() == 0
    assert page.locator("#events-table img, #events-table b").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.problems == []


def test_network_node_click_filters_the_table(page, server):
    _open(page, server)
    assert page.locator("#network g.node").count() == 14
    assert page.locator("#network path.edge").count() == 9
    page.click("#network g.node[data-actor='France']")
    page.wait_for_selector("#selection .chip")
    ids = page.eval_on_selector_all("#events-table tr.event-row", "rs => rs.map(r => r.dataset.eventId)")
    assert ids == ["ev-b2", "ev-b1"]  # newest first
    assert page.problems == []


def test_filter_form_updates_every_panel(page, server):
    _open(page, server)
    page.select_option("select[name='type']", "ACCUSE")
    page.click("button[type='submit']")
    page.wait_for_function("document.querySelectorAll('#events-table tr.event-row').length === 2")
    types = page.eval_on_selector_all("#timeline rect.bar", "rs => [...new Set(rs.map(r => r.dataset.type))]")
    assert types == ["ACCUSE"]
    assert page.locator("#dyads tbody tr").count() == 2
    assert page.problems == []
