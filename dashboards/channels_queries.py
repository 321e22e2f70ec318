"""Queries of the channels page (情報発信チャネル), all through ``dashboards.queries.select``.

Reads ``marts.fct_channel_daily``. ``reach_or_contacts`` counts different things per channel
(``reach_basis``: sessions, impressions, copies …), so nothing here adds it across channels.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboards.config import DashboardConfig
from dashboards.queries import MartMissingError, NoDataError, select, table_columns
from dashboards.urlstate import DateRange

CHANNEL_DAILY = "marts.fct_channel_daily"
COLUMNS = (
    "municipality_code",
    "activity_date",
    "channel_family",
    "channel",
    "reach_basis",
    "reach_or_contacts",
    "engagements",
    "cost_jpy",
)


def require(config: DashboardConfig) -> None:
    have = set(table_columns(config, "marts", "fct_channel_daily"))
    missing = [c for c in COLUMNS if c not in have]
    if missing:
        raise MartMissingError(CHANNEL_DAILY, "not published or lacks " + ", ".join(missing))


def bounds(config: DashboardConfig) -> DateRange:
    sql = f"""
        select min(activity_date), max(activity_date) from {CHANNEL_DAILY}
        where municipality_code = $code
    """
    first, last = select(config, sql, {"code": config.municipality_code}, CHANNEL_DAILY).row(0)
    if first is None or last is None:
        raise NoDataError(config.municipality_code)
    return DateRange(first, last)


def families(config: DashboardConfig) -> list[str]:
    sql = f"""
        select distinct channel_family from {CHANNEL_DAILY}
        where municipality_code = $code order by 1
    """
    frame = select(config, sql, {"code": config.municipality_code}, CHANNEL_DAILY)
    return frame["channel_family"].drop_nulls().to_list()


def _where(family: str | None) -> str:
    only = " and channel_family = $family" if family else ""
    return f"municipality_code = $code and activity_date between $start and $end{only}"


def _params(config: DashboardConfig, start: date, end: date, family: str | None) -> dict:
    window = DateRange(start, end)
    params: dict[str, object] = {
        "code": config.municipality_code,
        "start": window.start,
        "end": window.end,
    }
    if family:
        params["family"] = family
    return params


def totals(config: DashboardConfig, start: date, end: date, family: str | None) -> pl.DataFrame:
    """Per channel over the range: channel_family, channel, reach_basis, reach_or_contacts,
    engagements (null when never reported), cost_jpy (null when never reported), days."""
    sql = f"""
        select channel_family, channel, reach_basis,
               sum(reach_or_contacts)::bigint as reach_or_contacts,
               sum(engagements)::bigint as engagements,
               sum(cost_jpy)::double as cost_jpy,
               count(distinct activity_date)::bigint as days
        from {CHANNEL_DAILY}
        where {_where(family)}
        group by all
        order by channel_family, reach_or_contacts desc, channel
    """
    return select(config, sql, _params(config, start, end, family), CHANNEL_DAILY)


def monthly(config: DashboardConfig, start: date, end: date, family: str | None) -> pl.DataFrame:
    """Per month and channel: month (first day), channel_family, channel, reach_basis,
    reach_or_contacts, engagements."""
    sql = f"""
        select date_trunc('month', activity_date)::date as month, channel_family, channel,
               reach_basis,
               sum(reach_or_contacts)::bigint as reach_or_contacts,
               sum(engagements)::bigint as engagements
        from {CHANNEL_DAILY}
        where {_where(family)}
        group by all
        order by month, channel_family, channel
    """
    return select(config, sql, _params(config, start, end, family), CHANNEL_DAILY)
