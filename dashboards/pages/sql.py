"""SQL 分析 (SQL): read-only ad-hoc SELECTs on the published snapshot, for analysts and admins.

Every query goes through ``warehouse.sandbox.run_query`` (one SELECT, no file access, row and
time limits) via ``dashboards.queries.run_analyst_sql`` and is written to the audit log, as is
every export. The page and all of its callbacks (component ids ``sql-…``) are refused with 403
by the server for other roles (dashboards.auth); the layout checks the role again.

Not suppressed: results are whatever the analyst selects (small cells included) — the role is
for staff trusted with the snapshot, and the audit log records what they ran and exported.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import warnings
from decimal import Decimal
from typing import Any

import dash
import polars as pl
from dash import Input, Output, State, ctx, dash_table, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import queries
from dashboards.auth import PAGE_ROLES, allowed, audit, current_user
from dashboards.components import (
    aria,
    data_error_text,
    error_panel,
    export_buttons,
    scroll_region,
)
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.exports import ExportTable, download
from dashboards.i18n import normalize_lang, t
from warehouse.sandbox import QueryRefused, QueryResult

log = logging.getLogger(__name__)

PATH = "/sql"
PAGE_SIZE = 50
DEFAULT_SQL = """select campaign_name,
       sum(spend_jpy) as spend_jpy,
       sum(clicks) as clicks
from marts.fct_ad_performance_daily
group by campaign_name
order by spend_jpy desc"""

dash.register_page(
    __name__,
    path=PATH,
    name="SQL 分析",
    title="SQL 分析 | civicpulse みどり市",
    order=2,
    description="公開データへの読み取り専用 SQL",
    nav_key="nav.sql",
)


def layout(lang: str | None = None, **_: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = html.H1(t("sql.title", lang))
    if not allowed(current_user(), PAGE_ROLES[PATH]):
        return html.Div(
            className="page",
            children=[
                heading,
                html.Div(
                    className="notice notice-error",
                    role="alert",
                    children=html.P(t("forbidden.text", lang), className="notice-text"),
                ),
            ],
        )
    try:
        catalog = queries.schema_catalog(config)
    except queries.DashboardDataError as exc:
        log.warning("sql: %s", exc)
        return html.Div(className="page", children=[heading, error_panel(exc, lang, "error")])
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="sql-state", data={"lang": lang}),
            dcc.Store(id="sql-last"),
            heading,
            html.P(
                t(
                    "sql.intro",
                    lang,
                    rows=f"{config.sql_max_rows:,}",
                    seconds=f"{config.sql_timeout_seconds:g}",
                ),
                className="intro",
            ),
            html.Div(
                className="sql-layout",
                children=[schema_browser(catalog, lang), editor(lang)],
            ),
            html.Section(
                **aria(labelledby="sql-results-heading"),
                children=[
                    html.H2(t("sql.results", lang), id="sql-results-heading"),
                    export_buttons("sql-results", t("sql.results", lang), lang, png=False),
                    scroll_region(
                        "sql-results-region",
                        None,
                        results_grid(),
                        label=t("sql.results_table", lang),
                    ),
                    dcc.Download(id="sql-download"),
                ],
            ),
        ],
    )


def schema_browser(catalog: pl.DataFrame, lang: str) -> Component:
    """Every published table as a disclosure listing its columns, types and descriptions."""
    items: list[Component] = []
    for (schema, table), columns in catalog.group_by(
        ["table_schema", "table_name"], maintain_order=True
    ):
        name = f"{schema}.{table}"
        comment = columns["table_comment"][0]
        rows = [
            html.Tr([html.Th(c, scope="row"), html.Td(kind), html.Td(desc or "")])
            for c, kind, desc in columns.select(
                "column_name", "data_type", "column_comment"
            ).iter_rows()
        ]
        items.append(
            html.Li(
                html.Details(
                    [
                        html.Summary(name),
                        html.P(comment, className="note") if comment else None,
                        html.Table(
                            className="data-table",
                            children=[
                                html.Caption(t("sql.columns_caption", lang, table=name)),
                                html.Thead(
                                    html.Tr(
                                        [
                                            html.Th(t(key, lang), scope="col")
                                            for key in ("sql.column", "sql.type", "sql.description")
                                        ]
                                    )
                                ),
                                html.Tbody(rows),
                            ],
                        ),
                    ]
                )
            )
        )
    body: Component = (
        html.Ul(items, className="schema-list") if items else html.P(t("sql.schema_empty", lang))
    )
    return html.Section(
        **aria(labelledby="sql-schema-heading"),
        children=[
            html.H2(t("sql.schema", lang), id="sql-schema-heading"),
            html.P(t("sql.schema_hint", lang), className="hint"),
            body,
        ],
    )


def editor(lang: str) -> Component:
    return html.Section(
        **aria(labelledby="sql-editor-heading"),
        children=[
            html.H2(t("sql.editor", lang), id="sql-editor-heading"),
            html.Label(t("sql.label", lang), htmlFor="sql-text", className="field-label"),
            dcc.Textarea(
                id="sql-text",
                value=DEFAULT_SQL,
                className="sql-text",
                rows=8,
                spellCheck=False,
            ),
            html.Div(
                className="export-buttons",
                children=html.Button(
                    t("sql.run", lang),
                    id="sql-run",
                    className="button button-primary",
                    type="button",
                ),
            ),
            html.P(t("sql.status.idle", lang), id="sql-status", role="status"),
            html.Div(id="sql-error", role="alert", className="sql-error"),
        ],
    )


def results_grid() -> Component:
    with warnings.catch_warnings():
        # Dash 4 announces DataTable's future removal (dash-ag-grid is not installed here).
        warnings.simplefilter("ignore", DeprecationWarning)
        return _data_table()


def _data_table() -> Component:
    return dash_table.DataTable(  # type: ignore[attr-defined]
        id="sql-grid",
        columns=[],
        data=[],
        page_action="native",
        page_size=PAGE_SIZE,
        sort_action="native",
        cell_selectable=False,
        style_cell={"fontFamily": "inherit", "textAlign": "left", "padding": "0.35rem 0.75rem"},
        style_header={"fontWeight": "700"},
    )


def cell(value: object) -> object:
    """A JSON-safe grid cell (exact decimals as text, dates as ISO, nested values as JSON)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return json.dumps(value, ensure_ascii=False, default=str)


def grid(result: QueryResult) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """DataTable data and columns (ids are positional: result columns may repeat a name)."""
    columns = [{"name": name, "id": f"c{i}"} for i, name in enumerate(result.columns)]
    data = [{f"c{i}": cell(v) for i, v in enumerate(row)} for row in result.rows]
    return data, columns


def run(config: DashboardConfig, sql: object, lang: str) -> tuple[Any, ...]:
    """(grid data, grid columns, status, error, last good SQL) for one Run press; audited."""
    text = sql.strip() if isinstance(sql, str) else ""
    if not text:
        return [], [], "", t("sql.error.empty", lang), None
    began = time.perf_counter()
    try:
        result = queries.run_analyst_sql(config, text)
    except QueryRefused as exc:
        audit("sql_query", sql=text, ok=False, error=str(exc))
        return [], [], "", t("sql.error.prefix", lang, message=str(exc)), None
    except queries.DashboardDataError as exc:
        audit("sql_query", sql=text, ok=False, error=str(exc))
        return [], [], "", data_error_text(exc, lang), None
    seconds = time.perf_counter() - began
    audit(
        "sql_query",
        sql=text,
        ok=True,
        rows=len(result.rows),
        truncated=result.truncated,
        seconds=round(seconds, 3),
    )
    data, columns = grid(result)
    status = t("sql.status.done", lang, rows=f"{len(result.rows):,}", seconds=f"{seconds:.2f}")
    if result.truncated:
        status += " " + t("sql.status.truncated", lang, rows=f"{len(result.rows):,}")
    return data, columns, status, "", text


def export(config: DashboardConfig, sql: object, fmt: str, lang: str) -> dict[str, Any] | None:
    """The last successful query, run again and saved as CSV/xlsx; audited."""
    if not isinstance(sql, str) or not sql.strip():
        return None
    try:
        result = queries.run_analyst_sql(config, sql)
    except (QueryRefused, queries.DashboardDataError) as exc:
        log.warning("sql export: %s", exc)
        return None
    audit("export", page="sql", table="sql_results", format=fmt, rows=len(result.rows), sql=sql)
    table = ExportTable(
        name="sql_results",
        title=t("sql.results", lang),
        headers=result.columns,
        rows=result.rows,
        notes=[sql],
        notes_title=t("export.notes", lang),
    )
    return download(table, fmt, dt.datetime.now().strftime("%Y%m%d-%H%M%S"))


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    @app.callback(
        Output("sql-grid", "data"),
        Output("sql-grid", "columns"),
        Output("sql-status", "children"),
        Output("sql-error", "children"),
        Output("sql-last", "data"),
        Input("sql-run", "n_clicks"),
        State("sql-text", "value"),
        State("sql-state", "data"),
        prevent_initial_call=True,
    )
    def on_run(n_clicks: int | None, sql: object, state: dict | None) -> tuple[Any, ...]:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        if not n_clicks:
            return (no_update,) * 5
        return run(config, sql, lang)

    @app.callback(
        Output("sql-download", "data"),
        Input("sql-results-csv", "n_clicks"),
        Input("sql-results-xlsx", "n_clicks"),
        State("sql-last", "data"),
        State("sql-state", "data"),
        prevent_initial_call=True,
    )
    def on_export(csv_clicks: Any, xlsx_clicks: Any, sql: object, state: dict | None) -> Any:
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not (csv_clicks or xlsx_clicks):
            return no_update
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        data = export(config, sql, trigger.rsplit("-", 1)[1], lang)
        return no_update if data is None else data
