"""Swagger UI and the browsable API in headless Chromium: no CSP violation, no CDN."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium not installed"),
]


@pytest.fixture(scope="module")
def live(django_db_setup, django_db_blocker):
    """A live server of our own: Django's wraps a media handler that parses MEDIA_URL when
    it starts and fails on ours (None: private media is never served)."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(MEDIA_URL="/_live_server_media/"):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def browser_page():
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM is not used meanwhile.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        page = browser.new_page()
        yield page
        browser.close()


def _watch(page, origin: str) -> tuple[list[str], list[str]]:
    """Console errors (CSP violations among them), failed loads and requests off-site."""
    problems: list[str] = []
    foreign: list[str] = []

    def console(message) -> None:
        # a failed load is reported below with its URL; the browser asks for /favicon.ico
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def response(answer) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            problems.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", response)
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith((origin, "data:")) else None,
    )
    return problems, foreign


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_runs_under_our_csp(live, browser_page, katalog):
    problems, foreign = _watch(browser_page, live.url)
    response = browser_page.goto(f"{live.url}/api/v1/docs/", wait_until="networkidle")
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    browser_page.wait_for_selector(".opblock", timeout=15_000)
    # Every operation of the OpenAPI document is shown (catalogue, antraege, Verfahren and
    # Aufgaben for staff, Termine …), counted from the document the page itself loads.
    schema = browser_page.request.get(
        f"{live.url}/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}
    )
    assert schema.ok
    methoden = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
    operationen = sum(1 for pfad in schema.json()["paths"].values() for m in pfad if m in methoden)
    assert operationen >= 24
    assert browser_page.locator(".opblock").count() == operationen
    # "Try it out" on the first public read operation really calls the API
    browser_page.locator("#operations-formulare-formulare_list .opblock-summary").click()
    browser_page.locator("button.try-out__btn").first.click()
    browser_page.locator("button.execute").first.click()
    status = browser_page.locator(".live-responses-table .response .response-col_status").first
    status.wait_for(timeout=10_000)
    assert status.inner_text().strip().startswith("200")
    assert problems == []
    assert foreign == []


@pytest.mark.django_db(transaction=True)
def test_browsable_api_runs_under_our_csp(live, browser_page, katalog):
    problems, foreign = _watch(browser_page, live.url)
    response = browser_page.goto(
        f"{live.url}/api/v1/leistungen/?q=Personalausweis", wait_until="networkidle"
    )
    assert response is not None and response.ok
    assert "Personalausweis beantragen" in browser_page.content()
    assert problems == []
    assert foreign == []
