"""Pure figure builders, summaries and number formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import plotly.graph_objects as go
import polars as pl
import pytest

from dashboards import figures, summaries
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, fmt_yen

D1, D2 = date(2025, 4, 1), date(2025, 4, 2)

WEB = pl.DataFrame(
    {
        "activity_date": [D1, D1, D2, D2],
        "channel_group": ["Direct", "Organic Search", "Direct", "Organic Search"],
        "sessions": [200, 1500, 300, 2000],
    }
)
ADS = pl.DataFrame(
    {
        "activity_date": [D1, D1, D2],
        "campaign_name": [
            "マイナンバーカード申請促進",
            "子育て支援PR",
            "マイナンバーカード申請促進",
        ],
        "impressions": [13345, 20000, 10000],
        "clicks": [371, 100, 300],
        "spend_jpy": [Decimal("5367.50"), Decimal("1500.00"), Decimal("4000.00")],
        "conversions": [14.0, 1.0, 10.0],
    },
    schema_overrides={"spend_jpy": pl.Decimal(18, 2)},
)
OUTCOMES = pl.DataFrame(
    {"activity_date": [D1, D2], "online_count": [47, 40], "counter_count": [150, 100]}
)


def test_sessions_figure_has_one_styled_line_per_channel():
    fig = figures.sessions_by_channel_figure(WEB, "ja")
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == "チャネル別セッション数の推移"
    assert fig.layout.yaxis.title.text == "セッション数"
    assert fig.layout.xaxis.title.text == "日付"
    names = [trace.name for trace in fig.data]
    assert names == ["自然検索", "ダイレクト"]  # largest first, Japanese labels
    assert list(fig.data[0].y) == [1500, 2000]
    # Not by colour alone: dash pattern and marker differ too.
    assert fig.data[0].line.dash != fig.data[1].line.dash
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol
    assert {trace.line.color for trace in fig.data} <= set(figures.OKABE_ITO)


def test_sessions_figure_in_english():
    fig = figures.sessions_by_channel_figure(WEB, "en")
    assert fig.layout.title.text == "Sessions by channel group"
    assert fig.layout.xaxis.title.text == "Date"
    assert [trace.name for trace in fig.data] == ["Organic Search", "Direct"]


def test_ad_spend_figure_labels_every_bar():
    fig = figures.ad_spend_by_campaign_figure(ADS, "ja")
    assert fig.layout.title.text == "キャンペーン別広告費"
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    # Largest on top: plotly draws the last category at the top.
    assert list(bar.y) == ["子育て支援PR", "マイナンバーカード申請促進"]
    assert list(bar.x) == [1500.0, 9367.5]
    assert list(bar.text) == ["¥1,500", "¥9,368"]
    assert fig.layout.xaxis.title.text == "広告費 (円)"


def test_applications_figure_online_and_counter():
    fig = figures.applications_figure(OUTCOMES, "ja")
    assert fig.layout.title.text == "オンライン申請と窓口申請の推移"
    assert [trace.name for trace in fig.data] == ["オンライン申請", "窓口申請"]
    assert list(fig.data[0].y) == [47, 40]
    assert list(fig.data[1].y) == [150, 100]
    assert fig.data[0].line.dash == "solid" and fig.data[1].line.dash == "dash"
    assert fig.layout.xaxis.dtick == figures.DAY_MS  # two days: one tick per day


@pytest.mark.parametrize(
    "build, frame",
    [
        (figures.sessions_by_channel_figure, WEB.clear()),
        (figures.ad_spend_by_campaign_figure, ADS.clear()),
        (figures.applications_figure, OUTCOMES.clear()),
    ],
)
def test_empty_data_gives_a_titled_figure_that_says_so(build, frame):
    fig = build(frame, "ja")
    assert len(fig.data) == 0
    assert fig.layout.title.text
    assert fig.layout.annotations[0].text == "この期間のデータはありません。"


def test_figures_serialise_to_json():
    for fig in (
        figures.sessions_by_channel_figure(WEB, "ja"),
        figures.ad_spend_by_campaign_figure(ADS, "en"),
        figures.applications_figure(OUTCOMES, "ja"),
    ):
        assert fig.to_json()


def test_summaries_state_totals_and_leaders():
    assert summaries.sessions_summary(WEB, "ja") == (
        "期間中のセッション数は合計 4,000 件です。最も多いチャネルは「自然検索」で 3,500 件です。"
    )
    assert "¥10,868" in summaries.ad_spend_summary(ADS, "ja")
    assert "マイナンバーカード申請促進" in summaries.ad_spend_summary(ADS, "ja")
    assert summaries.applications_summary(OUTCOMES, "en") == (
        "337 applications in the period, of which 87 online (25.8%)."
    )
    assert summaries.sessions_summary(WEB.clear(), "ja") == "この期間のデータはありません。"


def test_table_rows_are_display_text():
    assert summaries.sessions_table_rows(WEB, "ja") == [
        ("自然検索", "3,500"),
        ("ダイレクト", "500"),
    ]
    assert summaries.ad_spend_table_rows(ADS) == [
        ("マイナンバーカード申請促進", "¥9,368", "671"),
        ("子育て支援PR", "¥1,500", "100"),
    ]
    assert summaries.applications_table_rows(OUTCOMES) == [
        ("2025-04-01", "47", "150", "23.9%"),
        ("2025-04-02", "40", "100", "28.6%"),
    ]


def test_number_formatting_is_japanese_style():
    assert fmt_int(1234) == "1,234"
    assert fmt_int(1234567.5) == "1,234,568"
    assert fmt_int(None) == "—"
    assert fmt_yen(Decimal("12067.75")) == "¥12,068"
    assert fmt_yen(0) == "¥0"
    assert fmt_yen(-1500) == "-¥1,500"
    assert fmt_pct(150 / 510) == "29.4%"
    assert fmt_pct(None) == "—"
    assert fmt_pct(float("nan")) == "—"
    assert fmt_date(date(2025, 4, 1), "ja") == "2025年4月1日"
    assert fmt_date(date(2025, 4, 1), "en") == "1 Apr 2025"
