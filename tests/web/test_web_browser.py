"""The dashboard in a real headless Chromium (Debian's) against a real server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                "(apt-get install chromium, or make system-deps)")


@pytest.fixture
def server(web_settings: Settings, web_store: Store) -> Iterator[str]:
    config = uvicorn.Config(create_app(web_settings, web_store), host="127.0.0.1", port=0, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not running.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{running.servers[0].sockets[0].getsockname()[1]}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


def watched(page: Page) -> list[str]:
    """Problems the page reports: script errors, dialogs, CSP violations logged to the console."""
    problems: list[str] = []
    page.set_default_timeout(5000)
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    return problems


def test_overview_story_article_search_and_watchlist(server: str, browser: Browser, web_token: str,
                                                     tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 860})
    problems = watched(page)
    page.goto(f"{server}/")
    page.get_by_role("link", name="DPRK IT workers abroad").first.click()
    assert page.locator("h1").inner_text() == "DPRK IT workers abroad"
    assert page.locator("section.brief").is_visible()
    page.locator("#sources ~ ul a.row-title").first.click()
    assert page.url.startswith(f"{server}/articles/") and page.locator("div.text mark").count() > 0
    page.screenshot(path=str(tmp_path / "article-laptop.png"), full_page=True)
    page.fill("header input[name=q]", "tanker")
    page.press("header input[name=q]", "Enter")
    assert page.locator("mark.hit").first.inner_text().lower().startswith("tanker")
    page.goto(f"{server}/watchlists")
    page.get_by_role("link", name="Sign in with the web token").click()
    page.fill("input[name=token]", web_token)
    page.get_by_role("button", name="Sign in").click()
    page.fill("input[name=name]", "Tankers near Nampo")
    page.fill("textarea[name=keywords]", "ship-to-ship, tanker")
    page.select_option("select[name=regimes]", ["UN_1718"])
    page.get_by_role("button", name="Add watchlist").click()
    assert page.get_by_role("status").inner_text() == "Watchlist added."
    assert page.locator(".watchlist .row-title").inner_text() == "Tankers near Nampo"
    page.goto(f"{server}/")
    page.screenshot(path=str(tmp_path / "overview-laptop.png"), full_page=True)
    assert problems == []


def test_pages_fit_a_phone(server: str, browser: Browser, web_data: dict[str, Any], tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for name, path in (("overview", "/"), ("story", f"/stories/{web_data['figure_story']}"),
                       ("article", f"/articles/{web_data['evasion_article']}")):
        page.goto(f"{server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} overflows"
        page.screenshot(path=str(tmp_path / f"{name}-phone.png"), full_page=True)


def test_hostile_article_renders_inert(server: str, browser: Browser, web_data: dict[str, Any]) -> None:
    page = browser.new_page()
    problems = watched(page)
    for path in (f"/articles/{web_data['xss_article']}", "/search?q=Pyongyang+workers", "/articles",
                 f"/stories/{web_data['figure_story']}"):
        page.goto(f"{server}{path}")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator("main script, main img, main svg:not(.timeline), main iframe").count() == 0, path
    page.goto(f"{server}/articles/{web_data['xss_article']}")
    assert "<script>window.__xss=1</script>" in page.locator("div.text").inner_text()
    assert "<script>" in page.locator("h1").inner_text()
    assert problems == []
