"""The executive, channels and web pages: queries, what they render, exports, deep links and
missing marts (the fixture rows are in tests/dashboards/pages_fixture.py)."""

from __future__ import annotations

import base64
import importlib
import json
from datetime import date
from types import ModuleType

import plotly.io
import pytest

from dashboards import channels_queries as chq
from dashboards import executive_queries as eq
from dashboards import web_queries as wq
from dashboards.app import create_app
from dashboards.queries import MartMissingError
from tests.dashboards.kit import router_body
from warehouse.paths import HomePaths

APR1, MAY1 = date(2025, 4, 1), date(2025, 5, 1)
ALL = "__all__"


def flat(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture
def pages(app) -> dict[str, ModuleType]:
    # ``app`` (conftest): Dash Pages has imported the page modules for this app's config
    return {
        name: importlib.import_module(f"dashboards.pages.{name}")
        for name in ("executive", "channels", "web")
    }


# --- queries -----------------------------------------------------------------------------


def test_executive_queries_are_the_citys(config):
    eq.require(config)
    assert eq.fiscal_years(config) == [2025, 2024]
    months = eq.kpi_months(config, 2025)
    assert months.height == 9
    assert set(months["kpi_id"]) == {
        "web_sessions",
        "online_procedure_rate",
        "ad_cost_per_online_application",
    }
    assert 99999 not in months["kpi_value"].to_list()
    assert eq.kpi_ids(config)["kpi_id"].to_list()[0] == "ad_cost_per_online_application"


def test_channel_totals_keep_channels_apart(config):
    chq.require(config)
    assert chq.bounds(config).start == APR1 and chq.bounds(config).end == MAY1
    assert chq.families(config) == ["ads", "newsletter", "offline", "social", "web"]
    totals = chq.totals(config, APR1, MAY1, None)
    rows = {r["channel"]: r for r in totals.to_dicts()}
    assert rows["website"]["reach_or_contacts"] == 8400  # not 99999 from the neighbour
    assert rows["google_ads"]["cost_jpy"] == pytest.approx(10867.5)
    assert rows["x"]["cost_jpy"] is None
    ads = chq.totals(config, APR1, date(2025, 4, 2), "ads")
    assert ads["channel"].to_list() == ["google_ads"]
    monthly = chq.monthly(config, APR1, MAY1, "web")
    assert monthly.rows() == [
        (APR1, "web", "website", "sessions", 7400, 4350),
        (MAY1, "web", "website", "sessions", 1000, 500),
    ]


def test_web_latest_pages_join_readability_and_dim_pages(config):
    wq.require(config)
    assert wq.departments(config) == ["", "bousai", "en", "kosodate"]
    frame = wq.latest_pages(config, None, True, True)
    assert frame["page_path"].to_list()[0] == "/"  # most viewed first
    assert frame.height == 5  # one row per page: the older audit of "/" is left out
    top = frame.row(0, named=True)
    assert (top["violation_rules"], top["jreadability"], top["language"]) == (1, 3.8, "ja")
    hinan = frame.filter(frame["page_path"] == "/bousai/hinan").row(0, named=True)
    assert hinan["has_easy_japanese_version"] is True
    assert wq.latest_pages(config, "", True, True)["page_path"].to_list() == ["/"]
    bare = wq.latest_pages(config, "kosodate", False, False)
    assert bare.height == 2 and bare["jreadability"].null_count() == 2


# --- rendering ---------------------------------------------------------------------------


def test_executive_render(pages, config):
    out = pages["executive"].render(config, "2025", "web_sessions", "ja")
    cards = flat(out[0])
    assert "Webセッション数" in cards and "5,200" in cards and "✓ 目標達成" in cards
    assert "✗ 目標未達" in cards and "29.0%" in cards  # online rate 0.29 < 0.30
    assert "¥480" in cards  # lower is better: 480 <= 500
    trend, compare = out[2], out[3]
    assert trend.data[0].y == (4200.0, 4800.0, 5200.0)
    assert trend.data[1].name == "目標" and trend.data[1].line.dash == "dash"
    assert compare.data[1].y == (3000.0, 3500.0, 4000.0)
    assert (
        out[4] == "「Webセッション数」の6月の値は 5,200 で、目標 5,000 に対して ✓ 目標達成 です。"
    )
    assert out[-1] == "2025年度の指標を表示しています。"
    english = pages["executive"].render(config, "2024", "online_procedure_rate", "en")
    assert english[2].data[0].x == ("Apr", "May", "Jun")
    assert "25.0%" in flat(english[1]) and english[-1] == "Showing the KPIs of FY2024."


def test_executive_bad_year_is_a_message(pages, config):
    out = pages["executive"].render(config, None, None, "ja")
    assert out[0] is None and isinstance(out[-1], str) and out[-1]


def test_channels_render_and_suppression(pages, config):
    out = pages["channels"].render(config, ("2025-04-01", "2025-05-01", ALL), "ja")
    table = flat(out[0])
    assert "表示回数" in table and "発行部数" in table
    assert "<10" in table  # newsletter engagements: 5
    reach = out[1]
    assert "Google 広告 (表示回数)" in reach.data[0].y
    assert out[4].startswith("6 チャネルを比べています。")
    assert "Yahoo! 広告 (表示回数)" in out[5]
    ads = pages["channels"].render(config, ("2025-04-01", "2025-05-01", "ads"), "en")
    assert ads[4].startswith("2 channels compared.")
    assert pages["channels"].render(config, ("2025-05-01", "2025-04-01", ALL), "ja")[0] is None


def test_web_render(pages, config):
    out = pages["web"].render(config, ALL, "ja")
    assert out[0].startswith("検査したページは 5 ページで、そのうち 3 ページに違反があります。")
    assert "(トップ・共通)" in flat(out[1])
    assert out[3].data[0].x == (5000, 1200, 800, 300)
    assert [trace.name for trace in out[4].data] == ["適合", "不適合", "要確認"]
    assert out[6] == "5 ページの判定の合計は、適合 83、不適合 4、要確認 103 です。"
    one = pages["web"].render(config, "bousai", "en")
    assert one[0].startswith("1 pages audited") and one[-1] == "Showing the pages of bousai."


def test_exports_are_csv_and_xlsx(pages, config, app):
    with app.server.test_request_context("/"):
        data = pages["channels"].export_table(
            config, "chn-totals", "csv", ("2025-04-01", "2025-05-01", ALL), "ja"
        )
        xlsx = pages["executive"].export_table(config, "exe-kpis", "xlsx", "2025", None, "en")
        web_csv = pages["web"].export_table(config, "web-pages", "csv", "kosodate", "ja")
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    assert text.startswith("種類,チャネル,到達の数え方,到達数")
    assert "<10" in text
    assert xlsx["filename"] == "civicpulse_kpis_latest_month_2025-04-01_2026-03-31.xlsx"
    assert "/kosodate/hoiku" in base64.b64decode(web_csv["content"]).decode("utf-8-sig")
    assert web_csv["filename"] == "civicpulse_pages_latest_audit_kosodate.csv"
    log = (config.paths.logs / "audit.log").read_text()
    assert log.count('"event": "export"') == 3


# --- missing marts and HTTP --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "table", "query"),
    [
        ("executive", "rpt_kpi_monthly", {}),
        ("channels", "fct_channel_daily", {}),
        ("web", "fct_page_accessibility", {}),
    ],
)
def test_missing_mart_shows_a_notice(tmp_path, snap, web, page, table, query):
    home = HomePaths(tmp_path / "bare")
    snap.build(home.serving, skip_tables=(table,))
    bare = web.config(web.add_users(home))
    app = create_app(bare)
    module = importlib.import_module(f"dashboards.pages.{page}")
    with app.server.test_request_context("/"):
        rendered = flat(module.layout(**query))
    assert "notice-error" in rendered and f"marts.{table}" in rendered
    with pytest.raises(MartMissingError):
        {"executive": eq, "channels": chq, "web": wq}[page].require(bare)


def test_web_page_works_without_readability_and_dim_pages(tmp_path, snap, web):
    home = HomePaths(tmp_path / "part")
    snap.build(home.serving, skip_tables=("fct_page_readability", "dim_pages"))
    part = web.config(web.add_users(home))
    create_app(part)
    out = importlib.import_module("dashboards.pages.web").render(part, ALL, "ja")
    assert out[0].startswith("検査したページは 5 ページ") and "平均は — です" in out[0]
    assert out[3].data == ()  # no readability: the scatter is empty, the JIS chart is not
    assert len(out[4].data) == 3


@pytest.mark.parametrize(
    ("path", "search", "expected"),
    [
        ("/executive", "?fy=2024&kpi=online_procedure_rate", "経営ダッシュボード"),
        ("/channels", "?lang=en&family=ads", "Channels"),
        ("/web", "?dept=kosodate", "Webとアクセシビリティ"),
    ],
)
def test_pages_route_over_http(admin, path, search, expected):
    reply = admin.post_json("/_dash-update-component", router_body(path, search))
    assert reply.status == 200, reply.text
    assert expected in reply.decoded


def test_url_sync_callbacks(admin):
    reply = admin.call(
        "url.search@",
        {
            "exe-fy.data": "2024",
            "exe-kpi.data": "web_sessions",
            "url.search": "?lang=en",
            "url.pathname": "/executive",
        },
    )
    assert reply.json()["response"]["url"]["search"] == "?lang=en&fy=2024&kpi=web_sessions"
    reply = admin.call(
        "url.search@",
        {
            "chn-start.value": "2025-04-01",
            "chn-end.value": "2025-04-02",
            "chn-family.data": "ads",
            "url.search": "",
            "url.pathname": "/channels",
        },
    )
    assert reply.json()["response"]["url"]["search"] == (
        "?start=2025-04-01&end=2025-04-02&family=ads"
    )
    reply = admin.call(
        "url.search@",
        {"web-dept.data": "__none__", "url.search": "", "url.pathname": "/web"},
    )
    assert reply.json()["response"]["url"]["search"] == "?dept=__none__"


def test_nav_lists_the_new_pages(admin):
    reply = admin.call("site-nav.children", {"url.search": "", "url.pathname": "/"})
    text = reply.decoded
    for name in ("経営ダッシュボード", "情報発信チャネル", "Webとアクセシビリティ"):
        assert name in text
