"""Calendar helpers: Japanese holidays and day batches."""

from __future__ import annotations

import datetime as dt

import numpy as np

from samplecity.fiscal import fiscal_calendar, jp_holidays
from samplecity.generator import day_batches


def test_known_holidays_2025() -> None:
    h = jp_holidays(2025)
    for day in (
        "2025-01-13",
        "2025-03-20",
        "2025-05-06",
        "2025-07-21",
        "2025-09-15",
        "2025-09-23",
        "2025-10-13",
        "2025-11-24",
    ):
        assert dt.date.fromisoformat(day) in h
    assert dt.date(2025, 5, 7) not in h


def test_fiscal_calendar_fy2025() -> None:
    cal = fiscal_calendar(2025)
    assert cal.n_days == 365
    assert cal.dates[0] == dt.date(2025, 4, 1) and cal.dates[-1] == dt.date(2026, 3, 31)
    assert int(cal.day_start_us[0]) == 1743433200 * 1_000_000  # 2025-04-01 00:00 JST
    assert cal.is_yearend.sum() == 6


def test_day_batches_cover_every_day_once() -> None:
    bounds = np.r_[0, np.cumsum(np.full(365, 300))]
    batches = day_batches(bounds, 1000)
    days = [d for a, b in batches for d in range(a, b + 1)]
    assert days == list(range(365))
    assert all(b - a <= 30 for a, b in batches)
