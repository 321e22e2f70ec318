"""The campaign page: its queries, what it renders for a filter, exports and deep links."""

from __future__ import annotations

import base64
import importlib
import json
from datetime import date
from decimal import Decimal
from types import ModuleType

import duckdb
import plotly.io
import pytest
from openpyxl import load_workbook

from dashboards import campaign_queries as cq
from dashboards.app import create_app
from dashboards.config import DashboardConfig
from warehouse.paths import HomePaths

APR1, APR2, APR3 = date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3)
ALL = "__all__"
EVERYTHING = cq.CampaignFilter(APR1, APR3)


@pytest.fixture
def page(config) -> ModuleType:
    app = create_app(config)  # Dash Pages imports the page module for this app
    module = importlib.import_module("dashboards.pages.campaigns")
    module.app = app
    return module


def flat(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_dim_campaigns_is_optional(config, tmp_path, snap, web):
    assert cq.has_dim_campaigns(config)
    home = HomePaths(tmp_path / "bare")
    snap.build(home.serving, skip_tables=("dim_campaigns",))
    bare = web.config(home)
    assert not cq.has_dim_campaigns(bare)
    options = cq.filter_options(bare, with_themes=False)
    assert options["theme"].null_count() == options.height


def test_filter_options_are_the_citys(config, snap):
    options = cq.filter_options(config, with_themes=True)
    assert set(options["platform"]) == {"google_ads", "yahoo_ads"}
    assert "隣町キャンペーン" not in set(options["campaign_name"])
    assert snap.SCRIPT_NAME in set(options["campaign_name"])
    assert set(options["theme"].drop_nulls()) == {"マイナンバー", "子育て"}


def test_by_campaign_and_filters(config):
    frame = cq.by_campaign(config, EVERYTHING, with_themes=True)
    top = frame.row(0, named=True)
    assert (top["platform"], top["campaign_name"]) == ("google_ads", "マイナンバーカード申請促進")
    assert top["spend_jpy"] == Decimal("9367.50") and top["clicks"] == 671
    assert frame["spend_jpy"].sum() == Decimal("12367.75")
    yahoo = cq.by_campaign(config, cq.CampaignFilter(APR1, APR3, platform="yahoo_ads"), True)
    assert yahoo.rows() == [
        ("yahoo_ads", "子育て支援PR", "ディスプレイ", Decimal("300.00"), 5000, 20, 1.0)
    ]
    themed = cq.spend_by_platform_daily(config, cq.CampaignFilter(APR1, APR3, theme="子育て"), True)
    assert themed["spend_jpy"].sum() == pytest.approx(1500 + 1200.25 + 300)
    # Without dim_campaigns the theme is ignored rather than failing.
    unthemed = cq.spend_by_platform_daily(
        config, cq.CampaignFilter(APR1, APR3, theme="子育て"), False
    )
    assert unthemed["spend_jpy"].sum() == pytest.approx(12367.75)


def test_target_procedures_narrow_the_outcomes(config):
    f = cq.CampaignFilter(APR1, APR3, theme="子育て")
    assert cq.target_procedures(config, f, True) == [("P002", "児童手当の認定請求")]
    assert cq.target_procedures(config, EVERYTHING, True) == []
    outcomes = cq.online_outcomes_daily(config, APR1, APR3, ["P002"])
    assert outcomes.rows() == [(APR1, 10), (APR3, 13)]
    assert cq.online_outcomes_daily(config, APR1, APR3, [])["online_count"].sum() == 150


def test_filter_rejects_reversed_dates():
    with pytest.raises(ValueError):
        cq.CampaignFilter(APR3, APR1)


def test_render_everything(page, config):
    out = page.render(config, ("2025-04-01", "2025-04-03", ALL, ALL, ALL), "ja")
    kpis = out[:9]
    assert kpis == ("¥12,368", "63,545", "871", "1.4%", "¥14", "¥195", "26", "150", "¥82")
    spend_fig, outcome_fig = out[9], out[10]
    assert {trace.name for trace in spend_fig.data} == {"Google 広告", "Yahoo! 広告"}
    assert outcome_fig.data[0].y == (47, 40, 63)
    assert (
        out[11]
        == "期間中の広告費は合計 ¥12,368 です。最も多い媒体は「Google 広告」で ¥12,068 です。"
    )
    assert out[12].startswith("期間中のオンライン申請は合計 150 件です。最も多い日は 2025年4月3日")
    campaign_table = flat(out[15])
    assert "マイナンバーカード申請促進" in campaign_table and "<10" in campaign_table
    assert "すべての手続の合計" in out[16]
    assert "まだ計算されていません" in flat(out[17])
    assert out[18] == "2025年4月1日 ～ 2025年4月3日 の数値を表示しています。"


def test_render_one_platform_in_english(page, config):
    out = page.render(config, ("2025-04-01", "2025-04-03", "yahoo_ads", ALL, ALL), "en")
    assert out[:3] == ("¥300", "5,000", "20")
    assert out[6] == "<10"  # 1 conversion: a small count of people
    assert out[11].startswith("¥300 spent on ads in the period. The largest platform is Yahoo!")


def test_render_a_theme_counts_its_target_procedure(page, config):
    out = page.render(config, ("2025-04-01", "2025-04-03", ALL, ALL, "子育て"), "ja")
    assert out[0] == "¥3,000"
    assert out[7] == "23"  # P002 online applications: 10 + 13
    assert "児童手当の認定請求" in out[16]


def test_render_bad_input_gives_messages(page, config, missing_config):
    out = page.render(config, ("2025-04-03", "2025-04-01", ALL, ALL, ALL), "ja")
    assert out[0] == "—" and out[-1] == "開始日は終了日と同じか、それより前の日付にしてください。"
    out = page.render(config, ("", "2025-04-01", ALL, ALL, ALL), "en")
    assert out[-1] == "Enter the start and end dates as YYYY-MM-DD."
    out = page.render(missing_config, ("2025-04-01", "2025-04-03", ALL, ALL, ALL), "ja")
    assert "まだデータが公開されていません" in out[-1]


def test_hostile_campaign_names_stay_text(page, config, snap):
    out = page.render(config, ("2025-04-02", "2025-04-02", "google_ads", ALL, ALL), "ja")
    table = flat(out[15])
    # Dash renders strings as text nodes; the names travel as plain JSON strings.
    assert json.dumps(snap.SCRIPT_NAME) in table and json.dumps(snap.FORMULA_NAME)[1:-1] in table
    from dashboards import figures

    assert figures.plot_text(snap.SCRIPT_NAME) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_lift_section_reads_the_model_when_published(page, tmp_path, snap, web):
    home = HomePaths(tmp_path / "lift")
    snap.build(home.serving)
    con = duckdb.connect(str(home.serving))
    con.execute(
        """
        create table marts.ml_campaign_lift as select * from (values
            ('990019', 'マイナンバーカード申請促進', 0.12, 0.05, 0.19, '効果あり', 'effect'),
            ('990019', '子育て支援PR', 0.01, -0.04, 0.06, '効果は不明', 'unclear'),
            ('990027', '隣町キャンペーン', 9.0, 8.0, 10.0, 'x', 'x')
        ) t(municipality_code, campaign_name, estimate, ci_low, ci_high, verdict_ja, verdict_en)
        """
    )
    con.close()
    config = web.config(home)
    lift = cq.campaign_lift(config, None)
    assert lift is not None and lift.height == 2
    section = flat(page.render(config, ("2025-04-01", "2025-04-03", ALL, ALL, ALL), "ja")[17])
    assert "効果あり" in section and "0.12" in section and "隣町" not in section
    english = flat(
        page.render(config, ("2025-04-01", "2025-04-03", ALL, "子育て支援PR", ALL), "en")[17]
    )
    assert '"children": "unclear"' in english and '"children": "effect"' not in english
    values = ("2025-04-01", "2025-04-03", ALL, ALL, ALL)
    with page.app.server.test_request_context("/"):
        data = page.export_table(config, "cmp-lift", "csv", values, "ja")
    text = base64.b64decode(data["content"]).decode("utf-8-sig")
    assert text.splitlines()[:2] == [
        "キャンペーン,推定値,信頼区間 (下限),信頼区間 (上限),判定",
        "マイナンバーカード申請促進,0.12,0.05,0.19,効果あり",
    ]


def test_layout_follows_the_deep_link(page, config):
    with page.app.server.test_request_context("/campaigns"):
        layout = flat(
            page.layout(lang="en", start="2025-04-02", end="2025-04-03", platform="yahoo_ads")
        )
    assert '"value": "2025-04-02"' in layout and '"value": "2025-04-03"' in layout
    pressed = [
        chunk for chunk in layout.split('"type": "Button"') if '"aria-pressed": "true"' in chunk
    ]
    assert any("Yahoo! JAPAN Ads" in chunk for chunk in pressed)
    assert any('"Custom dates"' in chunk for chunk in pressed)  # not a whole fiscal year
    assert "cmp-theme-wrap" in layout and '"hidden": false' in layout


def test_layout_hides_the_theme_filter_without_dim_campaigns(tmp_path, snap, web):
    home = HomePaths(tmp_path / "bare")
    snap.build(home.serving, skip_tables=("dim_campaigns",))
    config = web.config(home)
    app = create_app(config)
    module = importlib.import_module("dashboards.pages.campaigns")
    with app.server.test_request_context("/campaigns"):
        layout = flat(module.layout())
    assert '"id": "cmp-theme-wrap", "hidden": true' in layout.replace(
        '"hidden": true, "id": "cmp-theme-wrap"', '"id": "cmp-theme-wrap", "hidden": true'
    )
    assert '"2025年度"' in layout  # whole fiscal year clipped to the data: pressed by default


def test_export_csv_and_xlsx(page, config, snap):
    values = ("2025-04-01", "2025-04-03", ALL, ALL, ALL)
    with page.app.server.test_request_context("/"):
        data = page.export_table(config, "cmp-campaigns", "csv", values, "ja")
        xlsx = page.export_table(config, "cmp-campaigns", "xlsx", values, "en")
        outcomes = page.export_table(config, "cmp-outcomes", "csv", values, "ja")
    raw = base64.b64decode(data["content"])
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert text.startswith("広告媒体,キャンペーン,種類,広告費,表示回数,クリック数")
    assert "マイナンバーカード申請促進" in text and snap.SCRIPT_NAME in text
    assert '"\'=HYPERLINK(""http://evil.example"",""x"")"' in text  # escaped, then quoted
    assert ",<10," in text  # 1 conversion is hidden ...
    assert data["filename"] == "civicpulse_delivery_by_campaign_2025-04-01_2025-04-03.csv"
    book = load_workbook(__import__("io").BytesIO(base64.b64decode(xlsx["content"])))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Platform" and book.sheetnames[1] == "Notes"
    assert base64.b64decode(outcomes["content"]).decode("utf-8-sig").splitlines()[1:] == [
        "2025-04-01,47",
        "2025-04-02,40",
        "2025-04-03,63",
    ]
    log = (config.paths.logs / "audit.log").read_text()
    assert log.count('"event": "export"') == 3 and '"page": "campaigns"' in log


def test_url_sync_callback_over_http(admin):
    reply = admin.call(
        "url.search@",
        {
            "cmp-start.value": "2025-04-02",
            "cmp-end.value": "2025-04-03",
            "cmp-platform.data": "yahoo_ads",
            "cmp-campaign.data": ALL,
            "cmp-theme.data": "子育て",
            "url.search": "?lang=en",
            "url.pathname": "/campaigns",
        },
    )
    assert reply.status == 200, reply.text
    search = reply.json()["response"]["url"]["search"]
    assert search == (
        "?lang=en&start=2025-04-02&end=2025-04-03&platform=yahoo_ads&theme=%E5%AD%90%E8%82%B2%E3%81%A6"
    )


def test_fiscal_year_choice_sets_the_dates(admin):
    reply = admin.call(
        "cmp-start.value",
        {"cmp-fy.data": "2025", "cmp-state.data": {"first": "2025-04-01", "last": "2025-04-03"}},
    )
    response = reply.json()["response"]
    assert response["cmp-start"]["value"] == "2025-04-01"
    assert response["cmp-end"]["value"] == "2025-04-03"


def test_choice_buttons_store_the_pressed_value(admin):
    deps = admin.get("/_dash-dependencies").json()
    (dep,) = [d for d in deps if d["output"].startswith("..cmp-platform.data")]
    ids = [{"type": "cmp-platform-option", "value": v} for v in (ALL, "google_ads", "yahoo_ads")]
    body = {
        "output": dep["output"],
        "outputs": [
            {"id": "cmp-platform", "property": "data"},
            [{"id": i, "property": "aria-pressed"} for i in ids],
        ],
        "inputs": [
            [
                {"id": i, "property": "n_clicks", "value": n}
                for i, n in zip(ids, (None, None, 1), strict=True)
            ]
        ],
        "state": [[{"id": i, "property": "id", "value": i} for i in ids]],
        "changedPropIds": [json.dumps(ids[2], separators=(",", ":")) + ".n_clicks"],
    }
    reply = admin.post_json("/_dash-update-component", body)
    assert reply.status == 200, reply.text
    response = reply.json()["response"]
    assert response["cmp-platform"]["data"] == "yahoo_ads"
    pressed = [response[json.dumps(i, separators=(",", ":"))]["aria-pressed"] for i in ids]
    assert pressed == ["false", "false", "true"]


def test_config_rejects_bad_limits(paths):
    with pytest.raises(ValueError, match="suppression_threshold"):
        DashboardConfig(paths=paths, municipality_code="990019", suppression_threshold=0)
    with pytest.raises(ValueError, match="secret_key"):
        DashboardConfig(paths=paths, municipality_code="990019", secret_key="short")
