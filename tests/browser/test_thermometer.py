"""The public thermometer in headless Chromium: narrow and wide, axe, keyboard, 400% zoom, a foreign host page, live."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from dashboard.data.schema.db import make_engine
from dashboard.data.sources.simulator import simulate
from tests.browser.conftest import QuietHandler, all_violations

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "embed-example.html"
PLACEHOLDER = "https://monitor.example.nl"
FRAME = "iframe.thermometer-frame"


def make_app(database_url: str, **overrides):
    """An app on ``database_url`` with the given settings overrides."""
    from dashboard.factory import create_app

    return create_app({"database_url": database_url, "load_demo_if_new": False, **overrides})


def watch(page) -> list[str]:
    """Collect console errors, page errors and failed requests of ``page``."""
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    return problems


def overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it needs no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def widget(reconstruction_server: str) -> str:
    """The base URL of the reconstruction app, served on loopback."""
    return reconstruction_server


@pytest.fixture
def open_widget(browser) -> Iterator[Callable]:
    """Open a URL in a fresh context of a given viewport; returns (page, problems)."""
    contexts = []

    def open_(url: str, width: int, height: int = 600, scale: float = 1):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                      locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        problems = watch(page)
        page.goto(url)
        page.locator(".thermo-count").wait_for()
        page.locator("#thermometer[data-script=ready]").wait_for()  # the script ran
        return page, problems

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [200, 320, 800, 1200])
@pytest.mark.parametrize("query", ["?as_of=2006-12-15", "?as_of=2008-03-04&compact=1",
                                   "?as_of=2006-10-01&achtergrond=transparant"])
def test_fits_from_200_px_to_full_width(widget, open_widget, width, query):
    page, problems = open_widget(f"{widget}/embed/thermometer{query}", width)
    assert overflow(page) == 0
    closed = "2008-03-04" in query  # a closed programme changes no more: no pause button
    for selector in (".thermo-graphic svg", ".thermo-count", ".thermo-state", *(() if closed else (".thermo-pause",))):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    text = page.locator(".thermo-count").inner_text().replace("\u00ad", "").replace("-\n", "").replace("\n", " ")
    assert "van de 130 aanvragen" in text
    assert problems == []


@pytest.mark.parametrize("width", [200, 1200])
@pytest.mark.parametrize("query", ["?as_of=2006-10-01", "?as_of=2006-12-15", "?as_of=2008-03-04",
                                   "?as_of=2008-03-04&compact=1&achtergrond=transparant"])
def test_axe_finds_no_violations_at_all(widget, open_widget, width, query):
    page, problems = open_widget(f"{widget}/embed/thermometer{query}", width)
    assert all_violations(page) == []
    assert problems == []


def test_the_error_page_has_no_violations_either(widget, browser):
    context = browser.new_context(viewport={"width": 320, "height": 400})
    page = context.new_page()
    assert page.goto(f"{widget}/embed/thermometer?as_of=morgen").status == 400
    assert all_violations(page) == []
    context.close()


@pytest.mark.parametrize("how", ["viewport", "css-zoom"])
def test_zoom_400_percent_stays_readable_without_horizontal_scrolling(widget, open_widget, how):
    if how == "viewport":  # a 1280 px wide screen at 400%: 320 CSS pixels, drawn with four device pixels each
        page, problems = open_widget(f"{widget}/embed/thermometer?as_of=2006-12-15", 320, 256, scale=4)
    else:
        page, problems = open_widget(f"{widget}/embed/thermometer?as_of=2006-12-15", 1280, 800)
        page.evaluate("document.documentElement.style.zoom = '4'")
    assert overflow(page) == 0
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.thermo-state')).fontSize)")
    assert size >= 16
    assert page.get_by_text("nieuwe aanvragen komen op de wachtlijst").is_visible()
    page.get_by_role("button", name="Automatisch bijwerken pauzeren").scroll_into_view_if_needed()
    assert page.get_by_role("button", name="Automatisch bijwerken pauzeren").is_visible()
    assert problems == []


@pytest.fixture
def host_page() -> Iterator[Callable[[str], str]]:
    """Serve docs/embed-example.html from a second loopback server (another origin) with the widget's address."""
    widget_base: dict[str, str] = {}

    @Request.application
    def application(request: Request) -> Response:
        if request.path == "/favicon.ico":
            return Response(status=204)
        if request.path != "/":
            return Response("niet gevonden", status=404)
        html = EXAMPLE.read_text(encoding="utf-8").replace(PLACEHOLDER, widget_base["url"])
        return Response(html, mimetype="text/html")

    server = make_server("127.0.0.1", 0, application, threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"

    def point_at(url: str) -> str:
        widget_base["url"] = url
        return origin

    yield point_at
    server.shutdown()


def test_a_page_on_another_origin_embeds_the_widget(browser, serve, host_page, database_url, demo_engine):
    origin = host_page("")
    base = serve(make_app(database_url, embed_origins=f"'self' {origin}"))
    host_page(base)
    assert origin.rsplit(":", 1)[1] != base.rsplit(":", 1)[1]
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    problems = watch(page)
    page.goto(origin + "/")
    frame = page.frame_locator(FRAME)
    frame.locator(".thermo-count").filter(has_text="(131)").wait_for()
    assert "van de 130 aanvragen" in frame.locator(".thermo-count").inner_text()
    assert "Het programma is afgelopen" in frame.locator(".thermo-state").inner_text()
    image = page.locator("#thermometer-image")
    page.wait_for_function("() => { const i = document.getElementById('thermometer-image');"
                           " return i.complete && i.naturalWidth > 0; }")
    assert image.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [520, 216]
    # The host's own script read the JSON across origins (CORS) and wrote the numbers into the text and alt.
    page.locator("#thermometer-stand").filter(has_text="131 van de 130 aanvragen").wait_for()
    assert image.get_attribute("alt") == "Thermometer AVI 130: 131 van de 130 aanvragen; het programma is afgelopen"
    assert page.locator(FRAME).get_attribute("title")
    assert problems == []
    context.close()


def test_an_origin_that_is_not_listed_cannot_frame_it(browser, serve, host_page, database_url, demo_engine):
    origin = host_page("")
    base = serve(make_app(database_url))  # default: 'self' only
    host_page(base)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    with page.expect_response(lambda r: r.url.endswith("/embed/thermometer")) as answer:
        page.goto(origin + "/")
    assert answer.value.status == 200  # the server answered, but the browser refuses to show it in the frame
    assert answer.value.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    page.wait_for_function("() => { const i = document.getElementById('thermometer-image');"
                           " return i.complete && i.naturalWidth > 0; }")  # an image may still be shown anywhere
    page.wait_for_timeout(500)
    frame = next(f for f in page.frames if f.parent_frame is not None)
    assert frame.locator(".thermo-count").count() == 0
    assert frame.locator("#thermometer").count() == 0
    context.close()


def test_keyboard_moves_through_the_widget_and_out(browser, serve, host_page, database_url, demo_engine):
    origin = host_page("")
    base = serve(make_app(database_url, embed_origins=origin))
    host_page(base)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(origin + "/")
    page.locator(FRAME).evaluate("f => { f.src += '?as_of=2006-12-15'; }")  # open: the widget has its pause button
    frame = page.frame_locator(FRAME)
    frame.locator(".thermo-controls:not([hidden])").wait_for()
    page.get_by_role("link", name="Lees hoe u zich aanmeldt").focus()
    page.keyboard.press("Tab")
    button = frame.get_by_role("button", name="Automatisch bijwerken pauzeren")
    assert button.evaluate("b => b === document.activeElement")
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    assert frame.get_by_role("button", name="Automatisch bijwerken hervatten").evaluate(
        "b => b === document.activeElement")
    page.keyboard.press("Space")
    frame.get_by_role("button", name="Automatisch bijwerken pauzeren").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Neem contact op"
    page.keyboard.press("Shift+Tab")
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Lees hoe u zich aanmeldt"
    context.close()


def test_the_widget_updates_itself_without_reloading(browser, serve, tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    simulate(make_engine(url), dt.date(2006, 6, 1), speed=1e9, until=dt.date(2006, 9, 30), report=lambda _: None)
    base = serve(make_app(url, public_cache_seconds=1, live_interval_seconds=1))
    context = browser.new_context(viewport={"width": 400, "height": 600})
    page = context.new_page()
    problems = watch(page)
    page.goto(base + "/embed/thermometer?as_of=2006-11-15")  # open then (a closed programme's page asks nothing)
    page.locator(".thermo-controls:not([hidden])").wait_for()
    before = int(page.locator("#thermometer").get_attribute("data-received"))
    assert f"({before})" in page.locator(".thermo-count").inner_text()
    page.evaluate("window.__geenHerlaad = true")
    writer = threading.Thread(target=simulate, kwargs=dict(
        engine=make_engine(url), start=dt.date(2006, 10, 1), speed=86_400 * 20, fresh=True,
        until=dt.date(2006, 11, 15), report=lambda _: None), daemon=True)
    writer.start()
    page.wait_for_function(
        f"() => parseInt(document.getElementById('thermometer').dataset.received) > {before}", timeout=30_000)
    after = int(page.locator("#thermometer").get_attribute("data-received"))
    assert f"({after})" in page.locator(".thermo-count").inner_text()
    assert page.evaluate("window.__geenHerlaad") is True  # the page was never reloaded
    assert page.locator("#thermo-announce").inner_text().startswith("Bijgewerkt:")
    assert str(after) in page.title()
    writer.join(timeout=60)
    assert problems == []
    context.close()


def test_a_paused_widget_stops_polling(serve, open_widget, database_url, demo_engine):
    base = serve(make_app(database_url, public_cache_seconds=1, live_interval_seconds=1))
    page, problems = open_widget(f"{base}/embed/thermometer?as_of=2006-12-15", 400)
    polls: list[str] = []
    page.on("request", lambda r: "/api/v1/thermometer" in r.url and polls.append(r.url))
    page.wait_for_timeout(2500)
    assert polls  # running: it asks every second
    page.get_by_role("button", name="Automatisch bijwerken pauzeren").click()
    page.wait_for_timeout(300)
    polls.clear()
    page.wait_for_timeout(2500)
    assert polls == []
    page.get_by_role("button", name="Automatisch bijwerken hervatten").click()
    page.wait_for_timeout(500)
    assert polls  # resuming asks at once
    assert problems == []


def test_a_closed_programme_offers_no_pause_and_asks_nothing(serve, open_widget, database_url, demo_engine):
    base = serve(make_app(database_url, public_cache_seconds=1, live_interval_seconds=1))
    page, problems = open_widget(f"{base}/embed/thermometer", 800)  # today: the programme ended in 2008
    assert "Het programma is afgelopen" in page.locator(".thermo-state").inner_text()
    polls: list[str] = []
    page.on("request", lambda r: "/api/v1/thermometer" in r.url and polls.append(r.url))
    page.wait_for_timeout(2500)
    assert page.get_by_role("button").count() == 0 and polls == []
    assert problems == []


@pytest.mark.parametrize("query", ["?as_of=2006-10-01", "?as_of=2006-12-15", "?as_of=2008-03-04", ""])
def test_the_snippet_height_is_enough_from_40_rem_wide(widget, open_widget, query):
    """docs/embed.md promises 220 px from 40 rem (640 px) wide, in every state; the example page's frame is 736."""
    page, problems = open_widget(f"{widget}/embed/thermometer{query}", 640, 220)
    for width in (640, 700, 736, 800, 1000, 1400):
        page.set_viewport_size({"width": width, "height": 220})
        assert page.evaluate("document.documentElement.scrollHeight") <= 220, width
    assert problems == []
