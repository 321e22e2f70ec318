"""Pure: GoogleAdsRow messages (proto-plus) → polars frames → one ReadResult per entity.

Raw tables are `raw.google_ads_api__<entity>`; columns are the GAQL leaf names (enums as their
names, e.g. 'MOBILE'), plus `cost` = cost_micros / 1e6 in the account currency recorded in
`currency_code` (from the customer resource of the same pull).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from ingest.result import ReadResult

SOURCE = "google_ads_api"
Row = Any  # google.ads.googleads.v26.services.types.GoogleAdsRow (proto-plus)
Getter = Callable[[Row], object]

MONEY = pl.Decimal(18, 6)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    get: Getter


def _enum(get: Callable[[Row], Any]) -> Getter:
    return lambda row: get(row).name


def _date(row: Row) -> dt.date:
    return dt.date.fromisoformat(row.segments.date)


_CUSTOMER = Column("customer_id", pl.Int64(), lambda r: r.customer.id)
_CAMPAIGN = Column("campaign_id", pl.Int64(), lambda r: r.campaign.id)
_AD_GROUP = Column("ad_group_id", pl.Int64(), lambda r: r.ad_group.id)
_AD = Column("ad_id", pl.Int64(), lambda r: r.ad_group_ad.ad.id)
_DATE = Column("date", pl.Date(), _date)
_DEVICE = Column("device", pl.String(), _enum(lambda r: r.segments.device))

_METRICS = (
    Column("impressions", pl.Int64(), lambda r: r.metrics.impressions),
    Column("clicks", pl.Int64(), lambda r: r.metrics.clicks),
    Column("cost_micros", pl.Int64(), lambda r: r.metrics.cost_micros),
    Column("conversions", pl.Float64(), lambda r: r.metrics.conversions),
    Column("conversions_value", pl.Float64(), lambda r: r.metrics.conversions_value),
    Column("interactions", pl.Int64(), lambda r: r.metrics.interactions),
    Column("video_trueview_views", pl.Int64(), lambda r: r.metrics.video_trueview_views),
    Column("video_quartile_p25_rate", pl.Float64(), lambda r: r.metrics.video_quartile_p25_rate),
    Column("video_quartile_p50_rate", pl.Float64(), lambda r: r.metrics.video_quartile_p50_rate),
    Column("video_quartile_p75_rate", pl.Float64(), lambda r: r.metrics.video_quartile_p75_rate),
    Column("video_quartile_p100_rate", pl.Float64(), lambda r: r.metrics.video_quartile_p100_rate),
    Column("view_through_conversions", pl.Int64(), lambda r: r.metrics.view_through_conversions),
)


@dataclass(frozen=True)
class Entity:
    name: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    daily: bool = False
    money: tuple[tuple[str, str], ...] = ()  # (micros column, converted column)

    @property
    def table(self) -> str:
        return f"{SOURCE}__{self.name}"


def _daily(name: str, ids: tuple[Column, ...], segment: Column) -> Entity:
    columns = (*ids, _DATE, segment, *_METRICS)
    key = (*(c.name for c in ids if c.name != "criterion_id"), "date", segment.name)
    return Entity(name, columns, key, daily=True, money=(("cost_micros", "cost"),))


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "customers",
            (
                _CUSTOMER,
                Column("descriptive_name", pl.String(), lambda r: r.customer.descriptive_name),
                Column("currency_code", pl.String(), lambda r: r.customer.currency_code),
                Column("time_zone", pl.String(), lambda r: r.customer.time_zone),
            ),
            ("customer_id",),
        ),
        Entity(
            "campaigns",
            (
                _CUSTOMER,
                _CAMPAIGN,
                Column("campaign_name", pl.String(), lambda r: r.campaign.name),
                Column("status", pl.String(), _enum(lambda r: r.campaign.status)),
                Column(
                    "advertising_channel_type",
                    pl.String(),
                    _enum(lambda r: r.campaign.advertising_channel_type),
                ),
                Column(
                    "advertising_channel_sub_type",
                    pl.String(),
                    _enum(lambda r: r.campaign.advertising_channel_sub_type),
                ),
                Column("start_date_time", pl.String(), lambda r: r.campaign.start_date_time),
                Column("end_date_time", pl.String(), lambda r: r.campaign.end_date_time),
                Column("budget_id", pl.Int64(), lambda r: r.campaign_budget.id),
                Column(
                    "budget_amount_micros", pl.Int64(), lambda r: r.campaign_budget.amount_micros
                ),
                Column("budget_period", pl.String(), _enum(lambda r: r.campaign_budget.period)),
            ),
            ("customer_id", "campaign_id"),
            money=(("budget_amount_micros", "budget_amount"),),
        ),
        Entity(
            "ad_groups",
            (
                _CUSTOMER,
                _CAMPAIGN,
                _AD_GROUP,
                Column("ad_group_name", pl.String(), lambda r: r.ad_group.name),
                Column("status", pl.String(), _enum(lambda r: r.ad_group.status)),
                Column("ad_group_type", pl.String(), _enum(lambda r: r.ad_group.type_)),
            ),
            ("customer_id", "campaign_id", "ad_group_id"),
        ),
        Entity(
            "ads",
            (
                _CUSTOMER,
                _CAMPAIGN,
                _AD_GROUP,
                _AD,
                Column("ad_name", pl.String(), lambda r: r.ad_group_ad.ad.name),
                Column("ad_type", pl.String(), _enum(lambda r: r.ad_group_ad.ad.type_)),
                Column("status", pl.String(), _enum(lambda r: r.ad_group_ad.status)),
                Column(
                    "final_urls", pl.List(pl.String()), lambda r: list(r.ad_group_ad.ad.final_urls)
                ),
            ),
            ("customer_id", "campaign_id", "ad_group_id", "ad_id"),
        ),
        _daily("campaign_daily", (_CUSTOMER, _CAMPAIGN), _DEVICE),
        _daily("ad_group_daily", (_CUSTOMER, _CAMPAIGN, _AD_GROUP), _DEVICE),
        _daily("ad_daily", (_CUSTOMER, _CAMPAIGN, _AD_GROUP, _AD), _DEVICE),
        _daily(
            "age_range_daily",
            (
                _CUSTOMER,
                _CAMPAIGN,
                _AD_GROUP,
                Column("criterion_id", pl.Int64(), lambda r: r.ad_group_criterion.criterion_id),
            ),
            Column("age_range", pl.String(), _enum(lambda r: r.ad_group_criterion.age_range.type_)),
        ),
        _daily(
            "gender_daily",
            (
                _CUSTOMER,
                _CAMPAIGN,
                _AD_GROUP,
                Column("criterion_id", pl.Int64(), lambda r: r.ad_group_criterion.criterion_id),
            ),
            Column("gender", pl.String(), _enum(lambda r: r.ad_group_criterion.gender.type_)),
        ),
    )
}
DIMENSION_ENTITIES = ("customers", "campaigns", "ad_groups", "ads")
DAILY_ENTITIES = tuple(name for name, e in ENTITIES.items() if e.daily)


def schema(entity: Entity) -> dict[str, pl.DataType]:
    """Every raw column in load order: source columns, converted money, currency, row number."""
    columns: dict[str, pl.DataType] = {c.name: c.dtype for c in entity.columns}
    for _, converted in entity.money:
        columns[converted] = MONEY
    if entity.money:
        columns["currency_code"] = pl.String()
    columns["_row_number"] = pl.Int64()
    return columns


def to_frame(entity: Entity, rows: Sequence[Row], currencies: Mapping[int, str]) -> pl.DataFrame:
    """Rows of one entity (any number of customers) as a typed frame."""
    records = {c.name: [c.get(row) for row in rows] for c in entity.columns}
    frame = pl.DataFrame(records, schema={c.name: c.dtype for c in entity.columns})
    extra: list[pl.Expr] = [
        # Exact: micros are integers, and a 6-decimal fixed point holds them without rounding.
        (pl.col(micros).cast(pl.Decimal(38, 6)) / pl.lit(1_000_000)).cast(MONEY).alias(converted)
        for micros, converted in entity.money
    ]
    if entity.money:
        currency = pl.col("customer_id").replace_strict(
            dict(currencies), default=None, return_dtype=pl.String()
        )
        extra.append(currency.alias("currency_code"))
    extra.append(pl.int_range(1, frame.height + 1, dtype=pl.Int64()).alias("_row_number"))
    return frame.with_columns(extra).select(list(schema(entity)))


def to_result(entity: Entity, frame: pl.DataFrame) -> ReadResult:
    return ReadResult(SOURCE, entity.name, frame, entity.natural_key, rows_in=frame.height)


def build_results(rows: Mapping[str, Sequence[Row]]) -> list[ReadResult]:
    """One ReadResult per entity, every entity present (absent ones empty, so a pull that found
    no rows still replaces the pulled days)."""
    customers = to_frame(ENTITIES["customers"], rows.get("customers", ()), {})
    currencies = dict(
        zip(customers["customer_id"].to_list(), customers["currency_code"].to_list(), strict=True)
    )
    results = [to_result(ENTITIES["customers"], customers)]
    for name, entity in ENTITIES.items():
        if name != "customers":
            results.append(to_result(entity, to_frame(entity, rows.get(name, ()), currencies)))
    return results


def empty_results() -> list[ReadResult]:
    """Zero-row results with every raw column, so the raw tables exist (and dbt builds) before
    the first pull."""
    return [to_result(entity, pl.DataFrame(schema=schema(entity))) for entity in ENTITIES.values()]
