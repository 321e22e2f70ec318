"""Fiscal-year calendar of the sample city: days, weekends, Japanese public holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

JST = dt.timezone(dt.timedelta(hours=9))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday (0=Mon) of a month."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _equinox_day(year: int, spring: bool) -> int:
    """Day of month of the vernal/autumnal equinox day (valid 1980-2099)."""
    base = 20.8431 if spring else 23.2488
    return int(base + 0.242194 * (year - 1980) - (year - 1980) // 4)


def jp_holidays(year: int) -> set[dt.date]:
    """Japanese national holidays of a calendar year, with substitute and sandwiched days."""
    days = {
        dt.date(year, 1, 1),
        _nth_weekday(year, 1, 0, 2),  # 成人の日
        dt.date(year, 2, 11),
        dt.date(year, 2, 23),
        dt.date(year, 3, _equinox_day(year, True)),
        dt.date(year, 4, 29),
        dt.date(year, 5, 3),
        dt.date(year, 5, 4),
        dt.date(year, 5, 5),
        _nth_weekday(year, 7, 0, 3),  # 海の日
        dt.date(year, 8, 11),
        _nth_weekday(year, 9, 0, 3),  # 敬老の日
        dt.date(year, 9, _equinox_day(year, False)),
        _nth_weekday(year, 10, 0, 2),  # スポーツの日
        dt.date(year, 11, 3),
        dt.date(year, 11, 23),
    }
    # 国民の休日: a weekday sandwiched between two holidays.
    for d in sorted(days):
        nxt = d + dt.timedelta(days=2)
        mid = d + dt.timedelta(days=1)
        if nxt in days and mid not in days and mid.weekday() != 6:
            days.add(mid)
    # 振替休日: a holiday on Sunday moves to the next non-holiday day.
    for d in sorted(days):
        if d.weekday() == 6:
            sub = d + dt.timedelta(days=1)
            while sub in days:
                sub += dt.timedelta(days=1)
            days.add(sub)
    return days


@dataclass(frozen=True)
class FiscalCalendar:
    """Every day of one fiscal year (April to March) with the flags the generators need."""

    fiscal_year: int
    dates: list[dt.date]
    dow: np.ndarray  # 0=Mon .. 6=Sun
    is_weekend: np.ndarray  # Saturday or Sunday
    is_holiday: np.ndarray  # national holiday on a weekday
    is_yearend: np.ndarray  # 12/29 .. 1/3, offices closed
    month: np.ndarray
    day_start_us: np.ndarray  # JST midnight of each day as UTC epoch microseconds

    @property
    def n_days(self) -> int:
        return len(self.dates)

    @property
    def is_office_closed(self) -> np.ndarray:
        return self.is_weekend | self.is_holiday | self.is_yearend

    def index_of(self, day: dt.date) -> int:
        return (day - self.dates[0]).days

    def mask_between(self, start: tuple[int, int], end: tuple[int, int]) -> np.ndarray:
        """Days whose (month, day) lies in [start, end]; the range may wrap the year end."""
        md = np.array([(d.month, d.day) for d in self.dates])
        key = md[:, 0] * 100 + md[:, 1]
        lo, hi = start[0] * 100 + start[1], end[0] * 100 + end[1]
        return (key >= lo) & (key <= hi) if lo <= hi else (key >= lo) | (key <= hi)


def fiscal_calendar(fiscal_year: int) -> FiscalCalendar:
    start = dt.date(fiscal_year, 4, 1)
    end = dt.date(fiscal_year + 1, 3, 31)
    dates = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    holidays = jp_holidays(fiscal_year) | jp_holidays(fiscal_year + 1)
    dow = np.array([d.weekday() for d in dates], dtype=np.int8)
    is_weekend = dow >= 5
    is_holiday = np.array([d in holidays for d in dates]) & ~is_weekend
    is_yearend = np.array([(d.month, d.day) in _YEAREND for d in dates])
    month = np.array([d.month for d in dates], dtype=np.int8)
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    starts = [
        int((dt.datetime(d.year, d.month, d.day, tzinfo=JST) - epoch).total_seconds()) * 1_000_000
        for d in dates
    ]
    return FiscalCalendar(
        fiscal_year=fiscal_year,
        dates=dates,
        dow=dow,
        is_weekend=is_weekend,
        is_holiday=is_holiday,
        is_yearend=is_yearend,
        month=month,
        day_start_us=np.array(starts, dtype=np.int64),
    )


_YEAREND = {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)}
