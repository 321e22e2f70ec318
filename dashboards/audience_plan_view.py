"""What the audience page shows for a plan (pure): the channel ranking and mix as a table and
a chart, the key figures, the timing and the planner's printed assumptions.

The assumptions are the planner's own sentences (Japanese, as ``civicpulse ml plan`` prints
them); in English they are shown as they are, marked ``lang="ja"``. People counts below the
suppression threshold print as ``<N``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
from dash import html
from dash.development.base_component import Component

from dashboards import figures, tables
from dashboards.audience_plan import PlanResult
from dashboards.audience_view import slot_text, top_slots
from dashboards.formatting import fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import t
from dashboards.suppression import Suppressed, shown_count
from dashboards.tables import INT, NUMBER, PCT, TEXT, YEN, Column, TableData

PLAN_CHART = ("aud-plan", "audience.plan.chart.title")
RANKING_KEY = "aud-ranking"
KPI_IDS = ("aud-kpi-size", "aud-kpi-reach", "aud-kpi-share", "aud-kpi-spend")


def _channel(row: dict[str, Any], lang: str) -> str:
    if lang == "ja":
        return str(row["channel_ja"])
    try:
        return t(f"audience.plan_channel.{row['channel']}", lang)
    except KeyError:
        return str(row["channel_ja"])


def _unit(row: dict[str, Any], lang: str) -> str:
    if lang == "ja":
        return str(row["unit_ja"])
    try:
        return t(f"audience.unit.{row['channel']}", lang)
    except KeyError:
        return str(row["unit_ja"])


def build_tables(result: PlanResult, threshold: int, lang: str) -> dict[str, TableData]:
    rows = [
        {
            "rank": index,
            "channel": _channel(row, lang),
            "reach_share": row["reach_share"],
            "reachable": row["reachable_people"],
            "per_1000": row["people_per_1000_jpy"],
            "unit": _unit(row, lang),
            "unit_cost": row["unit_cost_jpy"],
            "units": row["units"],
            "spend": row["spend_jpy"],
            "expected": row["expected_reach"],
        }
        for index, row in enumerate(result.plan.ranking.to_dicts(), start=1)
    ]
    columns = [
        Column("rank", "audience.col.rank", INT),
        Column("channel", "audience.col.channel", TEXT),
        Column("reach_share", "audience.col.reachable_share", PCT),
        Column("reachable", "audience.col.reachable", INT),
        Column("per_1000", "audience.col.per_1000", NUMBER),
        Column("unit", "audience.col.unit", TEXT),
        Column("unit_cost", "audience.col.unit_cost", YEN),
        Column("units", "audience.col.units", INT),
        Column("spend", "audience.col.spend", YEN),
        Column("expected", "audience.col.expected", INT),
    ]
    chart_rows = [r for r in rows if r["units"]]
    counts = ["reachable", "expected"]
    derived = {"per_1000": ["reachable"]}
    return {
        RANKING_KEY: tables.build(
            "channel_plan",
            t("audience.plan.ranking.title", lang),
            columns,
            rows,
            threshold=threshold,
            counts=counts,
            derived=derived,
        ),
        PLAN_CHART[0]: tables.build(
            "channel_plan_mix",
            t(PLAN_CHART[1], lang),
            [columns[1], columns[7], columns[8], columns[9]],
            chart_rows,
            threshold=threshold,
            counts=["expected"],
        ),
    }


def plan_figure(result: PlanResult, threshold: int, lang: str) -> go.Figure:
    """Expected people reached per channel in the recommended mix (labelled bars)."""
    title = t(PLAN_CHART[1], lang)
    table = build_tables(result, threshold, lang)[PLAN_CHART[0]]
    rows = list(table.rows)
    if not rows:
        return figures.empty_figure(title, lang)
    names = [figures.plot_text(r["channel"]) for r in rows]
    values = [None if isinstance(r["expected"], Suppressed) else r["expected"] for r in rows]
    labels = [
        t("audience.plan.bar", lang, reach=fmt_int(r["expected"]), spend=fmt_yen(r["spend"]))
        for r in rows
    ]
    fig = go.Figure(
        go.Bar(
            x=list(reversed(values)),
            y=list(reversed(names)),
            orientation="h",
            marker={"color": figures.OKABE_ITO[2]},
            text=list(reversed(labels)),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    figures._base_layout(fig, title)
    fig.update_layout(showlegend=False, margin={"r": 200}, height=160 + 44 * len(rows))
    fig.update_xaxes(title_text=t("audience.col.expected", lang), rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig


def kpis(result: PlanResult, threshold: int, lang: str) -> tuple[str, str, str, str]:
    """Target size, expected reach, its share of the target, spend of the budget."""
    plan = result.plan
    size = max(plan.audience.size, 1.0)
    reach = shown_count(round(plan.total_reach), threshold)
    share = None if isinstance(reach, Suppressed) else plan.total_reach / size
    return (
        fmt_int(shown_count(round(plan.audience.size), threshold)),
        fmt_int(reach),
        fmt_pct(share),
        fmt_yen(plan.total_spend),
    )


def summary(result: PlanResult, budget: float, threshold: int, lang: str) -> str:
    plan = result.plan
    size, reach, share, spend = kpis(result, threshold, lang)
    used = [r for r in plan.ranking.to_dicts() if r["units"]]
    if not used:
        return t("audience.plan.summary.none", lang, size=size, budget=fmt_yen(budget))
    best = max(used, key=lambda r: r["expected_reach"])
    return t(
        "audience.plan.summary",
        lang,
        size=size,
        reach=reach,
        share=share,
        spend=spend,
        budget=fmt_yen(budget),
        n=len(used),
        top=_channel(best, lang),
    )


def timing_lines(result: PlanResult, start: dt.date, end: dt.date, threshold: int, lang: str):
    """The recommended weekday × hour slots: the planner's rule (ml.planner.best_slots) over the
    weekdays inside the period, in the page language."""
    span = min((end - start).days + 1, 7)
    days = {(start + dt.timedelta(days=i)).isoweekday() for i in range(span)}
    return [slot_text(s, lang) for s in top_slots(result.engagement, threshold, 3, days)]


def _items(lines: list[str], lang_attr: str | None) -> Component:
    return html.Ul([html.Li(line, lang=lang_attr) for line in lines])


def details(result: PlanResult, start: dt.date, end: dt.date, threshold: int, lang: str):
    """(timing list, assumptions list, the target's label) as components."""
    slots = timing_lines(result, start, end, threshold, lang)
    timing = _items(slots, None) if slots else html.P(t("audience.plan.no_timing", lang))
    marked = "ja" if lang != "ja" else None
    assumptions = _items(list(result.plan.assumptions), marked)
    target = html.Span(result.plan.audience.label_ja, lang=marked)
    return timing, assumptions, target


def export_notes(
    result: PlanResult, start: dt.date, end: dt.date, threshold: int, lang: str
) -> list[str]:
    """The plan's assumptions, timing and target travel with every exported plan table."""
    return [
        t("audience.plan.note.target", lang, target=result.plan.audience.label_ja),
        t("audience.plan.note.period", lang, start=start.isoformat(), end=end.isoformat()),
        *result.plan.assumptions,
        *(
            t("audience.plan.note.timing", lang, slot=line)
            for line in timing_lines(result, start, end, threshold, "ja")
        ),
    ]
