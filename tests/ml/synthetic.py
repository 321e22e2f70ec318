"""Synthetic data for the ML unit tests, made in code (no sample city needed)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

# Three audiences with distinct habits: (topic weights, device, language, daypart weights)
PROFILES = {
    "tourist": (
        {"観光": 0.85, "防災": 0.1, "ごみ": 0.05},
        "mobile",
        "ja",
        {"we_09-12": 0.6, "wd_21-24": 0.4},
    ),
    "parent": (
        {"子育て": 0.7, "ごみ": 0.2, "防災": 0.1},
        "mobile",
        "ja",
        {"wd_21-24": 0.7, "wd_09-12": 0.3},
    ),
    "business": (
        {"税": 0.8, "ごみ": 0.1, "防災": 0.1},
        "desktop",
        "ja",
        {"wd_09-12": 0.5, "wd_12-15": 0.5},
    ),
}
WINDOW_END = dt.date(2026, 3, 31)


def web_activity(
    n_per: int = 150, seed: int = 0
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    """(activity, users, truth): long activity counts as int_ml_web_user_activity has them."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, str, int]] = []
    users: list[tuple[str, int, int, dt.date, dt.date]] = []
    truth: dict[str, str] = {}
    for name, (topics, device, lang, dayparts) in PROFILES.items():
        for i in range(n_per):
            key = f"{name}-{i:04d}"
            truth[key] = name
            n = int(rng.integers(3, 12))
            t = rng.choice(list(topics), size=n, p=list(topics.values()))
            d = rng.choice(list(dayparts), size=n, p=list(dayparts.values()))
            for level, count in zip(*np.unique(t, return_counts=True), strict=True):
                rows.append((key, "topic", str(level), int(count)))
            for level, count in zip(*np.unique(d, return_counts=True), strict=True):
                rows.append((key, "daypart", str(level), int(count)))
            rows.append((key, "channel", "google / organic", n))
            rows.append((key, "device", device if rng.random() < 0.9 else "tablet", n))
            rows.append((key, "device_language", lang, n))
            rows.append((key, "region", "away" if name == "tourist" else "home", n))
            last = WINDOW_END - dt.timedelta(days=int(rng.integers(0, 300)))
            users.append((key, n, int(rng.integers(1, 3)), last - dt.timedelta(days=30), last))
    activity = pl.DataFrame(rows, schema=["user_key", "feature", "level", "n"], orient="row")
    frame = pl.DataFrame(
        users,
        schema=[
            "user_key",
            "n_sessions",
            "first_session_number",
            "first_session_date",
            "last_session_date",
        ],
        orient="row",
    )
    return activity, frame, truth


def outcome_series(
    effect: float,
    window: tuple[int, int] = (150, 190),
    seed: int = 0,
    online_share: float = 0.3,
    level: float = 100.0,
    counter: bool = True,
    seasonal: bool = True,
) -> tuple[pl.DataFrame, tuple[dt.date, dt.date]]:
    """A year of daily online/counter counts with a seasonal level, closed weekends and an
    additive Poisson effect on online counts inside the window (day indices)."""
    rng = np.random.default_rng(seed)
    days = [dt.date(2025, 4, 1) + dt.timedelta(days=i) for i in range(365)]
    dow = np.array([d.isoweekday() for d in days])
    open_day = dow < 6
    t = np.arange(365) / 364
    season = 1 + 0.5 * np.sin(2 * np.pi * t * 2) + np.where((t > 0.3) & (t < 0.35), 2.0, 0.0)
    if not seasonal:  # smooth demand: what an interrupted time series can model
        season = 1 + 0.3 * t
    lvl = level * season * rng.lognormal(0, 0.08, 365)
    share = online_share + 0.1 * t
    online_mu = lvl * share * np.where(open_day, 1.0, 0.45)
    counter_mu = np.where(open_day, lvl * (1 - share), 0.0) if counter else np.zeros(365)
    online = rng.poisson(online_mu)
    online[window[0] : window[1] + 1] += rng.poisson(effect, window[1] - window[0] + 1)
    frame = pl.DataFrame(
        {
            "activity_date": days,
            "online_count": online,
            "counter_count": rng.poisson(counter_mu),
            "is_open_day": open_day,
            "day_of_week": dow,
        }
    )
    return frame, (days[window[0]], days[window[1]])
