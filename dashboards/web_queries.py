"""Queries of the web page (Webとアクセシビリティ), all through ``dashboards.queries.select``.

Reads ``marts.fct_page_accessibility`` (required), ``marts.fct_page_readability`` and
``marts.dim_pages`` (optional: their columns show as empty when not published). One row per
page: its latest audit (axe-core preferred when several tools audited it).
"""

from __future__ import annotations

import polars as pl

from dashboards.config import DashboardConfig
from dashboards.queries import MartMissingError, select, table_columns

ACCESSIBILITY = "marts.fct_page_accessibility"
READABILITY = "marts.fct_page_readability"
DIM_PAGES = "marts.dim_pages"
REQUIRED = (
    "municipality_code",
    "page_key",
    "page_path",
    "department",
    "audit_date",
    "tool",
    "violation_rules",
    "violation_nodes",
    "jis_fail_criteria",
    "jis_review_criteria",
    "jis_conform_criteria",
    "failed_criteria",
    "is_latest_audit",
    "page_views",
)


def require(config: DashboardConfig) -> None:
    have = set(table_columns(config, "marts", "fct_page_accessibility"))
    missing = [c for c in REQUIRED if c not in have]
    if missing:
        raise MartMissingError(ACCESSIBILITY, "not published or lacks " + ", ".join(missing))


def optional_parts(config: DashboardConfig) -> tuple[bool, bool]:
    """(readability published, dim_pages published) with the columns this page reads."""
    readability = {"page_key", "jreadability", "readability_band", "is_latest_analysis"} <= set(
        table_columns(config, "marts", "fct_page_readability")
    )
    pages = {"page_path", "language", "has_easy_japanese_version"} <= set(
        table_columns(config, "marts", "dim_pages")
    )
    return readability, pages


def departments(config: DashboardConfig) -> list[str]:
    """Departments of the audited pages ('' for top-level pages), sorted."""
    sql = f"""
        select distinct coalesce(department, '') as department from {ACCESSIBILITY}
        where municipality_code = $code order by 1
    """
    frame = select(config, sql, {"code": config.municipality_code}, ACCESSIBILITY)
    return frame["department"].to_list()


def latest_pages(
    config: DashboardConfig, department: str | None, with_readability: bool, with_pages: bool
) -> pl.DataFrame:
    """One row per page (latest audit): page_path, department ('' when none), audit_date,
    violation_rules, violation_nodes, jis_fail_criteria, jis_review_criteria,
    jis_conform_criteria, failed_criteria, page_views, jreadability, readability_band,
    language, has_easy_japanese_version; most viewed first."""
    read_cols = (
        "r.jreadability::double as jreadability, r.readability_band"
        if with_readability
        else "null::double as jreadability, null::varchar as readability_band"
    )
    read_join = (
        f"""left join (
                select page_key, jreadability, readability_band from {READABILITY}
                where municipality_code = $code and is_latest_analysis
            ) r on r.page_key = a.page_key"""
        if with_readability
        else ""
    )
    page_cols = (
        "p.language, p.has_easy_japanese_version"
        if with_pages
        else "null::varchar as language, null::boolean as has_easy_japanese_version"
    )
    page_join = (
        f"""left join (
                select page_path, any_value(language) as language,
                       bool_or(has_easy_japanese_version) as has_easy_japanese_version
                from {DIM_PAGES} where municipality_code = $code group by page_path
            ) p on p.page_path = a.page_path"""
        if with_pages
        else ""
    )
    only = "and coalesce(department, '') = $department" if department is not None else ""
    sql = f"""
        with a as (
            select * from {ACCESSIBILITY}
            where municipality_code = $code and is_latest_audit {only}
            qualify row_number() over (
                partition by page_key order by (tool = 'axe-core') desc, audit_date desc
            ) = 1
        )
        select a.page_path, coalesce(a.department, '') as department, a.audit_date,
               a.violation_rules::bigint as violation_rules,
               a.violation_nodes::bigint as violation_nodes,
               a.jis_fail_criteria::bigint as jis_fail_criteria,
               a.jis_review_criteria::bigint as jis_review_criteria,
               a.jis_conform_criteria::bigint as jis_conform_criteria,
               a.failed_criteria, a.page_views::bigint as page_views,
               {read_cols}, {page_cols}
        from a {read_join} {page_join}
        order by page_views desc nulls last, a.page_path
    """
    params: dict[str, object] = {"code": config.municipality_code}
    if department is not None:
        params["department"] = department
    return select(config, sql, params, ACCESSIBILITY)
