"""Seasonal shapes: topic demand by day, typhoon days, the moving season, the year-end dip."""

from __future__ import annotations

import numpy as np

from samplecity.fiscal import FiscalCalendar
from samplecity.site import TOPICS

# (topic, (start month, day), (end month, day), multiplier); later rules multiply earlier ones.
_RULES: tuple[tuple[str, tuple[int, int], tuple[int, int], float], ...] = (
    ("shisei", (4, 1), (4, 30), 1.15),
    ("kosodate", (4, 1), (4, 30), 1.3),
    ("kosodate", (6, 1), (6, 30), 1.6),  # 現況届
    ("kosodate", (10, 1), (11, 30), 1.5),  # 保育所 applications for April
    ("kosodate", (8, 1), (8, 31), 0.85),
    ("gomi", (3, 15), (4, 15), 1.5),  # moving
    ("gomi", (12, 1), (12, 28), 1.5),
    ("gomi", (12, 20), (12, 28), 1.4),  # 大掃除
    ("gomi", (1, 4), (1, 10), 1.5),
    ("bosai", (6, 1), (7, 20), 1.25),  # rainy season
    ("bosai", (9, 1), (9, 1), 1.8),  # 防災の日
    ("zei", (7, 1), (12, 31), 0.75),
    ("zei", (1, 1), (1, 31), 1.4),  # 給与支払報告書 / 源泉徴収票
    ("zei", (2, 1), (3, 15), 2.6),  # 確定申告
    ("zei", (2, 16), (3, 15), 1.4),
    ("zei", (3, 16), (3, 31), 1.4),
    ("zei", (5, 1), (5, 31), 1.15),  # 固定資産税 / 軽自動車税
    ("zei", (6, 1), (6, 30), 1.6),  # 住民税の通知
    ("mynumber", (12, 1), (12, 20), 1.3),  # マイナ保険証 transition
    ("kanko", (3, 25), (4, 10), 2.2),  # 桜
    ("kanko", (4, 26), (5, 6), 2.0),  # ゴールデンウィーク
    ("kanko", (7, 20), (8, 31), 1.7),
    ("kanko", (11, 1), (11, 30), 1.6),  # 紅葉
    ("kanko", (1, 7), (2, 28), 0.6),
    ("kanko", (6, 1), (6, 30), 0.7),
    ("kenko", (10, 1), (12, 28), 1.35),  # influenza vaccination
    ("kenko", (7, 10), (8, 31), 1.15),  # heat stroke
    ("todokede", (2, 1), (2, 28), 1.2),
    ("todokede", (3, 1), (3, 14), 1.8),
    ("todokede", (3, 15), (4, 10), 2.8),
    ("todokede", (4, 11), (4, 30), 1.5),
)


def typhoon_days(cal: FiscalCalendar, rng: np.random.Generator) -> np.ndarray:
    """Indices of 2-4 typhoon days between August and October, at least a week apart."""
    window = np.flatnonzero(cal.mask_between((8, 1), (10, 31)))
    n = int(rng.integers(2, 5))
    while True:
        picks = np.sort(rng.choice(window, size=n, replace=False))
        if np.all(np.diff(picks) >= 7):
            return picks


def typhoon_intensity(cal: FiscalCalendar, days: np.ndarray) -> np.ndarray:
    """1 on a typhoon day, 0.4 the day before (warnings), 0.5 the day after (damage)."""
    out = np.zeros(cal.n_days)
    for d in days:
        out[d] = 1.0
        if d > 0:
            out[d - 1] = max(out[d - 1], 0.4)
        if d + 1 < cal.n_days:
            out[d + 1] = max(out[d + 1], 0.5)
    return out


def topic_season(cal: FiscalCalendar, typhoon: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(topics x days) demand multipliers, including typhoons and the year-end dip."""
    m = np.ones((len(TOPICS), cal.n_days))
    for topic, start, end, mult in _RULES:
        m[TOPICS.index(topic), cal.mask_between(start, end)] *= mult
    m[TOPICS.index("bosai")] *= 1.0 + 7.0 * typhoon
    m[TOPICS.index("shisei")] *= 1.0 + 0.5 * typhoon
    dip = np.where(cal.is_yearend, 0.45, 1.0)
    m *= dip
    m[TOPICS.index("kanko")] *= np.where(cal.is_yearend, 1.6, 1.0)
    m *= rng.lognormal(0.0, 0.06, size=m.shape)
    return m


def moving_season(cal: FiscalCalendar) -> np.ndarray:
    """Relative arrival rate of new residents (転入) by day: a peak from mid-March to mid-April."""
    w = np.full(cal.n_days, 0.3)
    w[cal.mask_between((3, 1), (3, 14))] = 1.5
    w[cal.mask_between((3, 15), (4, 10))] = 3.0
    w[cal.mask_between((4, 11), (4, 30))] = 1.3
    w[cal.mask_between((8, 1), (8, 31))] = 0.5
    return w
