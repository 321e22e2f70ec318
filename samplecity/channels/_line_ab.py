"""A/B tests of みどり市's LINE broadcasts (LINE Official Account Manager's ABテスト).

The first regular Friday broadcast of every month (not in the year-end closure, not on a
typhoon day) is sent as two patterns: A (the usual text) and B (a reworded headline), each to a
random half of the reachable friends. The statistics download then has one row per pattern,
marked in the optional テスト/バリアント column.

Planted effects, per test and metric (open rate = 開封数/配信数, click rate = クリック数/配信数):
half of the 2 × tests comparisons are nulls (B's rate is exactly A's), the other half real
differences (open: ±2.5–6 points, click: ±0.8–1.8 points). Opens are Binomial(delivered, p),
clicks Binomial(opened, c/p), so clicks are Binomial(delivered, c) and the planted difference
of each metric is exactly the rate difference the test estimates.

Draws come from their own stream (ctx.rng("line_ab")), so the other LINE rows do not move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from samplecity.channels.context import SampleContext

VARIANT_HEADER = "テスト/バリアント"
METRICS = ("open_rate", "click_rate")
_B_TEXTS = (
    "【みどり市】今週末に役立つ情報3選（{m}月{d}日号）",
    "【みどり市】見逃していませんか？今週のお知らせ（{m}月{d}日号）",
    "【みどり市】{m}月{d}日号：暮らしの情報をまとめてお届け",
)


@dataclass(frozen=True)
class ABRow:
    variant: str
    text: str
    delivered: int
    opened: int
    clicks: int


def ab_test_id(day: dt.date, minute: int) -> str:
    """The id the warehouse derives for a test: its send time in Asia/Tokyo (stg model)."""
    return f"line-{day:%Y%m%d}-{minute // 60:02d}{minute % 60:02d}"


def tested_days(ctx: SampleContext) -> list[int]:
    """Day indexes of the tested broadcasts: each month's first eligible Friday."""
    cal = ctx.cal
    storm = np.asarray(ctx.typhoon)
    seen: set[tuple[int, int]] = set()
    out = []
    for d, day in enumerate(cal.dates):
        month = (day.year, day.month)
        if cal.dow[d] == 4 and not cal.is_yearend[d] and storm[d] == 0 and month not in seen:
            seen.add(month)
            out.append(d)
    return out


class ABPlan:
    """The planted tests of one sample city: rows to write and their ground truth."""

    def __init__(self, ctx: SampleContext) -> None:
        self.rng = ctx.rng("line_ab")
        self.days = tested_days(ctx)
        n = len(self.days)
        nulls = np.array([True] * n + [False] * n)
        self.rng.shuffle(nulls)
        self.is_null = nulls.reshape(n, 2)  # (test, metric)
        self.truth: list[dict[str, Any]] = []

    def rows(self, d: int, day: dt.date, minute: int, text_a: str, reach: int) -> list[ABRow]:
        """The two pattern rows of the test sent on day index d."""
        i = self.days.index(d)
        rng = self.rng
        p_a = float(rng.uniform(0.38, 0.46))
        c_a = p_a * float(rng.uniform(0.06, 0.1))
        sign = rng.choice([-1.0, 1.0], size=2)
        d_open = 0.0 if self.is_null[i, 0] else float(sign[0] * rng.uniform(0.025, 0.06))
        d_click = 0.0 if self.is_null[i, 1] else float(sign[1] * rng.uniform(0.008, 0.018))
        rates = {"A": (p_a, c_a), "B": (p_a + d_open, c_a + d_click)}
        text_b = _B_TEXTS[int(rng.integers(len(_B_TEXTS)))].format(m=day.month, d=day.day)
        n_a = int(rng.binomial(reach, 0.5))
        out = []
        for variant, text, n in (("A", text_a, n_a), ("B", text_b, reach - n_a)):
            p, c = rates[variant]
            opened = int(rng.binomial(n, p))
            clicks = int(rng.binomial(opened, c / p))
            out.append(ABRow(variant, text, n, opened, clicks))
        tid = ab_test_id(day, minute)
        for m, metric in enumerate(METRICS):
            a, b = rates["A"][m], rates["B"][m]
            self.truth.append(
                {
                    "test_id": tid,
                    "sent_date": day.isoformat(),
                    "metric": metric,
                    "rate_a": round(a, 6),
                    "rate_b": round(b, 6),
                    "planted_difference": round(b - a, 6),
                    "is_null": bool(self.is_null[i, m]),
                }
            )
        return out
