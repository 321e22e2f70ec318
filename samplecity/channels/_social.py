"""Helpers shared by the social / search channel writers (x, line, meta_insights, youtube,
search_console, ga4_ui): encodings as the platforms write them, stock curves that move on
typhoon days, and small text formatting. Not a writer itself (the leading underscore keeps it
out of discovery)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from samplecity.channels.context import SampleContext

JST = dt.timezone(dt.timedelta(hours=9))


def csv_cell(value: object, quote_all: bool = False) -> str:
    text = "" if value is None else str(value)
    if quote_all or any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: list[list[object]], *, quote_all: bool = False, crlf: bool = False) -> str:
    end = "\r\n" if crlf else "\n"
    return "".join(",".join(csv_cell(c, quote_all) for c in row) + end for row in rows)


def write_file(ctx: SampleContext, relpath: str, text: str, encoding: str) -> Path:
    """encoding: utf-8 | utf-8-bom | cp932 | utf-16le-bom."""
    path = ctx.out / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "utf-16le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


def typhoon_days(ctx: SampleContext) -> list[int]:
    return [int(i) for i in np.flatnonzero(np.asarray(ctx.typhoon) >= 1.0)]


def stock(
    rng: np.random.Generator,
    ctx: SampleContext,
    start: int,
    daily_adds: float,
    daily_losses: float,
    typhoon_adds: float,
    season: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A follower stock over the fiscal year: (end-of-day level, adds, losses) per day.
    Adds jump on typhoon days (people follow the city for warnings)."""
    n = ctx.cal.n_days
    lift = 1.0 if season is None else season
    adds = rng.poisson(daily_adds * lift + typhoon_adds * np.asarray(ctx.typhoon))
    losses = rng.poisson(np.full(n, daily_losses) + 0.02 * typhoon_adds * np.asarray(ctx.typhoon))
    level = start + np.cumsum(adds - losses)
    return level.astype(np.int64), adds.astype(np.int64), losses.astype(np.int64)


def weekday_factor(ctx: SampleContext, weekend: float) -> np.ndarray:
    closed = ctx.cal.is_weekend | ctx.cal.is_holiday
    return np.where(closed, weekend, 1.0)


def local_time(day: dt.date, minute_of_day: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=JST) + dt.timedelta(
        minutes=int(minute_of_day)
    )


def pct(value: float, digits: int = 2) -> str:
    """'1.23%' as Search Console, LINE and Meta write rates."""
    return f"{round(100 * value, digits):g}%"


def fy_tag(ctx: SampleContext) -> str:
    return f"FY{ctx.fiscal_year}"
