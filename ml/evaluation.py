"""Compare the warehouse's segments and lift estimates with a sample city's ground truth.

Definitions (printed with the numbers by `civicpulse ml evaluate`):

- adjusted_rand_index: ARI between planted and fitted web segments over users with at least
  `min_sessions` sessions (default 5). Users with one or two visits carry too little evidence
  for any method to place them reliably (even a classifier trained on the planted labels
  reaches ARI ≈ 0.6 over all users of a sample city); the ARI over all users and per
  session threshold is reported beside it.
- lift_coverage: share of planted campaigns (not placebo, with a target procedure) whose
  confidence interval contains the planted effect — planted_effect_per_day, the mean number of
  online applications the generator adds to the target procedure on every day of the window.
  A campaign the warehouse could not estimate counts as not covered.
- placebo_false_positive_rate: share of placebo campaigns (target procedure, no planted effect)
  whose interval excludes 0 (is_significant).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score

SESSION_THRESHOLDS = (1, 2, 3, 5, 8)


def pseudonymise(user_pseudo_id: str, key: str) -> str:
    """The marts' user_key: sha256(key || ':' || id) (macros/pseudonymise.sql)."""
    return hashlib.sha256(f"{key}:{user_pseudo_id}".encode()).hexdigest()


def segment_agreement(
    truth: dict[str, str], assigned: pl.DataFrame, key: str, min_sessions: int = 5
) -> dict[str, Any]:
    """truth: user_pseudo_id → planted segment; assigned: user_key, segment_id, n_sessions."""
    planted = pl.DataFrame(
        {
            "user_key": [pseudonymise(u, key) for u in truth],
            "planted": list(truth.values()),
        },
        schema={"user_key": pl.String, "planted": pl.String},
    )
    joined = assigned.select("user_key", "segment_id", "n_sessions").join(
        planted, on="user_key", how="inner"
    )
    y = joined["planted"].to_numpy()
    p = joined["segment_id"].to_numpy()
    n = joined["n_sessions"].to_numpy()
    by_threshold = {}
    for t in sorted({*SESSION_THRESHOLDS, min_sessions}):
        m = n >= t
        by_threshold[str(t)] = {
            "users": int(m.sum()),
            "ari": float(adjusted_rand_score(y[m], p[m])) if m.sum() > 1 else None,
        }
    main = by_threshold[str(min_sessions)]
    return {
        "adjusted_rand_index": main["ari"],
        "ari_min_sessions": min_sessions,
        "ari_users": main["users"],
        "ari_all_users": by_threshold["1"]["ari"],
        "ari_by_min_sessions": by_threshold,
        "users_matched": joined.height,
        "users_planted": len(truth),
        "planted_segments": len(set(truth.values())),
        "fitted_segments": int(np.unique(p).size),
    }


def lift_agreement(campaigns: list[dict[str, Any]], lift: pl.DataFrame) -> dict[str, Any]:
    """campaigns: ground_truth["campaigns"]; lift: ml_campaign_lift rows."""
    rows = {(r["campaign_name"], str(r["start_date"])): r for r in lift.iter_rows(named=True)}
    planted, placebo = [], []
    for c in campaigns:
        if not c.get("target_procedure_id"):
            continue
        found = rows.get((c["campaign_name"], c["start_date"]))
        est: dict[str, Any] = found if found and found["status"] == "estimated" else {}
        truth = float(c["planted_effect_per_day"])
        item = {
            "campaign_name": c["campaign_name"],
            "start_date": c["start_date"],
            "planted_effect_per_day": truth,
            "effect_per_day": est.get("effect_per_day"),
            "ci_low": est.get("ci_low"),
            "ci_high": est.get("ci_high"),
            "is_significant": bool(est["is_significant"]) if est else None,
        }
        if c.get("is_placebo"):
            placebo.append(item)
        else:
            item["covered"] = bool(est and est["ci_low"] <= truth <= est["ci_high"])
            planted.append(item)
    coverage = sum(i["covered"] for i in planted) / len(planted) if planted else None
    fp = sum(bool(i["is_significant"]) for i in placebo) / len(placebo) if placebo else None
    return {
        "lift_coverage": coverage,
        "planted_campaigns": len(planted),
        "placebo_false_positive_rate": fp,
        "placebo_campaigns": len(placebo),
        "campaigns": planted + placebo,
    }


def survey_reach_error(truth: dict[str, float], respondents: pl.DataFrame) -> dict[str, Any]:
    """Weighted channel-use shares against the planted population shares."""
    weighted = respondents.filter(pl.col("weight").is_not_null())
    total = float(weighted["weight"].sum() or 0.0)
    if total <= 0:
        return {"survey_reach_mae": None, "survey_channels": 0}
    errors = {}
    for code, share in truth.items():
        column = f"uses_{code}"
        if column not in weighted.columns:
            continue
        est = float(weighted.filter(pl.col(column))["weight"].sum() or 0.0) / total
        errors[code] = {"estimated": est, "planted": share, "error": est - share}
    mae = float(np.mean([abs(e["error"]) for e in errors.values()])) if errors else None
    return {"survey_reach_mae": mae, "survey_channels": errors}
