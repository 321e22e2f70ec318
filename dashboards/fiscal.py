"""Japanese fiscal years (年度): April to March, named by the year they start in."""

from __future__ import annotations

from datetime import date

from dashboards.urlstate import DateRange


def fiscal_year(day: date) -> int:
    """date(2026, 3, 31) -> 2025 (FY2025 = 2025-04-01 .. 2026-03-31)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_range(year: int) -> DateRange:
    return DateRange(date(year, 4, 1), date(year + 1, 3, 31))


def fiscal_years(bounds: DateRange) -> list[int]:
    """Every fiscal year the range touches, newest first."""
    return list(range(fiscal_year(bounds.end), fiscal_year(bounds.start) - 1, -1))


def clip(window: DateRange, bounds: DateRange) -> DateRange:
    """The part of ``window`` inside ``bounds`` (``bounds`` itself when they do not meet)."""
    start, end = max(window.start, bounds.start), min(window.end, bounds.end)
    return DateRange(start, end) if start <= end else bounds
