"""Campaign lift: the counter-ratio estimator, its interval's calibration, the ITS fallback,
diagnostics, verdicts, the campaign table and the A/B test."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from ml.ab_test import two_proportion_test, wilson
from ml.campaign_lift import campaign_lift_table
from ml.glm import fit_glm
from ml.lift import ITS, RATIO, estimate_lift
from ml.lift_verdict import lift_verdict
from tests.ml.synthetic import outcome_series


def test_glm_recovers_poisson_coefficients() -> None:
    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(2000), rng.normal(size=2000)])
    y = rng.poisson(np.exp(1.0 + 0.5 * x[:, 1]))
    fit = fit_glm(x, y, "poisson")
    assert fit.converged
    assert fit.beta == pytest.approx([1.0, 0.5], abs=0.05)
    assert fit.dispersion == pytest.approx(1.0, abs=0.1)


def test_effect_is_recovered_with_a_covering_interval() -> None:
    series, window = outcome_series(effect=8.0)
    result = estimate_lift(series, window, [])
    assert result.status == "estimated" and result.estimate is not None
    assert result.estimate.method == RATIO
    assert result.ci_low < 8.0 < result.ci_high
    assert result.is_significant
    assert result.placebo is not None and result.placebo.p_value > 0.05
    assert lift_verdict(result, "住民票").startswith("効果あり")


def test_no_effect_is_not_significant() -> None:
    series, window = outcome_series(effect=0.0, seed=3)
    result = estimate_lift(series, window, [])
    assert not result.is_significant
    assert lift_verdict(result, "住民票").startswith("効果は確認できません")


def test_interval_is_calibrated_over_many_synthetic_cities() -> None:
    """95 % intervals: coverage of the planted effect between 90 % and 99 % over 120 series
    with seasonality, weekly closures and a demand shock inside some windows."""
    covered = 0
    runs = 120
    for seed in range(runs):
        rng = np.random.default_rng(seed)
        start = int(rng.integers(20, 300))
        effect = float(rng.uniform(0, 10))
        series, window = outcome_series(effect, (start, start + 35), seed=seed)
        result = estimate_lift(series, window, [])
        assert result.ci_low is not None and result.ci_high is not None
        covered += result.ci_low <= effect <= result.ci_high
    assert 0.9 <= covered / runs <= 0.99


def test_online_only_procedure_falls_back_to_its() -> None:
    """No counter series: an interrupted time series (it needs smooth demand, unlike the
    counter ratio, which follows seasons and shocks)."""
    series, window = outcome_series(
        effect=10.0, counter=False, online_share=0.9, level=30, seasonal=False
    )
    result = estimate_lift(series, window, [])
    assert result.estimate is not None and result.estimate.method == ITS
    assert result.ci_low < 10.0 < result.ci_high


def test_other_campaign_windows_are_not_training_days() -> None:
    series, window = outcome_series(effect=5.0)
    other = (dt.date(2025, 5, 1), dt.date(2025, 6, 15))
    with_other = estimate_lift(series, window, [other])
    alone = estimate_lift(series, window, [])
    assert with_other.estimate is not None and alone.estimate is not None
    assert with_other.estimate.n_training_days < alone.estimate.n_training_days


def test_too_little_data_is_not_estimable() -> None:
    series, window = outcome_series(effect=5.0)
    short = series.filter(pl.col("activity_date") <= window[1])
    short = short.filter(pl.col("activity_date") >= window[0] - dt.timedelta(days=20))
    result = estimate_lift(short, window, [])
    assert result.status == "not_estimable"
    assert lift_verdict(result, "x").startswith("推定できません")


def test_campaign_table_one_row_per_targeted_campaign() -> None:
    series, window = outcome_series(effect=6.0)
    outcomes = series.with_columns(
        pl.lit("990019").alias("municipality_code"),
        pl.lit("P001").alias("procedure_id"),
        pl.lit("住民票の写し等交付申請").alias("procedure_name"),
    )
    calendar = series.select(
        pl.col("activity_date").alias("date_day"),
        pl.col("is_open_day").alias("is_business_day"),
        "day_of_week",
    )
    campaigns = pl.DataFrame(
        {
            "municipality_code": ["990019", "990019"],
            "campaign_key": ["a", "b"],
            "campaign_name": ["住民票PR", "観光PR"],
            "target_procedure_id": ["P001", None],
            "start_date": [window[0], window[0]],
            "end_date": [window[1], window[1]],
        }
    )
    table = campaign_lift_table(campaigns, outcomes, calendar)
    assert table.height == 1
    row = table.row(0, named=True)
    assert row["target_procedure_name"] == "住民票の写し等交付申請"
    assert row["ci_low"] < 6.0 < row["ci_high"]
    assert row["verdict_ja"].startswith("効果あり") and row["method_ja"]


def test_two_proportion_test_textbook_case() -> None:
    result = two_proportion_test(120, 1000, 150, 1000)
    assert result.difference == pytest.approx(0.03)
    assert result.z == pytest.approx(1.969, abs=0.01)
    assert result.p_value == pytest.approx(0.049, abs=0.002)
    assert result.ci_low < 0.03 < result.ci_high
    assert result.verdict_ja.startswith("差あり")
    low, high = wilson(0, 10)
    assert low == 0.0 and 0.2 < high < 0.35
    with pytest.raises(ValueError):
        two_proportion_test(5, 0, 1, 10)
