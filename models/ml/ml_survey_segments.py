"""Citizen segments from the survey (ml/survey_segments.py): weighted latent-class analysis of
channels used and topics of interest, on each city's latest survey wave. One row per segment
with its estimated residents and channel reach; ids matched to the previous build's."""

import duckdb
import polars as pl

from ml.segment_ids import Params
from ml.survey_segments import SurveyConfig, fit_survey_segments

SCHEMA = {
    "municipality_code": pl.String,
    "survey_name": pl.String,
    "segment_id": pl.Int64,
    "segment_name": pl.String,
    "profile_ja": pl.String,
    "respondents": pl.Int64,
    "estimated_residents": pl.Int64,
    "population_share": pl.Float64,
    "mean_age_lower": pl.Float64,
    "mixture_weight": pl.Float64,
    "channel_reach_json": pl.String,
    "parameters_json": pl.String,
    "matched_distance": pl.Float64,
    "is_suppressed": pl.Boolean,
    "model_card_json": pl.String,
}


def _previous(session, this, code: str) -> dict[int, Params]:
    import json

    try:
        rows = session.execute(
            f"select segment_id, parameters_json from {this} where municipality_code = ?", [code]
        ).fetchall()
    except duckdb.Error:
        return {}
    return {int(i): json.loads(p) for i, p in rows if p is not None}


def model(dbt, session):
    dbt.config(materialized="table")
    config = SurveyConfig(
        k_min=int(dbt.config.meta_get("k_min", 2)),
        k_max=int(dbt.config.meta_get("k_max", 6)),
        seed=int(dbt.config.meta_get("seed", 0)),
        threshold=int(dbt.config.meta_get("suppression_threshold", 10)),
    )
    respondents = dbt.ref("fct_survey_respondents").pl()
    frames = []
    for code in sorted(respondents["municipality_code"].unique().to_list()):
        city = respondents.filter(pl.col("municipality_code") == code)
        latest = (
            city.group_by("survey_name")
            .agg(pl.col("response_date").max().alias("last"))
            .sort(["last", "survey_name"], nulls_last=False)["survey_name"]
            .to_list()[-1]
        )
        wave = city.filter(pl.col("survey_name") == latest)
        try:
            segments, _, card = fit_survey_segments(
                wave, code, latest, config, _previous(session, dbt.this, code)
            )
        except ValueError:
            continue  # too few weighted respondents
        frames.append(segments.with_columns(pl.lit(card.to_json()).alias("model_card_json")))
    if not frames:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat(frames).select([pl.col(c).cast(t) for c, t in SCHEMA.items()])
