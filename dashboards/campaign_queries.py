"""Queries of the campaign page (キャンペーン効果), all through ``dashboards.queries.select``.

Filters: an inclusive date range plus optional platform, campaign and theme ("" or None = all).
The theme filter and the target procedures need ``marts.dim_campaigns`` and the lift section
``marts.ml_campaign_lift``; both are optional (``queries.table_columns`` tells whether they
were published), and callers pass ``with_themes`` so no query names a missing table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboards.config import DashboardConfig
from dashboards.queries import AD_PERFORMANCE, CIVIC_OUTCOMES, E_APPLICATION, select, table_columns
from dashboards.urlstate import DateRange

DIM_CAMPAIGNS = "marts.dim_campaigns"
CAMPAIGN_LIFT = "marts.ml_campaign_lift"
LIFT_COLUMNS = ("campaign_name", "estimate", "ci_low", "ci_high", "verdict_ja", "verdict_en")


@dataclass(frozen=True)
class CampaignFilter:
    start: date
    end: date
    platform: str | None = None
    campaign: str | None = None
    theme: str | None = None

    def __post_init__(self) -> None:
        DateRange(self.start, self.end)  # raises ValueError when start > end


def has_dim_campaigns(config: DashboardConfig) -> bool:
    return {"campaign_name", "theme"} <= set(table_columns(config, "marts", "dim_campaigns"))


def _where(f: CampaignFilter, with_themes: bool) -> tuple[str, dict[str, object]]:
    """The WHERE clause over AD_PERFORMANCE (alias a) and its parameters."""
    clauses = ["a.municipality_code = $code", "a.activity_date between $start and $end"]
    params: dict[str, object] = {"start": f.start, "end": f.end}
    if f.platform:
        clauses.append("a.platform = $platform")
        params["platform"] = f.platform
    if f.campaign:
        clauses.append("a.campaign_name = $campaign")
        params["campaign"] = f.campaign
    if f.theme and with_themes:
        clauses.append(
            f"a.campaign_name in (select campaign_name from {DIM_CAMPAIGNS} "
            "where municipality_code = $code and theme = $theme)"
        )
        params["theme"] = f.theme
    return " and ".join(clauses), params


def filter_options(config: DashboardConfig, with_themes: bool) -> pl.DataFrame:
    """Distinct platform, campaign_name (and theme, null when unmapped) of the city's ads."""
    theme = "d.theme" if with_themes else "null::varchar"
    join = (
        f"left join (select distinct campaign_name, theme from {DIM_CAMPAIGNS} "
        "where municipality_code = $code) d using (campaign_name)"
        if with_themes
        else ""
    )
    sql = f"""
        select distinct a.platform, a.campaign_name, {theme} as theme
        from {AD_PERFORMANCE} a {join}
        where a.municipality_code = $code
        order by 1, 2, 3
    """
    return select(config, sql, {"code": config.municipality_code}, AD_PERFORMANCE)


def spend_by_platform_daily(
    config: DashboardConfig, f: CampaignFilter, with_themes: bool
) -> pl.DataFrame:
    """activity_date, platform, spend_jpy (double), impressions, clicks, conversions."""
    where, params = _where(f, with_themes)
    sql = f"""
        select a.activity_date, a.platform,
               sum(a.spend_jpy)::double as spend_jpy,
               sum(a.impressions)::bigint as impressions,
               sum(a.clicks)::bigint as clicks,
               sum(a.conversions)::double as conversions
        from {AD_PERFORMANCE} a
        where {where}
        group by all
        order by 1, 2
    """
    return select(config, sql, params | {"code": config.municipality_code}, AD_PERFORMANCE)


def by_campaign(config: DashboardConfig, f: CampaignFilter, with_themes: bool) -> pl.DataFrame:
    """platform, campaign_name, campaign_type, spend_jpy (exact), impressions, clicks,
    conversions over the range, largest spend first."""
    where, params = _where(f, with_themes)
    sql = f"""
        select a.platform, a.campaign_name,
               string_agg(distinct a.campaign_type, ' / ' order by a.campaign_type)
                   as campaign_type,
               sum(a.spend_jpy)::decimal(18, 2) as spend_jpy,
               sum(a.impressions)::bigint as impressions,
               sum(a.clicks)::bigint as clicks,
               sum(a.conversions)::double as conversions
        from {AD_PERFORMANCE} a
        where {where}
        group by a.platform, a.campaign_name
        order by spend_jpy desc, a.platform, a.campaign_name
    """
    return select(config, sql, params | {"code": config.municipality_code}, AD_PERFORMANCE)


def target_procedures(
    config: DashboardConfig, f: CampaignFilter, with_themes: bool
) -> list[tuple[str, str]]:
    """(procedure_id, name) the filtered campaigns aim at, per marts.dim_campaigns; [] when no
    campaign or theme is chosen, the table is absent or names none."""
    if not with_themes or not (f.campaign or f.theme):
        return []
    columns = set(table_columns(config, "marts", "dim_campaigns"))
    if "target_procedure_id" not in columns:
        return []
    name = "target_procedure_name" if "target_procedure_name" in columns else "null::varchar"
    clauses = ["municipality_code = $code", "target_procedure_id is not null"]
    params: dict[str, object] = {}
    if f.campaign:
        clauses.append("campaign_name = $campaign")
        params["campaign"] = f.campaign
    if f.theme:
        clauses.append("theme = $theme")
        params["theme"] = f.theme
    sql = f"""
        select distinct target_procedure_id, {name} as name from {DIM_CAMPAIGNS}
        where {" and ".join(clauses)} order by 1
    """
    frame = select(config, sql, params | {"code": config.municipality_code}, DIM_CAMPAIGNS)
    return [(pid, label or pid) for pid, label in frame.iter_rows()]


def online_outcomes_daily(
    config: DashboardConfig, start: date, end: date, procedure_ids: list[str]
) -> pl.DataFrame:
    """activity_date, online_count of e-applications (only ``procedure_ids`` when given)."""
    only = "and procedure_id in (select unnest($procedures::varchar[]))" if procedure_ids else ""
    sql = f"""
        select activity_date, sum(online_count)::bigint as online_count
        from {CIVIC_OUTCOMES}
        where municipality_code = $code and outcome_type = $outcome
          and activity_date between $start and $end {only}
        group by all
        order by 1
    """
    params: dict[str, object] = {
        "code": config.municipality_code,
        "outcome": E_APPLICATION,
        "start": start,
        "end": end,
    }
    if procedure_ids:
        params["procedures"] = procedure_ids
    return select(config, sql, params, CIVIC_OUTCOMES)


def campaign_lift(config: DashboardConfig, campaign: str | None) -> pl.DataFrame | None:
    """The published lift estimates (the columns of LIFT_COLUMNS it has), or None when
    marts.ml_campaign_lift is not published yet."""
    columns = table_columns(config, "marts", "ml_campaign_lift")
    if "campaign_name" not in columns:
        return None
    wanted = [c for c in LIFT_COLUMNS if c in columns]
    clauses: list[str] = []
    params: dict[str, object] = {}
    if "municipality_code" in columns:
        clauses.append("municipality_code = $code")
        params["code"] = config.municipality_code
    if campaign:
        clauses.append("campaign_name = $campaign")
        params["campaign"] = campaign
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = f"select {', '.join(wanted)} from {CAMPAIGN_LIFT} {where} order by campaign_name"
    return select(config, sql, params, CAMPAIGN_LIFT)
