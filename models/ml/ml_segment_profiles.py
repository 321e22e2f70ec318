"""Web audience segments: fit (ml/web_segments.py) and describe each segment.

One row per (municipality_code, segment_id). Segment ids stay stable across rebuilds: the
previous build's parameters (this table, read before it is replaced) are matched to the new
fit by the Hungarian algorithm. Settings come from the model's meta (vars ml_seed, …).
Each city's rows are fetched on their own, with DuckDB's cache released meanwhile
(warehouse/dbt_python.py): a prefecture's year of users never sits in memory at once.
"""

from dataclasses import replace

import duckdb
import polars as pl

from ml.features import build_user_features
from ml.web_segments import PROFILE_SCHEMA, SegmentConfig, fit_web_segments, previous_params
from warehouse.dbt_python import (
    PYTHON_PHASE_MEMORY_LIMIT,
    city_codes,
    city_user_frames,
    duckdb_memory_lowered,
)


def _previous(session, this) -> pl.DataFrame | None:
    try:
        return session.sql(
            f"select municipality_code, segment_id, parameters_json from {this}"
        ).pl()
    except duckdb.Error:
        return None


def model(dbt, session):
    dbt.config(materialized="table")
    config = SegmentConfig(
        k_min=int(dbt.config.meta_get("k_min", 3)),
        k_max=int(dbt.config.meta_get("k_max", 10)),
        min_sessions=int(dbt.config.meta_get("min_sessions", 2)),
        n_init=int(dbt.config.meta_get("n_init", 4)),
        seed=int(dbt.config.meta_get("seed", 0)),
        threshold=int(dbt.config.meta_get("suppression_threshold", 10)),
    )
    activity = dbt.ref("int_ml_web_user_activity")
    users = dbt.ref("int_ml_web_users")
    previous = _previous(session, dbt.this)
    frames = []
    with duckdb_memory_lowered(session, PYTHON_PHASE_MEMORY_LIMIT):
        for code in city_codes(users):
            city_users, city_activity, keys = city_user_frames(users, activity, code)
            features = build_user_features(
                city_activity,
                city_users,
                city_users["last_session_date"].max(),
                min_users=config.threshold,
            )
            del city_activity
            features = replace(features, user_keys=[keys[int(rank)] for rank in features.user_keys])
            before = None
            if previous is not None:
                before = previous_params(previous.filter(pl.col("municipality_code") == code))
            window = (
                city_users["first_session_date"].min(),
                city_users["last_session_date"].max(),
            )
            del city_users
            try:
                fit = fit_web_segments(features, code, window, config, before)
            except ValueError:
                continue  # too few users to segment this city yet
            frames.append(
                fit.profiles.with_columns(pl.lit(fit.card.to_json()).alias("model_card_json"))
            )
    schema = {**PROFILE_SCHEMA, "model_card_json": pl.String}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
