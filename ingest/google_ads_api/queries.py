"""GAQL for every entity we pull (Google Ads API v26 field names).

Dimension queries take the whole account (removed entities included, so old days keep their
names); daily queries are bounded by `segments.date`. Every query selects `customer.id` so each
row says which account it came from.
"""

from __future__ import annotations

import datetime as dt

METRICS = """
    metrics.impressions,
    metrics.clicks,
    metrics.cost_micros,
    metrics.conversions,
    metrics.conversions_value,
    metrics.interactions,
    metrics.video_trueview_views,
    metrics.video_quartile_p25_rate,
    metrics.video_quartile_p50_rate,
    metrics.video_quartile_p75_rate,
    metrics.video_quartile_p100_rate,
    metrics.view_through_conversions"""

DIMENSIONS: dict[str, str] = {
    "customers": """
SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone
FROM customer""",
    "campaigns": """
SELECT customer.id, campaign.id, campaign.name, campaign.status,
    campaign.advertising_channel_type, campaign.advertising_channel_sub_type,
    campaign.start_date_time, campaign.end_date_time,
    campaign_budget.id, campaign_budget.amount_micros, campaign_budget.period
FROM campaign""",
    "ad_groups": """
SELECT customer.id, campaign.id, ad_group.id, ad_group.name, ad_group.status, ad_group.type
FROM ad_group""",
    "ads": """
SELECT customer.id, campaign.id, ad_group.id, ad_group_ad.ad.id, ad_group_ad.ad.name,
    ad_group_ad.ad.type, ad_group_ad.status, ad_group_ad.ad.final_urls
FROM ad_group_ad""",
}

DAILY: dict[str, str] = {
    "campaign_daily": f"""
SELECT customer.id, campaign.id, segments.date, segments.device,{METRICS}
FROM campaign
WHERE segments.date BETWEEN '{{since}}' AND '{{until}}'""",
    "ad_group_daily": f"""
SELECT customer.id, campaign.id, ad_group.id, segments.date, segments.device,{METRICS}
FROM ad_group
WHERE segments.date BETWEEN '{{since}}' AND '{{until}}'""",
    "ad_daily": f"""
SELECT customer.id, campaign.id, ad_group.id, ad_group_ad.ad.id, segments.date,
    segments.device,{METRICS}
FROM ad_group_ad
WHERE segments.date BETWEEN '{{since}}' AND '{{until}}'""",
    # Viewer attributes (閲覧者属性): one row per ad group, day and age range / gender.
    "age_range_daily": f"""
SELECT customer.id, campaign.id, ad_group.id, ad_group_criterion.criterion_id,
    ad_group_criterion.age_range.type, segments.date,{METRICS}
FROM age_range_view
WHERE segments.date BETWEEN '{{since}}' AND '{{until}}'""",
    "gender_daily": f"""
SELECT customer.id, campaign.id, ad_group.id, ad_group_criterion.criterion_id,
    ad_group_criterion.gender.type, segments.date,{METRICS}
FROM gender_view
WHERE segments.date BETWEEN '{{since}}' AND '{{until}}'""",
}


def daily_query(entity: str, since: dt.date, until: dt.date) -> str:
    """The daily GAQL for `entity` over since..until (inclusive). Dates are typed, so nothing
    user-supplied is pasted into the query text."""
    if since > until:
        raise ValueError(f"since {since} is after until {until}")
    return DAILY[entity].format(since=since.isoformat(), until=until.isoformat()).strip()


def dimension_query(entity: str) -> str:
    return DIMENSIONS[entity].strip()
