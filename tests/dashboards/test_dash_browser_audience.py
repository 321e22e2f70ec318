"""The audience page in real headless Chromium: a filter changes the chart and the URL, the
planner refuses a bad budget and then makes a plan, its CSV downloads with the plan's rows,
a deep link runs a plan in English, and axe-core finds nothing (see test_dash_browser.py for
the set-up)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.dashboards.browser_kit import CHROMIUM, check_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian chromium at /usr/bin/chromium "
        "(apt-get install -y chromium fonts-noto-cjk)",
    ),
]


def test_filters_planner_and_csv(visit):
    visit.open("/audience")
    visit.text_of("#aud-status", "時間帯は「ウェブ利用者全体」について表示しています。")
    page = visit.page
    assert page.locator("main h1").inner_text() == "オーディエンスとチャネル計画"
    page.locator("#aud-web-table table").wait_for()
    assert "子育て関心層" in page.locator("#aud-web-table").inner_text()
    page.locator("#aud-reach-graph .main-svg").first.wait_for()
    summary = page.locator("#aud-reach-summary")
    assert summary.inner_text().startswith("ウェブのセグメントごとに")
    # a filter: the reach chart switches to the citizen segments, and the URL says so
    page.get_by_role("button", name="市民のセグメント", exact=True).click()
    page.wait_for_url(re.compile(r"/audience\?source=survey$"))
    page.wait_for_function(
        "document.querySelector('#aud-reach-summary').textContent.startsWith('市民のセグメント')"
    )
    # the planner: a budget that is not a number is refused with a message
    target = page.get_by_role("group", name="対象", exact=True)
    target.get_by_role("button", name="W1 子育て関心層").click()
    page.fill("#aud-budget", "たくさん")
    page.click("#aud-run")
    page.wait_for_function(
        "document.querySelector('#aud-plan-status').textContent.includes('数値として読めません')"
    )
    page.fill("#aud-budget", "300,000")
    page.fill("#aud-pstart", "2026-05-11")
    page.fill("#aud-pend", "2026-06-07")
    page.click("#aud-run")
    visit.text_of(
        "#aud-plan-status", "予算 ¥300,000、2026年5月11日 ～ 2026年6月7日 の計画を作成しました。"
    )
    page.wait_for_url(re.compile(r"target=web%3A1&budget=300000&pstart=2026-05-11"))
    assert page.locator("#aud-kpi-size").inner_text() == "1,200"
    assert "火曜 21時台" in page.locator("#aud-plan-timing").inner_text()
    assert "到達モデル" in page.locator("#aud-plan-assumptions").inner_text()
    page.locator("#aud-plan-graph .main-svg").first.wait_for()
    name, content = visit.download("#aud-ranking-csv")
    assert name == "civicpulse_channel_plan_web1_2026-05-11_2026-06-07.csv"
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:5] == [
        "順位",
        "チャネル",
        "到達可能率",
        "到達可能な人数",
        "1,000円あたりの到達人数",
    ]
    assert {row[1] for row in rows[1:]} == {
        "検索広告",
        "LINE公式アカウント",
        "メール配信",
        "市ウェブサイト",
    }
    assert visit.server_errors == [] and visit.dialogs == []
    check_axe(page)


def test_deep_link_plan_in_english(visit):
    visit.open(
        "/audience?lang=en&seg=1&target=cells&age=30-39&area=%E4%B8%AD%E5%A4%AE%E7%94%BA"
        "&budget=100000&pstart=2026-05-11&pend=2026-05-17"
    )
    visit.text_of(
        "#aud-plan-status", "Plan made for a budget of ¥100,000, 11 May 2026 to 17 May 2026."
    )
    page = visit.page
    assert page.locator("main h1").inner_text() == "Audience & channel planning"
    visit.text_of("#aud-status", "Timing is shown for “W1 子育て関心層”.")
    assert page.locator("#aud-ages-option, [aria-pressed='true']").count() >= 3
    assert "30-39歳 × 中央町" in page.locator("#aud-plan-target").inner_text()
    page.locator("#aud-timing-graph .main-svg").first.wait_for()
    assert visit.server_errors == []
    check_axe(page)


def test_small_target_is_refused_in_the_browser(visit):
    visit.open(
        "/audience?target=cells&age=60-69&area=%E6%B8%AF%E7%94%BA"
        "&budget=100000&pstart=2026-05-11&pend=2026-05-17"
    )
    visit.page.wait_for_function(
        "document.querySelector('#aud-plan-status')?.textContent.includes('10 人未満')"
    )
    assert visit.page.locator("#aud-kpi-reach").inner_text() == "—"
    assert visit.server_errors == []
