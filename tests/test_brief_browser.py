"""Briefs in Debian's chromium (Playwright): the self-contained HTML file, and the web page's Brief view.

The HTML file is opened from disk: nothing may load or run, the chart must be drawn (its pixels are
checked on a screenshot) and it must print. The page's Brief view runs against a real ``eventwire serve``
(the fixtures of test_server_browser): its evidence links open the article view at the evidence.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

import pytest

from eventwire.brief import brief_of_store, build_brief, render
from eventwire.queries import Filters
from eventwire.store import Store

sys.path.insert(0, str(Path(__file__).parent))
import test_server_browser as page_tests
from test_brief import hostile_input
from test_server import build_fixture_db
from test_server_browser import _open

# The page fixtures of test_server_browser: a real ``eventwire serve`` and chromium.
browser, page, server = page_tests.browser, page_tests.page, page_tests.server

pytestmark = pytest.mark.browser


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and RGB(A) pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(b"".join(chunks)), width * size, []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    pixels = [tuple(row[x * size : x * size + 3]) for row in rows for x in range(width)]
    return width, height, pixels


@pytest.fixture(scope="module")
def html_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief-html")
    db = build_fixture_db(folder / "fixture.duckdb")
    with Store(db, read_only=True) as store:
        question = brief_of_store(store, Filters(country="RUS"))
    (folder / "question.html").write_text(render(question, "html"), encoding="utf-8")
    (folder / "hostile.html").write_text(render(build_brief(hostile_input()), "html"), encoding="utf-8")
    return folder


@pytest.fixture
def file_page(browser):
    context = browser.new_context(viewport={"width": 900, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith("file://") else pg.problems.append(f"request: {r.url}"))
    yield pg
    context.close()


def test_brief_html_file_renders_its_chart_and_prints(file_page, html_files, tmp_path):
    file_page.goto((html_files / "question.html").as_uri())
    assert file_page.text_content("h1") == "Brief: country RUS"
    assert file_page.locator("section.ahead li").count() == 2
    shot = file_page.locator("svg.brief-chart").screenshot(path=str(tmp_path / "chart.png"))
    width, height, pixels = png_pixels(shot)
    assert width == 640 and height in (180, 181)  # the SVG's size (the last row may be partly covered)
    colours = set(pixels)
    assert (0x2E, 0x7D, 0x32) in colours and (0xC6, 0x28, 0x28) in colours  # cooperation and conflict bars
    full = file_page.screenshot(full_page=True, path=str(tmp_path / "brief.png"))
    assert png_pixels(full)[0] == 900
    # Printing hides the links that only make sense on screen and keeps every section.
    file_page.emulate_media(media="print")
    assert file_page.locator("a.open").count() == 0 or not file_page.locator("a.open").first.is_visible()
    assert file_page.locator("section.evidence").is_visible()
    pdf = file_page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert file_page.problems == []


def test_brief_html_file_shows_markup_as_text_and_runs_nothing(file_page, html_files):
    file_page.goto((html_files / "hostile.html").as_uri())
    assert file_page.text_content("h1") == "Brief: actor <script>"
    assert "<script>window.__brief = 5</script><b>Hacked</b>" in file_page.text_content("main")
    assert file_page.locator("main script, main img, main b, main i, main u").count() == 0
    file_page.wait_for_timeout(200)
    assert file_page.evaluate("typeof window.__brief") == "undefined"
    assert file_page.problems == []


# -- the page's Brief view ---------------------------------------------------------------------------------------------


def _brief_ready(page) -> None:
    page.wait_for_selector("#brief-view[data-ready='1']:not([hidden])", timeout=20_000)


def test_brief_view_of_the_filter_links_to_the_evidence(page, server, tmp_path):
    _open(page, server)
    page.select_option("select[name='type']", "ACCUSE")
    page.click("button[type='submit']")
    page.wait_for_function("document.querySelectorAll('#events-table tr.event-row').length === 2")
    page.click("button.brief-button")
    _brief_ready(page)
    assert page.url.endswith("#/brief?type=ACCUSE")
    assert page.text_content("#brief-title") == "Brief: type ACCUSE"
    assert page.is_hidden("#overview") and page.is_hidden("#article-view")
    lines = page.eval_on_selector_all("#brief-view .happened li", "ls => ls.map(l => l.dataset.events)")
    assert lines == ["ev-a3", "ev-x1"]
    page.locator("#brief-view").screenshot(path=str(tmp_path / "brief-view.png"))
    page.click("#brief-view .happened li[data-events='ev-a3'] a.ref")
    page.wait_for_selector("#article-text mark.active")
    assert page.url.endswith("#/article/xi-visit/ev-a3")
    active = "".join(page.eval_on_selector_all("#article-text mark.active", "ms => ms.map(m => m.textContent)"))
    assert active == "Ukraine accused Russia of shelling Kharkiv on Thursday."
    assert page.problems == []


def test_brief_view_takes_the_filters_the_url_holds_and_returns_to_that_overview(page, server):
    # A shared link: filters, the country network and a selection (a clicked bar) in the hash.
    overview = "#/?country=RUS&net=country&s.type=ACCUSE&s.label=ACCUSE"
    _open(page, server, overview)
    page.wait_for_selector("#selection .chip")
    assert page.locator("#events-table tr.event-row").count() == 1
    page.click("button.brief-button")
    _brief_ready(page)
    # The brief of the filters (the form's keys), as /api/events lists them; the selection stays with the overview.
    assert page.evaluate("location.hash") == "#/brief?country=RUS"
    assert page.text_content("#brief-title") == "Brief: country RUS"
    shown = page.eval_on_selector_all("#brief-view .lines li", "ls => ls.flatMap(l => l.dataset.events.split(' '))")
    listed = page.evaluate(
        "fetch('/api/events?country=RUS&limit=500').then(r => r.json()).then(b => b.items.map(e => e.event_id))"
    )
    assert sorted(shown) == sorted(listed) and len(listed) == 4
    page.click("#brief-view .brief-tools button.back")
    page.wait_for_selector("#overview:not([hidden]) #selection .chip")
    assert page.evaluate("location.hash") == overview and page.is_hidden("#brief-view")
    assert page.locator("#events-table tr.event-row").count() == 1
    assert page.get_attribute("#net-mode button[data-net='country']", "aria-pressed") == "true"
    # Typed but not applied, a filter does not change the brief: it is the brief of what the URL holds.
    page.fill("input[name='actor']", "Xi")
    page.click("button.brief-button")
    _brief_ready(page)
    assert page.evaluate("location.hash") == "#/brief?country=RUS"
    assert page.problems == []


def test_brief_view_of_an_article_opens_a_quote_at_its_span(page, server):
    _open(page, server, "#/article/xi-visit/ev-a1")
    page.wait_for_selector("#article-text mark.active")
    page.click("a.brief-link")
    _brief_ready(page)
    assert page.url.endswith("#/brief/xi-visit")
    assert page.text_content("#brief-title") == "Brief: Xi to visit Moscow"
    assert page.text_content("#brief-view .said .speaker").startswith("Wang Wenbin")
    page.click("#brief-view .said a.ref")
    page.wait_for_function("CSS.highlights.has('eventwire-span')")
    assert page.url.endswith("#/article/xi-visit/@239-257")
    highlighted = page.evaluate("[...CSS.highlights.get('eventwire-span')][0].toString()")
    assert highlighted == "We hope for peace,"
    assert page.problems == []


def test_brief_view_prints_only_the_brief(page, server):
    _open(page, server, "#/brief?country=RUS")
    _brief_ready(page)
    assert page.locator("#brief-view svg.brief-chart rect").count() == 3
    page.emulate_media(media="print")
    for hidden in (".top", "#filters", ".foot", ".brief-tools"):
        assert page.eval_on_selector(hidden, "n => getComputedStyle(n).display") == "none", hidden
    assert page.is_visible("#brief-view .happened")
    page.emulate_media(media="screen")
    assert page.is_visible("#filters")
    assert page.problems == []


def test_brief_view_shows_markup_as_text(page, server):
    _open(page, server, "#/brief/xss-test")
    _brief_ready(page)
    assert page.text_content("#brief-title") == 'Brief: <img src=x onerror="window.__xss = 3">Hacked <b>site</b>'
    assert "<script>window.__xss = 1</script>" in page.text_content("#brief-view .evidence")
    assert page.locator("#brief-view script, #brief-view img, #brief-view b").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.problems == []
