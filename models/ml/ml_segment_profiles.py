"""Web audience segments: fit (ml/web_segments.py) and describe each segment.

One row per (municipality_code, segment_id). Segment ids stay stable across rebuilds: the
previous build's parameters (this table, read before it is replaced) are matched to the new
fit by the Hungarian algorithm. Settings come from the model's meta (vars ml_seed, …).
"""

import duckdb
import polars as pl

from ml.features import build_user_features
from ml.web_segments import PROFILE_SCHEMA, SegmentConfig, fit_web_segments, previous_params


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
    activity = dbt.ref("int_ml_web_user_activity").pl()
    users = dbt.ref("int_ml_web_users").pl()
    previous = _previous(session, dbt.this)
    frames = []
    for code in sorted(users["municipality_code"].unique().to_list()):
        city_users = users.filter(pl.col("municipality_code") == code)
        features = build_user_features(
            activity.filter(pl.col("municipality_code") == code),
            city_users,
            city_users["last_session_date"].max(),
            min_users=config.threshold,
        )
        before = None
        if previous is not None:
            before = previous_params(previous.filter(pl.col("municipality_code") == code))
        window = (city_users["first_session_date"].min(), city_users["last_session_date"].max())
        try:
            fit = fit_web_segments(features, code, window, config, before)
        except ValueError:
            continue  # too few users to segment this city yet
        frames.append(
            fit.profiles.with_columns(pl.lit(fit.card.to_json()).alias("model_card_json"))
        )
    schema = {**PROFILE_SCHEMA, "model_card_json": pl.String}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
