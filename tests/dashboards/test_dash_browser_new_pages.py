"""The executive, channels and web pages in real headless Chromium: a filter changes what is
shown and the URL, the deep link restores it, and axe-core finds nothing (see
test_dash_browser.py for the set-up)."""

from __future__ import annotations

import re

import pytest

from tests.dashboards.browser_kit import CHROMIUM, Visit, check_axe, log_in, new_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
    ),
]


def test_executive_fiscal_year_and_kpi(visit):
    visit.open("/executive")
    visit.text_of("#exe-status", "2025年度の指標を表示しています。")
    page = visit.page
    assert page.locator("main h1").inner_text() == "経営ダッシュボード"
    cards = page.locator("#exe-cards")
    cards.get_by_text("✓ 目標達成").first.wait_for()
    assert "5,200" in cards.inner_text()
    page.locator("#exe-trend-graph .main-svg").first.wait_for()
    check_axe(page)
    page.get_by_role("button", name="2024年度").click()
    visit.text_of("#exe-status", "2024年度の指標を表示しています。")
    page.wait_for_function("!document.querySelector('#exe-cards').textContent.includes('5,200')")
    assert "4,000" in cards.inner_text()
    page.get_by_role("button", name="オンライン手続利用率").click()
    page.wait_for_url(re.compile(r"/executive\?fy=2024&kpi=online_procedure_rate$"))
    page.wait_for_function(
        "document.querySelector('#exe-trend-summary').textContent.includes('オンライン手続利用率')"
    )
    visit.open(page.url.removeprefix(visit.base))  # the deep link restores the view
    visit.text_of("#exe-status", "2024年度の指標を表示しています。")
    pressed = page.get_by_role("button", name="オンライン手続利用率")
    assert pressed.get_attribute("aria-pressed") == "true"
    assert visit.server_errors == []


def test_executive_in_english(visit):
    visit.open("/executive?lang=en&fy=2025")
    visit.text_of("#exe-status", "Showing the KPIs of FY2025.")
    assert visit.page.locator("main h1").inner_text() == "Executive dashboard"
    visit.page.locator("#exe-compare-graph .main-svg").first.wait_for()
    check_axe(visit.page)


def test_channels_family_filter(visit):
    visit.open("/channels")
    visit.text_of("#chn-status", "2025年4月1日 ～ 2025年5月1日 の数値を表示しています。")
    page = visit.page
    table = page.locator("#chn-totals-table table")
    table.wait_for()
    assert "発行部数" in table.inner_text()
    assert "合計はしません" in page.locator("#chn-reach-summary").inner_text()
    page.locator("#chn-reach-graph .main-svg").first.wait_for()
    check_axe(page)
    page.get_by_role("button", name="広告", exact=True).click()
    page.wait_for_url(re.compile(r"/channels\?start=2025-04-01&end=2025-05-01&family=ads$"))
    page.wait_for_function(
        "!document.querySelector('#chn-totals-table').textContent.includes('発行部数')"
    )
    assert "Google 広告" in table.inner_text()
    assert page.locator("#chn-reach-summary").inner_text().startswith("2 チャネル")
    assert visit.server_errors == []


def test_channels_in_english(visit):
    visit.open("/channels?lang=en&start=2025-04-02&end=2025-04-02")
    visit.text_of("#chn-status", "Showing 2 Apr 2025 to 2 Apr 2025.")
    assert "must never be added" in visit.page.locator("#chn-basis-note").inner_text()
    visit.page.locator("#chn-trend-graph .main-svg").first.wait_for()
    check_axe(visit.page)


def test_web_department_filter(visit):
    visit.open("/web")
    visit.text_of("#web-status", "すべての所属のページを表示しています。")
    page = visit.page
    overview = page.locator("#web-overview")
    page.wait_for_function("document.querySelector('#web-overview').textContent.length > 0")
    assert overview.inner_text().startswith("検査したページは 5 ページ")
    page.locator("#web-scatter-graph .main-svg").first.wait_for()
    check_axe(page)
    page.get_by_role("button", name="kosodate").click()
    visit.text_of("#web-status", "所属「kosodate」のページを表示しています。")
    page.wait_for_url(re.compile(r"/web\?dept=kosodate$"))
    assert overview.inner_text().startswith("検査したページは 2 ページ")
    assert "/bousai/hinan" not in page.locator("#web-pages-table").inner_text()
    assert visit.server_errors == []


def test_web_in_english(visit):
    visit.open("/web?lang=en&dept=__none__")
    visit.text_of("#web-status", "Showing the pages of (top level).")
    visit.page.locator("#web-jis-graph .main-svg").first.wait_for()
    check_axe(visit.page)


def test_new_pages_without_a_snapshot(browser, missing_live_url, web):
    context = new_context(browser)
    try:
        log_in(context, missing_live_url, "admin", web.PASSWORD)
        visit = Visit(context, missing_live_url)
        for path in ("/executive", "/channels", "/web"):
            visit.open(path)
            alert = visit.page.get_by_role("alert")
            alert.wait_for()
            assert "まだデータが公開されていません" in alert.inner_text()
        assert visit.server_errors == []
        check_axe(visit.page)
    finally:
        context.close()
