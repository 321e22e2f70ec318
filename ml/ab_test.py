"""A/B variants: two-proportion z-test with a Newcombe (Wilson score) interval for the
difference, and a Japanese verdict. Used for creative / landing-page / message variants that report
conversions out of exposures (clicks, sessions, deliveries)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl
from scipy.stats import norm


@dataclass(frozen=True)
class ABResult:
    rate_a: float
    rate_b: float
    difference: float  # rate_b - rate_a
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    is_significant: bool
    verdict_ja: str


def wilson(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    if trials <= 0:
        return 0.0, 1.0
    z = float(norm.ppf(0.5 + level / 2))
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(centre - half, 0.0), min(centre + half, 1.0)


def two_proportion_test(
    x_a: int,
    n_a: int,
    x_b: int,
    n_b: int,
    level: float = 0.95,
    label_a: str = "A",
    label_b: str = "B",
) -> ABResult:
    """Compare conversion rates x_a/n_a (control) and x_b/n_b (variant)."""
    if n_a <= 0 or n_b <= 0:
        raise ValueError("both variants need at least one exposure (n_a, n_b > 0)")
    if not (0 <= x_a <= n_a and 0 <= x_b <= n_b):
        raise ValueError("conversions must be between 0 and the exposures")
    pa, pb = x_a / n_a, x_b / n_b
    pooled = (x_a + x_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (pb - pa) / se if se > 0 else 0.0
    p_value = float(2 * norm.sf(abs(z)))
    la, ha = wilson(x_a, n_a, level)
    lb, hb = wilson(x_b, n_b, level)
    diff = pb - pa
    low = diff - math.sqrt((pb - lb) ** 2 + (ha - pa) ** 2)
    high = diff + math.sqrt((hb - pb) ** 2 + (pa - la) ** 2)
    significant = p_value < 1 - level
    pct = int(round(level * 100))
    if significant:
        better = label_b if diff > 0 else label_a
        verdict = (
            f"差あり: {label_b}の率は{pb:.1%}、{label_a}は{pa:.1%}で、差は{diff * 100:+.1f}ポイント"
            f"（{pct}%信頼区間 {low * 100:+.1f}〜{high * 100:+.1f}ポイント）。{better}の方が良い結果です。"
        )
    else:
        verdict = (
            f"差は確認できません: {label_b} {pb:.1%}、{label_a} {pa:.1%}（差 {diff * 100:+.1f}ポイント、"
            f"{pct}%信頼区間 {low * 100:+.1f}〜{high * 100:+.1f}ポイント）。"
        )
    return ABResult(pa, pb, diff, low, high, z, p_value, significant, verdict)


# --- per-test results from a variants table (what ml_ab_test_results publishes) -------------

METRICS: dict[str, tuple[str, str, str]] = {
    # metric: (successes column, metric name in Japanese, success noun in Japanese)
    "open_rate": ("opens", "開封率", "開封"),
    "click_rate": ("clicks", "クリック率", "クリック"),
}
RESULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "municipality_code": pl.String,
    "channel": pl.String,
    "test_id": pl.String,
    "test_date": pl.Date,
    "metric": pl.String,
    "control_variant": pl.String,
    "variant": pl.String,
    "control_sends": pl.Int64,
    "control_successes": pl.Int64,
    "variant_sends": pl.Int64,
    "variant_successes": pl.Int64,
    "control_rate": pl.Float64,
    "variant_rate": pl.Float64,
    "difference": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "z": pl.Float64,
    "p_value": pl.Float64,
    "is_significant": pl.Boolean,
    "status": pl.String,
    "is_suppressed": pl.Boolean,
    "verdict_ja": pl.String,
}
_KEYS = ("municipality_code", "channel", "test_id")


def _small(counts: tuple[int | None, ...], threshold: int) -> bool:
    """A cell below the threshold: a count, or the complement (sends − successes)."""
    return any(c is None or c < threshold for c in counts)


def _compare(
    a: dict[str, Any], b: dict[str, Any], metric: str, threshold: int, level: float
) -> dict[str, Any]:
    column, metric_ja, _ = METRICS[metric]
    n_a, x_a = a["sends"], a[column]
    n_b, x_b = b["sends"], b[column]
    row: dict[str, Any] = {
        "metric": metric,
        "control_variant": a["variant"],
        "variant": b["variant"],
        "control_sends": n_a,
        "control_successes": x_a,
        "variant_sends": n_b,
        "variant_successes": x_b,
    }
    if any(v is None for v in (n_a, x_a, n_b, x_b)):
        return {
            **row,
            "status": "missing",
            "is_suppressed": False,
            "verdict_ja": f"{metric_ja}の件数がないため比較できません。",
        }
    counts = (int(n_a), int(x_a), int(n_a) - int(x_a), int(n_b), int(x_b), int(n_b) - int(x_b))
    if _small(counts, threshold):
        return {
            **row,
            "control_sends": None,
            "control_successes": None,
            "variant_sends": None,
            "variant_successes": None,
            "status": "suppressed",
            "is_suppressed": True,
            "verdict_ja": f"{threshold}件未満の値を含むため、{metric_ja}の結果は表示しません。",
        }
    r = two_proportion_test(
        counts[1], counts[0], counts[4], counts[3], level, str(a["variant"]), str(b["variant"])
    )
    return {
        **row,
        "control_rate": r.rate_a,
        "variant_rate": r.rate_b,
        "difference": r.difference,
        "ci_low": r.ci_low,
        "ci_high": r.ci_high,
        "z": r.z,
        "p_value": r.p_value,
        "is_significant": r.is_significant,
        "status": "estimated",
        "is_suppressed": False,
        "verdict_ja": f"{metric_ja}: {r.verdict_ja}",
    }


def ab_results(variants: pl.DataFrame, *, threshold: int = 10, level: float = 0.95) -> pl.DataFrame:
    """One row per test, metric and challenger: every variant against the control (variant
    "A", else the first by name) with a two-proportion z-test and a Newcombe interval.

    variants: municipality_code, channel, test_id, test_date, variant, sends, opens, clicks
    (marts.fct_ab_test_variants). A comparison with a count, or a complement (sends minus
    successes), below `threshold` is suppressed: counts and estimates null, is_suppressed true.
    Tests with a single variant are skipped (nothing to compare)."""
    rows: list[dict[str, Any]] = []
    ordered = variants.sort([*_KEYS, "variant"])
    for key, group in ordered.group_by(list(_KEYS), maintain_order=True):
        members = group.to_dicts()
        if len(members) < 2:
            continue
        control = next((m for m in members if m["variant"] == "A"), members[0])
        for challenger in members:
            if challenger is control:
                continue
            for metric in METRICS:
                out = _compare(control, challenger, metric, threshold, level)
                rows.append(
                    {
                        **dict(zip(_KEYS, key, strict=True)),
                        "test_date": control["test_date"],
                        **out,
                    }
                )
    frame = pl.DataFrame(rows, schema=RESULT_SCHEMA) if rows else pl.DataFrame(schema=RESULT_SCHEMA)
    return frame.select(list(RESULT_SCHEMA))
