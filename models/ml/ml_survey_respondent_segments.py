"""Each weighted survey respondent's segment, from the parameters in ml_survey_segments."""

import json

import polars as pl

from ml.survey_segments import memberships_from_params

SCHEMA = {
    "municipality_code": pl.String,
    "survey_name": pl.String,
    "respondent_key": pl.String,
    "segment_id": pl.Int64,
    "probability": pl.Float64,
    "weight": pl.Float64,
}


def model(dbt, session):
    dbt.config(materialized="table")
    threshold = int(dbt.config.meta_get("suppression_threshold", 10))
    segments = dbt.ref("ml_survey_segments").pl()
    respondents = dbt.ref("fct_survey_respondents").pl()
    frames = []
    for (code, survey), segs in segments.group_by(["municipality_code", "survey_name"]):
        wave = respondents.filter(
            (pl.col("municipality_code") == code) & (pl.col("survey_name") == survey)
        )
        params = {
            int(i): json.loads(p)
            for i, p in segs.select("segment_id", "parameters_json").iter_rows()
        }
        weights = dict(segs.select("segment_id", "mixture_weight").iter_rows())
        members = memberships_from_params(wave, params, weights, threshold)
        frames.append(
            members.with_columns(
                pl.lit(code).alias("municipality_code"), pl.lit(survey).alias("survey_name")
            )
        )
    if not frames:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat(frames).select([pl.col(c).cast(t) for c, t in SCHEMA.items()])
