"""The dashboard in a real browser (Debian's chromium driven by Playwright), offline.

Skipped, with the reason, when /usr/bin/chromium or Playwright is missing. Every
request to a host other than the test server is blocked and recorded, and the
tests check that none was made: the pages work offline. Set OTKAZ_SCREENSHOTS
to a folder (docs/screenshots) to keep one screenshot per page there.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from otkaz.store import open_store
from otkaz.web.app import create_app

CHROMIUM = Path(os.environ.get("OTKAZ_CHROMIUM", "/usr/bin/chromium"))
pytestmark = pytest.mark.browser


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, web: SimpleNamespace
           ) -> Iterator[SimpleNamespace]:
    """A live server on 127.0.0.1 over a filled SQLite store; .url and .ids."""
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'otkaz.db'}"
    with open_store(url) as store:
        ids = web.fill(store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(url, secret_key="browser-test")
    live = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not live.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", ids=ids)
    live.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("OTKAZ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"OTKAZ_REQUIRE_BROWSER=1 but {reason}")
        print(f"skipping browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: SimpleNamespace) -> Iterator[Any]:
    """A page in a fresh context; requests to anywhere but the server are blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.outside, tab.errors = outside, errors
    yield tab
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def shoot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("OTKAZ_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert (folder / f"{name}.png").stat().st_size > 10_000


def sign_in(page: Any, server: SimpleNamespace, name: str, password: str, then: str) -> None:
    page.goto(f"{server.url}/login?next={then}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{server.url}{then}")


def rows(page: Any, n: int) -> None:
    """Wait until the case list shows `n` rows. Locator waits, not `wait_for_function`: the
    pages' Content-Security-Policy forbids the string evaluation that one polls with."""
    from playwright.sync_api import expect

    expect(page.locator("table.cases tbody tr")).to_have_count(n)


def test_case_list_filters(page: Any, server: SimpleNamespace, tmp_path: Path) -> None:
    page.goto(f"{server.url}/cases")
    assert page.locator("table.cases tbody tr").count() == 4
    page.select_option("select[name=type]", "desertion")  # htmx swaps the results in place
    rows(page, 2)
    assert "type=desertion" in page.url
    page.fill("input[name=place]", "buryat")
    page.press("input[name=place]", "Enter")
    rows(page, 1)
    assert page.locator("table.cases tbody tr td").nth(3).inner_text() == \
        "Five conscripts from Buryatia"
    assert page.locator(".summary .total").inner_text() == "1"
    page.goto(f"{server.url}/cases")
    page.fill("input[name=q]", "dismissed")
    page.press("input[name=q]", "Enter")
    rows(page, 1)
    page.goto(f"{server.url}/cases")
    shoot(page, "list", tmp_path)


def test_case_page_highlights_evidence(page: Any, server: SimpleNamespace,
                                       tmp_path: Path) -> None:
    page.goto(f"{server.url}/cases")
    page.click("text=Twelve officers of the Omsk OMON")
    page.wait_for_url(f"{server.url}/cases/{server.ids['omsk']}")
    count = page.locator("blockquote.evidence mark[data-field=count]").first
    assert count.inner_text() == "Twelve"
    label = count.evaluate("e => getComputedStyle(e, '::after').content")
    assert label == '"count"'
    assert page.locator("tr.has-conflict[data-field=count] .alt").count() == 2
    assert page.locator(".n-origins").inner_text() == "2"
    page.click("ol.mentions li >> nth=1 >> .source a")
    assert "/documents/" in page.url
    assert page.locator("article.doctext mark[data-field=sources]").inner_text() == "Ivan Petrov"
    page.goto(f"{server.url}/cases/{server.ids['omsk']}")
    shoot(page, "case", tmp_path)


def test_hostile_article_is_inert(page: Any, server: SimpleNamespace, web: SimpleNamespace,
                                  tmp_path: Path) -> None:
    page.goto(f"{server.url}/cases/{server.ids['hostile']}")
    page.click("ol.mentions .source a")
    page.wait_for_selector("article.doctext")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.locator("article.doctext").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.locator("h1").inner_text() == web.HOSTILE_TITLE
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    shoot(page, "document", tmp_path)


def test_review_edit_is_logged_and_a_stale_edit_refused(
        page: Any, browser: Any, server: SimpleNamespace, web: SimpleNamespace,
        tmp_path: Path) -> None:
    case_url = f"/cases/{server.ids['tomsk']}"
    sign_in(page, server, "anna", web.PASSWORD, case_url)
    other = browser.new_context().new_page()  # boris opens the same case at the same version
    sign_in(other, server, "boris", web.PASSWORD, case_url)
    form = page.locator("form.edit-field[data-field=count]")
    form.locator("input[name=value]").fill("3-4")
    form.locator("button").click()
    page.wait_for_selector("table.log tr[data-action=edit]")
    assert page.locator("tr[data-field=count] td.value").inner_text().startswith("3–4")
    row = page.locator("table.log tr[data-action=edit] td")
    assert [row.nth(i).inner_text() for i in (1, 3, 4, 5)] == ["anna", "count", "3", "3–4"]
    other.click("button.confirm")
    other.wait_for_selector("p.error.conflict")
    message = other.locator("p.error.conflict").inner_text()
    assert "This case was changed by anna at" in message and "reload" in message
    assert "confirmed" not in other.locator("h1 .status").inner_text()
    other.context.close()
    page.reload()
    shoot(page, "review", tmp_path)


def test_map_shows_cases_by_place_and_by_home(page: Any, server: SimpleNamespace,
                                              tmp_path: Path) -> None:
    page.goto(f"{server.url}/map")
    from playwright.sync_api import expect

    expect(page.locator("#map")).to_have_attribute("data-outline-loaded", "1")
    page.wait_for_selector("path.case-point.by-place")
    assert page.locator("path.case-point.by-place").count() == 3
    assert page.locator(".leaflet-outline-pane path").count() > 0
    page.check("input[name=by][value=home]")
    page.wait_for_selector("path.case-point.by-home")
    # Leaflet draws a point as "M0 0" until the view has moved to fit it.
    deadline = time.monotonic() + 10
    points = page.locator("path.case-point.by-home")
    while any(p.get_attribute("d") == "M0 0" for p in points.all()):
        assert time.monotonic() < deadline, "points never placed"
        time.sleep(0.05)
    assert page.locator("path.case-point.by-home").count() == 4
    assert page.locator("path.case-point.by-place").count() == 0
    page.locator("path.case-point.by-home").first.click(force=True)
    assert page.locator(".leaflet-popup-content a").count() >= 1
    page.check("input[name=by][value=place]")
    page.wait_for_selector("path.case-point.by-place")
    # each circle is labelled with its place and its number of cases
    labels = page.locator(".leaflet-tooltip.place-label")
    expect(labels).to_have_count(3)
    assert sorted(labels.all_inner_texts()) == ["Belgorod · 1", "Kherson · 1",
                                                "Rostov Oblast · 1"]
    shoot(page, "map", tmp_path)
    # zoomed out to the whole world, the three share one circle, labelled for all three
    zoom = int(page.locator("#map").get_attribute("data-zoom"))
    while zoom > 2:  # one step at a time: a click during the zoom animation is dropped
        page.locator(".leaflet-control-zoom-out").click()
        zoom -= 1
        expect(page.locator("#map")).to_have_attribute("data-zoom", str(zoom))
    expect(labels).to_have_count(1)
    assert page.locator("path.case-point.by-place.cluster").count() == 1
    assert labels.first.inner_text() in ("Belgorod +2 · 3", "Kherson +2 · 3",
                                         "Rostov Oblast +2 · 3")


def test_timeline_and_figures_draw_data(page: Any, server: SimpleNamespace,
                                        tmp_path: Path) -> None:
    page.goto(f"{server.url}/timeline")
    bars = page.locator("svg.timeline rect.bar")
    assert bars.count() == 15  # 2022-02 .. 2023-04
    filled = page.evaluate("[...document.querySelectorAll('svg.timeline rect.bar')]"
                           ".filter(b => +b.dataset.cases > 0).map(b => b.dataset.month)")
    assert filled == ["2022-02", "2022-03", "2022-05", "2023-04"]
    assert len(page.locator("svg.timeline polygon.band").get_attribute("points").split()) == 30
    shoot(page, "timeline", tmp_path)
    page.goto(f"{server.url}/figures")
    assert page.locator("svg.figures circle.point").count() == 2
    assert page.locator("table.figures tbody tr").count() == 2
    shoot(page, "figures", tmp_path)


def test_api_explorer_works_offline(page: Any, server: SimpleNamespace) -> None:
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".swagger-ui .opblock").count() >= 8
