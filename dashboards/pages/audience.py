"""オーディエンスとチャネル計画 (Audience & channel planning): web and citizen segments, channel
reach by segment, when each segment visits, and the channel planner.

Deep links: ``/audience?lang=en&source=survey&seg=3&target=web:3&budget=300000
&pstart=2026-05-01&pend=2026-05-31`` (``target=cells&age=30-39|40-49&area=中央町`` for an age
band × area target); a link with a complete plan runs it on opening. Every filter change and
every plan that runs rewrites the URL. Reads the ML marts through dashboards.audience_queries;
the planner is ``civicpulse ml plan``'s code (dashboards.audience_plan). Open to every
logged-in role. Component ids start with ``aud-``.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import dash
from dash import Input, Output, State, ctx, html, no_update
from dash.development.base_component import Component

from dashboards import audience_layout, queries
from dashboards import audience_page_parts as parts
from dashboards import audience_queries as aq
from dashboards import audience_view as view
from dashboards.audience_form import register_multi_choice
from dashboards.components import error_panel, register_choice, register_png_downloads
from dashboards.config import DashboardConfig
from dashboards.context import current_config
from dashboards.i18n import normalize_lang, t
from dashboards.urlstate import replace_params

log = logging.getLogger(__name__)

PATH = "/audience"

dash.register_page(
    __name__,
    path=PATH,
    name="オーディエンスとチャネル計画",
    title="オーディエンスとチャネル計画 | civicpulse みどり市",
    order=1.5,
    description="ウェブと市民のセグメント、セグメント別のチャネル到達、時間帯、チャネル計画",
    nav_key="nav.audience",
)


def layout(lang: str | None = None, **query: Any) -> Component:
    config = current_config()
    lang = normalize_lang(lang, config.default_language)
    heading = [
        html.H1(t("audience.title", lang)),
        html.P(t("audience.intro", lang), className="intro"),
    ]
    try:
        have = aq.require(config)
        return audience_layout.build_layout(config, lang, query, heading, have, dt.date.today())
    except queries.DashboardDataError as exc:
        log.warning("audience: %s", exc)
        return html.Div(className="page", children=[*heading, error_panel(exc, lang, "error")])
    except Exception as exc:  # the page must always render something
        log.exception("audience: layout failed")
        error = queries.DashboardDataError(str(exc))
        return html.Div(className="page", children=[*heading, error_panel(error, lang, "error")])


def register_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    register_choice(app, "aud-source")
    register_choice(app, "aud-seg")
    register_choice(app, "aud-target")
    register_multi_choice(app, "aud-ages")
    register_multi_choice(app, "aud-areas")
    chart_keys = [key for key, _ in view.CHARTS]
    form = [
        State("aud-target", "data"),
        State("aud-ages", "data"),
        State("aud-areas", "data"),
        State("aud-budget", "value"),
        State("aud-pstart", "value"),
        State("aud-pend", "value"),
    ]

    @app.callback(
        *(Output(f"{key}-table", "children") for key in parts.SEGMENT_TABLES),
        Output("aud-cards-summary", "children"),
        Output("aud-reach-graph", "figure"),
        Output("aud-reach-summary", "children"),
        Output("aud-reach-table", "children"),
        Input("aud-source", "data"),
        State("aud-state", "data"),
    )
    def refresh_segments(source: object, state: dict | None) -> tuple[Any, ...]:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        return parts.render_segments(config, source, lang)

    @app.callback(
        Output("aud-timing-graph", "figure"),
        Output("aud-timing-summary", "children"),
        Output("aud-timing-table", "children"),
        Output("aud-status", "children"),
        Input("aud-seg", "data"),
        State("aud-state", "data"),
    )
    def refresh_timing(seg: object, state: dict | None) -> tuple[Any, ...]:
        lang = normalize_lang((state or {}).get("lang"), config.default_language)
        return parts.render_timing(config, seg, lang)

    @app.callback(
        Output("aud-plan-status", "children"),
        *(Output(kpi, "children") for kpi in parts.plan_kpi_ids()),
        Output("aud-plan-target", "children"),
        Output("aud-plan-graph", "figure"),
        Output("aud-plan-summary", "children"),
        Output("aud-plan-table", "children"),
        Output("aud-ranking-table", "children"),
        Output("aud-plan-timing", "children"),
        Output("aud-plan-assumptions", "children"),
        Output("aud-plan-request", "data"),
        Input("aud-run", "n_clicks"),
        Input("aud-plan-auto", "data"),
        *form,
        State("aud-state", "data"),
    )
    def plan(clicks: int | None, auto: object, *args: Any) -> tuple[Any, ...]:
        state = args[-1] or {}
        lang = normalize_lang(state.get("lang"), config.default_language)
        if not clicks and not auto:
            return parts.plan_placeholders(lang, t("audience.plan.idle", lang))
        log_it = ctx.triggered_id == "aud-run"
        return parts.render_plan(config, tuple(args[:-1]), lang, audit_it=log_it)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input("aud-source", "data"),
        Input("aud-seg", "data"),
        Input("aud-plan-request", "data"),
        State("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def remember_in_url(*args: Any) -> Any:
        source, seg, request, search, pathname = args
        if pathname != PATH:
            return no_update
        changes = parts.url_changes(source, seg, request)
        pushed = replace_params(search, changes, config.default_language)
        current = replace_params(search, {}, config.default_language)
        return no_update if pushed == current else pushed

    export_keys = (*parts.SEGMENT_TABLES, *chart_keys, *parts.PLAN_EXPORTS)
    export_inputs = [
        Input(f"{key}-{fmt}", "n_clicks") for key in export_keys for fmt in ("csv", "xlsx")
    ]

    @app.callback(
        Output("aud-download", "data"),
        *export_inputs,
        State("aud-source", "data"),
        State("aud-seg", "data"),
        *form,
        State("aud-state", "data"),
        prevent_initial_call=True,
    )
    def export(*args: Any) -> Any:
        state = args[-1] or {}
        values = tuple(args[len(export_inputs) : -1])
        trigger = ctx.triggered_id
        if not isinstance(trigger, str) or not any(args[: len(export_inputs)]):
            return no_update
        key, fmt = trigger.rsplit("-", 1)
        lang = normalize_lang(state.get("lang"), config.default_language)
        try:
            data = parts.export_table(config, key, fmt, values, lang)
        except queries.DashboardDataError as exc:
            log.warning("audience export: %s", exc)
            return no_update
        return no_update if data is None else data

    register_png_downloads(app, [*chart_keys, parts.PLAN_CHART_KEY])
