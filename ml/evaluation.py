"""Compare the warehouse's segments and lift estimates with a sample city's ground truth.

Definitions (printed with the numbers by `civicpulse ml evaluate`):

- adjusted_rand_index: ARI between planted and fitted web segments over all users
  (`min_sessions` = 1, the default; `--min-sessions N` restricts it to users with at least N
  sessions). The ARI at each session threshold (1, 2, 3, 5, 8) is reported beside it: a
  one-visit user carries less evidence than a regular one.
- lift_coverage: share of planted campaigns (not placebo, with a target procedure) whose
  confidence interval contains the planted effect — planted_effect_per_day, the mean number of
  online applications the generator adds to the target procedure on every day of the window.
  A campaign the warehouse could not estimate counts as not covered.
- placebo_false_positive_rate: share of placebo campaigns (target procedure, no planted effect)
  whose interval excludes 0 (is_significant).
- ab_coverage: share of planted A/B effects (test × metric with a real difference between
  variant B and control A) whose interval in ml_ab_test_results contains the planted rate
  difference; a comparison the warehouse did not estimate counts as not covered.
- ab_false_positive_rate: share of planted A/B nulls (B's rate equal to A's) flagged
  significant. ab_power: share of planted real effects flagged significant.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score

SESSION_THRESHOLDS = (1, 2, 3, 5, 8)


def pseudonymise(user_pseudo_id: str, key: str) -> str:
    """The marts' user_key: HMAC-SHA256(key, id) as lowercase hex (macros/pseudonymise.sql)."""
    return hmac.new(key.encode(), user_pseudo_id.encode(), hashlib.sha256).hexdigest()


def pseudonymise_legacy(user_pseudo_id: str, key: str) -> str:
    """The user_key of warehouses built before the HMAC macro: sha256(key || ':' || id)."""
    return hashlib.sha256(f"{key}:{user_pseudo_id}".encode()).hexdigest()


def planted_by_key(truth: dict[str, str], known_keys: set[str], key: str) -> dict[str, str]:
    """Planted segment by user_key, under the pseudonymisation scheme that matches the
    warehouse's keys (HMAC, else the legacy hash)."""
    best: dict[str, str] = {}
    for scheme in (pseudonymise, pseudonymise_legacy):
        keyed = {scheme(u, key): s for u, s in truth.items()}
        if len(known_keys & keyed.keys()) > len(known_keys & best.keys()):
            best = keyed
    return best


def segment_agreement(
    truth: dict[str, str], assigned: pl.DataFrame, key: str, min_sessions: int = 1
) -> dict[str, Any]:
    """truth: user_pseudo_id → planted segment; assigned: user_key, segment_id, n_sessions."""
    keyed = planted_by_key(truth, set(assigned["user_key"].to_list()), key)
    planted = pl.DataFrame(
        {"user_key": list(keyed), "planted": list(keyed.values())},
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


def ab_agreement(effects: list[dict[str, Any]], results: pl.DataFrame) -> dict[str, Any]:
    """effects: ground_truth channels.line.ab_effects (test_id, metric, planted_difference,
    is_null); results: ml_ab_test_results rows (variant B against control A)."""
    found = {
        (r["test_id"], r["metric"]): r
        for r in results.iter_rows(named=True)
        if r["variant"] == "B" and r["status"] == "estimated"
    }
    real, nulls = [], []
    for e in effects:
        est = found.get((e["test_id"], e["metric"]), {})
        truth = float(e["planted_difference"])
        item = {
            "test_id": e["test_id"],
            "metric": e["metric"],
            "planted_difference": truth,
            "difference": est.get("difference"),
            "ci_low": est.get("ci_low"),
            "ci_high": est.get("ci_high"),
            "is_significant": bool(est["is_significant"]) if est else None,
        }
        if e["is_null"]:
            nulls.append(item)
        else:
            item["covered"] = bool(est and est["ci_low"] <= truth <= est["ci_high"])
            real.append(item)
    return {
        "ab_coverage": sum(i["covered"] for i in real) / len(real) if real else None,
        "ab_planted_effects": len(real),
        "ab_false_positive_rate": (
            sum(bool(i["is_significant"]) for i in nulls) / len(nulls) if nulls else None
        ),
        "ab_planted_nulls": len(nulls),
        "ab_power": sum(bool(i["is_significant"]) for i in real) / len(real) if real else None,
        "ab_estimated": len(found),
        "comparisons": real + nulls,
    }


def label_ceiling(
    counts: np.ndarray,
    blocks: tuple[tuple[int, int], ...],
    labels: np.ndarray,
    n_sessions: np.ndarray,
    alpha: float = 0.5,
    seed: int = 0,
) -> dict[str, Any]:
    """The "Bayes ceiling" of a segmentation on these features: a classifier trained on the
    PLANTED labels (naive Bayes over the same count blocks the latent-class model uses, i.e.
    the model with the labels given), two-fold cross-fitted, scored on every user. Its ARI
    per session threshold bounds what an unsupervised fit can reach on the same data."""
    x = np.asarray(counts, dtype=np.float64)
    names, y = np.unique(np.asarray(labels), return_inverse=True)
    k = len(names)
    fold = np.random.default_rng(seed).integers(0, 2, len(y))
    pred = np.zeros(len(y), dtype=np.int64)
    for f in (0, 1):
        train, test = fold != f, fold == f
        log_theta = np.zeros((k, x.shape[1]))
        log_w = np.full(k, -np.inf)
        for c in range(k):
            member = train & (y == c)
            if not member.any():
                continue
            log_w[c] = np.log(member.sum() / train.sum())
            expected = x[member].sum(axis=0) + alpha
            for start, stop in blocks:
                expected[start:stop] /= expected[start:stop].sum()
            log_theta[c] = np.log(expected)
        pred[test] = (x[test] @ log_theta.T + log_w).argmax(axis=1)
    n = np.asarray(n_sessions)
    by_threshold = {}
    for t in SESSION_THRESHOLDS:
        m = n >= t
        by_threshold[str(t)] = {
            "users": int(m.sum()),
            "ari": float(adjusted_rand_score(y[m], pred[m])) if m.sum() > 1 else None,
            "accuracy": float((y[m] == pred[m]).mean()) if m.any() else None,
        }
    return {"ceiling_ari_all_users": by_threshold["1"]["ari"], "by_min_sessions": by_threshold}
