"""Queries of the executive page (経営ダッシュボード), all through ``dashboards.queries.select``.

Reads ``marts.rpt_kpi_monthly`` only. When the mart is not published, :func:`require` raises
:class:`~dashboards.queries.MartMissingError` so the page shows a notice instead of failing.
"""

from __future__ import annotations

import polars as pl

from dashboards.config import DashboardConfig
from dashboards.queries import MartMissingError, NoDataError, select, table_columns

KPI_MONTHLY = "marts.rpt_kpi_monthly"
COLUMNS = (
    "month_start_date",
    "fiscal_year",
    "fiscal_month",
    "kpi_id",
    "kpi_name_ja",
    "kpi_name_en",
    "kpi_value",
    "target_value",
    "unit",
    "direction",
    "is_on_target",
    "previous_year_value",
)


def require(config: DashboardConfig) -> None:
    """Raise MartMissingError unless rpt_kpi_monthly is published with the columns we read."""
    have = set(table_columns(config, "marts", "rpt_kpi_monthly"))
    missing = [c for c in ("municipality_code", *COLUMNS) if c not in have]
    if missing:
        raise MartMissingError(KPI_MONTHLY, "not published or lacks " + ", ".join(missing))


def fiscal_years(config: DashboardConfig) -> list[int]:
    """The fiscal years with KPI rows for the city, newest first (NoDataError when none)."""
    sql = f"""
        select distinct fiscal_year from {KPI_MONTHLY}
        where municipality_code = $code order by 1 desc
    """
    years = select(config, sql, {"code": config.municipality_code}, KPI_MONTHLY)
    if years.is_empty():
        raise NoDataError(config.municipality_code)
    return [int(y) for y in years["fiscal_year"].to_list()]


def kpi_months(config: DashboardConfig, fiscal_year: int) -> pl.DataFrame:
    """Every KPI row of one fiscal year (columns of COLUMNS; values as double), ordered by KPI
    and month."""
    sql = f"""
        select month_start_date, fiscal_year, fiscal_month, kpi_id, kpi_name_ja, kpi_name_en,
               kpi_value::double as kpi_value, target_value::double as target_value, unit,
               direction, is_on_target, previous_year_value::double as previous_year_value
        from {KPI_MONTHLY}
        where municipality_code = $code and fiscal_year = $year
        order by kpi_id, fiscal_month
    """
    params = {"code": config.municipality_code, "year": fiscal_year}
    return select(config, sql, params, KPI_MONTHLY)


def kpi_ids(config: DashboardConfig) -> pl.DataFrame:
    """kpi_id, kpi_name_ja, kpi_name_en of every KPI the city has, in kpi_id order."""
    sql = f"""
        select kpi_id, any_value(kpi_name_ja) as kpi_name_ja,
               any_value(kpi_name_en) as kpi_name_en
        from {KPI_MONTHLY} where municipality_code = $code
        group by kpi_id order by kpi_id
    """
    return select(config, sql, {"code": config.municipality_code}, KPI_MONTHLY)
