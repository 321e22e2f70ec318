"""What the campaign page shows for one filter: key figures, figures, summaries and tables.

Kept apart from pages/campaigns.py (layout and callbacks) so each stays small; everything here
turns query results into display values and never raises for bad data (the page does).
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboards import campaign_queries as cq
from dashboards import figures, tables
from dashboards.components import aria, export_buttons
from dashboards.config import DashboardConfig
from dashboards.formatting import fmt_date, fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import t
from dashboards.suppression import is_small, mask_frame, shown_count
from dashboards.tables import DATE, INT, NUMBER, PCT, TEXT, YEN, Column, TableData

KPIS: tuple[tuple[str, str], ...] = (
    ("campaigns.spend", "cmp-kpi-spend"),
    ("campaigns.impressions", "cmp-kpi-impressions"),
    ("campaigns.clicks", "cmp-kpi-clicks"),
    ("campaigns.ctr", "cmp-kpi-ctr"),
    ("campaigns.cpc", "cmp-kpi-cpc"),
    ("campaigns.cpm", "cmp-kpi-cpm"),
    ("campaigns.conversions", "cmp-kpi-conversions"),
    ("campaigns.outcomes", "cmp-kpi-outcomes"),
    ("campaigns.cost_per_outcome", "cmp-kpi-cost-per-outcome"),
)
CHARTS: tuple[tuple[str, str], ...] = (
    ("cmp-spend", "chart.platform_spend.title"),
    ("cmp-outcomes", "chart.outcomes.title"),
)
TABLE_KEY = "cmp-campaigns"


def platform_label(platform: str, lang: str) -> str:
    try:
        return t(f"platform.{platform}", lang)
    except KeyError:
        return platform


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    return numerator / denominator * scale if denominator else None


@dataclass(frozen=True)
class CampaignData:
    daily: pl.DataFrame  # activity_date, platform, spend_jpy, impressions, clicks, conversions
    by_campaign: pl.DataFrame
    outcomes: pl.DataFrame  # activity_date, online_count
    procedures: list[tuple[str, str]]
    lift: pl.DataFrame | None


def load(config: DashboardConfig, f: cq.CampaignFilter, with_themes: bool) -> CampaignData:
    procedures = cq.target_procedures(config, f, with_themes)
    return CampaignData(
        daily=cq.spend_by_platform_daily(config, f, with_themes),
        by_campaign=cq.by_campaign(config, f, with_themes),
        outcomes=cq.online_outcomes_daily(config, f.start, f.end, [p for p, _ in procedures]),
        procedures=procedures,
        lift=cq.campaign_lift(config, f.campaign),
    )


def kpi_texts(data: CampaignData, threshold: int, lang: str) -> tuple[str, ...]:
    daily = data.daily
    spend = float(daily["spend_jpy"].sum() or 0)
    impressions = int(daily["impressions"].sum() or 0)
    clicks = int(daily["clicks"].sum() or 0)
    conversions = float(daily["conversions"].sum() or 0)
    outcomes = int(data.outcomes["online_count"].sum() or 0) if data.outcomes.height else 0
    none = t("value.none", lang)
    return (
        fmt_yen(spend),
        fmt_int(impressions),
        fmt_int(clicks),
        fmt_pct(_ratio(clicks, impressions)),
        fmt_yen(_ratio(spend, clicks)),
        fmt_yen(_ratio(spend, impressions, 1000)),
        fmt_int(shown_count(conversions, threshold)),
        fmt_int(shown_count(outcomes, threshold)),
        none if is_small(outcomes, threshold) else fmt_yen(_ratio(spend, outcomes)),
    )


def outcome_note(data: CampaignData, lang: str) -> str:
    if data.procedures:
        names = "、".join(name for _, name in data.procedures)
        return t("campaigns.outcome_note_target", lang, procedures=names)
    return t("campaigns.outcome_note_all", lang)


def chart_figures(data: CampaignData, threshold: int, lang: str) -> tuple[go.Figure, go.Figure]:
    labels = {p: platform_label(p, lang) for p in data.daily["platform"].unique().to_list()}
    return (
        figures.spend_by_platform_figure(data.daily, lang, labels),
        figures.outcomes_figure(mask_frame(data.outcomes, ["online_count"], threshold), lang),
    )


def summaries(data: CampaignData, threshold: int, lang: str) -> tuple[str, str]:
    daily, outcomes = data.daily, data.outcomes
    if daily.is_empty():
        spend_text = t("summary.empty", lang)
    else:
        per_platform = (
            daily.group_by("platform")
            .agg(pl.col("spend_jpy").sum())
            .sort(["spend_jpy", "platform"], descending=[True, False])
        )
        top, top_value = per_platform.row(0)
        spend_text = t(
            "summary.platform_spend",
            lang,
            total=fmt_yen(per_platform["spend_jpy"].sum()),
            top=platform_label(top, lang),
            top_value=fmt_yen(top_value),
        )
    total = int(outcomes["online_count"].sum() or 0) if outcomes.height else 0
    if total == 0:
        return spend_text, t("summary.empty", lang)
    day, top_count = outcomes.sort(["online_count", "activity_date"], descending=[True, False]).row(
        0
    )
    outcome_text = t(
        "summary.outcomes",
        lang,
        total=fmt_int(shown_count(total, threshold)),
        day=fmt_date(day, lang),
        top=fmt_int(shown_count(top_count, threshold)),
    )
    return spend_text, outcome_text


def build_tables(data: CampaignData, threshold: int, lang: str) -> dict[str, TableData]:
    """The tables of the page (shown and exported alike), keyed by their block key."""
    spend_rows = [
        {
            "date": day,
            "platform": platform_label(platform, lang),
            "spend": spend,
            "impressions": impressions,
            "clicks": clicks,
        }
        for day, platform, spend, impressions, clicks, _ in data.daily.iter_rows()
    ]
    outcome_rows = [{"date": day, "online": count} for day, count in data.outcomes.iter_rows()]
    campaign_rows = []
    for (
        platform,
        name,
        kind,
        spend,
        impressions,
        clicks,
        conversions,
    ) in data.by_campaign.iter_rows():
        money = float(spend or 0)
        campaign_rows.append(
            {
                "platform": platform_label(platform, lang),
                "campaign": name,
                "type": kind,
                "spend": spend,
                "impressions": impressions,
                "clicks": clicks,
                "ctr": _ratio(clicks, impressions),
                "cpc": _ratio(money, clicks),
                "cpm": _ratio(money, impressions, 1000),
                "conversions": conversions,
                "cpa": _ratio(money, conversions or 0),
            }
        )
    return {
        "cmp-spend": tables.build(
            "ad_spend_by_platform_day",
            t("chart.platform_spend.title", lang),
            [
                Column("date", "table.date", DATE),
                Column("platform", "campaigns.table.platform", TEXT),
                Column("spend", "table.spend", YEN),
                Column("impressions", "campaigns.impressions", INT),
                Column("clicks", "table.clicks", INT),
            ],
            spend_rows,
            threshold=threshold,
        ),
        "cmp-outcomes": tables.build(
            "online_applications_by_day",
            t("chart.outcomes.title", lang),
            [Column("date", "table.date", DATE), Column("online", "table.online", INT)],
            outcome_rows,
            threshold=threshold,
            counts=["online"],
        ),
        TABLE_KEY: tables.build(
            "delivery_by_campaign",
            t("campaigns.table.title", lang),
            [
                Column("platform", "campaigns.table.platform", TEXT),
                Column("campaign", "table.campaign", TEXT),
                Column("type", "campaigns.table.type", TEXT),
                Column("spend", "table.spend", YEN),
                Column("impressions", "campaigns.impressions", INT),
                Column("clicks", "table.clicks", INT),
                Column("ctr", "campaigns.ctr", PCT),
                Column("cpc", "campaigns.cpc", YEN),
                Column("cpm", "campaigns.cpm", YEN),
                Column("conversions", "campaigns.conversions", NUMBER),
                Column("cpa", "campaigns.cost_per_conversion", YEN),
            ],
            campaign_rows,
            threshold=threshold,
            counts=["conversions"],
            derived={"cpa": ["conversions"]},
        ),
    }


LIFT_KEY = "cmp-lift"


def lift_table(lift: pl.DataFrame, lang: str) -> TableData:
    """The published lift estimates as a table (shown and exported alike)."""
    verdict = f"verdict_{lang}" if f"verdict_{lang}" in lift.columns else "verdict_ja"
    columns = [Column("campaign_name", "table.campaign", TEXT)]
    for name, key in (
        ("estimate", "campaigns.lift.estimate"),
        ("ci_low", "campaigns.lift.ci_low"),
        ("ci_high", "campaigns.lift.ci_high"),
    ):
        if name in lift.columns:
            columns.append(Column(name, key, NUMBER))
    if verdict in lift.columns:
        columns.append(Column(verdict, "campaigns.lift.verdict", TEXT))
    return tables.build(
        "campaign_lift",
        t("campaigns.lift.caption", lang),
        columns,
        lift.to_dicts(),
        threshold=1,  # estimates, not counts of people
    )


def lift_section(lift: pl.DataFrame | None, lang: str) -> Component:
    """The lift estimates as a table with downloads, or a sentence saying they are not
    computed yet (marts.ml_campaign_lift not published)."""
    if lift is None:
        return html.P(t("campaigns.lift.missing", lang), id="cmp-lift-missing")
    if lift.is_empty():
        return html.P(t("campaigns.lift.empty", lang))
    table = lift_table(lift, lang)
    return html.Div(
        [
            export_buttons(LIFT_KEY, table.title, lang, png=False),
            html.Div(
                table.component(lang),
                className="table-wrap",
                role="region",
                tabIndex="0",
                **aria(label=table.title),
            ),
        ]
    )
