"""The audience page (オーディエンスとチャネル計画): queries, what it renders, the planner (its
input validation, its refusals below the suppression threshold, and that it is exactly
`civicpulse ml plan`), exports, deep links, missing marts, and roles over HTTP (the fixture
rows are in tests/dashboards/audience_fixture.py)."""

from __future__ import annotations

import base64
import importlib
import io
import json

import plotly.io
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from civicpulse.ml_cli import ml
from dashboards import audience_page_parts as parts
from dashboards import audience_plan as ap
from dashboards import audience_plan_view as pv
from dashboards import audience_queries as aq
from dashboards.app import create_app
from dashboards.queries import MartMissingError
from tests.dashboards.kit import Client, router_body
from warehouse.paths import HomePaths

PERIOD = ("2026-05-11", "2026-06-07")  # Monday to Sunday, four weeks


def flat(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def form(target="web:1", ages=(), areas=(), budget="300,000", period=PERIOD):
    return (target, list(ages), list(areas), budget, *period)


@pytest.fixture
def page(app):
    return importlib.import_module("dashboards.pages.audience")


# --- queries -----------------------------------------------------------------------------


def test_queries_read_the_citys_ml_marts(config):
    assert {"ml_survey_segments", "ml_model_cards"} <= aq.require(config)
    web = aq.web_segments(config)
    assert web["segment_id"].to_list() == [1, 2, 3]
    assert 99999 not in web["users"].to_list()
    reach = aq.reach(config)
    assert reach.height == 13 and reach["segment_source"][0] == "web"
    assert aq.engagement(config, None).height == 4
    assert aq.engagement(config, 1)["engaged_sessions"].to_list() == [3, 40, 20]
    assert aq.model_cards(config)["model_name"].to_list() == ["survey_segments", "web_segments"]
    assert aq.target_choices(config) == (["30-39", "60-69"], ["中央町", "港町"])
    # search campaigns only: (4,567 + 800.50 + 4,000) yen for (321 + 50 + 300) clicks
    assert aq.search_cpc(config) == pytest.approx(9367.5 / 671)


# --- rendering ---------------------------------------------------------------------------


def test_segments_reach_and_cards(page, config):
    web, survey, cards, summary, reach, reach_text, reach_table = parts.render_segments(
        config, "web", "ja"
    )
    text = flat(web)
    assert "子育て関心層" in text and "1,200" in text and "60.0%" in text
    assert "少数層" in text and "<10" in text  # segment 3 is suppressed: no size, no profile
    assert "50,000" in flat(survey) and "広報紙中心の高齢世代" in flat(survey)
    assert "web_segments-abc123" in flat(cards)
    assert summary.startswith("市民のセグメント: 調査データ (期間なし)、セグメント数 k = 2")
    assert "2025年4月1日 ～ 2025年5月1日 のデータ、セグメント数 k = 3" in summary
    assert reach.data[0].y == ("W1 子育て関心層", "W2 観光関心・市外から層")
    cells = dict(zip(reach.data[0].x, reach.data[0].text[0], strict=True))
    assert cells["自然検索"] == "80.0%" and cells["X（旧Twitter）"] == "<10"
    assert reach.data[0].colorscale  # a sequential colour scale, and the value in every cell
    assert "W1 子育て関心層 は 自然検索 (80.0%)" in reach_text
    assert "<10" in flat(reach_table) and "99999" not in flat(reach_table)
    survey_chart = parts.render_segments(config, "survey", "en")[4]
    assert survey_chart.data[0].y == ("S1 LINE中心の若い世代", "S2 広報紙中心の高齢世代")
    assert "Instagram" in survey_chart.data[0].x


def test_timing_suppresses_small_engaged_counts(page, config):
    figure, summary, table, status = parts.render_timing(config, "all", "ja")
    assert status == "時間帯は「ウェブ利用者全体」について表示しています。"
    assert summary.startswith("「ウェブ利用者全体」が最もよく見る時間帯は、火曜 9時台")
    assert "<10" in flat(table) and ">5<" not in flat(table).replace('"', "><")
    texts = [cell for row in figure.data[0].text for cell in row if cell]
    assert "<10" in texts and "5" not in texts and "60" in texts
    english = parts.render_timing(config, "1", "en")
    assert english[3] == "Timing is shown for “W1 子育て関心層”."
    assert english[1].startswith("“W1 子育て関心層” engages most on Tue 21:00 (40 engaged")


# --- the planner -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "ja", "en"),
    [
        (
            form(budget="abc"),
            "予算「abc」は数値として読めません",
            "The budget “abc” is not a number",
        ),
        (form(budget="-5"), "予算は 0 より大きい金額", "more than 0 yen"),
        (form(budget="0"), "予算は 0 より大きい金額", "more than 0 yen"),
        (form(budget=""), "予算を円で入力してください", "Enter a budget in yen"),
        (form(period=("2026-06-07", "2026-05-11")), "終了日は開始日と同じか", "on or after"),
        (form(period=("2026-05-11", "")), "YYYY-MM-DD", "YYYY-MM-DD"),
        (form(target="cells"), "年代か地区を1つ以上", "at least one age band or area"),
        (form(target="web:x"), "対象を選んでください", "Choose a target"),
    ],
)
def test_planner_validates_its_inputs(page, config, values, ja, en):
    assert ja in parts.render_plan(config, values, "ja")[0]
    out = parts.render_plan(config, values, "en")
    assert en in out[0]
    assert out[1:5] == ("—",) * 4 and out[-1] is None  # nothing computed, nothing remembered


def test_budget_forms_people_type():
    assert ap.parse_budget("300,000") == 300000
    assert ap.parse_budget("３００，０００円") == 300000
    assert ap.parse_budget("¥ 1200.5") == 1200.5
    with pytest.raises(ap.PlanInputError):
        ap.parse_budget("inf")


def test_planner_refuses_targets_below_the_threshold(page, config):
    small = form(target="cells", ages=["60-69"], areas=["港町"])  # 3 respondents
    message = parts.render_plan(config, small, "ja")[0]
    assert message.startswith("対象に当てはまる回答者が 10 人未満のため、計画を作れません")
    assert "3" not in message  # the small count itself is not shown
    assert "Fewer than 10 respondents" in parts.render_plan(config, small, "en")[0]
    suppressed = parts.render_plan(config, form(target="web:3"), "ja")[0]
    assert "人数が少ないため計画に使えません" in suppressed


def test_plan_for_a_web_segment(page, config):
    out = parts.render_plan(config, form(target="web:1"), "ja")
    status, size, reach, share, spend, target, figure, summary = out[:8]
    assert status == "予算 ¥300,000、2026年5月11日 ～ 2026年6月7日 の計画を作成しました。"
    assert size == "1,200" and target.children == "ウェブセグメント1「子育て関心層」"
    assert summary.startswith("対象の推定 1,200人のうち、")
    assert figure.data[0].orientation == "h" and all("人 (¥" in x for x in figure.data[0].text)
    ranking = flat(out[9])
    assert "検索広告" in ranking and "市ウェブサイト" in ranking
    timing = flat(out[10])  # segment 1's slots: Tue 21, Thu 9, Mon 12 (3 engaged: hidden)
    assert "火曜 21時台（エンゲージしたセッション 40件、率 80%）" in timing
    assert "<10件" in timing and " 3件" not in timing
    assumptions = flat(out[11])
    assert "対象: ウェブセグメント1「子育て関心層」、推定 1,200人" in assumptions
    assert out[-1] == {
        "target": "web:1",
        "age": None,
        "area": None,
        "budget": "300000",
        "pstart": "2026-05-11",
        "pend": "2026-06-07",
    }


def _cli_plan(home: HomePaths, target: str, budget: str) -> dict:
    result = CliRunner().invoke(
        ml,
        ["plan", "--target", target, "--budget", budget, "--start", PERIOD[0], "--end", PERIOD[1]]
        + ["--json"],
        env={"CIVICPULSE_HOME": str(home.home), "CIVICPULSE_MUNICIPALITY_CODE": "990019"},
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("choice", "ages", "areas", "target"),
    [
        ("web:1", [], [], "web:1"),
        ("survey:2", [], [], "survey:2"),
        ("all", [], [], "all"),
        ("cells", ["30-39"], ["中央町"], "age=30-39,area=中央町"),
    ],
)
def test_plan_is_exactly_civicpulse_ml_plan(config, choice, ages, areas, target):
    request = ap.parse_request(choice, ages, areas, "250000", *PERIOD)
    assert request.target == target
    plan = ap.run_plan(config, request).plan
    cli = _cli_plan(config.paths, target, "250000")
    assert cli["target"] == plan.audience.label_ja
    assert cli["audience_size"] == round(plan.audience.size)
    assert cli["total_reach"] == round(plan.total_reach)
    assert cli["total_spend_jpy"] == round(plan.total_spend)
    assert cli["channels"] == plan.ranking.to_dicts()
    assert cli["timing"] == plan.timing
    assert cli["assumptions"] == plan.assumptions
    # the page's timing lines are the planner's, with nothing below the threshold shown
    result = ap.run_plan(config, request)
    assert pv.timing_lines(result, request.start, request.end, 1, "ja") == plan.timing


# --- exports -----------------------------------------------------------------------------


def test_exports(page, config, app):
    args = ("web", "all", *form(target="web:1"))
    with app.server.test_request_context("/"):
        web_csv = parts.export_table(config, "aud-web", "csv", args, "ja")
        timing_csv = parts.export_table(config, "aud-timing", "csv", args, "en")
        ranking = parts.export_table(config, "aud-ranking", "xlsx", args, "ja")
        bad = parts.export_table(config, "aud-plan", "csv", ("web", "all", *form(budget="x")), "ja")
    text = base64.b64decode(web_csv["content"])
    assert text.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = text.decode("utf-8-sig").splitlines()
    assert rows[0] == "番号,セグメント名,利用者数,利用者の割合,所属の確からしさ (平均),プロファイル"
    assert rows[1].startswith("1,子育て関心層,1200,0.6,0.8,")
    assert rows[3].startswith("3,少数層,<10,,0.9,")  # suppressed: no size, share or profile
    assert "99999" not in text.decode("utf-8-sig")
    assert web_csv["filename"] == "civicpulse_web_segments.csv"
    timing = base64.b64decode(timing_csv["content"]).decode("utf-8-sig")
    assert "Wed,12:00,12,<10," in timing
    book = load_workbook(io.BytesIO(base64.b64decode(ranking["content"])))
    sheet = book.worksheets[0]
    assert sheet.cell(1, 2).value == "チャネル"
    # web segment 1 reaches through search (→ search ads), LINE, e-mail, and the website
    channels = {sheet.cell(row, 2).value for row in range(2, sheet.max_row + 1)}
    assert channels == {"検索広告", "LINE公式アカウント", "メール配信", "市ウェブサイト"}
    notes = [row[0] for row in book.worksheets[1].iter_rows(values_only=True)]
    assert "対象: ウェブセグメント1「子育て関心層」" in notes
    assert any(note.startswith("到達モデル:") for note in notes)
    assert ranking["filename"] == "civicpulse_channel_plan_web1_2026-05-11_2026-06-07.xlsx"
    assert bad is None
    log = (config.paths.logs / "audit.log").read_text()
    assert log.count('"event": "export"') == 3 and '"page": "audience"' in log


# --- deep links, missing marts ------------------------------------------------------------


def test_deep_link_restores_filters_and_plan(page, app):
    query = {
        "source": "survey",
        "seg": "2",
        "target": "cells",
        "age": "30-39",
        "area": "中央町|どこか",
        "budget": "120000",
        "pstart": "2026-05-11",
        "pend": "2026-05-17",
    }
    with app.server.test_request_context("/"):
        text = flat(page.layout(lang="en", **query))
    assert '"id": "aud-plan-auto", "data": true' in text
    assert '"id": "aud-source", "data": "survey"' in text
    assert '"id": "aud-ages", "data": ["30-39"]' in text
    assert '"id": "aud-areas", "data": ["中央町"]' in text  # unknown areas are dropped
    assert '"value": "120000"' in text
    assert parts.url_changes("survey", "2", {"target": "web:1", "budget": "5"}) == {
        "source": "survey",
        "seg": "2",
        "target": "web:1",
        "age": None,
        "area": None,
        "budget": "5",
        "pstart": None,
        "pend": None,
    }


@pytest.mark.parametrize("table", ["ml_segment_profiles", "ml_segment_engagement_by_hour"])
def test_missing_ml_mart_shows_a_notice(tmp_path, snap, web, table):
    home = HomePaths(tmp_path / "bare")
    snap.build(home.serving, skip_tables=(table,))
    bare = web.config(web.add_users(home))
    app = create_app(bare)
    module = importlib.import_module("dashboards.pages.audience")
    with app.server.test_request_context("/"):
        rendered = flat(module.layout())
    assert "notice-error" in rendered and f"marts.{table}" in rendered
    with pytest.raises(MartMissingError):
        aq.require(bare)


def test_page_works_without_survey_segments_and_cards(tmp_path, snap, web):
    home = HomePaths(tmp_path / "part")
    snap.build(home.serving, skip_tables=("ml_survey_segments", "ml_model_cards"))
    part = web.config(web.add_users(home))
    create_app(part)
    out = parts.render_segments(part, "web", "ja")
    assert "子育て関心層" in flat(out[0])
    assert "まだ公開されていません" in flat(out[1]) and out[3].startswith("モデルカードは")


# --- over HTTP: every role may use it, nobody without a login ------------------------------

PLAN_VALUES = {
    "aud-run.n_clicks": 1,
    "aud-plan-auto.data": False,
    "aud-target.data": "survey:1",
    "aud-ages.data": [],
    "aud-areas.data": [],
    "aud-budget.value": "200000",
    "aud-pstart.value": PERIOD[0],
    "aud-pend.value": PERIOD[1],
    "aud-state.data": {"lang": "ja"},
}


@pytest.mark.parametrize("name", ["exec", "pr", "ana", "admin"])
def test_every_role_may_open_the_page_and_plan(live_url, name):
    client = Client(live_url)
    assert client.login(name).status == 303
    page = client.post_json("/_dash-update-component", router_body("/audience", "?seg=1"))
    assert page.status == 200 and "オーディエンスとチャネル計画" in page.decoded
    nav = client.call("site-nav.children", {"url.search": "", "url.pathname": "/"})
    assert "オーディエンスとチャネル計画" in nav.decoded
    reply = client.call("aud-plan-status.children", PLAN_VALUES)
    assert reply.status == 200, reply.text
    status = reply.json()["response"]["aud-plan-status"]["children"]
    assert status == "予算 ¥200,000、2026年5月11日 ～ 2026年6月7日 の計画を作成しました。"
    assert "市民セグメント1" in reply.decoded


def test_callbacks_need_a_login_and_the_csrf_header(live_url, admin):
    body = admin.callback_body("aud-plan-status.children", PLAN_VALUES)
    anonymous = Client(live_url)
    assert anonymous.post_json("/_dash-update-component", body).status == 401
    assert anonymous.post_json("/_dash-update-component", router_body("/audience")).status == 401
    assert anonymous.get("/audience").status in (302, 303)
    assert admin.post_json("/_dash-update-component", body, csrf=False).status == 403
    export = admin.call(
        "aud-download.data",
        {"aud-web-csv.n_clicks": 1, "aud-source.data": "web", "aud-seg.data": "all"}
        | {k: v for k, v in PLAN_VALUES.items() if k not in ("aud-run.n_clicks",)},
    )
    content = base64.b64decode(export.json()["response"]["aud-download"]["data"]["content"])
    assert "子育て関心層" in content.decode("utf-8-sig")


def test_url_remembers_filters_and_the_plan(admin):
    reply = admin.call(
        "url.search@",
        {
            "aud-source.data": "survey",
            "aud-seg.data": "1",
            "aud-plan-request.data": {"target": "all", "budget": "1000", "pstart": PERIOD[0]}
            | {"pend": PERIOD[1]},
            "url.search": "?lang=en",
            "url.pathname": "/audience",
        },
    )
    assert reply.json()["response"]["url"]["search"] == (
        "?lang=en&source=survey&seg=1&target=all&budget=1000&pstart=2026-05-11&pend=2026-06-07"
    )
