"""The overview, login, logout, the 403 page and the CSP in real headless Chromium (Debian's
/usr/bin/chromium via Playwright), each page through axe-core.

axe-core: found via env CIVICPULSE_AXE_JS or an axe.min.js bundled by a package in this
virtualenv (axe-playwright-python); without it the axe step reports the test as skipped after
its other checks. The module only skips when /usr/bin/chromium is absent. One browser per
module and one logged-in context (shared cache) keep it quick; those contexts bypass the CSP
so Playwright and axe may evaluate scripts, and the last test checks the pages under the real
policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.dashboards.browser_kit import (
    CHROMIUM,
    TIMEOUT_MS,
    Visit,
    check_axe,
    log_in,
    new_context,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
    ),
]


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
    assert page.locator("#account-name").inner_text() == "admin (管理者)"
    nav = page.locator("#site-nav").inner_text()
    assert "キャンペーン効果" in nav and "SQL 分析" in nav
    assert visit.outside_requests() == []
    assert visit.server_errors == []
    assert page.url == visit.base + "/"  # loading the page pushes no history entry
    page.locator("#applications-graph .main-svg").first.wait_for()
    check_axe(page)


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
    visit.page.locator(".chart-table summary").nth(2).click()
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
    visit.text_of("#account-name", "admin (Administrator)")
    page.locator("#applications-graph .main-svg").first.wait_for()
    check_axe(page)
    href = page.locator("#lang-link").get_attribute("href")
    assert href == "/?start=2025-04-02&end=2025-04-02"
    page.locator("#lang-link").click()
    page.wait_for_function("document.querySelector('main h1')?.textContent === '概要'")
    page.wait_for_function("document.documentElement.lang === 'ja'")
    visit.text_of("#kpi-sessions", snap.EXPECTED["2025-04-02"]["sessions_text"])
    assert page.locator("#start-date").input_value() == "2025-04-02"
    assert visit.server_errors == []


def test_overview_exports_csv_and_png(visit):
    visit.open("/")
    visit.text_of("#kpi-sessions", "7,400")
    name, body = visit.download("#sessions-csv")
    assert name == "civicpulse_sessions_by_channel_2025-04-01_2025-04-03.csv"
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").split("\r\n")[:3] == [
        "チャネル,セッション数",
        "自然検索,6500",
        "ダイレクト,900",
    ]
    visit.page.locator("#applications-graph .main-svg").first.wait_for()
    name, body = visit.download("#applications-png")
    assert name == "civicpulse_applications.png" and body.startswith(b"\x89PNG\r\n\x1a\n")
    assert visit.outside_requests() == []


def test_pr_staff_sees_no_sql_page(browser, live_url, web):
    context = new_context(browser)
    try:
        log_in(context, live_url, "pr", web.PASSWORD)
        visit = Visit(context, live_url)
        visit.open("/")
        visit.text_of("#account-name", "pr (広報担当)")
        assert "SQL" not in visit.page.locator("#site-nav").inner_text()
        response = visit.page.goto(live_url + "/sql")
        assert response is not None and response.status == 403
        assert visit.page.locator("h1").inner_text() == "表示する権限がありません"
    finally:
        context.close()


def test_login_returns_to_the_page_asked_for_and_logout(browser, live_url, web):
    context = new_context(browser)
    try:
        visit = Visit(context, live_url)
        visit.open("/campaigns?lang=en")
        page = visit.page
        assert page.locator("h1").inner_text() == "Log in"
        assert page.evaluate("document.documentElement.lang") == "en"
        page.fill("#username", "exec")
        page.fill("#password", "not the right one")
        page.click("button[type=submit]")
        assert "not correct" in page.get_by_role("alert").inner_text()
        assert page.locator("#password").get_attribute("aria-invalid") == "true"
        page.fill("#password", web.PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_url}/campaigns?lang=en")
        visit.text_of("#cmp-kpi-spend", "¥12,368")
        page.click("#logout-button")
        page.wait_for_url(re.compile(r"/login\?lang=en$"))
        visit.open("/")
        assert page.url.startswith(f"{live_url}/login")
    finally:
        context.close()


def test_missing_snapshot_shows_a_friendly_message(browser, missing_live_url, web):
    context = new_context(browser)
    try:
        log_in(context, missing_live_url, "admin", web.PASSWORD)
        visit = Visit(context, missing_live_url)
        for path in ("/sql", "/campaigns", "/"):
            visit.open(path)
            alert = visit.page.get_by_role("alert")
            alert.wait_for()
            assert "まだデータが公開されていません" in alert.inner_text()
        assert visit.server_errors == []
        check_axe(visit.page)
    finally:
        context.close()


def test_logged_out_pages_and_the_403_page(browser, live_url, web):
    """The login page (Japanese, English, with an error) and the 403 page, each through axe."""
    context = new_context(browser)
    try:
        visit = Visit(context, live_url)
        page = visit.page
        visit.open("/")
        assert page.url == f"{live_url}/login?next=%2F"
        assert page.locator("h1").inner_text() == "ログイン"
        check_axe(page)
        page.click("#lang-link")
        page.wait_for_url(re.compile(r"/login\?lang=en"))
        assert page.locator("label[for=username]").inner_text() == "User name"
        check_axe(page)
        page.fill("#username", "admin")
        page.fill("#password", "wrong password here")
        page.click("button[type=submit]")
        assert "not correct" in page.get_by_role("alert").inner_text()
        check_axe(page)
        log_in(context, live_url, "exec", web.PASSWORD)
        response = page.goto(live_url + "/sql")
        assert response is not None and response.status == 403
        check_axe(page)
    finally:
        context.close()


def test_pages_work_under_the_real_content_security_policy(browser, live_url, web):
    """No CSP bypass here: every page renders, charts draw, filters, SQL and the PNG export
    work, and Chromium reports no CSP violation (no CDN, no eval, no unlisted inline script)."""
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.goto(f"{live_url}/login?next=/campaigns")
        page.fill("#username", "ana")
        page.fill("#password", web.PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("#cmp-kpi-spend")).to_have_text("¥12,368")
        page.get_by_role("button", name="Google 広告").click()
        expect(page.locator("#cmp-kpi-spend")).to_have_text("¥12,068")
        page.locator("#cmp-spend-graph .main-svg").first.wait_for()
        with page.expect_download() as caught:
            page.click("#cmp-spend-png")
        assert Path(caught.value.path()).read_bytes().startswith(b"\x89PNG")
        page.get_by_role("link", name="概要").click()
        expect(page.locator("#kpi-sessions")).to_have_text("7,400")
        page.locator("#sessions-graph .main-svg").first.wait_for()
        page.get_by_role("link", name="SQL 分析").click()
        page.click("#sql-run")
        expect(page.locator("#sql-status")).to_contain_text("行を取得しました")
        page.click("#lang-link")
        expect(page.locator("main h1")).to_have_text("SQL")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert problems == []
    finally:
        context.close()
