"""Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Never downloads a browser. Chromium is ``$CALMSKIN_CHROMIUM`` or ``/usr/bin/chromium``; when it is
missing or cannot start, the browser tests are skipped locally and fail under ``CI=true``.
Set ``CALMSKIN_SCREENSHOT_DIR`` to keep a screenshot of each page the tests visit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to
# run here (the live server itself runs in its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    "install Debian's chromium (apt-get install chromium), "
    "or set CALMSKIN_CHROMIUM to a Chromium executable"
)

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"browser tests cannot run: {reason}; on CI they must: {HOW_TO_ENABLE}", False)
    pytest.skip(f"browser tests skipped: {reason}; to run them, {HOW_TO_ENABLE}")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CALMSKIN_CHROMIUM") or "/usr/bin/chromium"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        _unavailable(f"no Chromium executable at {path}")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            first_line = (error.message or str(error)).strip().splitlines()[0]
            _unavailable(f"Chromium at {chromium_path} did not start ({first_line})")
        yield browser
        browser.close()
    finally:
        playwright.stop()


@dataclass
class Visit:
    """A page in a fresh browser context, with the console errors it produced."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> None:
        directory = os.environ.get("CALMSKIN_SCREENSHOT_DIR")
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Visit]]:
    """``open_page(viewport, mobile=...)`` -> a :class:`Visit` on a new, isolated context."""
    contexts = []

    def open_(viewport: dict[str, int], *, mobile: bool = False) -> Visit:
        context = browser.new_context(
            viewport=viewport,  # type: ignore[arg-type]
            device_scale_factor=2 if mobile else 1,
            is_mobile=mobile,
            has_touch=mobile,
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        visit = Visit(context.new_page())

        def record(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.errors.append(message.text)

        visit.page.on("console", record)
        visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def tablet(open_page: Callable[..., Visit]) -> Visit:
    """A tablet in portrait (820 x 1180 CSS pixels)."""
    return open_page(TABLET)


@pytest.fixture
def phone(open_page: Callable[..., Visit]) -> Visit:
    """A phone (390 x 844 CSS pixels, touch, mobile viewport)."""
    return open_page(PHONE, mobile=True)
