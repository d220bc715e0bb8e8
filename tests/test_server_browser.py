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


# -- the Wikinews store: what every view counts is what its list holds ---------------------------------------


def _start_server(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "EVENTWIRE_INGEST_TOKEN": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"eventwire serve did not start: {proc.stdout.read().decode(errors='replace')}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def wikinews(tmp_path_factory, shared_dir):
    db = tmp_path_factory.mktemp("wikinews") / "wikinews.duckdb"
    corpus = shared_dir / "corpora" / "wikinews-politics" / "articles.jsonl"
    subprocess.run(
        [sys.executable, "-m", "eventwire", "run", str(corpus), "--db", str(db), "-j", "2"],
        check=True,
        capture_output=True,
    )
    proc, base = _start_server(db)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def wiki_page(browser, wikinews):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    yield pg
    context.close()


def _click_and_count(page, selector: str, index: int) -> int:
    """Click the index-th element of selector (tiny bars too) and return the total its list shows."""
    seq = page.evaluate("() => Number(document.body.dataset.tableSeq || 0)")
    page.evaluate(
        "([s, i]) => document.querySelectorAll(s)[i].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
        [selector, index],
    )
    page.wait_for_function(f"Number(document.body.dataset.tableSeq || 0) > {seq}", timeout=20_000)
    return int(page.get_attribute("#pager", "data-total"))


def _counts(page, selector: str) -> list[int]:
    return page.eval_on_selector_all(selector, "es => es.map(e => Number(e.dataset.count))")


def test_wikinews_every_bar_edge_and_node_lists_what_it_counts(wiki_page, wikinews):
    page = wiki_page
    _open(page, wikinews)
    bars = _counts(page, "#timeline rect.bar")
    assert len(bars) > 20
    for i, count in enumerate(bars):
        assert _click_and_count(page, "#timeline rect.bar", i) == count, page.url
    for net in ("actor", "country"):
        _open(page, wikinews, "#/" if net == "actor" else "#/?net=country")
        page.wait_for_selector(f"#network svg[data-by='{net}']")
        edges = _counts(page, "#network path.edge")
        nodes = _counts(page, "#network g.node")
        assert edges and nodes
        for i, count in enumerate(edges):
            assert _click_and_count(page, "#network path.edge", i) == count, page.url
        for i, count in enumerate(nodes[:40]):
            assert _click_and_count(page, "#network g.node", i) == count, page.url
    assert page.problems == []


def test_wikinews_timeline_is_to_scale_and_agrees_with_the_header(wiki_page, wikinews):
    page = wiki_page
    _open(page, wikinews)
    chart = page.eval_on_selector("#timeline svg", "s => ({...s.dataset})")
    # The corpus spans more than a century of event dates: per month would not fit, so it is shown per year.
    assert chart["interval"] == "year"
    assert "Shown per year" in page.text_content("#timeline .zoom-note")
    first_day = page.get_attribute("#stats", "data-first-day")
    last_day = page.get_attribute("#stats", "data-last-day")
    assert chart["start"] == first_day[:4] + "-01-01" and chart["end"] == last_day[:4] + "-12-31"
    assert f"events dated {first_day} – {last_day}" in page.text_content("#stats")
    # Every bar's centre sits where its year falls on a linear time axis.
    bars = page.eval_on_selector_all(
        "#timeline rect.bar",
        "rs => rs.map(r => [r.dataset.period, Number(r.getAttribute('x')) + r.width.baseVal.value / 2])",
    )
    first_year = int(chart["start"][:4])
    years = int(chart["end"][:4]) - first_year + 1
    centres = {int(p[:4]): x for p, x in bars}
    x0 = 40 + (900 - 48) / years / 2  # the first year's centre (plot from 40 to 892 px)
    step = (900 - 48) / years
    for year, x in centres.items():
        assert abs(x - (x0 + (year - first_year) * step)) < 1.0, (year, x)
    assert page.problems == []


def test_wikinews_network_labels_do_not_overlap_and_arrowheads_are_capped(wiki_page, wikinews):
    page = wiki_page
    _open(page, wikinews)
    boxes = page.eval_on_selector_all(
        "#network text.label", "ts => ts.map(t => t.getBBox()).map(b => [b.x, b.y, b.width, b.height])"
    )
    assert len(boxes) > 18
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert not (x < x2 + w2 - 0.5 and x2 < x + w - 0.5 and y < y2 + h2 - 0.5 and y2 < y + h - 0.5)
    markers = page.eval_on_selector_all(
        "#network marker", "ms => ms.map(m => [m.getAttribute('markerUnits'), Number(m.getAttribute('markerWidth'))])"
    )
    assert markers and all(units == "userSpaceOnUse" and width <= 8 for units, width in markers)
    widths = page.eval_on_selector_all(
        "#network path.edge", "ps => ps.map(p => Number(p.getAttribute('stroke-width')))"
    )
    assert max(widths) <= 5
    assert page.problems == []


def test_filters_live_in_the_url_and_exports_follow_them(wiki_page, wikinews):
    page = wiki_page
    _open(page, wikinews)
    everything = int(page.get_attribute("#pager", "data-total"))
    seq = page.evaluate("() => Number(document.body.dataset.tableSeq)")
    page.fill("input[name='actor']", "Zelenskyy")  # the KB's alias of Volodymyr Zelensky
    page.click("button[type='submit']")
    page.wait_for_function(f"Number(document.body.dataset.tableSeq) > {seq}")
    assert "actor=Zelenskyy" in page.url
    total = int(page.get_attribute("#pager", "data-total"))
    assert 0 < total < everything
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.input_value("input[name='actor']") == "Zelenskyy"
    assert int(page.get_attribute("#pager", "data-total")) == total
    links = page.eval_on_selector_all("#exports a.export", "as => as.map(a => [a.dataset.format, a.href])")
    assert [f for f, _ in links] == ["csv", "jsonl", "parquet"]
    for fmt, href in links:
        assert "actor=Zelenskyy" in href
        body = httpx.get(href).content
        if fmt == "csv":
            assert len(body.decode().strip().splitlines()) == total + 1
        elif fmt == "jsonl":
            assert len(body.decode().strip().splitlines()) == total
        else:
            assert body[:4] == b"PAR1"
    assert page.problems == []


def test_errors_clear_old_results_and_offer_a_way_back(wiki_page, wikinews):
    page = wiki_page
    _open(page, wikinews)
    assert page.locator("#events-table tr.event-row").count() > 0
    page.fill("input[name='since']", "2020-06-01")
    page.fill("input[name='until']", "2020-01-01")
    page.click("button[type='submit']")
    page.wait_for_selector("#error:not([hidden])")
    assert "after" in page.text_content("#error")
    assert page.locator("#events-table tr.event-row, #timeline rect, #network g.node").count() == 0
    page.click("#error button.error-back")
    page.wait_for_selector("#error[hidden]", state="attached")
    page.wait_for_function("document.querySelectorAll('#events-table tr.event-row').length > 0")
    _open(page, wikinews, "#/article/no-such-article")
    page.wait_for_selector("#error:not([hidden])")
    assert "no article with id" in page.text_content("#error")
    page.click("#error button.error-back")
    page.wait_for_selector("#overview:not([hidden])")
    page.wait_for_function("document.querySelectorAll('#events-table tr.event-row').length > 0")
    assert [p for p in page.problems if "404" not in p] == []


def test_the_page_is_usable_at_390_px(browser, wikinews):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True)
    page = context.new_page()
    _open(page, wikinews)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cells = page.eval_on_selector_all(
        "#events-table td.evidence-cell", "cs => cs.map(c => c.getBoundingClientRect()).map(b => [b.left, b.right])"
    )
    assert cells and all(0 <= left and right <= 390 for left, right in cells)
    page.locator("#events-table tr.event-row").first.click()
    page.wait_for_selector("#article-text mark.active")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
