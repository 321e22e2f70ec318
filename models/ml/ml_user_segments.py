"""Every web user's segment, scored with the parameters stored in ml_segment_profiles."""

import json

import polars as pl

from ml.features import build_user_features
from ml.web_segments import score_users


def model(dbt, session):
    dbt.config(materialized="table")
    threshold = int(dbt.config.meta_get("suppression_threshold", 10))
    evidence = int(dbt.config.meta_get("min_sessions_confident", 5))
    activity = dbt.ref("int_ml_web_user_activity").pl()
    users = dbt.ref("int_ml_web_users").pl()
    profiles = dbt.ref("ml_segment_profiles").pl()
    frames = []
    for code in sorted(profiles["municipality_code"].unique().to_list()):
        segs = profiles.filter(pl.col("municipality_code") == code).sort("segment_id")
        city_users = users.filter(pl.col("municipality_code") == code)
        features = build_user_features(
            activity.filter(pl.col("municipality_code") == code),
            city_users,
            city_users["last_session_date"].max(),
            min_users=threshold,
        )
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
