"""Render pages in headless Chromium (Playwright driving Debian's chromium) and run the locally
bundled axe-core on them. Nothing is fetched from the internet: axe.min.js comes from this
virtualenv (the copy axe-playwright-python ships) or from $CIVICPULSE_AXE_JS.

One browser serves a whole audit; each page gets a fresh tab in one context. The context
bypasses the page's Content-Security-Policy, otherwise a strict CSP (common on city CMSs) would
refuse the injected axe script.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ingest.accessibility.crawl import USER_AGENT
from ingest.accessibility.jis import AXE_TAGS

CHROMIUM = os.environ.get("CIVICPULSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
TIMEOUT_MS = 30_000
# Everything axe found, with every node, for the three kinds a conformance report needs.
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
    "resultTypes": ["violations", "incomplete", "passes"],
}
# axe's results (when options are given and axe is present) with the page's facts and DOM.
_AUDIT = """async options => {
  const ready = typeof window.axe === 'object' && typeof window.axe.run === 'function';
  const results = options && ready ? await window.axe.run(document, options) : null;
  return {
    axe: results,
    title: document.title,
    lang: document.documentElement.getAttribute('lang'),
    url: location.href,
    html: document.documentElement.outerHTML,
  };
}"""


SKIPPED_RESOURCES = frozenset({"image", "media", "font"})


def _skip_heavy_resources(route: Any) -> None:
    if route.request.resource_type in SKIPPED_RESOURCES:
        route.abort()
    else:
        route.continue_()


class BrowserUnavailableError(RuntimeError):
    """Playwright or chromium is missing; the message says what to install."""


@cache
def axe_source() -> str:
    configured = os.environ.get("CIVICPULSE_AXE_JS")
    if configured:
        return Path(configured).read_text(encoding="utf-8")
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise BrowserUnavailableError(
            "axe-core not found: install axe-playwright-python (it bundles axe.min.js) or set "
            "CIVICPULSE_AXE_JS to a local axe.min.js"
        )
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class RenderedPage:
    requested_url: str
    final_url: str
    audited_at: dt.datetime  # UTC
    http_status: int | None  # None for file:// pages
    title: str | None
    lang: str | None
    html: str  # the rendered DOM (after scripts ran), for the readability measures
    axe: dict[str, Any] | None  # axe.run()'s result, or None when the page could not be audited
    error: str | None = None


class AxeRunner:
    """`with AxeRunner() as runner: runner.audit(url)` — one browser for many pages. The
    caller paces the navigations (the crawl's RateLimiter)."""

    def __init__(self, *, timeout_ms: int = TIMEOUT_MS) -> None:
        self.timeout_ms = timeout_ms
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self._page: Any = None

    def __enter__(self) -> AxeRunner:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise BrowserUnavailableError(
                "playwright is not installed: pip install playwright (the browser itself is "
                "Debian's chromium: apt-get install -y chromium fonts-noto-cjk)"
            ) from None
        if not Path(CHROMIUM).exists():
            raise BrowserUnavailableError(
                f"{CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk "
                "(or set CIVICPULSE_CHROMIUM)"
            )
        axe_source()  # fail before launching anything when axe-core is missing
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
            )
            self._context = self._browser.new_context(
                bypass_csp=True,
                locale="ja-JP",
                user_agent=USER_AGENT,
                viewport={"width": 1280, "height": 900},
            )
            # axe goes into every document (and frame) as it is created: sent to the browser
            # once instead of ~600 KB per page, which halves the time per page, and frames get
            # their own copy, which axe needs to test inside iframes.
            self._context.add_init_script(script=axe_source())
            # Images, media and fonts are not fetched: axe needs the DOM and computed styles,
            # not the pixels (an <img> is judged by its markup; text over a background image is
            # reported incomplete either way), and the city's server is spared the bulk of the
            # bytes. Stylesheets and scripts do load: they change colours and the DOM.
            self._context.route("**/*", _skip_heavy_resources)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = self._context = self._page = None

    @property
    def browser(self) -> Any:
        """The Playwright browser (tests open plain pages on it to run axe directly)."""
        return self._browser

    def new_page(self) -> Any:
        page = self._context.new_page()
        page.set_default_timeout(self.timeout_ms)
        return page

    def audit(self, url: str) -> RenderedPage:
        """Open the page in the runner's tab and audit it. One tab serves every page (a
        navigation replaces the document; the init script re-injects axe), and one evaluate
        brings back axe's results with the page facts and DOM: on a busy 2-core machine the
        round trips to the browser, not axe itself, dominate the time per page."""
        from playwright.sync_api import Error as PlaywrightError

        audited_at = dt.datetime.now(dt.UTC)
        try:
            page = self._tab()
            response = page.goto(url, wait_until="load")
            status = response.status if response is not None and url.startswith("http") else None
            if status is not None and status >= 400:
                facts = page.evaluate(_AUDIT, None)
                return _rendered(url, audited_at, status, facts, f"HTTP {status}")
            facts = page.evaluate(_AUDIT, AXE_OPTIONS)
            if facts["axe"] is None:  # a page script replaced window.axe: inject it again
                page.add_script_tag(content=axe_source())
                facts = page.evaluate(_AUDIT, AXE_OPTIONS)
            return _rendered(url, audited_at, status, facts, None)
        except PlaywrightError as error:
            self._close_tab()  # a crashed or hung tab is not reused
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            return RenderedPage(url, url, audited_at, None, None, None, "", None, message)

    def _tab(self) -> Any:
        if self._page is None:
            self._page = self.new_page()
        return self._page

    def _close_tab(self) -> None:
        if self._page is not None:
            # The tab may already be gone with its crashed renderer.
            with contextlib.suppress(Exception):
                self._page.close()
            self._page = None


def _rendered(
    url: str, at: dt.datetime, status: int | None, facts: dict[str, Any], error: str | None
) -> RenderedPage:
    return RenderedPage(
        requested_url=url,
        final_url=facts["url"],
        audited_at=at,
        http_status=status,
        title=facts["title"] or None,
        lang=facts["lang"],
        html=facts["html"],
        axe=facts["axe"],
        error=error,
    )
