"""Lift of every campaign that names a target procedure: one row per campaign (pure).

The target is (target_outcome_type, procedure_id) of fct_civic_outcomes_daily (outcome type
e_application when the plan gives only a procedure); its online_count is what is measured.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ml.lift import LiftConfig, LiftResult, estimate_lift
from ml.lift_verdict import ASSUMPTION_JA, METHOD_JA, lift_verdict
from ml.model_card import ModelCard

MODEL_NAME = "campaign_lift"

OUTPUT_SCHEMA: dict[str, Any] = {
    "municipality_code": pl.String,
    "campaign_key": pl.String,
    "campaign_name": pl.String,
    "target_procedure_id": pl.String,
    "target_procedure_name": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "status": pl.String,
    "method": pl.String,
    "effect_per_day": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "confidence_level": pl.Float64,
    "p_value": pl.Float64,
    "is_significant": pl.Boolean,
    "baseline_per_day": pl.Float64,
    "relative_effect": pl.Float64,
    "n_window_days": pl.Int64,
    "n_training_days": pl.Int64,
    "dispersion": pl.Float64,
    "pre_fit_r2": pl.Float64,
    "placebo_start_date": pl.Date,
    "placebo_end_date": pl.Date,
    "placebo_effect_per_day": pl.Float64,
    "placebo_p_value": pl.Float64,
    "passes_placebo_check": pl.Boolean,
    "verdict_ja": pl.String,
    "method_ja": pl.String,
    "assumption_ja": pl.String,
}


def _row(campaign: dict[str, Any], result: LiftResult, procedure_name: str) -> dict[str, Any]:
    e, p = result.estimate, result.placebo
    pw = result.placebo_window
    return {
        "municipality_code": campaign["municipality_code"],
        "campaign_key": campaign["campaign_key"],
        "campaign_name": campaign["campaign_name"],
        "target_procedure_id": campaign["target_procedure_id"],
        "target_procedure_name": procedure_name,
        "start_date": campaign["start_date"],
        "end_date": campaign["end_date"],
        "status": result.status,
        "method": e.method if e else None,
        "effect_per_day": e.effect_per_day if e else None,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "confidence_level": result.level,
        "p_value": e.p_value if e else None,
        "is_significant": result.is_significant,
        "baseline_per_day": e.baseline_per_day if e else None,
        "relative_effect": (
            e.effect_per_day / e.baseline_per_day if e and e.baseline_per_day > 0 else None
        ),
        "n_window_days": e.n_window_days if e else None,
        "n_training_days": e.n_training_days if e else None,
        "dispersion": e.dispersion if e else None,
        "pre_fit_r2": e.fit_r2 if e else None,
        "placebo_start_date": pw[0] if pw and p else None,
        "placebo_end_date": pw[1] if pw and p else None,
        "placebo_effect_per_day": p.effect_per_day if p else None,
        "placebo_p_value": p.p_value if p else None,
        "passes_placebo_check": (p.p_value >= 1 - result.level) if p else None,
        "verdict_ja": lift_verdict(result, procedure_name),
        "method_ja": METHOD_JA.get(e.method, "") if e else None,
        "assumption_ja": ASSUMPTION_JA,
    }


def campaign_lift_table(
    campaigns: pl.DataFrame,
    outcomes: pl.DataFrame,
    calendar: pl.DataFrame,
    config: LiftConfig | None = None,
) -> pl.DataFrame:
    """campaigns: municipality_code, campaign_key, campaign_name, target_procedure_id,
    start_date, end_date (optional target_outcome_type, default e_application). outcomes:
    municipality_code, activity_date, procedure_id, procedure_name, online_count,
    counter_count (optional outcome_type).
    calendar: date_day, is_business_day, day_of_week. Campaigns without a target procedure
    are left out (nothing to measure)."""
    config = config or LiftConfig()
    if "target_outcome_type" not in campaigns.columns:
        campaigns = campaigns.with_columns(pl.lit(None, pl.String).alias("target_outcome_type"))
    if "outcome_type" not in outcomes.columns:
        outcomes = outcomes.with_columns(pl.lit("e_application").alias("outcome_type"))
    targeted = campaigns.filter(
        pl.col("target_procedure_id").is_not_null()
        & pl.col("start_date").is_not_null()
        & pl.col("end_date").is_not_null()
    ).sort(["municipality_code", "start_date", "campaign_name"])
    cal = calendar.select(
        pl.col("date_day").alias("activity_date"),
        pl.col("is_business_day").alias("is_open_day"),
        pl.col("day_of_week"),
    )
    rows: list[dict[str, Any]] = []
    for c in targeted.iter_rows(named=True):
        code, pid = c["municipality_code"], c["target_procedure_id"]
        kind = c["target_outcome_type"] or "e_application"
        series = outcomes.filter(
            (pl.col("municipality_code") == code)
            & (pl.col("procedure_id") == pid)
            & (pl.col("outcome_type") == kind)
        )
        names = series["procedure_name"].drop_nulls()
        name = names[0] if len(names) else pid
        same = targeted.filter(
            (pl.col("municipality_code") == code)
            & (pl.col("target_procedure_id") == pid)
            & (pl.col("campaign_key") != c["campaign_key"])
        )
        exclude = [(s, e) for s, e in same.select("start_date", "end_date").iter_rows()]
        daily = series.join(cal, on="activity_date", how="inner").select(
            "activity_date", "online_count", "counter_count", "is_open_day", "day_of_week"
        )
        if daily.height == 0:
            result = LiftResult(
                "not_estimable",
                f"手続 {pid} の申請件数データがありません",
                None,
                None,
                None,
                None,
                None,
                None,
                config.level,
            )
        else:
            result = estimate_lift(daily, (c["start_date"], c["end_date"]), exclude, config)
        rows.append(_row(c, result, name))
    return pl.DataFrame(rows, schema=OUTPUT_SCHEMA)


def lift_card(
    table: pl.DataFrame,
    municipality_code: str,
    window: tuple[dt.date | None, dt.date | None],
    config: LiftConfig,
) -> ModelCard:
    estimated = table.filter(pl.col("status") == "estimated")
    return ModelCard(
        model_name=MODEL_NAME,
        method="counter_ratio (regression-based synthetic control on counter applications); "
        "poisson_its fallback for online-only procedures; delta-method intervals",
        municipality_code=municipality_code,
        data_window_start=window[0],
        data_window_end=window[1],
        n_training_rows=int(estimated["n_training_days"].sum() or 0),
        features=[
            "online_count",
            "counter_count",
            "day_of_week",
            "time (quadratic)",
            "is_open_day",
        ],
        parameters={
            "confidence_level": config.level,
            "min_training_days": config.min_training_days,
            "min_window_days": config.min_window_days,
            "min_counter_per_day": config.min_counter_per_day,
        },
        metrics={
            "campaigns": table.height,
            "estimated": estimated.height,
            "significant": int(estimated["is_significant"].sum() or 0),
            "failed_placebo_check": int((~estimated["passes_placebo_check"].fill_null(True)).sum()),
            "mean_pre_fit_r2": estimated["pre_fit_r2"].mean(),
        },
        random_seed=None,
        notes="Deterministic (no random draws).",
    )
