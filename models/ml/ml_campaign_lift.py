"""Lift of every campaign with a target procedure (ml/campaign_lift.py): effect per day on the
procedure's online applications with a confidence interval, pre-period diagnostics and a
Japanese verdict. One row per campaign of dim_campaigns that names a target procedure."""

import polars as pl

from ml.campaign_lift import OUTPUT_SCHEMA, campaign_lift_table, lift_card
from ml.lift import LiftConfig


def model(dbt, session):
    dbt.config(materialized="table")
    config = LiftConfig(
        level=float(dbt.config.meta_get("confidence_level", 0.95)),
        min_training_days=int(dbt.config.meta_get("min_training_days", 40)),
    )
    campaigns = dbt.ref("dim_campaigns").pl()
    outcomes = dbt.ref("fct_civic_outcomes_daily").pl()
    calendar = dbt.ref("dim_date").pl().select("date_day", "is_business_day", "day_of_week")
    frames = []
    for code in sorted(campaigns["municipality_code"].unique().to_list()):
        city = campaigns.filter(pl.col("municipality_code") == code)
        city_outcomes = outcomes.filter(pl.col("municipality_code") == code)
        table = campaign_lift_table(city, city_outcomes, calendar, config)
        window = (city_outcomes["activity_date"].min(), city_outcomes["activity_date"].max())
        card = lift_card(table, code, window, config)
        frames.append(table.with_columns(pl.lit(card.to_json()).alias("model_card_json")))
    schema = {**OUTPUT_SCHEMA, "model_card_json": pl.String}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)
