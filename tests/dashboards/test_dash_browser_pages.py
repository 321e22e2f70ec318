"""The campaign and SQL pages in real headless Chromium, each through axe-core (see
test_dash_browser.py for the set-up)."""

from __future__ import annotations

import re

import pytest

from tests.dashboards.browser_kit import (
    CHROMIUM,
    check_axe,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
    ),
]


# --- campaigns ------------------------------------------------------------------------------


def test_campaign_filters_update_figures_and_the_url(visit):
    visit.open("/campaigns")
    visit.text_of("#cmp-kpi-spend", "¥12,368")
    page = visit.page
    page.locator("#cmp-outcomes-graph .main-svg").first.wait_for()
    check_axe(page)
    yahoo = page.get_by_role("button", name="Yahoo! 広告")
    assert yahoo.get_attribute("aria-pressed") == "false"
    yahoo.click()
    visit.text_of("#cmp-kpi-spend", "¥300")
    visit.text_of("#cmp-kpi-conversions", "<10")
    assert yahoo.get_attribute("aria-pressed") == "true"
    page.wait_for_url(
        re.compile(r"/campaigns\?start=2025-04-01&end=2025-04-03&platform=yahoo_ads$")
    )
    # Keyboard: Tab order reaches the theme buttons; Space presses one.
    theme = page.get_by_role("button", name="子育て", exact=True)
    theme.focus()
    page.keyboard.press("Space")
    visit.text_of("#cmp-kpi-outcomes", "23")
    assert "theme=" in page.url
    # The deep link restores the same view.
    visit.open(page.url.removeprefix(visit.base))
    visit.text_of("#cmp-kpi-spend", "¥300")
    assert page.get_by_role("button", name="Yahoo! 広告").get_attribute("aria-pressed") == "true"
    assert visit.server_errors == []


def test_fiscal_year_and_english(visit):
    visit.open("/campaigns?lang=en&start=2025-04-02&end=2025-04-02")
    visit.text_of("#cmp-kpi-spend", "¥4,000")
    page = visit.page
    assert page.locator("main h1").inner_text() == "Campaigns"
    assert page.get_by_role("button", name="Custom dates").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="FY2025").click()
    visit.text_of("#cmp-kpi-spend", "¥12,368")
    assert page.locator("#cmp-start").input_value() == "2025-04-01"
    assert "not been estimated yet" in page.locator("#cmp-lift").inner_text()
    page.locator("#cmp-outcomes-graph .main-svg").first.wait_for()
    check_axe(page)


def test_hostile_campaign_names_render_inert(visit, snap):
    visit.open("/campaigns")
    visit.text_of("#cmp-kpi-spend", "¥12,368")
    page = visit.page
    table = page.locator("#cmp-campaigns-table table")
    table.wait_for()
    assert snap.SCRIPT_NAME in table.inner_text()
    assert snap.FORMULA_NAME in table.inner_text()
    scripts = page.evaluate("[...document.scripts].map(s => s.textContent).join('\\n')")
    assert "alert(1)" not in scripts
    assert page.locator("main script").count() == 0
    page.get_by_role("button", name=snap.SCRIPT_NAME).click()
    visit.text_of("#cmp-kpi-spend", "¥0")
    page.wait_for_timeout(300)
    assert visit.dialogs == []
    name, body = visit.download("#cmp-campaigns-csv")
    text = body.decode("utf-8-sig")
    assert body.startswith(b"\xef\xbb\xbf") and snap.SCRIPT_NAME in text


# --- SQL ------------------------------------------------------------------------------------


def test_sql_query_and_csv_download(visit):
    visit.open("/sql")
    page = visit.page
    page.locator("#sql-text").wait_for()
    assert page.locator("label[for=sql-text]").inner_text() == "SQL (SELECT 文 1 つ)"
    page.locator("details summary", has_text="marts.dim_campaigns").click()
    assert "target_procedure_id" in page.locator(".schema-list").inner_text()
    page.fill(
        "#sql-text",
        "select campaign_name, theme from marts.dim_campaigns order by campaign_name",
    )
    page.click("#sql-run")
    visit.text_of("#sql-grid tbody tr:nth-child(2) td:nth-child(1)", "マイナンバーカード申請促進")
    assert page.locator("#sql-status").inner_text().startswith("2 行を取得しました")
    name, body = visit.download("#sql-results-csv")
    assert name.startswith("civicpulse_sql_results_") and name.endswith(".csv")
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig") == (
        "campaign_name,theme\r\nマイナンバーカード申請促進,マイナンバー\r\n子育て支援PR,子育て\r\n"
    )
    page.fill("#sql-text", "delete from marts.dim_date")
    page.click("#sql-run")
    alert = page.get_by_role("alert")
    alert.wait_for()
    page.wait_for_function("document.querySelector('#sql-error')?.textContent.length > 0")
    assert alert.inner_text().startswith("クエリを実行できませんでした: only SELECT")
    assert visit.server_errors == []
    page.fill("#sql-text", "select * from marts.dim_date")
    page.click("#sql-run")
    visit.text_of("#sql-error", "")
    check_axe(page)


def test_sql_page_in_english(visit):
    visit.open("/sql?lang=en")
    page = visit.page
    visit.text_of("#sql-status", "Enter SQL and press Run.")
    assert page.locator("label[for=sql-text]").inner_text() == "SQL (one SELECT statement)"
    page.click("#sql-run")
    page.locator("#sql-grid td").first.wait_for()
    assert page.locator("#sql-status").inner_text().startswith("5 rows in")
    check_axe(page)
