"""A/B variants: two-proportion z-test with a Newcombe (Wilson score) interval for the
difference, and a Japanese verdict. Used for creative / landing-page variants that report
conversions out of exposures (clicks, sessions, deliveries)."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
