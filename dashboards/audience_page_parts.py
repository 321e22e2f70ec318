"""The audience page's layout and what its callbacks render (dashboards/pages/audience.py keeps
the registration; everything here is called with the app's config and never raises for bad
input or missing data: it returns a message instead)."""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from dashboards import audience_figures as afig
from dashboards import audience_plan as ap
from dashboards import audience_plan_view as pv
from dashboards import audience_queries as aq
from dashboards import audience_view as view
from dashboards import figures, queries
from dashboards.audience_layout import ALL
from dashboards.auth import audit
from dashboards.components import (
    data_error_text,
)
from dashboards.config import DashboardConfig
from dashboards.exports import download
from dashboards.formatting import fmt_date, fmt_yen
from dashboards.i18n import t
from dashboards.tables import TableData
from ml.planner import PlanError

log = logging.getLogger(__name__)

SEGMENT_TABLES = (view.WEB_KEY, view.SURVEY_KEY, view.CARDS_KEY)
PLAN_CHART_KEY = pv.PLAN_CHART[0]
PLAN_EXPORTS = (pv.RANKING_KEY, PLAN_CHART_KEY)
PLAN_PARAMS = ("target", "age", "area", "budget", "pstart", "pend")


def plan_kpi_ids() -> tuple[str, ...]:
    return pv.KPI_IDS


# --- callbacks ---------------------------------------------------------------------------


def _segment_id(seg: object) -> int | None:
    return int(seg) if isinstance(seg, str) and seg.isdigit() else None


def load(config: DashboardConfig, seg: object) -> view.AudienceData:
    have = aq.published(config)
    return view.AudienceData(
        web=aq.web_segments(config),
        survey=aq.survey_segments(config) if "ml_survey_segments" in have else None,
        reach=aq.reach(config),
        cards=aq.model_cards(config) if "ml_model_cards" in have else None,
        engagement=aq.engagement(config, _segment_id(seg)),
    )


def cards_summary(data: view.AudienceData, lang: str) -> str:
    if data.cards is None or data.cards.is_empty():
        return t("audience.cards.none", lang)
    parts = []
    for row in data.cards.to_dicts():
        if row["model_name"] not in ("web_segments", "survey_segments"):
            continue
        window = (
            t(
                "audience.cards.window",
                lang,
                start=fmt_date(row["data_window_start"], lang),
                end=fmt_date(row["data_window_end"], lang),
            )
            if row["data_window_start"] and row["data_window_end"]
            else t("audience.cards.no_window", lang)
        )
        parts.append(
            t(
                "audience.cards.part",
                lang,
                model=t(f"audience.model.{row['model_name']}", lang),
                window=window,
                k=view._k(row["parameters_json"]),
                version=row["model_version"],
            )
        )
    return t("audience.list_sep", lang).join(parts) + t("audience.list_end", lang)


def render_segments(config: DashboardConfig, source: object, lang: str) -> tuple[Any, ...]:
    source = source if source in view.SOURCES else "web"
    try:
        data = load(config, None)
    except queries.DashboardDataError as exc:
        log.warning("audience: %s", exc)
        message = html.P(data_error_text(exc, lang), role="alert")
        empty = figures.empty_figure(t("audience.reach.title", lang), lang)
        return message, None, None, "", empty, t("value.none", lang), None
    limit = config.suppression_threshold
    built = view.build_tables(data, limit, lang)
    missing = html.P(t("audience.not_published", lang))
    return (
        built[view.WEB_KEY].component(lang),
        built[view.SURVEY_KEY].component(lang) if data.survey is not None else missing,
        built[view.CARDS_KEY].component(lang) if data.cards is not None else missing,
        cards_summary(data, lang),
        afig.reach_figure(data, str(source), limit, lang),
        view.reach_summary(data, str(source), limit, lang),
        built["aud-reach"].component(lang),
    )


def render_timing(config: DashboardConfig, seg: object, lang: str) -> tuple[Any, ...]:
    segment_id = _segment_id(seg)
    limit = config.suppression_threshold
    try:
        engagement = aq.engagement(config, segment_id)
        web = aq.web_segments(config)
    except queries.DashboardDataError as exc:
        log.warning("audience: %s", exc)
        empty = figures.empty_figure(t("audience.timing.title", lang), lang)
        return empty, t("value.none", lang), None, data_error_text(exc, lang)
    names = {r["segment_id"]: r["segment_name"] for r in web.to_dicts()}
    label = (
        view.segment_label("web", segment_id, names.get(segment_id))
        if segment_id is not None
        else t("audience.all_users", lang)
    )
    table = view.timing_table(engagement, limit, lang)
    return (
        afig.timing_figure(engagement, limit, lang),
        view.timing_summary(engagement, label, limit, lang),
        table.component(lang),
        t("audience.showing", lang, segment=label),
    )


def plan_placeholders(lang: str, message: str) -> tuple[Any, ...]:
    none = t("value.none", lang)
    empty = figures.empty_figure(t(pv.PLAN_CHART[1], lang), lang)
    return (message, none, none, none, none, none, empty, none, None, None, None, None, None)


def _request_store(values: tuple[Any, ...], request: ap.PlanRequest) -> dict[str, str | None]:
    choice, ages, areas = values[:3]
    cells = choice == ap.CELLS
    return {
        "target": str(choice),
        "age": "|".join(ages or []) if cells else None,
        "area": "|".join(areas or []) if cells else None,
        "budget": f"{request.budget_jpy:.0f}",
        "pstart": request.start.isoformat(),
        "pend": request.end.isoformat(),
    }


def compute_plan(
    config: DashboardConfig, values: tuple[Any, ...]
) -> tuple[ap.PlanRequest, ap.PlanResult]:
    """Raises PlanInputError (bad input, or the planner refused) or DashboardDataError."""
    request = ap.parse_request(*values)
    try:
        return request, ap.run_plan(config, request)
    except PlanError as exc:
        raise ap.plan_error(exc, config.suppression_threshold) from exc


def render_plan(
    config: DashboardConfig, values: tuple[Any, ...], lang: str, audit_it: bool = False
) -> tuple[Any, ...]:
    limit = config.suppression_threshold
    try:
        request, result = compute_plan(config, values)
    except ap.PlanInputError as exc:
        return plan_placeholders(lang, t(exc.key, lang, **exc.values))
    except queries.DashboardDataError as exc:
        log.warning("audience plan: %s", exc)
        return plan_placeholders(lang, data_error_text(exc, lang))
    if audit_it:
        audit(
            "plan",
            page="audience",
            target=request.target,
            budget=request.budget_jpy,
            start=request.start.isoformat(),
            end=request.end.isoformat(),
        )
    built = pv.build_tables(result, limit, lang)
    timing, assumptions, target = pv.details(result, request.start, request.end, limit, lang)
    status = t(
        "audience.plan.done",
        lang,
        budget=fmt_yen(request.budget_jpy),
        start=fmt_date(request.start, lang),
        end=fmt_date(request.end, lang),
    )
    return (
        status,
        *pv.kpis(result, limit, lang),
        target,
        pv.plan_figure(result, limit, lang),
        pv.summary(result, request.budget_jpy, limit, lang),
        built[PLAN_CHART_KEY].component(lang),
        built[pv.RANKING_KEY].component(lang),
        timing,
        assumptions,
        _request_store(values, request),
    )


def url_changes(source: object, seg: object, request: object) -> dict[str, str | None]:
    changes: dict[str, str | None] = {
        "source": source if isinstance(source, str) and source != "web" else None,
        "seg": seg if isinstance(seg, str) and seg != ALL else None,
    }
    if isinstance(request, dict):
        changes |= {key: request.get(key) for key in PLAN_PARAMS}
    return changes


def export_table(
    config: DashboardConfig, key: str, fmt: str, values: tuple[Any, ...], lang: str
) -> dict[str, Any] | None:
    """values: (source, seg, target choice, ages, areas, budget, period start, period end)."""
    limit = config.suppression_threshold
    base_notes = [
        t("export.note.municipality", lang, code=config.municipality_code),
        t("export.note.suppression", lang, n=limit),
    ]
    if key in PLAN_EXPORTS:
        try:
            request, result = compute_plan(config, tuple(values[2:]))
        except ap.PlanInputError:
            return None
        table = pv.build_tables(result, limit, lang)[key]
        notes = [*base_notes, *pv.export_notes(result, request.start, request.end, limit, lang)]
        parts: tuple[object, ...] = (
            request.target.split(",")[0].replace(":", ""),
            request.start,
            request.end,
        )
    else:
        found = view.build_tables(load(config, values[1]), limit, lang).get(key)
        if found is None:
            return None
        table = found
        notes = [*base_notes, t("audience.segments.note", lang)]
        parts = (f"seg{values[1]}",) if key == "aud-timing" and _segment_id(values[1]) else ()
    table = TableData(table.name, table.title, table.columns, table.rows, table.suppressed, notes)
    audit("export", page="audience", table=table.name, format=fmt, rows=len(table.rows))
    return download(table.export(lang), fmt, *parts)
