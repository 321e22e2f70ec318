"""キャンペーン効果 (Campaigns): cross-platform ad delivery next to online applications.

Deep links: ``/campaigns?lang=en&start=2025-04-01&end=2025-09-30&platform=google_ads&campaign=…
&theme=…``; every filter change rewrites the URL. The fiscal-year menu sets the dates. The
theme menu is shown only when marts.dim_campaigns is published; the lift section reads
marts.ml_campaign_lift when it is published and says "not yet computed" otherwise.
Component ids start with ``cmp-``.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards import campaign_queries as cq
from dashboards import campaign_view as view
from dashboards import figures, queries, tables
from dashboards.auth import audit
from dashboards.components import (
    aria,
    chart_block,
    choice_field,
    data_error_text,
    date_field,
    error_panel,
    kpi_list,
    register_choice,
    register_png_downloads,
    table_block,
)
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.exports import download
from dashboards.fiscal import clip, fiscal_range, fiscal_year, fiscal_years
from dashboards.formatting import fmt_date
from dashboards.i18n import normalize_lang, t
from dashboards.tables import TableData
from dashboards.urlstate import DateRange, parse_date, replace_params

log = logging.getLogger(__name__)

PATH = "/campaigns"
ALL = "__all__"
CUSTOM = "__custom__"
FILTERS = ("platform", "campaign", "theme")

dash.register_page(
    __name__,
    path=PATH,
    name="キャンペーン効果",
    title="キャンペーン効果 | civicpulse みどり市",
    order=1,
    description="広告媒体をまたいだキャンペーンの配信実績と電子申請",
    nav_key="nav.campaigns",
)


def layout(lang: str | None = None, **query: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = [
        html.H1(t("campaigns.title", lang)),
        html.P(t("campaigns.intro", lang), className="intro"),
    ]
    try:
        return build_layout(config, lang, query, heading)
    except queries.DashboardDataError as exc:
        log.warning("campaigns: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    except Exception as exc:  # the page must always render something
        log.exception("campaigns: layout failed")
        error = queries.DashboardDataError(str(exc))
        return html.Div(className="page", children=[*heading, error_panel(error, lang, "error")])


def _choice(value: object, allowed: list[str]) -> str:
    return value if isinstance(value, str) and value in allowed else ALL


def build_layout(
    config: DashboardConfig, lang: str, query: dict[str, Any], heading: list[Component]
) -> Component:
    bounds = queries.date_bounds(config)
    with_themes = cq.has_dim_campaigns(config)
    options = cq.filter_options(config, with_themes)
    latest = clip(fiscal_range(fiscal_year(bounds.end)), bounds)
    start = parse_date(query.get("start")) or latest.start
    end = parse_date(query.get("end")) or latest.end
    years = fiscal_years(bounds)
    fy_value = (
        next(
            (str(y) for y in years if clip(fiscal_range(y), bounds) == DateRange(start, end)),
            CUSTOM,
        )
        if start <= end
        else CUSTOM
    )
    all_label = t("campaigns.all", lang)
    platforms = sorted(set(options["platform"].drop_nulls().to_list()))
    campaigns = sorted(set(options["campaign_name"].drop_nulls().to_list()))
    themes = sorted(set(options["theme"].drop_nulls().to_list()))
    first, last = bounds.start.isoformat(), bounds.end.isoformat()
    state = {"lang": lang, "first": first, "last": last}
    theme_field = choice_field(
        "cmp-theme",
        t("campaigns.theme", lang),
        [(ALL, all_label), *((name, name) for name in themes)],
        _choice(query.get("theme"), themes),
    )
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="cmp-state", data=state),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="cmp-filter-heading"),
                children=[
                    html.H2(t("campaigns.filters", lang), id="cmp-filter-heading"),
                    html.Div(
                        className="field-row",
                        children=[
                            choice_field(
                                "cmp-fy",
                                t("campaigns.fiscal_year", lang),
                                [
                                    (CUSTOM, t("campaigns.fy_custom", lang)),
                                    *(
                                        (str(y), t("campaigns.fy_label", lang, year=y))
                                        for y in years
                                    ),
                                ],
                                fy_value,
                            ),
                            date_field(
                                "cmp-start", t("filter.start", lang), str(start), first, last
                            ),
                            date_field("cmp-end", t("filter.end", lang), str(end), first, last),
                        ],
                    ),
                    html.Div(
                        className="field-row",
                        children=[
                            choice_field(
                                "cmp-platform",
                                t("campaigns.platform", lang),
                                [(ALL, all_label)]
                                + [(p, view.platform_label(p, lang)) for p in platforms],
                                _choice(query.get("platform"), platforms),
                            ),
                            choice_field(
                                "cmp-campaign",
                                t("campaigns.campaign", lang),
                                [(ALL, all_label), *((c, c) for c in campaigns)],
                                _choice(query.get("campaign"), campaigns),
                            ),
                            # Always present (callbacks need it); shown only with themes.
                            html.Div(theme_field, hidden=not with_themes, id="cmp-theme-wrap"),
                        ],
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
                    html.P(id="cmp-status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="cmp-kpi-heading"),
                children=[
                    html.H2(t("campaigns.kpis", lang), id="cmp-kpi-heading"),
                    kpi_list(
                        [(t(key, lang), value_id) for key, value_id in view.KPIS],
                        t("value.none", lang),
                    ),
                    html.P(id="cmp-outcome-note", className="note"),
                ],
            ),
            html.Section(
                **aria(labelledby="cmp-charts-heading"),
                children=[
                    html.H2(t("campaigns.charts", lang), id="cmp-charts-heading"),
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
                    table_block(view.TABLE_KEY, t("campaigns.table.title", lang), lang),
                    dcc.Download(id="cmp-download"),
                ],
            ),
            html.Section(
                **aria(labelledby="cmp-lift-heading"),
                children=[
                    html.H2(t("campaigns.lift.heading", lang), id="cmp-lift-heading"),
                    html.Div(id="cmp-lift"),
                ],
            ),
        ],
    )


def parse_filter(
    start: object, end: object, platform: object, campaign: object, theme: object
) -> cq.CampaignFilter | None:
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None or start_day > end_day:
        return None

    def pick(value: object) -> str | None:
        return value if isinstance(value, str) and value and value != ALL else None

    return cq.CampaignFilter(start_day, end_day, pick(platform), pick(campaign), pick(theme))


def render(config: DashboardConfig, values: tuple[object, ...], lang: str) -> tuple[Any, ...]:
    """Every output for (start, end, platform, campaign, theme); never raises."""
    f = parse_filter(*values)
    if f is None:
        start, end = parse_date(values[0]), parse_date(values[1])
        bad = start is not None and end is not None
        return _placeholders(lang, t("filter.order" if bad else "filter.invalid", lang))
    limit = config.suppression_threshold
    try:
        data = view.load(config, f, cq.has_dim_campaigns(config))
    except queries.DashboardDataError as exc:
        log.warning("campaigns: %s", exc)
        return _placeholders(lang, data_error_text(exc, lang))
    built = view.build_tables(data, limit, lang)
    status = t("filter.showing", lang, start=fmt_date(f.start, lang), end=fmt_date(f.end, lang))
    return (
        *view.kpi_texts(data, limit, lang),
        *view.chart_figures(data, limit, lang),
        *view.summaries(data, limit, lang),
        *(built[key].component(lang) for key, _ in view.CHARTS),
        built[view.TABLE_KEY].component(lang),
        view.outcome_note(data, lang),
        view.lift_section(data.lift, lang),
        status,
    )


def _placeholders(lang: str, message: str) -> tuple[Any, ...]:
    none = t("value.none", lang)
    figs = tuple(figures.empty_figure(t(title, lang), lang) for _, title in view.CHARTS)
    return (
        *(none for _ in view.KPIS),
        *figs,
        *(none for _ in view.CHARTS),
        *(None for _ in view.CHARTS),
        None,
        "",
        None,
        message,
    )


def export_table(
    config: DashboardConfig, key: str, fmt: str, values: tuple[object, ...], lang: str
) -> dict[str, Any] | None:
    f = parse_filter(*values)
    if f is None:
        return None
    data = view.load(config, f, cq.has_dim_campaigns(config))
    if key == view.LIFT_KEY:
        table = view.lift_table(data.lift, lang) if data.lift is not None else None
    else:
        table = view.build_tables(data, config.suppression_threshold, lang).get(key)
    if table is None:
        return None
    filters = [f"{name}={value}" for name, value in zip(FILTERS, values[2:], strict=True)]
    notes = [
        *tables.export_notes(
            lang, f.start, f.end, config.municipality_code, config.suppression_threshold
        ),
        *(item for item in filters if not item.endswith(f"={ALL}")),
    ]
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit(
        "export",
        page="campaigns",
        table=table.name,
        format=fmt,
        rows=len(table.rows),
        start=f.start.isoformat(),
        end=f.end.isoformat(),
        platform=f.platform,
        campaign=f.campaign,
        theme=f.theme,
    )
    return download(table.export(lang), fmt, f.start, f.end)


FILTER_INPUTS = ("cmp-start", "cmp-end", "cmp-platform", "cmp-campaign", "cmp-theme")


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    filter_inputs = [
        Input(FILTER_INPUTS[0], "value"),
        Input(FILTER_INPUTS[1], "value"),
        *(Input(name, "data") for name in FILTER_INPUTS[2:]),
    ]
    for field in ("cmp-fy", *FILTER_INPUTS[2:]):
        register_choice(app, field)
    outputs = [
        *(Output(value_id, "children") for _, value_id in view.KPIS),
        *(Output(f"{key}-graph", "figure") for key, _ in view.CHARTS),
        *(Output(f"{key}-summary", "children") for key, _ in view.CHARTS),
        *(Output(f"{key}-table", "children") for key, _ in view.CHARTS),
        Output(f"{view.TABLE_KEY}-table", "children"),
        Output("cmp-outcome-note", "children"),
        Output("cmp-lift", "children"),
        Output("cmp-status", "children"),
    ]

    @app.callback(outputs, *filter_inputs, State("cmp-state", "data"))
    def refresh(*args: Any) -> tuple[Any, ...]:
        state = args[-1] or {}
        return render(config, args[:-1], normalize_lang(state.get("lang"), config.default_language))

    @app.callback(
        Output("cmp-start", "value"),
        Output("cmp-end", "value"),
        Input("cmp-fy", "data"),
        State("cmp-state", "data"),
        prevent_initial_call=True,
    )
    def pick_fiscal_year(year: object, state: dict) -> Any:
        if not isinstance(year, str) or not year.isdigit():
            return no_update, no_update
        bounds = DateRange(parse_date(state["first"]), parse_date(state["last"]))  # type: ignore[arg-type]
        window = clip(fiscal_range(int(year)), bounds)
        return window.start.isoformat(), window.end.isoformat()

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        *filter_inputs,
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def remember_in_url(*args: Any) -> Any:
        start, end, platform, campaign, theme, search, pathname = args
        if pathname != PATH or parse_filter(start, end, platform, campaign, theme) is None:
            return no_update
        changes = {"start": start, "end": end}
        for name, value in zip(FILTERS, (platform, campaign, theme), strict=True):
            changes[name] = None if value == ALL else value
        pushed = replace_params(search, changes, config.default_language)
        current = replace_params(search, {}, config.default_language)
        return no_update if pushed == current else pushed

    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks")
        for key in (*(k for k, _ in view.CHARTS), view.TABLE_KEY)
        for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("cmp-download", "data"),
        *export_inputs,
        State(FILTER_INPUTS[0], "value"),
        State(FILTER_INPUTS[1], "value"),
        *(State(name, "data") for name in FILTER_INPUTS[2:]),
        State("cmp-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        values, state = args[-6:-1], args[-1] or {}
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[: len(export_inputs)]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, key, fmt, tuple(values), lang)
        except queries.DashboardDataError as exc:
            log.warning("campaigns export: %s", exc)
            return no_update
        return no_update if data is None else data

    @app.callback(
        Output("cmp-download", "data", allow_duplicate=True),
        Input(f"{view.LIFT_KEY}-csv", "n_clicks"),
        Input(f"{view.LIFT_KEY}-xlsx", "n_clicks"),
        State(FILTER_INPUTS[0], "value"),
        State(FILTER_INPUTS[1], "value"),
        *(State(name, "data") for name in FILTER_INPUTS[2:]),
        State("cmp-state", "data"),
        prevent_initial_call=True,
    )
    def export_lift(*args: Any) -> Any:
        """The lift table's buttons exist only once estimates are published: own callback."""
        values, state = args[2:-1], args[-1] or {}
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[:2]):
            return no_update
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = export_table(config, view.LIFT_KEY, trigger.rsplit("-", 1)[1], values, lang)
        except queries.DashboardDataError as exc:
            log.warning("campaigns export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, [key for key, _ in view.CHARTS])
