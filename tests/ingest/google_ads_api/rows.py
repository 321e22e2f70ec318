"""Realistic GoogleAdsRow messages for the stand-in: みどり市's two accounts, a search and a
video campaign, daily rows per device, viewer attributes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from google.ads.googleads.v26.services.types.google_ads_service import GoogleAdsRow

from tests.ingest.google_ads_api.fake_server import FakeGoogleAds

PR = "1234567890"  # 広報課
TOURISM = "2345678901"  # 観光課
APR1 = dt.date(2025, 4, 1)


@dataclass(frozen=True)
class Campaign:
    customer_id: str
    campaign_id: int
    name: str
    channel: str
    ad_group_id: int
    ad_id: int


MYNUMBER = Campaign(PR, 20001, "マイナンバーカード申請促進", "SEARCH", 30001, 40001)
BOSAI_VIDEO = Campaign(PR, 20002, "防災アプリ 動画", "VIDEO", 30002, 40002)
KANKO = Campaign(TOURISM, 20101, "みどり市 観光 秋", "DISPLAY", 30101, 40101)


def customer(customer_id: str, name: str, currency: str = "JPY") -> GoogleAdsRow:
    return GoogleAdsRow(
        {
            "customer": {
                "id": int(customer_id),
                "descriptive_name": name,
                "currency_code": currency,
                "time_zone": "Asia/Tokyo",
            }
        }
    )


def campaign(c: Campaign, status: str = "ENABLED") -> GoogleAdsRow:
    return GoogleAdsRow(
        {
            "customer": {"id": int(c.customer_id)},
            "campaign": {
                "id": c.campaign_id,
                "name": c.name,
                "status": status,
                "advertising_channel_type": c.channel,
                "start_date_time": "2025-04-01 00:00:00",
                "end_date_time": "2026-03-31 23:59:59",
            },
            "campaign_budget": {
                "id": c.campaign_id + 500,
                "amount_micros": 5_000_000_000,
                "period": "DAILY",
            },
        }
    )


def ad_group(c: Campaign) -> GoogleAdsRow:
    kind = "VIDEO_TRUE_VIEW_IN_STREAM" if c.channel == "VIDEO" else "SEARCH_STANDARD"
    return GoogleAdsRow(
        {
            "customer": {"id": int(c.customer_id)},
            "campaign": {"id": c.campaign_id},
            "ad_group": {
                "id": c.ad_group_id,
                "name": f"{c.name} 広告グループ",
                "status": "ENABLED",
                "type_": kind,
            },
        }
    )


def ad(c: Campaign) -> GoogleAdsRow:
    kind = "VIDEO_RESPONSIVE_AD" if c.channel == "VIDEO" else "RESPONSIVE_SEARCH_AD"
    return GoogleAdsRow(
        {
            "customer": {"id": int(c.customer_id)},
            "campaign": {"id": c.campaign_id},
            "ad_group": {"id": c.ad_group_id},
            "ad_group_ad": {
                "status": "ENABLED",
                "ad": {
                    "id": c.ad_id,
                    "name": "",
                    "type_": kind,
                    "final_urls": ["https://www.city.midori.example.jp/mynumber/"],
                },
            },
        }
    )


def metrics(impressions: int, clicks: int, cost_yen: int, video: bool = False) -> dict[str, object]:
    values: dict[str, object] = {
        "impressions": impressions,
        "clicks": clicks,
        "cost_micros": cost_yen * 1_000_000 + 123_456,  # micros are not whole yen
        "conversions": clicks / 10,
        "conversions_value": 0.0,
        "interactions": clicks,
        "view_through_conversions": 1 if video else 0,
    }
    if video:
        values |= {
            "video_trueview_views": impressions // 3,
            "video_quartile_p25_rate": 0.71,
            "video_quartile_p50_rate": 0.52,
            "video_quartile_p75_rate": 0.41,
            "video_quartile_p100_rate": 0.33,
        }
    return values


def daily(
    c: Campaign,
    day: dt.date,
    device: str,
    impressions: int,
    clicks: int,
    cost_yen: int,
    level: str = "campaign",
) -> GoogleAdsRow:
    row: dict[str, object] = {
        "customer": {"id": int(c.customer_id)},
        "campaign": {"id": c.campaign_id},
        "segments": {"date": day.isoformat(), "device": device},
        "metrics": metrics(impressions, clicks, cost_yen, video=c.channel == "VIDEO"),
    }
    if level in ("ad_group", "ad"):
        row["ad_group"] = {"id": c.ad_group_id}
    if level == "ad":
        row["ad_group_ad"] = {"ad": {"id": c.ad_id}}
    return GoogleAdsRow(row)


# Google's fixed criterion ids for demographics (the enum values).
_CRITERIA = {"AGE_RANGE_25_34": 503002, "AGE_RANGE_65_UP": 503006, "MALE": 10, "FEMALE": 11}


def attribute(
    c: Campaign, day: dt.date, kind: str, value: str, impressions: int, clicks: int, cost_yen: int
) -> GoogleAdsRow:
    """An age_range_view (kind 'age_range') or gender_view (kind 'gender') row."""
    criterion = _CRITERIA[value]
    return GoogleAdsRow(
        {
            "customer": {"id": int(c.customer_id)},
            "campaign": {"id": c.campaign_id},
            "ad_group": {"id": c.ad_group_id},
            "ad_group_criterion": {"criterion_id": criterion, kind: {"type_": value}},
            "segments": {"date": day.isoformat()},
            "metrics": metrics(impressions, clicks, cost_yen, video=c.channel == "VIDEO"),
        }
    )


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def seed_account(
    fake: FakeGoogleAds,
    customer_id: str,
    name: str,
    campaigns: list[Campaign],
    first_day: dt.date = APR1,
    day_count: int = 5,
    scale: int = 1,
) -> None:
    """A whole account on the stand-in: dimensions and `day_count` days of every report,
    mobile and desktop, numbers multiplied by `scale` (to tell restated values apart)."""
    fake.set_rows(customer_id, "customers", [customer(customer_id, name)])
    fake.set_rows(customer_id, "campaigns", [campaign(c) for c in campaigns])
    fake.set_rows(customer_id, "ad_groups", [ad_group(c) for c in campaigns])
    fake.set_rows(customer_id, "ads", [ad(c) for c in campaigns])
    for level, kind in (
        ("campaign", "campaign_daily"),
        ("ad_group", "ad_group_daily"),
        ("ad", "ad_daily"),
    ):
        fake.set_rows(
            customer_id,
            kind,
            [
                daily(c, day, device, 1000 * scale, 20 * scale, 3000 * scale, level)
                for c in campaigns
                for day in days(first_day, day_count)
                for device in ("MOBILE", "DESKTOP")
            ],
        )
    fake.set_rows(
        customer_id,
        "age_range_daily",
        [
            attribute(c, day, "age_range", age, 400 * scale, 8 * scale, 1200 * scale)
            for c in campaigns
            for day in days(first_day, day_count)
            for age in ("AGE_RANGE_25_34", "AGE_RANGE_65_UP")
        ],
    )
    fake.set_rows(
        customer_id,
        "gender_daily",
        [
            attribute(c, day, "gender", gender, 500 * scale, 10 * scale, 1500 * scale)
            for c in campaigns
            for day in days(first_day, day_count)
            for gender in ("FEMALE", "MALE")
        ],
    )
