"""Webとアクセシビリティ (Web): each page's latest accessibility audit, readability and views.

Deep links: ``/web?lang=en&dept=kosodate`` (``dept=__none__`` for top-level pages); choosing a
department rewrites the URL. Reads marts.fct_page_accessibility (required),
marts.fct_page_readability and marts.dim_pages (optional) through dashboards.web_queries; when
the audit mart is not published the page shows a notice. Component ids start with ``web-``.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import figures, queries
from dashboards import web_queries as wq
from dashboards import web_view as view
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
from dashboards.i18n import normalize_lang, t
from dashboards.tables import TableData
from dashboards.urlstate import replace_params

log = logging.getLogger(__name__)

PATH = "/web"
ALL = "__all__"

dash.register_page(
    __name__,
    path=PATH,
    name="Webとアクセシビリティ",
    title="Webとアクセシビリティ | civicpulse みどり市",
    order=1.6,
    description="ページごとのアクセシビリティ検査結果、読みやすさ、閲覧数",
    nav_key="nav.web",
)


def layout(lang: str | None = None, **query: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = [html.H1(t("web.title", lang)), html.P(t("web.intro", lang), className="intro")]
    try:
        return build_layout(config, lang, query, heading)
    except queries.DashboardDataError as exc:
        log.warning("web: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    except Exception as exc:  # the page must always render something
        log.exception("web: layout failed")
        error = queries.DashboardDataError(str(exc))
        return html.Div(className="page", children=[*heading, error_panel(error, lang, "error")])


def _option(department: str) -> str:
    return department or view.NO_DEPT


def build_layout(
    config: DashboardConfig, lang: str, query: dict[str, Any], heading: list[Component]
) -> Component:
    wq.require(config)
    departments = wq.departments(config)
    options = [_option(d) for d in departments]
    dept = query.get("dept")
    dept = dept if isinstance(dept, str) and dept in options else ALL
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="web-state", data={"lang": lang}),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="web-filter-heading"),
                children=[
                    html.H2(t("campaigns.filters", lang), id="web-filter-heading"),
                    choice_field(
                        "web-dept",
                        t("web.col.department", lang),
                        [(ALL, t("campaigns.all", lang))]
                        + [(_option(d), view.dept_label(d, lang)) for d in departments],
                        dept,
                    ),
                    html.P(id="web-status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="web-pages-section"),
                children=[
                    html.H2(t("web.pages.heading", lang), id="web-pages-section"),
                    html.P(id="web-overview"),
                    html.P(t("web.jis.note", lang), className="note"),
                    table_block(view.PAGES_KEY, t("web.pages.title", lang), lang),
                    table_block(view.DEPTS_KEY, t("web.depts.title", lang), lang),
                ],
            ),
            html.Section(
                **aria(labelledby="web-charts-heading"),
                children=[
                    html.H2(t("campaigns.charts", lang), id="web-charts-heading"),
                    html.Div(
                        className="charts",
                        children=[
                            chart_block(key, t(title, lang), lang) for key, title in view.CHARTS
                        ],
                    ),
                    dcc.Download(id="web-download"),
                ],
            ),
        ],
    )


def _department(value: object) -> str | None:
    """The filter value as the query wants it: None = all, '' = top-level pages."""
    if not isinstance(value, str) or value in ("", ALL):
        return None
    return "" if value == view.NO_DEPT else value


def load(config: DashboardConfig, dept: object) -> Any:
    readability, pages = wq.optional_parts(config)
    return wq.latest_pages(config, _department(dept), readability, pages)


def render(config: DashboardConfig, dept: object, lang: str) -> tuple[Any, ...]:
    """Every output for the department filter; never raises."""
    try:
        pages = load(config, dept)
    except queries.DashboardDataError as exc:
        log.warning("web: %s", exc)
        return _placeholders(lang, data_error_text(exc, lang))
    built = view.build_tables(pages, lang)
    overview, scatter, jis = view.summaries(pages, lang)
    chosen = _department(dept)
    status = (
        t("web.showing.all", lang)
        if chosen is None
        else t("web.showing.dept", lang, dept=view.dept_label(chosen, lang))
    )
    return (
        overview,
        built[view.PAGES_KEY].component(lang),
        built[view.DEPTS_KEY].component(lang),
        view.scatter_figure(pages, lang),
        view.jis_figure(pages, lang),
        scatter,
        jis,
        *(built[key].component(lang) for key, _ in view.CHARTS),
        status,
    )


def _placeholders(lang: str, message: str) -> tuple[Any, ...]:
    figs = tuple(figures.empty_figure(t(title, lang), lang) for _, title in view.CHARTS)
    none = t("value.none", lang)
    return ("", None, None, *figs, none, none, None, None, message)


def export_table(
    config: DashboardConfig, key: str, fmt: str, dept: object, lang: str
) -> dict[str, Any] | None:
    table = view.build_tables(load(config, dept), lang).get(key)
    if table is None:
        return None
    notes = [
        t("export.note.municipality", lang, code=config.municipality_code),
        t("web.jis.note", lang),
        *([f"dept={dept}"] if _department(dept) is not None else []),
    ]
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit("export", page="web", table=table.name, format=fmt, rows=len(table.rows), dept=dept)
    return download(table.export(lang), fmt, _department(dept) or None)


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    register_choice(app, "web-dept")
    keys = [key for key, _ in view.CHARTS]

    @app.callback(
        Output("web-overview", "children"),
        Output(f"{view.PAGES_KEY}-table", "children"),
        Output(f"{view.DEPTS_KEY}-table", "children"),
        *(Output(f"{key}-graph", "figure") for key in keys),
        *(Output(f"{key}-summary", "children") for key in keys),
        *(Output(f"{key}-table", "children") for key in keys),
        Output("web-status", "children"),
        Input("web-dept", "data"),
        State("web-state", "data"),
    )
    def refresh(dept: object, state: dict | None) -> tuple[Any, ...]:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        return render(config, dept, lang)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input("web-dept", "data"),
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def remember_in_url(dept: object, search: str | None, pathname: str | None) -> Any:
        if pathname != PATH or not isinstance(dept, str):
            return no_update
        changes = {"dept": None if dept == ALL else dept}
        pushed = replace_params(search, changes, config.default_language)
        current = replace_params(search, {}, config.default_language)
        return no_update if pushed == current else pushed

    export_keys = (view.PAGES_KEY, view.DEPTS_KEY, *keys)
    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks") for key in export_keys for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("web-download", "data"),
        *export_inputs,
        State("web-dept", "data"),
        State("web-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        dept, state = args[-2], args[-1] or {}
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[: len(export_inputs)]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, key, fmt, dept, lang)
        except queries.DashboardDataError as exc:
            log.warning("web export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, keys)
