"""情報発信チャネル (Channels): every information channel side by side.

Deep links: ``/channels?lang=en&start=2025-04-01&end=2025-09-30&family=ads``; every filter
change rewrites the URL. Reads marts.fct_channel_daily (dashboards.channels_queries); when it
is not published the page shows a notice. Reach is never added across channels: each channel
reports a different basis (sessions, impressions, copies …). Component ids start with ``chn-``.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import channels_queries as chq
from dashboards import channels_view as view
from dashboards import figures, queries, tables
from dashboards.auth import audit
from dashboards.components import (
    aria,
    chart_block,
    choice_field,
    data_error_text,
    date_field,
    error_panel,
    register_choice,
    register_png_downloads,
    table_block,
)
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.exports import download
from dashboards.fiscal import clip, fiscal_range, fiscal_year
from dashboards.formatting import fmt_date
from dashboards.i18n import normalize_lang, t
from dashboards.tables import TableData
from dashboards.urlstate import parse_date, replace_params

log = logging.getLogger(__name__)

PATH = "/channels"
ALL = "__all__"

dash.register_page(
    __name__,
    path=PATH,
    name="情報発信チャネル",
    title="情報発信チャネル | civicpulse みどり市",
    order=1.4,
    description="Web、広告、SNS、メールマガジン、紙媒体などのチャネルを並べて比較",
    nav_key="nav.channels",
)


def layout(lang: str | None = None, **query: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = [
        html.H1(t("channels.title", lang)),
        html.P(t("channels.intro", lang), className="intro"),
    ]
    try:
        return build_layout(config, lang, query, heading)
    except queries.DashboardDataError as exc:
        log.warning("channels: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    except Exception as exc:  # the page must always render something
        log.exception("channels: layout failed")
        error = queries.DashboardDataError(str(exc))
        return html.Div(className="page", children=[*heading, error_panel(error, lang, "error")])


def build_layout(
    config: DashboardConfig, lang: str, query: dict[str, Any], heading: list[Component]
) -> Component:
    chq.require(config)
    bounds = chq.bounds(config)
    families = chq.families(config)
    latest = clip(fiscal_range(fiscal_year(bounds.end)), bounds)
    start = parse_date(query.get("start")) or latest.start
    end = parse_date(query.get("end")) or latest.end
    family = query.get("family")
    family = family if isinstance(family, str) and family in families else ALL
    first, last = bounds.start.isoformat(), bounds.end.isoformat()
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="chn-state", data={"lang": lang}),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="chn-filter-heading"),
                children=[
                    html.H2(t("campaigns.filters", lang), id="chn-filter-heading"),
                    html.Div(
                        className="field-row",
                        children=[
                            date_field(
                                "chn-start", t("filter.start", lang), str(start), first, last
                            ),
                            date_field("chn-end", t("filter.end", lang), str(end), first, last),
                        ],
                    ),
                    choice_field(
                        "chn-family",
                        t("channels.family", lang),
                        [(ALL, t("campaigns.all", lang))]
                        + [(f, view.label("family", f, lang)) for f in families],
                        family,
                    ),
                    html.P(
                        t(
                            "filter.hint",
                            lang,
                            first=fmt_date(bounds.start, lang),
                            last=fmt_date(bounds.end, lang),
                        ),
                        className="hint",
                    ),
                    html.P(id="chn-status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="chn-sum-heading"),
                children=[
                    html.H2(t("channels.totals", lang), id="chn-sum-heading"),
                    html.P(t("channels.basis_note", lang), className="note", id="chn-basis-note"),
                    html.P(
                        t("suppression.note", lang, n=config.suppression_threshold),
                        className="note",
                    ),
                    table_block(view.TABLE_KEY, t("channels.table.title", lang), lang),
                ],
            ),
            html.Section(
                **aria(labelledby="chn-charts-heading"),
                children=[
                    html.H2(t("campaigns.charts", lang), id="chn-charts-heading"),
                    html.Div(
                        className="charts",
                        children=[
                            chart_block(key, t(title, lang), lang) for key, title in view.CHARTS
                        ],
                    ),
                    dcc.Download(id="chn-download"),
                ],
            ),
        ],
    )


def parse_filter(start: object, end: object, family: object) -> tuple[Any, Any, str | None] | None:
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None or start_day > end_day:
        return None
    chosen = family if isinstance(family, str) and family and family != ALL else None
    return start_day, end_day, chosen


def load(config: DashboardConfig, start: Any, end: Any, family: str | None) -> view.ChannelData:
    return view.ChannelData(
        totals=chq.totals(config, start, end, family),
        monthly=chq.monthly(config, start, end, family),
    )


def render(config: DashboardConfig, values: tuple[object, ...], lang: str) -> tuple[Any, ...]:
    """Every output for (start, end, family); never raises."""
    parsed = parse_filter(*values)
    if parsed is None:
        start, end = parse_date(values[0]), parse_date(values[1])
        bad = start is not None and end is not None
        return _placeholders(lang, t("filter.order" if bad else "filter.invalid", lang))
    limit = config.suppression_threshold
    try:
        data = load(config, *parsed)
    except queries.DashboardDataError as exc:
        log.warning("channels: %s", exc)
        return _placeholders(lang, data_error_text(exc, lang))
    built = view.build_tables(data, limit, lang)
    start, end, _ = parsed
    return (
        built[view.TABLE_KEY].component(lang),
        view.reach_figure(data, limit, lang),
        view.per_yen_figure(data, limit, lang),
        view.trend_figure(data, limit, lang),
        *view.summaries(data, limit, lang),
        *(built[key].component(lang) for key, _ in view.CHARTS),
        t("filter.showing", lang, start=fmt_date(start, lang), end=fmt_date(end, lang)),
    )


def _placeholders(lang: str, message: str) -> tuple[Any, ...]:
    figs = tuple(figures.empty_figure(t(title, lang), lang) for _, title in view.CHARTS)
    none = t("value.none", lang)
    return (None, *figs, none, none, none, None, None, None, message)


def export_table(
    config: DashboardConfig, key: str, fmt: str, values: tuple[object, ...], lang: str
) -> dict[str, Any] | None:
    parsed = parse_filter(*values)
    if parsed is None:
        return None
    start, end, family = parsed
    table = view.build_tables(
        load(config, start, end, family), config.suppression_threshold, lang
    ).get(key)
    if table is None:
        return None
    notes = [
        *tables.export_notes(
            lang, start, end, config.municipality_code, config.suppression_threshold
        ),
        t("channels.basis_note", lang),
        *([f"family={family}"] if family else []),
    ]
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit(
        "export",
        page="channels",
        table=table.name,
        format=fmt,
        rows=len(table.rows),
        start=start.isoformat(),
        end=end.isoformat(),
        family=family,
    )
    return download(table.export(lang), fmt, start, end)


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    register_choice(app, "chn-family")
    keys = [key for key, _ in view.CHARTS]
    filter_inputs = [
        Input("chn-start", "value"),
        Input("chn-end", "value"),
        Input("chn-family", "data"),
    ]

    @app.callback(
        Output(f"{view.TABLE_KEY}-table", "children"),
        *(Output(f"{key}-graph", "figure") for key in keys),
        *(Output(f"{key}-summary", "children") for key in keys),
        *(Output(f"{key}-table", "children") for key in keys),
        Output("chn-status", "children"),
        *filter_inputs,
        State("chn-state", "data"),
    )
    def refresh(start: object, end: object, family: object, state: dict | None) -> Any:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        return render(config, (start, end, family), lang)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        *filter_inputs,
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def remember_in_url(*args: Any) -> Any:
        start, end, family, search, pathname = args
        if pathname != PATH or parse_filter(start, end, family) is None:
            return no_update
        changes = {"start": start, "end": end, "family": None if family == ALL else family}
        pushed = replace_params(search, changes, config.default_language)
        current = replace_params(search, {}, config.default_language)
        return no_update if pushed == current else pushed

    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks")
        for key in (view.TABLE_KEY, *keys)
        for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("chn-download", "data"),
        *export_inputs,
        State("chn-start", "value"),
        State("chn-end", "value"),
        State("chn-family", "data"),
        State("chn-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        values, state = args[-4:-1], args[-1] or {}
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[: len(export_inputs)]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, key, fmt, tuple(values), lang)
        except queries.DashboardDataError as exc:
            log.warning("channels export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, keys)
