"""Rows → typed frames → ReadResults (pure), and GAQL checked against the v26 message types."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import polars as pl
import pytest
from google.ads.googleads.v26.services.types.google_ads_service import GoogleAdsRow

from ingest.google_ads_api import queries
from ingest.google_ads_api.transform import (
    DAILY_ENTITIES,
    DIMENSION_ENTITIES,
    ENTITIES,
    build_results,
    empty_results,
)
from tests.ingest.google_ads_api import rows as R

TABLES = [
    "google_ads_api__customers",
    "google_ads_api__campaigns",
    "google_ads_api__ad_groups",
    "google_ads_api__ads",
    "google_ads_api__campaign_daily",
    "google_ads_api__ad_group_daily",
    "google_ads_api__ad_daily",
    "google_ads_api__age_range_daily",
    "google_ads_api__gender_daily",
]


def sample_rows() -> dict[str, list[GoogleAdsRow]]:
    day = R.APR1
    return {
        "customers": [R.customer(R.PR, "みどり市 広報課"), R.customer(R.TOURISM, "観光", "USD")],
        "campaigns": [R.campaign(R.MYNUMBER), R.campaign(R.BOSAI_VIDEO), R.campaign(R.KANKO)],
        "ad_groups": [R.ad_group(R.MYNUMBER)],
        "ads": [R.ad(R.MYNUMBER)],
        "campaign_daily": [
            R.daily(R.MYNUMBER, day, "MOBILE", 1000, 20, 3000),
            R.daily(R.BOSAI_VIDEO, day, "CONNECTED_TV", 900, 0, 1500),
            R.daily(R.KANKO, day, "DESKTOP", 10, 1, 2),
        ],
        "age_range_daily": [
            R.attribute(R.BOSAI_VIDEO, day, "age_range", "AGE_RANGE_65_UP", 5, 1, 7)
        ],
        "gender_daily": [R.attribute(R.BOSAI_VIDEO, day, "gender", "FEMALE", 5, 1, 7)],
    }


def by_table() -> dict[str, pl.DataFrame]:
    return {r.table: r.frame for r in build_results(sample_rows())}


def test_every_entity_is_returned_with_the_empty_schema() -> None:
    results = build_results(sample_rows())
    assert [r.table for r in results] == TABLES
    empties = {r.table: r.frame.schema for r in empty_results()}
    assert list(empties) == TABLES
    for result in results:
        assert result.frame.schema == empties[result.table]
        assert result.rows_in == result.frame.height
        assert result.frame["_row_number"].to_list() == list(range(1, result.frame.height + 1))
    assert by_table()["google_ads_api__ad_daily"].height == 0  # absent → empty, not missing


def test_natural_keys() -> None:
    keys = {r.table: r.natural_key for r in empty_results()}
    assert keys["google_ads_api__customers"] == ("customer_id",)
    assert keys["google_ads_api__campaign_daily"] == (
        "customer_id",
        "campaign_id",
        "date",
        "device",
    )
    assert keys["google_ads_api__ad_daily"] == (
        "customer_id",
        "campaign_id",
        "ad_group_id",
        "ad_id",
        "date",
        "device",
    )
    assert keys["google_ads_api__age_range_daily"] == (
        "customer_id",
        "campaign_id",
        "ad_group_id",
        "date",
        "age_range",
    )
    assert keys["google_ads_api__gender_daily"][-1] == "gender"


def test_cost_is_exact_yen_with_the_account_currency() -> None:
    daily = by_table()["google_ads_api__campaign_daily"]
    first = daily.row(0, named=True)
    assert first["cost_micros"] == 3_000_123_456
    assert first["cost"] == Decimal("3000.123456")
    assert first["currency_code"] == "JPY" and first["date"] == dt.date(2025, 4, 1)
    assert daily["currency_code"].to_list() == ["JPY", "JPY", "USD"]  # per customer
    assert daily["device"].to_list() == ["MOBILE", "CONNECTED_TV", "DESKTOP"]


def test_dimensions_and_video_metrics() -> None:
    tables = by_table()
    campaigns = tables["google_ads_api__campaigns"]
    assert campaigns["advertising_channel_type"].to_list() == ["SEARCH", "VIDEO", "DISPLAY"]
    assert campaigns["budget_amount"].to_list()[0] == Decimal("5000")
    customers = tables["google_ads_api__customers"]
    assert customers.row(0) == (1234567890, "みどり市 広報課", "JPY", "Asia/Tokyo", 1)
    ads = tables["google_ads_api__ads"]
    assert ads["final_urls"].to_list() == [["https://www.city.midori.example.jp/mynumber/"]]
    video = tables["google_ads_api__campaign_daily"].row(1, named=True)
    assert video["video_trueview_views"] == 300 and video["video_quartile_p100_rate"] == 0.33
    assert tables["google_ads_api__age_range_daily"]["age_range"].to_list() == ["AGE_RANGE_65_UP"]
    assert tables["google_ads_api__gender_daily"]["criterion_id"].to_list() == [11]


def test_daily_query_window() -> None:
    query = queries.daily_query("ad_daily", dt.date(2025, 4, 1), dt.date(2025, 4, 14))
    assert "segments.date BETWEEN '2025-04-01' AND '2025-04-14'" in query
    with pytest.raises(ValueError, match="after"):
        queries.daily_query("ad_daily", dt.date(2025, 4, 2), dt.date(2025, 4, 1))


@pytest.mark.parametrize("entity", [*DIMENSION_ENTITIES, *DAILY_ENTITIES])
def test_gaql_fields_exist_in_api_v26(entity: str) -> None:
    """Every selected field resolves on GoogleAdsRow of the client's API version."""
    if entity in DAILY_ENTITIES:
        query = queries.daily_query(entity, R.APR1, R.APR1)
    else:
        query = queries.dimension_query(entity)
    selected = re.search(r"SELECT\s+(.*?)\s+FROM", query, re.DOTALL)
    assert selected is not None
    for path in (f.strip() for f in selected.group(1).split(",")):
        descriptor = GoogleAdsRow.pb().DESCRIPTOR
        for part in path.split("."):
            # proto-plus renames fields that are Python keywords/builtins (type → type_).
            names = descriptor.fields_by_name
            field = names.get(part) or names.get(f"{part}_")
            assert field is not None, f"{entity}: {path} ({part!r} unknown)"
            descriptor = field.message_type
    assert ENTITIES[entity].columns  # every queried entity has a frame
