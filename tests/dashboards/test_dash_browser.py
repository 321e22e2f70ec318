"""The overview page in real headless Chromium (Debian's /usr/bin/chromium via Playwright).

axe-core: run when a copy is found (env CIVICPULSE_AXE_JS, or an axe.min.js bundled by a
package in this virtualenv, e.g. axe-playwright-python); otherwise the axe tests skip and
say so. The rest of this module only skips when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
    ),
]


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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page plus what it requested: every URL, and any response that was a server error."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        self.page.set_default_timeout(TIMEOUT_MS)
        self.requests: list[str] = []
        self.server_errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "response",
            lambda r: self.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    def text_of(self, selector: str, expected: str) -> None:
        """Wait until the element's text is ``expected``."""
        locator = self.page.locator(selector)
        locator.wait_for()
        self.page.wait_for_function(
            "([sel, want]) => document.querySelector(sel)?.textContent === want",
            arg=[selector, expected],
        )

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base)]

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser, live_url) -> Iterator[Visit]:
    v = Visit(browser, live_url)
    yield v
    v.close()


def test_overview_shows_the_fixture_numbers(visit, snap):
    want = snap.EXPECTED["all"]
    visit.open("/")
    visit.text_of("#kpi-sessions", want["sessions_text"])
    visit.text_of("#kpi-ad-spend", want["spend_text"])
    visit.text_of("#kpi-clicks", want["clicks_text"])
    visit.text_of("#kpi-online-applications", "150")
    visit.text_of("#kpi-online-share", want["online_share_pct"])
    page = visit.page
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.title() == "civicpulse みどり市"
    assert page.locator("main h1").inner_text() == "概要"
    assert page.locator("label[for=start-date]").inner_text() == "開始日"
    assert (
        page.locator("#sessions-summary")
        .inner_text()
        .startswith("期間中のセッション数は合計 7,400 件です。")
    )
    page.locator("#sessions-graph .main-svg").first.wait_for()
    assert visit.outside_requests() == []
    assert visit.server_errors == []
    assert page.url == visit.base + "/"  # loading the page pushes no history entry


def test_changing_dates_updates_kpis_and_url(visit, snap):
    want = snap.EXPECTED["2025-04-02"]
    visit.open("/")
    visit.text_of("#kpi-sessions", snap.EXPECTED["all"]["sessions_text"])
    visit.page.fill("#start-date", "2025-04-02")
    visit.page.fill("#end-date", "2025-04-02")
    visit.text_of("#kpi-sessions", want["sessions_text"])
    visit.text_of("#kpi-ad-spend", want["spend_text"])
    visit.text_of("#kpi-online-share", want["online_share_pct"])
    visit.page.wait_for_url(re.compile(r"\?start=2025-04-02&end=2025-04-02$"))
    # The table alternative follows the filter too.
    visit.page.locator("#applications-table summary, .chart-table summary").nth(2).click()
    table = visit.page.locator("#applications-table table")
    assert "2025-04-02" in table.inner_text() and "2025-04-01" not in table.inner_text()
    assert visit.server_errors == []


def test_start_after_end_explains_instead_of_failing(visit):
    visit.open("/?start=2025-04-03&end=2025-04-01")
    visit.text_of("#status", "開始日は終了日と同じか、それより前の日付にしてください。")
    visit.text_of("#kpi-sessions", "—")
    assert visit.server_errors == []


def test_deep_link_in_english_and_switching_back(visit, snap):
    visit.open("/?lang=en&start=2025-04-02&end=2025-04-02")
    visit.text_of("#kpi-sessions", snap.EXPECTED["2025-04-02"]["sessions_text"])
    page = visit.page
    assert page.locator("main h1").inner_text() == "Overview"
    page.wait_for_function("document.documentElement.lang === 'en'")
    visit.text_of("#lang-link", "日本語")
    href = page.locator("#lang-link").get_attribute("href")
    assert href == "/?start=2025-04-02&end=2025-04-02"
    page.locator("#lang-link").click()
    page.wait_for_function("document.querySelector('main h1')?.textContent === '概要'")
    page.wait_for_function("document.documentElement.lang === 'ja'")
    visit.text_of("#kpi-sessions", snap.EXPECTED["2025-04-02"]["sessions_text"])
    assert page.locator("#start-date").input_value() == "2025-04-02"
    assert visit.server_errors == []


def test_missing_snapshot_shows_a_friendly_message(browser, missing_live_url):
    visit = Visit(browser, missing_live_url)
    try:
        visit.open("/")
        alert = visit.page.get_by_role("alert")
        alert.wait_for()
        assert "まだデータが公開されていません" in alert.inner_text()
        assert visit.server_errors == []
    finally:
        visit.close()


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


@pytest.mark.parametrize("path", ["/", "/?lang=en"])
def test_axe_finds_no_violations(browser, live_url, path):
    axe_js = find_axe()
    if axe_js is None:
        pytest.skip(
            "axe-core not available: set CIVICPULSE_AXE_JS to axe.min.js "
            "(npm axe-core) or install a package that bundles it (axe-playwright-python)"
        )
    visit = Visit(browser, live_url)
    try:
        visit.open(path)
        visit.page.wait_for_function(
            "document.querySelector('#kpi-sessions')?.textContent === '7,400'"
        )
        visit.page.locator("#applications-graph .main-svg").first.wait_for()
        # Open the table alternatives so axe checks them too.
        for summary in visit.page.locator(".chart-table summary").all():
            summary.click()
        violations = run_axe(visit.page, axe_js)
        assert violations == [], describe(violations)
    finally:
        visit.close()


def test_axe_on_the_missing_snapshot_page(browser, missing_live_url):
    axe_js = find_axe()
    if axe_js is None:
        pytest.skip("axe-core not available (see test_axe_finds_no_violations)")
    visit = Visit(browser, missing_live_url)
    try:
        visit.open("/")
        visit.page.get_by_role("alert").wait_for()
        violations = run_axe(visit.page, axe_js)
        assert violations == [], describe(violations)
    finally:
        visit.close()
