"""Every web user's segment, scored with the parameters stored in ml_segment_profiles.

Like the fit, one city's rows at a time, with DuckDB's cache released meanwhile."""

import json
from dataclasses import replace

import polars as pl

from ml.features import build_user_features
from ml.web_segments import score_users
from warehouse.dbt_python import PYTHON_PHASE_MEMORY_LIMIT, city_user_frames, duckdb_memory_lowered


def model(dbt, session):
    dbt.config(materialized="table")
    threshold = int(dbt.config.meta_get("suppression_threshold", 10))
    evidence = int(dbt.config.meta_get("min_sessions_confident", 5))
    activity = dbt.ref("int_ml_web_user_activity")
    users = dbt.ref("int_ml_web_users")
    profiles = dbt.ref("ml_segment_profiles").pl()
    frames = []
    with duckdb_memory_lowered(session, PYTHON_PHASE_MEMORY_LIMIT):
        for code in sorted(profiles["municipality_code"].unique().to_list()):
            segs = profiles.filter(pl.col("municipality_code") == code).sort("segment_id")
            city_users, city_activity, keys = city_user_frames(users, activity, code)
            features = build_user_features(
                city_activity,
                city_users,
                city_users["last_session_date"].max(),
                min_users=threshold,
            )
            del city_activity
            features = replace(features, user_keys=[keys[int(rank)] for rank in features.user_keys])
            del city_users
            params = [json.loads(p) for p in segs["parameters_json"].to_list()]
            index, probability = score_users(features, params, segs["mixture_weight"].to_list())
            ids = segs["segment_id"].to_numpy()[index]
            frames.append(
                pl.DataFrame(
                    {
                        "municipality_code": [code] * features.n_users,
                        "user_key": features.user_keys,
                        "segment_id": ids,
                        "probability": probability,
                        "n_sessions": features.n_sessions,
                    }
                ).join(segs.select("segment_id", "segment_name"), on="segment_id", how="left")
            )
    schema = {
        "municipality_code": pl.String,
        "user_key": pl.String,
        "segment_id": pl.Int64,
        "probability": pl.Float64,
        "n_sessions": pl.Int64,
        "segment_name": pl.String,
    }
    out = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return out.with_columns(
        (pl.col("n_sessions") >= evidence).alias("is_confident"),
        pl.lit(evidence, pl.Int64).alias("min_sessions_confident"),
    ).select(
        "municipality_code",
        "user_key",
        "segment_id",
        "segment_name",
        "probability",
        "n_sessions",
        "is_confident",
        "min_sessions_confident",
    )
