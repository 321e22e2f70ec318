"""Browser helpers for the dashboard tests: Debian chromium through Playwright, a logged-in
context, page visits that record requests, server errors and dialogs, and axe-core."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


def find_axe() -> Path | None:
    """axe-core's browser bundle: $CIVICPULSE_AXE_JS, else one shipped inside this venv."""
    configured = os.environ.get("CIVICPULSE_AXE_JS")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise FileNotFoundError(f"CIVICPULSE_AXE_JS={configured} is not a file")
        return path
    for site in {Path(p) for p in sys.path if p.endswith("site-packages")}:
        found = sorted(site.glob("*/axe.min.js")) + sorted(site.glob("*/*/axe.min.js"))
        if found:
            return found[0]
    return None


def new_context(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="ja-JP",
        bypass_csp=True,
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def log_in(context, base: str, name: str, password: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.close()


class Visit:
    """A page plus what it requested: every URL, and any response that was a server error."""

    def __init__(self, context, base: str) -> None:
        self.base = base
        self.page = context.new_page()
        self.requests: list[str] = []
        self.server_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "response",
            lambda r: self.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    def text_of(self, selector: str, expected: str) -> None:
        """Wait until the element's text is ``expected`` (it may be empty, hence invisible)."""
        self.page.locator(selector).first.wait_for(state="attached")
        self.page.wait_for_function(
            "([sel, want]) => document.querySelector(sel)?.textContent === want",
            arg=[selector, expected],
        )

    def outside_requests(self) -> list[str]:
        local = (self.base, f"blob:{self.base}", "data:")
        return [url for url in self.requests if not url.startswith(local)]

    def download(self, selector: str) -> tuple[str, bytes]:
        with self.page.expect_download() as caught:
            self.page.click(selector)
        download = caught.value
        return download.suggested_filename, Path(download.path()).read_bytes()

    def close(self) -> None:
        self.page.close()


def run_axe(page, axe_js: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], "
        "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
        "'wcag22aa', 'best-practice']}})"
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


def check_axe(page, open_details: bool = True) -> None:
    """axe-core finds no violation on the page as it is now (table alternatives and the schema
    browser opened first, so they are checked too). Called at the end of the functional tests
    so every page is checked without loading it twice; without axe-core the test is reported
    as skipped (after its other checks passed)."""
    axe_js = find_axe()
    if axe_js is None:
        pytest.skip(
            "functional checks passed; axe-core not available: set CIVICPULSE_AXE_JS to "
            "axe.min.js (npm axe-core) or install axe-playwright-python"
        )
    if open_details:
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    violations = run_axe(page, axe_js)
    assert violations == [], describe(violations)
