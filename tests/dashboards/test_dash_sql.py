"""The SQL page: schema browser, the sandboxed run, limits, errors, export and audit."""

from __future__ import annotations

import base64
import importlib
import json
from datetime import date
from decimal import Decimal
from types import ModuleType

import duckdb
import pytest

from dashboards import queries
from dashboards.app import create_app
from warehouse.paths import HomePaths
from warehouse.sandbox import QueryResult


@pytest.fixture
def page(config) -> ModuleType:
    app = create_app(config)
    module = importlib.import_module("dashboards.pages.sql")
    module.app = app
    return module


def run(page, config, sql: str, lang: str = "ja"):
    with page.app.server.test_request_context("/"):
        return page.run(config, sql, lang)


def audit_events(config) -> list[dict]:
    path = config.paths.logs / "audit.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_schema_catalog_lists_the_marts_with_descriptions(config, tmp_path, snap, web):
    catalog = queries.schema_catalog(config)
    tables = set(zip(catalog["table_schema"], catalog["table_name"], strict=True))
    assert ("marts", "fct_ad_performance_daily") in tables and ("marts", "dim_date") in tables
    home = HomePaths(tmp_path / "docs")
    snap.build(home.serving)
    con = duckdb.connect(str(home.serving))
    con.execute("comment on table marts.dim_date is 'One row per calendar day.'")
    con.execute("comment on column marts.dim_date.fiscal_year is '年度 (April–March)'")
    con.close()
    described = queries.schema_catalog(web.config(home)).filter(
        (catalog["table_name"] == "dim_date") & (catalog["column_name"] == "fiscal_year")
    )
    assert described.row(0, named=True)["column_comment"] == "年度 (April–March)"
    assert described.row(0, named=True)["table_comment"] == "One row per calendar day."


def test_layout_has_the_schema_browser_and_a_labelled_editor(page, config):
    with page.app.server.test_request_context("/sql"):
        from flask import g

        from dashboards.users import User

        g.civicpulse_user = User("ana", "analyst")
        layout = json.dumps(page.layout(), default=lambda c: c.to_plotly_json(), ensure_ascii=False)
        g.civicpulse_user = User("pr", "pr_staff")
        refused = json.dumps(
            page.layout(), default=lambda c: c.to_plotly_json(), ensure_ascii=False
        )
    assert "marts.fct_ad_performance_daily" in layout and "spend_jpy" in layout
    assert '"htmlFor": "sql-text"' in layout and '"id": "sql-text"' in layout
    assert "最大 10,000 行" in layout and "30 秒" in layout
    assert "sql-text" not in refused and "analyst" in refused


def test_run_returns_a_grid_and_audits(page, config):
    data, columns, status, error, last = run(
        page,
        config,
        "select campaign_name, sum(spend_jpy) as spend_jpy, min(activity_date) as first_day "
        "from marts.fct_ad_performance_daily where municipality_code = '990019' "
        "group by 1 order by 2 desc",
    )
    assert error == "" and last.startswith("select campaign_name")
    assert [c["name"] for c in columns] == ["campaign_name", "spend_jpy", "first_day"]
    assert data[0] == {"c0": "マイナンバーカード申請促進", "c1": "9367.50", "c2": "2025-04-01"}
    assert status.startswith("4 行を取得しました")
    (event,) = audit_events(config)
    assert event["event"] == "sql_query" and event["ok"] is True and event["rows"] == 4


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("drop table marts.dim_date", "only SELECT"),
        ("select 1; select 2", "exactly one statement"),
        ("selec 1", "syntax error"),
        ("select * from read_csv('/etc/passwd')", "disabled"),
        ("select * from marts.nope", "nope"),
    ],
)
def test_refused_queries_explain_why(page, config, sql, reason):
    data, columns, status, error, last = run(page, config, sql)
    assert (data, columns, last) == ([], [], None)
    assert error.startswith("クエリを実行できませんでした: ") and reason in error
    (event,) = audit_events(config)
    assert event["ok"] is False and event["sql"] == sql


def test_english_prefix_and_empty_input(page, config):
    assert run(page, config, "selec 1", "en")[3].startswith("The query could not be run: ")
    assert run(page, config, "   ", "ja")[3] == "SQL を入力してください。"


def test_row_and_time_limits(config, web, tmp_path):
    small = web.config(config.paths, sql_max_rows=3, sql_timeout_seconds=0.3)
    app = create_app(small)
    page = importlib.import_module("dashboards.pages.sql")
    with app.server.test_request_context("/"):
        data, _, status, error, _ = page.run(small, "select * from range(10)", "en")
        assert len(data) == 3 and "first 3 rows only" in status and error == ""
        slow = "select count(*) from range(1000000000) a, range(1000) b"
        assert "time limit" in page.run(small, slow, "en")[3]


def test_missing_snapshot_is_explained(missing_config):
    app = create_app(missing_config)
    page = importlib.import_module("dashboards.pages.sql")
    with app.server.test_request_context("/"):
        assert "まだデータが公開されていません" in page.run(missing_config, "select 1", "ja")[3]


def test_cells_are_json_safe():
    result = QueryResult(
        ["a", "a", "d", "n", "x"],
        [(Decimal("1.50"), date(2025, 4, 1), None, [1, 2], b"\x01")],
        truncated=False,
    )
    from dashboards.pages import sql  # imported by create_app in the other tests

    data, columns = sql.grid(result)
    assert [c["id"] for c in columns] == ["c0", "c1", "c2", "c3", "c4"]  # repeated names kept
    assert data == [{"c0": "1.50", "c1": "2025-04-01", "c2": None, "c3": "[1, 2]", "c4": "01"}]


def test_export_reruns_the_query_and_audits(page, config):
    sql = "select '=1+1' as formula, '日本語' as text, 3 as n"
    with page.app.server.test_request_context("/"):
        data = page.export(config, sql, "csv", "ja")
        assert page.export(config, "", "csv", "ja") is None
    raw = base64.b64decode(data["content"])
    assert raw == "\ufeffformula,text,n\r\n'=1+1,日本語,3\r\n".encode()
    assert data["filename"].startswith("civicpulse_sql_results_")
    (event,) = audit_events(config)
    assert event | {"ts": None} == {
        "ts": None,
        "event": "export",
        "user": None,
        "ip": "unknown",  # a test request has no remote address
        "page": "sql",
        "table": "sql_results",
        "format": "csv",
        "rows": 1,
        "sql": sql,
    }
