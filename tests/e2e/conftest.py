"""Browser tests: Playwright with Debian's Chromium against pytest-django's live_server.

No browser is downloaded: Chromium comes from /usr/bin/chromium (`make system-deps`).
Every page fixture fails its test on a console error, so a CSP violation (an inline script
or style the policy blocks) breaks the build.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright
from pytest_django.live_server_helper import LiveServer

from rathaus.katalog.search.vocabulary import reset as vocabulary_reset
from rathaus.portal.tests.daten import PortalDaten, daten_anlegen

# Playwright's sync API keeps an event loop in the test thread; the ORM calls of the
# fixtures run synchronously in that thread, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_CANDIDATES = [
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
    ROOT / "src" / "rathaus" / "portal" / "static" / "vendor" / "axe" / "axe.min.js",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The document itself may answer 400/403/404/429/503 on purpose; Chromium logs that as an
# error (403: a page refused below the Vertrauensniveau it asks for, konten.lesezugang;
# 503: the pay page while the payment provider does not answer, zahlungen).
EXPECTED_STATUS_MESSAGES = (
    "the server responded with a status of 400",
    "the server responded with a status of 403",
    "the server responded with a status of 404",
    "the server responded with a status of 429",
    "the server responded with a status of 503",
)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started with a MEDIA_URL it can parse.

    Rathaus sets MEDIA_URL = None (uploads are never served), but Django's live server
    thread wraps the site in a media handler that needs a URL prefix to compare paths with.
    The prefix only exists while the thread is built; it serves nothing.
    """
    from django.conf import settings

    addr = request.config.getvalue("liveserver") or os.getenv(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"
    )
    original = settings.MEDIA_URL
    settings.MEDIA_URL = "/__nicht-oeffentlich__/"
    try:
        server = LiveServer(addr)
    finally:
        settings.MEDIA_URL = original
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium fehlt: make system-deps")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    for candidate in AXE_CANDIDATES:
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    pytest.skip("axe-core fehlt: make vendor")


@pytest.fixture
def daten(live_server: Any) -> PortalDaten:
    """The portal's test data in the live server's (transactional) database."""
    cache.clear()
    vocabulary_reset()
    return daten_anlegen()


class ConsoleWatch:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def __call__(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(expected in message.text for expected in EXPECTED_STATUS_MESSAGES):
            return
        self.errors.append(f"{message.text} ({message.location.get('url', '')})")


def _new_page(browser: Browser, **context_args: Any) -> tuple[Page, ConsoleWatch, Any]:
    context = browser.new_context(locale="de-DE", **context_args)
    page = context.new_page()
    watch = ConsoleWatch()
    page.on("console", watch)
    page.on("pageerror", lambda error: watch.errors.append(f"pageerror: {error}"))
    return page, watch, context


# --- no page is wider than a phone -------------------------------------------------------
# Every HTML page an e2e test opens (GET, 200) is opened once more at the end of the test,
# in the same browser context (same login), at 390 px: its document may not be wider than
# the viewport. One check per kind of page (numbers in the path count as one), so the
# whole suite pays for each kind once.
PHONE = {"width": 390, "height": 844}
_NOT_REVISITED = (
    "/abmelden",
    "/logout",
    "/callback",
    "/dev-idp/",
    "/oidc/",
    "/download",
    "/herunterladen",
)
_phone_checked: set[str] = set()
_WIDEST = """() => {
    const width = document.documentElement.clientWidth, limit = width + 1, out = [];
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= limit) continue;
        if ([...e.children].some((c) => c.getBoundingClientRect().right > limit)) continue;
        out.push(`${e.tagName.toLowerCase()}.${e.className} → ${Math.round(r.right)} px`);
    }
    return [document.scrollingElement.scrollWidth, width, out.slice(0, 8)];
}"""


def _page_kind(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


class PageLog:
    """The HTML pages a browser context has shown (GET, status 200)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, response: Response) -> None:
        request = response.request
        if request.resource_type != "document" or request.method != "GET":
            return
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            return
        if urlsplit(response.url).hostname not in ("localhost", "127.0.0.1"):
            return
        self.urls.append(response.url)


def phone_overflow(context: Any, urls: list[str]) -> list[str]:
    """Open each new kind of page at phone width in `context`; name those wider than it."""
    found: list[str] = []
    for url in urls:
        kind = _page_kind(url)
        if kind in _phone_checked or any(part in url for part in _NOT_REVISITED):
            continue
        _phone_checked.add(kind)
        phone = context.new_page()
        try:
            phone.set_viewport_size(PHONE)
            response = phone.goto(url)
            if response is None or response.status != 200:
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            breite, viewport, elemente = phone.evaluate(_WIDEST)
            if breite > viewport:
                found.append(f"{url}: {breite} px at {viewport} px\n    " + "\n    ".join(elemente))
        finally:
            phone.close()
    return found


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Any]:
    """Factory for pages with their own context (viewport, JavaScript off ...)."""
    opened: list[tuple[ConsoleWatch, Any, PageLog]] = []

    def factory(**context_args: Any) -> Page:
        context_args.setdefault("viewport", {"width": 1366, "height": 900})
        page, watch, context = _new_page(browser, **context_args)
        log = PageLog()
        context.on("response", log)
        opened.append((watch, context, log))
        return page

    yield factory
    errors = [e for watch, _, _ in opened for e in watch.errors]
    zu_breit: list[str] = []
    if not errors:
        for _, context, log in opened:
            zu_breit += phone_overflow(context, log.urls)
    for _, context, _ in opened:
        context.close()
    assert not errors, "Fehler in der Browser-Konsole (CSP?):\n" + "\n".join(errors)
    assert not zu_breit, "Seiten breiter als ein Telefon (390 px):\n" + "\n".join(zu_breit)


@pytest.fixture
def page(new_page: Any) -> Page:
    return new_page()


def axe_check(page: Page, axe_source: str) -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the page and fail with every violation listed."""
    # evaluate() goes through the DevTools protocol and is not subject to the page's CSP,
    # unlike add_script_tag, which our policy (rightly) blocks.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.failureSummary),
            }));
        }""",
        WCAG_TAGS,
    )
    if violations:
        lines = [f"axe: {len(violations)} Verstöße auf {page.url}"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"][:10])
        pytest.fail("\n".join(lines))
