"""The dashboards' only database access.

Every function takes a cursor on the published snapshot from the process's reader pool
(``warehouse.connections.ReaderPool``: one read-only attachment per snapshot file, replaced
when ``publish`` swaps the file in, so the next query sees it), runs one parameterised query
filtered by the configured municipality (and, where it applies, an inclusive date range),
returns a polars DataFrame and closes the cursor.

Failures become :class:`DashboardDataError` subclasses whose message says what is wrong and
what fixes it; pages turn them into a friendly message instead of an error page.
"""

from __future__ import annotations

import re
from datetime import date

import duckdb
import polars as pl

from dashboards.config import DashboardConfig
from dashboards.response_cache import mark_uncacheable
from dashboards.urlstate import DateRange
from warehouse.connections import ReaderPool, SnapshotMissingError, snapshot_path
from warehouse.sandbox import QueryResult, run_query

WEB_SESSIONS = "marts.fct_web_sessions_daily"
AD_PERFORMANCE = "marts.fct_ad_performance_daily"
CIVIC_OUTCOMES = "marts.fct_civic_outcomes_daily"
E_APPLICATION = "e_application"
_MISSING_TABLE = re.compile(r"Table with name (\w+) does not exist")
READERS = ReaderPool()


class DashboardDataError(RuntimeError):
    """The dashboard cannot read the data it needs."""


class SnapshotUnavailableError(DashboardDataError):
    """No published snapshot (serving.duckdb) exists yet."""


class MartMissingError(DashboardDataError):
    """The snapshot exists but lacks a mart table the dashboard reads."""

    def __init__(self, table: str, detail: str) -> None:
        super().__init__(
            f"the published snapshot has no table {table} ({detail}); "
            "run `civicpulse run` (or `civicpulse build` then `civicpulse publish`)"
        )
        self.table = table


class NoDataError(DashboardDataError):
    """The snapshot has no rows at all for the configured municipality."""

    def __init__(self, municipality_code: str) -> None:
        super().__init__(
            f"the published snapshot has no rows for municipality_code {municipality_code}; "
            "check the configured code or ingest this municipality's files"
        )
        self.municipality_code = municipality_code


def select(
    config: DashboardConfig, sql: str, params: dict[str, object], table: str
) -> pl.DataFrame:
    """Run one parameterised SELECT on the published snapshot (the single entry point every
    dashboard query goes through; dashboards.campaign_queries uses it too)."""
    try:
        con = READERS.cursor(snapshot_path(config.paths, config.snapshot_city))
    except SnapshotMissingError as exc:
        raise _failed(SnapshotUnavailableError(str(exc))) from exc
    except duckdb.Error as exc:
        raise _failed(
            DashboardDataError(f"cannot open the published snapshot {config.paths.serving}: {exc}")
        ) from exc
    try:
        # duckdb 2.x: `.pl()` lives on relations, not on `con.execute(...)` results.
        return con.sql(sql, params=params).pl()
    except duckdb.CatalogException as exc:
        message = str(exc).splitlines()[0]
        named = _MISSING_TABLE.search(message)
        missing = f"marts.{named.group(1)}" if named else table
        raise _failed(MartMissingError(missing, message)) from exc
    except duckdb.Error as exc:
        raise _failed(DashboardDataError(f"query on {table} failed: {exc}")) from exc
    finally:
        con.close()


def _failed(error: DashboardDataError) -> DashboardDataError:
    """The page will show this error instead of data: that answer must not be reused (the
    cause may pass, e.g. a snapshot being replaced)."""
    mark_uncacheable()
    return error


def _range_params(config: DashboardConfig, start: date, end: date) -> dict[str, object]:
    window = DateRange(start, end)  # raises ValueError when start > end
    return {"code": config.municipality_code, "start": window.start, "end": window.end}


def date_bounds(config: DashboardConfig) -> DateRange:
    """The first and last day with any web, ad or outcome row for the municipality."""
    sql = f"""
        select min(day) as first_day, max(day) as last_day from (
            select activity_date as day from {WEB_SESSIONS} where municipality_code = $code
            union all
            select activity_date from {AD_PERFORMANCE} where municipality_code = $code
            union all
            select activity_date from {CIVIC_OUTCOMES} where municipality_code = $code
        )
    """
    frame = select(config, sql, {"code": config.municipality_code}, "marts.fct_*_daily")
    first, last = frame.row(0)
    if first is None or last is None:
        raise NoDataError(config.municipality_code)
    return DateRange(first, last)


def web_sessions_daily(config: DashboardConfig, start: date, end: date) -> pl.DataFrame:
    """Per day and channel group: sessions, engaged_sessions, users, page_views (all devices).

    ``users`` is the sum of daily users per device, not a count of distinct people.
    """
    sql = f"""
        select activity_date, channel_group,
               sum(sessions)::bigint as sessions,
               sum(engaged_sessions)::bigint as engaged_sessions,
               sum(users)::bigint as users,
               sum(page_views)::bigint as page_views
        from {WEB_SESSIONS}
        where municipality_code = $code and activity_date between $start and $end
        group by all
        order by activity_date, channel_group
    """
    return select(config, sql, _range_params(config, start, end), WEB_SESSIONS)


def ad_performance_daily(config: DashboardConfig, start: date, end: date) -> pl.DataFrame:
    """Per day and campaign (all devices): impressions, clicks, spend_jpy, conversions.

    spend_jpy stays exact (DECIMAL(18,2)); figures convert it for plotting.
    """
    sql = f"""
        select activity_date, campaign_name,
               sum(impressions)::bigint as impressions,
               sum(clicks)::bigint as clicks,
               sum(spend_jpy)::decimal(18, 2) as spend_jpy,
               sum(conversions)::double as conversions
        from {AD_PERFORMANCE}
        where municipality_code = $code and activity_date between $start and $end
        group by all
        order by activity_date, campaign_name
    """
    return select(config, sql, _range_params(config, start, end), AD_PERFORMANCE)


def civic_outcomes_daily(config: DashboardConfig, start: date, end: date) -> pl.DataFrame:
    """Per day, e-application counts over all procedures: online_count, counter_count."""
    sql = f"""
        select activity_date,
               sum(online_count)::bigint as online_count,
               sum(counter_count)::bigint as counter_count
        from {CIVIC_OUTCOMES}
        where municipality_code = $code and outcome_type = $outcome
          and activity_date between $start and $end
        group by all
        order by activity_date
    """
    params = _range_params(config, start, end) | {"outcome": E_APPLICATION}
    return select(config, sql, params, CIVIC_OUTCOMES)


def kpi_totals(config: DashboardConfig, start: date, end: date) -> pl.DataFrame:
    """One row of totals for the range.

    Columns: sessions, users (sum of daily users), page_views, ad_spend_jpy (exact decimal),
    ad_clicks, online_applications, counter_applications, online_share (online / all
    applications; null when there were none). Sums over no rows are 0.
    """
    sql = f"""
        with web as (
            select coalesce(sum(sessions), 0)::bigint as sessions,
                   coalesce(sum(users), 0)::bigint as users,
                   coalesce(sum(page_views), 0)::bigint as page_views
            from {WEB_SESSIONS}
            where municipality_code = $code and activity_date between $start and $end
        ), ads as (
            select coalesce(sum(spend_jpy), 0)::decimal(18, 2) as ad_spend_jpy,
                   coalesce(sum(clicks), 0)::bigint as ad_clicks
            from {AD_PERFORMANCE}
            where municipality_code = $code and activity_date between $start and $end
        ), outcomes as (
            select coalesce(sum(online_count), 0)::bigint as online_applications,
                   coalesce(sum(counter_count), 0)::bigint as counter_applications
            from {CIVIC_OUTCOMES}
            where municipality_code = $code and outcome_type = $outcome
              and activity_date between $start and $end
        )
        select web.*, ads.*, outcomes.*,
               case when online_applications + counter_applications > 0
                    then online_applications / (online_applications + counter_applications)
               end::double as online_share
        from web, ads, outcomes
    """
    params = _range_params(config, start, end) | {"outcome": E_APPLICATION}
    return select(config, sql, params, "marts.fct_*_daily")


def table_columns(config: DashboardConfig, schema: str, table: str) -> list[str]:
    """The columns of ``schema.table`` in the snapshot, or [] when the table is absent (pages
    use it to show optional sections, e.g. when another model has not been published yet)."""
    sql = """
        select column_name from duckdb_columns()
        where database_name = current_database() and schema_name = $schema
          and table_name = $table
        order by column_index
    """
    frame = select(config, sql, {"schema": schema, "table": table}, f"{schema}.{table}")
    return frame["column_name"].to_list()


def schema_catalog(config: DashboardConfig) -> pl.DataFrame:
    """Every published table and column with its type and description (DuckDB comments, set
    when dbt's descriptions are persisted; empty otherwise): table_schema, table_name,
    table_comment, column_name, data_type, column_comment."""
    sql = """
        select c.schema_name as table_schema, c.table_name, t.comment as table_comment,
               c.column_name, c.data_type, c.comment as column_comment
        from duckdb_columns() c
        left join duckdb_tables() t
          on t.database_name = c.database_name and t.schema_name = c.schema_name
         and t.table_name = c.table_name
        where c.database_name = current_database() and not c.internal
        order by c.schema_name, c.table_name, c.column_index
    """
    return select(config, sql, {}, "duckdb_columns()")


def run_analyst_sql(config: DashboardConfig, sql: str) -> QueryResult:
    """An analyst's ad-hoc SELECT, only ever through warehouse.sandbox.run_query (read-only, one
    statement, no file access, row and time limits). Raises QueryRefused with the reason, or
    SnapshotUnavailableError."""
    try:
        return run_query(
            config.paths,
            sql,
            max_rows=config.sql_max_rows,
            timeout_s=config.sql_timeout_seconds,
            city=config.snapshot_city,
        )
    except SnapshotMissingError as exc:
        raise SnapshotUnavailableError(str(exc)) from exc
