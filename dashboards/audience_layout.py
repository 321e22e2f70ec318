"""The audience page's layout: filters, segment tables, charts and the planner form, filled
from the URL query (deep links). dashboards/pages/audience.py calls :func:`build_layout`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from dashboards import audience_plan as ap
from dashboards import audience_plan_view as pv
from dashboards import audience_queries as aq
from dashboards import audience_view as view
from dashboards.audience_form import multi_choice_field, plain_date_field, text_field
from dashboards.components import aria, chart_block, choice_field, kpi_list, table_block
from dashboards.config import DashboardConfig
from dashboards.i18n import t

ALL = "all"
SEGMENT_TABLES = (view.WEB_KEY, view.SURVEY_KEY, view.CARDS_KEY)
PLAN_CHART_KEY = pv.PLAN_CHART[0]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Four weeks from next Monday."""
    start = today + dt.timedelta(days=7 - today.weekday())
    return start, start + dt.timedelta(days=27)


# --- layout ------------------------------------------------------------------------------


def build_layout(
    config: DashboardConfig,
    lang: str,
    query: dict[str, Any],
    heading: list[Component],
    have: frozenset[str],
    today: dt.date,
) -> Component:
    web = aq.web_segments(config)
    survey = aq.survey_segments(config) if "ml_survey_segments" in have else None
    ages, areas = aq.target_choices(config) if "fct_survey_respondents" in have else ([], [])
    shown_web = [r for r in web.to_dicts() if not r["is_suppressed"]]
    shown_survey = [r for r in (survey.to_dicts() if survey is not None else [])]
    shown_survey = [r for r in shown_survey if not r["is_suppressed"]]
    seg_options = [(ALL, t("audience.all_users", lang))] + [
        (str(r["segment_id"]), view.segment_label("web", r["segment_id"], r["segment_name"]))
        for r in shown_web
    ]
    target_options = (
        [(ap.ALL_TARGET, t("audience.target.all", lang))]
        + [
            (
                f"web:{r['segment_id']}",
                view.segment_label("web", r["segment_id"], r["segment_name"]),
            )
            for r in shown_web
        ]
        + [
            (
                f"survey:{r['segment_id']}",
                view.segment_label("survey", r["segment_id"], r["segment_name"]),
            )
            for r in shown_survey
        ]
        + ([(ap.CELLS, t("audience.target.cells", lang))] if ages or areas else [])
    )
    source = query.get("source") if query.get("source") in view.SOURCES else "web"
    seg = query.get("seg") if query.get("seg") in {v for v, _ in seg_options} else ALL
    target = query.get("target")
    target = target if target in {v for v, _ in target_options} else ap.ALL_TARGET
    chosen_ages = [a for a in (_text(query.get("age")) or "").split("|") if a in ages]
    chosen_areas = [a for a in (_text(query.get("area")) or "").split("|") if a in areas]
    first, last = _default_period(today)
    auto = all(_text(query.get(k)) for k in ("target", "budget", "pstart", "pend"))
    return html.Div(
        className="page",
        children=[
            dcc.Store(id="aud-state", data={"lang": lang}),
            dcc.Store(id="aud-plan-auto", data=auto),
            dcc.Store(id="aud-plan-request"),
            *heading,
            html.Section(
                className="filters",
                **aria(labelledby="aud-filter-heading"),
                children=[
                    html.H2(t("campaigns.filters", lang), id="aud-filter-heading"),
                    choice_field(
                        "aud-source",
                        t("audience.source.label", lang),
                        [(s, t(f"audience.source.{s}", lang)) for s in view.SOURCES],
                        source,
                    ),
                    choice_field("aud-seg", t("audience.seg.label", lang), seg_options, seg),
                    html.P(id="aud-status", className="status", role="status"),
                ],
            ),
            html.Section(
                **aria(labelledby="aud-seg-heading"),
                children=[
                    html.H2(t("audience.segments.heading", lang), id="aud-seg-heading"),
                    html.P(t("audience.segments.note", lang), className="note"),
                    html.P(
                        t("suppression.note", lang, n=config.suppression_threshold),
                        className="note",
                    ),
                    html.P(id="aud-cards-summary"),
                    *(
                        table_block(key, t(f"audience.{key[4:]}.title", lang), lang)
                        for key in SEGMENT_TABLES
                    ),
                ],
            ),
            html.Section(
                **aria(labelledby="aud-charts-heading"),
                children=[
                    html.H2(t("campaigns.charts", lang), id="aud-charts-heading"),
                    html.Div(
                        className="charts",
                        children=[chart_block(k, t(title, lang), lang) for k, title in view.CHARTS],
                    ),
                ],
            ),
            _planner(
                config,
                lang,
                query,
                target_options,
                target,
                ages,
                areas,
                chosen_ages,
                chosen_areas,
                (first, last),
            ),
            dcc.Download(id="aud-download"),
        ],
    )


def _planner(
    config: DashboardConfig,
    lang: str,
    query: dict[str, Any],
    target_options: list[tuple[str, str]],
    target: str,
    ages: list[str],
    areas: list[str],
    chosen_ages: list[str],
    chosen_areas: list[str],
    period: tuple[dt.date, dt.date],
) -> Component:
    cells: list[Component] = []
    if ages:
        cells.append(
            multi_choice_field(
                "aud-ages",
                t("audience.ages.label", lang),
                [(a, a) for a in ages],
                chosen_ages,
                t("audience.cells.hint", lang),
            )
        )
    else:
        cells.append(dcc.Store(id="aud-ages", data=[]))
    if areas:
        cells.append(
            multi_choice_field(
                "aud-areas",
                t("audience.areas.label", lang),
                [(a, a) for a in areas],
                chosen_areas,
            )
        )
    else:
        cells.append(dcc.Store(id="aud-areas", data=[]))
    kpi_labels = [t(f"audience.kpi.{name}", lang) for name in ("size", "reach", "share", "spend")]
    return html.Section(
        **aria(labelledby="aud-planner-heading"),
        children=[
            html.H2(t("audience.plan.heading", lang), id="aud-planner-heading"),
            html.P(t("audience.plan.intro", lang), className="intro"),
            html.Div(
                className="filters",
                children=[
                    choice_field(
                        "aud-target", t("audience.target.label", lang), target_options, target
                    ),
                    *cells,
                    html.Div(
                        className="field-row",
                        children=[
                            text_field(
                                "aud-budget",
                                t("audience.budget.label", lang),
                                _text(query.get("budget")) or "300,000",
                                t("audience.budget.hint", lang),
                                numeric=True,
                            ),
                            plain_date_field(
                                "aud-pstart",
                                t("audience.pstart.label", lang),
                                _text(query.get("pstart")) or period[0].isoformat(),
                            ),
                            plain_date_field(
                                "aud-pend",
                                t("audience.pend.label", lang),
                                _text(query.get("pend")) or period[1].isoformat(),
                            ),
                        ],
                    ),
                    html.Button(
                        t("audience.plan.run", lang),
                        id="aud-run",
                        type="button",
                        className="button button-primary",
                    ),
                    html.P(id="aud-plan-status", className="status", role="status"),
                ],
            ),
            html.H3(t("audience.plan.result", lang), id="aud-plan-result-heading"),
            html.P([t("audience.plan.target_label", lang), html.Span(id="aud-plan-target")]),
            kpi_list(list(zip(kpi_labels, pv.KPI_IDS, strict=True)), t("value.none", lang)),
            html.Div(
                className="charts",
                children=[chart_block(PLAN_CHART_KEY, t(pv.PLAN_CHART[1], lang), lang)],
            ),
            table_block(pv.RANKING_KEY, t("audience.plan.ranking.title", lang), lang),
            html.H3(t("audience.plan.timing", lang), id="aud-plan-timing-heading"),
            html.Div(id="aud-plan-timing"),
            html.H3(t("audience.plan.assumptions", lang), id="aud-plan-assumptions-heading"),
            html.Div(id="aud-plan-assumptions", className="note"),
        ],
    )
