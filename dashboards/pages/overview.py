"""概要 (Overview): key figures, three charts with summaries and tables, one date filter.

Deep links: ``/?lang=en&start=2025-04-01&end=2025-06-30``. Dash Pages passes the query to
``layout``; changing the dates rewrites the URL (no reload), so the address bar can be shared.
Callbacks are registered per app by ``register_callbacks`` (called from ``create_app``) and
only glue dashboards.queries to dashboards.figures.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import dash
import plotly.graph_objects as go
import polars as pl
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import figures, queries, summaries, tables
from dashboards.auth import audit
from dashboards.components import (
    aria,
    chart_block,
    data_error_text,
    date_field,
    error_panel,
    kpi_list,
    register_png_downloads,
)
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.exports import download
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import channel_label, normalize_lang, t
from dashboards.suppression import mask_frame, shown_count
from dashboards.tables import DATE, INT, PCT, TEXT, YEN, Column, TableData
from dashboards.urlstate import DateRange, parse_date, search_after_change

log = logging.getLogger(__name__)

dash.register_page(
    __name__,
    path="/",
    name="概要",
    title="civicpulse みどり市",
    order=0,
    description="みどり市の広報・デジタル施策の主な数値",
    nav_key="nav.overview",
)

KPIS: tuple[tuple[str, str], ...] = (
    ("kpi.sessions", "kpi-sessions"),
    ("kpi.ad_spend", "kpi-ad-spend"),
    ("kpi.clicks", "kpi-clicks"),
    ("kpi.online_applications", "kpi-online-applications"),
    ("kpi.online_share", "kpi-online-share"),
)
CHARTS: tuple[tuple[str, str], ...] = (
    ("sessions", "chart.sessions.title"),
    ("ad-spend", "chart.ad_spend.title"),
    ("applications", "chart.applications.title"),
)


def layout(lang: str | None = None, start: str | None = None, end: str | None = None, **_: Any):
    """Dash Pages calls this with the URL query parameters; it never raises (an exception
    here would reach the browser as a bare 500)."""
    config = current_config()
    try:
        return build_layout(config, lang, start, end)
    except Exception as exc:  # the page must always render something
        log.exception("overview: layout failed")
        lang = normalize_lang(lang, config.default_language)
        return html.Div(
            className="page",
            children=[
                html.H1(t("overview.title", lang)),
                error_panel(queries.DashboardDataError(str(exc)), lang, "error"),
            ],
        )


def build_layout(
    config: DashboardConfig, lang: str | None, start: str | None, end: str | None
) -> Component:
    lang = normalize_lang(lang, config.default_language)
    heading = [
        html.H1(t("overview.title", lang)),
        html.P(t("overview.intro", lang), className="intro"),
    ]
    try:
        bounds = queries.date_bounds(config)
    except queries.DashboardDataError as exc:
        log.warning("overview: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    first, last = bounds.start.isoformat(), bounds.end.isoformat()
    start_day = parse_date(start) or bounds.start
    end_day = parse_date(end) or bounds.end
    state = {"lang": lang, "first": first, "last": last}
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="page-state", data=state),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="filter-heading"),
                children=[
                    html.H2(t("filter.heading", lang), id="filter-heading"),
                    html.Div(
                        className="field-row",
                        children=[
                            date_field(
                                "start-date", t("filter.start", lang), str(start_day), first, last
                            ),
                            date_field(
                                "end-date", t("filter.end", lang), str(end_day), first, last
                            ),
                        ],
                    ),
                    html.P(
                        t(
                            "filter.hint",
                            lang,
                            first=fmt_date(bounds.start, lang),
                            last=fmt_date(bounds.end, lang),
                        ),
                        id="range-hint",
                        className="hint",
                    ),
                    html.P(id="status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="kpi-heading"),
                children=[
                    html.H2(t("kpi.heading", lang), id="kpi-heading"),
                    kpi_list(
                        [(t(key, lang), value_id) for key, value_id in KPIS], t("value.none", lang)
                    ),
                ],
            ),
            html.Section(
                **aria(labelledby="charts-heading"),
                children=[
                    html.H2(t("charts.heading", lang), id="charts-heading"),
                    html.P(
                        t("suppression.note", lang, n=config.suppression_threshold),
                        className="note",
                    ),
                    html.Div(
                        className="charts",
                        children=[chart_block(key, t(title, lang), lang) for key, title in CHARTS],
                    ),
                    dcc.Download(id="overview-download"),
                ],
            ),
        ],
    )


def render(config: DashboardConfig, start: object, end: object, lang: str) -> tuple[Any, ...]:
    """Every output of the overview for one date range (KPI texts, figures, summaries, tables,
    status). Bad input or unreadable data give placeholders and a message, never an exception.
    Counts of people below the suppression threshold are hidden everywhere.
    """
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None:
        return _placeholders(lang, t("filter.invalid", lang))
    if start_day > end_day:
        return _placeholders(lang, t("filter.order", lang))
    limit = config.suppression_threshold
    try:
        totals = queries.kpi_totals(config, start_day, end_day).row(0, named=True)
        web = queries.web_sessions_daily(config, start_day, end_day)
        ads = queries.ad_performance_daily(config, start_day, end_day)
        outcomes = queries.civic_outcomes_daily(config, start_day, end_day)
    except queries.DashboardDataError as exc:
        log.warning("overview: %s", exc)
        return _placeholders(lang, data_error_text(exc, lang))
    small_apps = any(
        0 < (totals[key] or 0) < limit for key in ("online_applications", "counter_applications")
    )
    kpis = (
        fmt_int(shown_count(totals["sessions"], limit)),
        fmt_yen(totals["ad_spend_jpy"]),
        fmt_int(totals["ad_clicks"]),
        fmt_int(shown_count(totals["online_applications"], limit)),
        t("value.none", lang) if small_apps else fmt_pct(totals["online_share"]),
    )
    figs = (
        figures.sessions_by_channel_figure(
            mask_frame(web, ["sessions"], limit, ["channel_group"]), lang
        ),
        figures.ad_spend_by_campaign_figure(ads, lang),
        figures.applications_figure(
            mask_frame(outcomes, ["online_count", "counter_count"], limit), lang
        ),
    )
    texts = (
        summaries.sessions_summary(web, lang, limit),
        summaries.ad_spend_summary(ads, lang),
        summaries.applications_summary(outcomes, lang, limit),
    )
    built = overview_tables(config, lang, web, ads, outcomes)
    status = t("filter.showing", lang, start=fmt_date(start_day, lang), end=fmt_date(end_day, lang))
    return (*kpis, *figs, *texts, *(table.component(lang) for table in built.values()), status)


def overview_tables(
    config: DashboardConfig,
    lang: str,
    web: pl.DataFrame,
    ads: pl.DataFrame,
    outcomes: pl.DataFrame,
) -> dict[str, TableData]:
    """The three tables behind the charts (shown and exported alike), keyed by chart key."""
    limit = config.suppression_threshold
    sessions = [
        {"channel": channel_label(name, lang), "sessions": value}
        for name, value in summaries.sessions_by_channel(web).iter_rows()
    ]
    spend = [
        {"campaign": name, "spend": value, "clicks": clicks}
        for name, value, clicks, _ in summaries.spend_by_campaign(ads).iter_rows()
    ]
    applications = [
        {
            "date": day,
            "online": online,
            "counter": counter,
            "share": summaries.online_share(online, counter),
        }
        for day, online, counter in outcomes.select(
            "activity_date", "online_count", "counter_count"
        ).iter_rows()
    ]
    return {
        "sessions": tables.build(
            "sessions_by_channel",
            t("chart.sessions.title", lang),
            [Column("channel", "table.channel", TEXT), Column("sessions", "table.sessions", INT)],
            sessions,
            threshold=limit,
            counts=["sessions"],
        ),
        "ad-spend": tables.build(
            "ad_spend_by_campaign",
            t("chart.ad_spend.title", lang),
            [
                Column("campaign", "table.campaign", TEXT),
                Column("spend", "table.spend", YEN),
                Column("clicks", "table.clicks", INT),
            ],
            spend,
            threshold=limit,
        ),
        "applications": tables.build(
            "applications_by_day",
            t("chart.applications.title", lang),
            [
                Column("date", "table.date", DATE),
                Column("online", "table.online", INT),
                Column("counter", "table.counter", INT),
                Column("share", "table.share", PCT),
            ],
            applications,
            threshold=limit,
            counts=["online", "counter"],
            derived={"share": ["online", "counter"]},
        ),
    }


def export_table(
    config: DashboardConfig, key: str, fmt: str, start: object, end: object, lang: str
) -> dict[str, Any] | None:
    """The download for one overview table, or None when the dates are not valid."""
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None or start_day > end_day or key not in dict(CHARTS):
        return None
    web = queries.web_sessions_daily(config, start_day, end_day)
    ads = queries.ad_performance_daily(config, start_day, end_day)
    outcomes = queries.civic_outcomes_daily(config, start_day, end_day)
    table = overview_tables(config, lang, web, ads, outcomes)[key]
    notes = tables.export_notes(
        lang, start_day, end_day, config.municipality_code, config.suppression_threshold
    )
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit(
        "export",
        page="overview",
        table=table.name,
        format=fmt,
        rows=len(table.rows),
        start=start_day.isoformat(),
        end=end_day.isoformat(),
    )
    return download(table.export(lang), fmt, start_day, end_day)


def _placeholders(lang: str, message: str) -> tuple[Any, ...]:
    none = t("value.none", lang)
    figs: tuple[go.Figure, ...] = tuple(
        figures.empty_figure(t(title, lang), lang) for _, title in CHARTS
    )
    return (*(none for _ in KPIS), *figs, *(none for _ in CHARTS), *(None for _ in CHARTS), message)


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    """Attach this page's callbacks to ``app`` (per app, so several apps can coexist)."""
    outputs = [
        *(Output(value_id, "children") for _, value_id in KPIS),
        *(Output(f"{key}-graph", "figure") for key, _ in CHARTS),
        *(Output(f"{key}-summary", "children") for key, _ in CHARTS),
        *(Output(f"{key}-table", "children") for key, _ in CHARTS),
        Output("status", "children"),
    ]

    @app.callback(
        outputs,
        Input("start-date", "value"),
        Input("end-date", "value"),
        State("page-state", "data"),
    )
    def refresh(start: object, end: object, state: dict) -> tuple[Any, ...]:
        return render(
            config, start, end, normalize_lang(state.get("lang"), config.default_language)
        )

    @app.callback(
        Output("url", "search"),
        Input("start-date", "value"),
        Input("end-date", "value"),
        State("url", "search"),
        State("page-state", "data"),
        prevent_initial_call=True,
    )
    def remember_in_url(start: object, end: object, search: str | None, state: dict) -> Any:
        defaults = DateRange(date.fromisoformat(state["first"]), date.fromisoformat(state["last"]))
        pushed = search_after_change(
            search, state["lang"], start, end, defaults, config.default_language
        )
        return no_update if pushed is None else pushed

    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks") for key, _ in CHARTS for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("overview-download", "data"),
        *export_inputs,
        State("start-date", "value"),
        State("end-date", "value"),
        State("page-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        start, end, state = args[-3:]
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[:-3]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, key, fmt, start, end, lang)
        except queries.DashboardDataError as exc:
            log.warning("overview export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, [key for key, _ in CHARTS])
