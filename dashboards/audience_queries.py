"""Queries of the audience page (オーディエンスとチャネル計画), all through
``dashboards.queries.select`` on the published snapshot.

Reads the ML marts (models/ml): ml_segment_profiles, ml_survey_segments,
ml_channel_reach_by_segment, ml_segment_engagement_by_hour, ml_model_cards; and, for the
planner, fct_survey_respondents (age band × area targets) and fct_ad_performance_daily (the
search ads' cost per click) — the same rows ``civicpulse ml plan`` reads
(civicpulse/ml_cli.py). Rows below the suppression threshold are already nulled or left out
by the marts; the view suppresses again before anything is shown.
"""

from __future__ import annotations

import polars as pl

from dashboards.config import DashboardConfig
from dashboards.queries import MartMissingError, NoDataError, select

PROFILES = "marts.ml_segment_profiles"
SURVEY = "marts.ml_survey_segments"
REACH = "marts.ml_channel_reach_by_segment"
ENGAGEMENT = "marts.ml_segment_engagement_by_hour"
CARDS = "marts.ml_model_cards"
RESPONDENTS = "marts.fct_survey_respondents"
ADS = "marts.fct_ad_performance_daily"
REQUIRED = ("ml_segment_profiles", "ml_channel_reach_by_segment", "ml_segment_engagement_by_hour")
OPTIONAL = ("ml_survey_segments", "ml_model_cards", "fct_survey_respondents")
SEARCH_CAMPAIGN_TYPE = "検索"


def _code(config: DashboardConfig) -> dict[str, object]:
    return {"code": config.municipality_code}


def published(config: DashboardConfig) -> frozenset[str]:
    """Which of the page's marts the snapshot has (one query for all of them)."""
    sql = """
        select table_name from duckdb_tables()
        where database_name = current_database() and schema_name = 'marts'
          and list_contains($names, table_name)
    """
    names = [*REQUIRED, *OPTIONAL, "fct_ad_performance_daily"]
    frame = select(config, sql, {"names": names}, "duckdb_tables()")
    return frozenset(frame["table_name"].to_list())


def require(config: DashboardConfig) -> frozenset[str]:
    """The published tables; raises MartMissingError when a required ML mart is absent and
    NoDataError when the city has no web segments."""
    have = published(config)
    for name in REQUIRED:
        if name not in have:
            raise MartMissingError(f"marts.{name}", "the ML models have not been published")
    sql = f"select count(*) as n from {PROFILES} where municipality_code = $code"
    if select(config, sql, _code(config), PROFILES)["n"][0] == 0:
        raise NoDataError(config.municipality_code)
    return have


def web_segments(config: DashboardConfig) -> pl.DataFrame:
    """segment_id, segment_name, profile_ja, users, user_share, mean_probability,
    is_suppressed — one row per web segment, by id."""
    sql = f"""
        select segment_id, segment_name, profile_ja, users, user_share, mean_probability,
               is_suppressed
        from {PROFILES} where municipality_code = $code order by segment_id
    """
    return select(config, sql, _code(config), PROFILES)


def survey_segments(config: DashboardConfig) -> pl.DataFrame:
    """survey_name, segment_id, segment_name, profile_ja, respondents, estimated_residents,
    population_share, mean_age_lower, is_suppressed — one row per citizen segment."""
    sql = f"""
        select survey_name, segment_id, segment_name, profile_ja, respondents,
               estimated_residents, population_share, mean_age_lower, is_suppressed
        from {SURVEY} where municipality_code = $code order by segment_id
    """
    return select(config, sql, _code(config), SURVEY)


def reach(config: DashboardConfig) -> pl.DataFrame:
    """segment_source, segment_id, segment_name, channel, base_count, reached_count,
    reach_share, estimated_residents_reached, is_suppressed (web segments first)."""
    sql = f"""
        select segment_source, segment_id, segment_name, channel, base_count, reached_count,
               reach_share, estimated_residents_reached, is_suppressed
        from {REACH} where municipality_code = $code
        order by segment_source desc, segment_id, channel
    """
    return select(config, sql, _code(config), REACH)


def engagement(config: DashboardConfig, segment_id: int | None) -> pl.DataFrame:
    """day_of_week (1 = Monday), hour_of_day, sessions, engaged_sessions, engagement_rate of
    one web segment, or of all users when ``segment_id`` is None."""
    scope = "segment_id = $segment" if segment_id is not None else "segment_scope = 'all'"
    params = _code(config) | ({"segment": segment_id} if segment_id is not None else {})
    sql = f"""
        select day_of_week, hour_of_day, sessions, engaged_sessions, engagement_rate
        from {ENGAGEMENT} where municipality_code = $code and {scope}
        order by day_of_week, hour_of_day
    """
    return select(config, sql, params, ENGAGEMENT)


def model_cards(config: DashboardConfig) -> pl.DataFrame:
    """model_name, model_version, method, data_window_start, data_window_end, n_training_rows,
    parameters_json, metrics_json — the fits behind the page's tables."""
    sql = f"""
        select model_name, model_version, method, data_window_start, data_window_end,
               n_training_rows, parameters_json, metrics_json
        from {CARDS} where municipality_code = $code order by model_name
    """
    return select(config, sql, _code(config), CARDS)


def target_choices(config: DashboardConfig) -> tuple[list[str], list[str]]:
    """(age bands, town names) the survey respondents have, for the planner form."""
    sql = f"""
        select distinct 'age' as kind, age_band as value from {RESPONDENTS}
        where municipality_code = $code and age_band is not null and weight is not null
        union all
        select distinct 'area', town_name from {RESPONDENTS}
        where municipality_code = $code and town_name is not null and weight is not null
        order by 1, 2
    """
    frame = select(config, sql, _code(config), RESPONDENTS)
    ages = frame.filter(pl.col("kind") == "age")["value"].to_list()
    areas = frame.filter(pl.col("kind") == "area")["value"].to_list()
    return ages, areas


# --- what the planner reads (the same queries as civicpulse ml plan) ---------------------


def web_segment_for_plan(config: DashboardConfig, segment_id: int) -> pl.DataFrame:
    """segment_name, users of a web segment that is not suppressed (no row otherwise)."""
    sql = f"""
        select segment_name, users from {PROFILES}
        where municipality_code = $code and segment_id = $segment and not is_suppressed
    """
    return select(config, sql, _code(config) | {"segment": segment_id}, PROFILES)


def survey_segment_for_plan(config: DashboardConfig, segment_id: int) -> pl.DataFrame:
    """segment_name, estimated_residents of a survey segment that is not suppressed."""
    sql = f"""
        select segment_name, estimated_residents from {SURVEY}
        where municipality_code = $code and segment_id = $segment and not is_suppressed
    """
    return select(config, sql, _code(config) | {"segment": segment_id}, SURVEY)


def reach_for_plan(config: DashboardConfig, source: str, segment_id: int) -> pl.DataFrame:
    """channel, reach_share of one segment."""
    sql = f"""
        select channel, reach_share from {REACH}
        where municipality_code = $code and segment_source = $source and segment_id = $segment
    """
    params = _code(config) | {"source": source, "segment": segment_id}
    return select(config, sql, params, REACH)


def respondents(config: DashboardConfig) -> pl.DataFrame:
    """The weighted survey respondents (every column), for age band × area targets."""
    sql = f"select * from {RESPONDENTS} where municipality_code = $code"
    return select(config, sql, _code(config), RESPONDENTS)


def search_cpc(config: DashboardConfig) -> float | None:
    """Mean cost per click of the search campaigns (None without any)."""
    sql = f"""
        select (sum(spend_jpy) / nullif(sum(clicks), 0))::double as cpc from {ADS}
        where municipality_code = $code and campaign_type = $type
    """
    params = _code(config) | {"type": SEARCH_CAMPAIGN_TYPE}
    value = select(config, sql, params, ADS)["cpc"][0]
    return float(value) if value is not None else None
