"""経営ダッシュボード (Executive): the city's KPIs for a fiscal year against their targets.

Deep links: ``/executive?lang=en&fy=2025&kpi=web_sessions``; choosing a fiscal year or a KPI
rewrites the URL. Reads marts.rpt_kpi_monthly only (dashboards.executive_queries); when it is
not published the page shows a notice. Component ids start with ``exe-``.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import executive_queries as eq
from dashboards import executive_view as view
from dashboards import figures, queries, tables
from dashboards.auth import audit
from dashboards.components import (
    aria,
    chart_block,
    choice_field,
    data_error_text,
    error_panel,
    register_choice,
    register_png_downloads,
    table_block,
)
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.exports import download
from dashboards.fiscal import fiscal_range
from dashboards.i18n import normalize_lang, t
from dashboards.tables import TableData
from dashboards.urlstate import replace_params

log = logging.getLogger(__name__)

PATH = "/executive"

dash.register_page(
    __name__,
    path=PATH,
    name="経営ダッシュボード",
    title="経営ダッシュボード | civicpulse みどり市",
    order=1.2,
    description="重要指標 (KPI) の月次の値と目標、前年度との比較",
    nav_key="nav.executive",
)


def layout(lang: str | None = None, **query: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = [
        html.H1(t("executive.title", lang)),
        html.P(t("executive.intro", lang), className="intro"),
    ]
    try:
        return build_layout(config, lang, query, heading)
    except queries.DashboardDataError as exc:
        log.warning("executive: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    except Exception as exc:  # the page must always render something
        log.exception("executive: layout failed")
        error = queries.DashboardDataError(str(exc))
        return html.Div(className="page", children=[*heading, error_panel(error, lang, "error")])


def build_layout(
    config: DashboardConfig, lang: str, query: dict[str, Any], heading: list[Component]
) -> Component:
    eq.require(config)
    years = eq.fiscal_years(config)
    kpis = eq.kpi_ids(config)
    ids = kpis["kpi_id"].to_list()
    fy = query.get("fy")
    year = fy if isinstance(fy, str) and fy in {str(y) for y in years} else str(years[0])
    kpi = query.get("kpi")
    kpi = kpi if isinstance(kpi, str) and kpi in ids else ids[0]
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="exe-state", data={"lang": lang}),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="exe-filter-heading"),
                children=[
                    html.H2(t("campaigns.filters", lang), id="exe-filter-heading"),
                    choice_field(
                        "exe-fy",
                        t("campaigns.fiscal_year", lang),
                        [(str(y), t("executive.fy", lang, year=y)) for y in years],
                        year,
                    ),
                    choice_field(
                        "exe-kpi",
                        t("executive.kpi_choice", lang),
                        [(row["kpi_id"], view.kpi_name(row, lang)) for row in kpis.to_dicts()],
                        kpi,
                    ),
                    html.P(id="exe-status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="exe-cards-heading"),
                children=[
                    html.H2(t("executive.cards", lang), id="exe-cards-heading"),
                    html.P(t("executive.cards.note", lang), className="note"),
                    html.Div(id="exe-cards"),
                    table_block(view.TABLE_KEY, t("executive.table.title", lang), lang),
                ],
            ),
            html.Section(
                **aria(labelledby="exe-charts-heading"),
                children=[
                    html.H2(t("campaigns.charts", lang), id="exe-charts-heading"),
                    html.P(
                        t("suppression.note", lang, n=config.suppression_threshold),
                        className="note",
                    ),
                    html.Div(
                        className="charts",
                        children=[
                            chart_block(key, t(title, lang), lang) for key, title in view.CHARTS
                        ],
                    ),
                    dcc.Download(id="exe-download"),
                ],
            ),
        ],
    )


def _year(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _tables(config: DashboardConfig, year: int, kpi: str | None, lang: str) -> dict[str, Any]:
    months = eq.kpi_months(config, year)
    limit = config.suppression_threshold
    one = view.one_kpi(months, kpi)
    return {
        "months": months,
        "one": one,
        view.TABLE_KEY: view.kpi_table(months, limit, lang),
        **view.chart_tables(one, year, limit, lang),
    }


def render(config: DashboardConfig, fy: object, kpi: object, lang: str) -> tuple[Any, ...]:
    """Every output for (fiscal year, KPI id); never raises."""
    year = _year(fy)
    if year is None:
        return _placeholders(lang, t("filter.invalid", lang))
    limit = config.suppression_threshold
    try:
        data = _tables(config, year, kpi if isinstance(kpi, str) else None, lang)
    except queries.DashboardDataError as exc:
        log.warning("executive: %s", exc)
        return _placeholders(lang, data_error_text(exc, lang))
    one = data["one"]
    return (
        view.cards(data["months"], limit, lang),
        data[view.TABLE_KEY].component(lang),
        view.trend_figure(one, limit, lang),
        view.compare_figure(one, year, limit, lang),
        view.trend_summary(one, limit, lang),
        view.compare_summary(one, year, limit, lang),
        *(data[key].component(lang) for key, _ in view.CHARTS),
        t("executive.showing", lang, year=year),
    )


def _placeholders(lang: str, message: str) -> tuple[Any, ...]:
    figs = tuple(figures.empty_figure(t(title, lang), lang) for _, title in view.CHARTS)
    none = t("value.none", lang)
    return (None, None, *figs, none, none, None, None, message)


def export_table(
    config: DashboardConfig, key: str, fmt: str, fy: object, kpi: object, lang: str
) -> dict[str, Any] | None:
    year = _year(fy)
    if year is None:
        return None
    table = _tables(config, year, kpi if isinstance(kpi, str) else None, lang).get(key)
    if not isinstance(table, TableData):
        return None
    window = fiscal_range(year)
    notes = tables.export_notes(
        lang, window.start, window.end, config.municipality_code, config.suppression_threshold
    )
    if key != view.TABLE_KEY:
        notes.append(f"kpi={kpi}")
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit("export", page="executive", table=table.name, format=fmt, fy=year, kpi=kpi)
    return download(table.export(lang), fmt, window.start, window.end)


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    for field in ("exe-fy", "exe-kpi"):
        register_choice(app, field)
    keys = [key for key, _ in view.CHARTS]

    @app.callback(
        Output("exe-cards", "children"),
        Output(f"{view.TABLE_KEY}-table", "children"),
        *(Output(f"{key}-graph", "figure") for key in keys),
        *(Output(f"{key}-summary", "children") for key in keys),
        *(Output(f"{key}-table", "children") for key in keys),
        Output("exe-status", "children"),
        Input("exe-fy", "data"),
        Input("exe-kpi", "data"),
        State("exe-state", "data"),
    )
    def refresh(fy: object, kpi: object, state: dict | None) -> tuple[Any, ...]:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        return render(config, fy, kpi, lang)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input("exe-fy", "data"),
        Input("exe-kpi", "data"),
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def remember_in_url(fy: object, kpi: object, search: str | None, pathname: str | None) -> Any:
        if pathname != PATH or _year(fy) is None:
            return no_update
        changes = {"fy": str(fy), "kpi": kpi if isinstance(kpi, str) else None}
        pushed = replace_params(search, changes, config.default_language)
        current = replace_params(search, {}, config.default_language)
        return no_update if pushed == current else pushed

    export_keys = (view.TABLE_KEY, *keys)
    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks") for key in export_keys for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("exe-download", "data"),
        *export_inputs,
        State("exe-fy", "data"),
        State("exe-kpi", "data"),
        State("exe-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        fy, kpi, state = args[-3], args[-2], args[-1] or {}
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[: len(export_inputs)]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, key, fmt, fy, kpi, lang)
        except queries.DashboardDataError as exc:
            log.warning("executive export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, keys)
