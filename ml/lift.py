"""Campaign lift on a target procedure's daily online applications.

Method ("counter_ratio", the default): a regression-based synthetic control whose donor is the
same procedure's counter (窓口) applications. Demand for a procedure (seasons, deadlines,
typhoons, moving season) moves its online and counter applications together; an online
campaign moves only the online ones. On office-open days outside every campaign window of the
procedure, a binomial GLM of the online share among all applications (logit: quadratic time
trend + day of week) is fitted. In the window, the counterfactual online count of each open
day is counter_count × p̂/(1 − p̂). The effect is the mean over the window's open days of
(online − counterfactual), in applications per day.

Interval: delta method — Poisson variance of both series on each window day and the GLM's
coefficient covariance, both scaled by the Pearson dispersion (≥ 1) of the fit; normal 95 %.

Fallback ("poisson_its", when the procedure has < 1 counter application per open day, i.e.
online-only procedures): an interrupted time series — a Poisson GLM of online counts on all
days outside the windows (quadratic trend, day of week, office closed), effect = mean of
(online − fitted) over all window days, same kind of interval.

Diagnostics: the fit on training days (R² of online counts, dispersion) and a placebo in time
— the same estimator on a pseudo-window of the same length just before the campaign (after
it when there is no room before), which should find nothing.

Assumption stated with every result: the campaign does not change counter applications (no
substitution from counter to online); if it does, the effect is an upper bound.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import norm

from ml.glm import fit_glm

Window = tuple[dt.date, dt.date]
RATIO = "counter_ratio"
ITS = "poisson_its"


@dataclass(frozen=True)
class LiftConfig:
    level: float = 0.95
    min_training_days: int = 40
    min_window_days: int = 5
    min_counter_per_day: float = 1.0  # below this, the counter series cannot be the control


@dataclass(frozen=True)
class Estimate:
    method: str
    effect_per_day: float
    se: float
    baseline_per_day: float
    n_window_days: int
    n_training_days: int
    dispersion: float
    fit_r2: float

    def interval(self, level: float) -> tuple[float, float]:
        z = float(norm.ppf(0.5 + level / 2))
        return self.effect_per_day - z * self.se, self.effect_per_day + z * self.se

    @property
    def p_value(self) -> float:
        if self.se <= 0:
            return 0.0 if self.effect_per_day != 0 else 1.0
        return float(2 * norm.sf(abs(self.effect_per_day) / self.se))


@dataclass(frozen=True)
class LiftResult:
    status: str  # estimated | not_estimable
    reason: str
    estimate: Estimate | None
    ci_low: float | None
    ci_high: float | None
    is_significant: bool | None
    placebo: Estimate | None
    placebo_window: Window | None
    level: float


def _in_windows(dates: np.ndarray, windows: list[Window]) -> np.ndarray:
    mask = np.zeros(len(dates), dtype=bool)
    for start, end in windows:
        mask |= (dates >= np.datetime64(start)) & (dates <= np.datetime64(end))
    return mask


def _design(dates: np.ndarray, dow: np.ndarray, extra: list[np.ndarray]) -> np.ndarray:
    days = (dates - dates.min()).astype("timedelta64[D]").astype(float)
    tau = days / max(days.max(), 1.0) - 0.5
    cols = [np.ones(len(dates)), tau, tau**2, *extra]
    for d in np.unique(dow)[1:]:
        cols.append((dow == d).astype(float))
    return np.column_stack(cols)


def _r2(y: np.ndarray, fitted: np.ndarray) -> float:
    sst = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - float(np.sum((y - fitted) ** 2)) / sst if sst > 0 else 0.0


def _ratio(frame: pl.DataFrame, window: np.ndarray, train: np.ndarray) -> Estimate:
    open_day = frame["is_open_day"].to_numpy()
    sel = open_day & (window | train)
    f = frame.filter(pl.Series(sel))
    y = f["online_count"].to_numpy().astype(float)
    c = f["counter_count"].to_numpy().astype(float)
    dates = f["activity_date"].to_numpy().astype("datetime64[D]")
    x = _design(dates, f["day_of_week"].to_numpy(), [])
    w, t = window[sel], train[sel]
    keep = t & (y + c > 0)
    fit = fit_glm(x[keep], y[keep], "binomial", trials=(y + c)[keep])
    r = np.exp(x @ fit.beta)  # odds p/(1-p)
    cf = c * r
    n_w = int(w.sum())
    effect = float(np.mean(y[w] - cf[w]))
    var_days = float(np.sum(cf[w] + max(effect, 0.0) + r[w] ** 2 * c[w])) / n_w**2
    g = -(c[w] * r[w]) @ x[w] / n_w
    var = fit.dispersion * var_days + float(g @ fit.cov @ g)
    return Estimate(
        RATIO,
        effect,
        math.sqrt(max(var, 0.0)),
        float(np.mean(cf[w])),
        n_w,
        int(t.sum()),
        fit.dispersion,
        _r2(y[t], cf[t]),
    )


def _its(frame: pl.DataFrame, window: np.ndarray, train: np.ndarray) -> Estimate:
    sel = window | train
    f = frame.filter(pl.Series(sel))
    y = f["online_count"].to_numpy().astype(float)
    dates = f["activity_date"].to_numpy().astype("datetime64[D]")
    closed = (~f["is_open_day"].to_numpy()).astype(float)
    x = _design(dates, f["day_of_week"].to_numpy(), [closed])
    w, t = window[sel], train[sel]
    fit = fit_glm(x[t], y[t], "poisson")
    mu = np.exp(np.clip(x @ fit.beta, -30, 30))
    n_w = int(w.sum())
    effect = float(np.mean(y[w] - mu[w]))
    var_days = float(np.sum(mu[w] + max(effect, 0.0))) / n_w**2
    g = -(mu[w]) @ x[w] / n_w
    var = fit.dispersion * var_days + float(g @ fit.cov @ g)
    return Estimate(
        ITS,
        effect,
        math.sqrt(max(var, 0.0)),
        float(np.mean(mu[w])),
        n_w,
        int(t.sum()),
        fit.dispersion,
        _r2(y[t], mu[t]),
    )


def _placebo_window(
    dates: np.ndarray, window: Window, excluded: np.ndarray, min_days: int
) -> Window | None:
    """Same length as the campaign, just before it (or just after), clear of every window."""
    length = (window[1] - window[0]).days + 1
    first, last = dates.min().astype(dt.date), dates.max().astype(dt.date)
    for start in (window[0] - dt.timedelta(days=length), window[1] + dt.timedelta(days=1)):
        end = start + dt.timedelta(days=length - 1)
        if start < first or end > last:
            continue
        inside = _in_windows(dates, [(start, end)])
        if not (inside & excluded).any() and inside.sum() >= min_days:
            return (start, end)
    return None


def estimate_lift(
    series: pl.DataFrame,
    window: Window,
    exclude: list[Window],
    config: LiftConfig | None = None,
) -> LiftResult:
    """`series`: one row per day with activity_date, online_count, counter_count,
    is_open_day, day_of_week. `exclude`: every campaign window on the same procedure
    (the campaign's own included or not); they never serve as training days."""
    config = config or LiftConfig()
    frame = series.sort("activity_date")
    dates = frame["activity_date"].to_numpy().astype("datetime64[D]")
    excluded = _in_windows(dates, [window, *exclude])
    in_window = _in_windows(dates, [window])
    open_day = frame["is_open_day"].to_numpy()
    counters = frame["counter_count"].to_numpy()[open_day & ~excluded]
    counter_mean = float(counters.mean()) if len(counters) else 0.0
    method = RATIO if counter_mean >= config.min_counter_per_day else ITS
    usable = in_window & open_day if method == RATIO else in_window
    train = ~excluded & (open_day if method == RATIO else np.ones(len(dates), dtype=bool))

    def fail(reason: str) -> LiftResult:
        return LiftResult("not_estimable", reason, None, None, None, None, None, None, config.level)

    if int(frame["online_count"].sum() or 0) == 0:
        return fail("オンラインの件数が記録されていません（オンライン件数のない指標は対象外）")
    if int(usable.sum()) < config.min_window_days:
        return fail(f"キャンペーン期間のデータが{int(usable.sum())}日分しかありません")
    if int(train.sum()) < config.min_training_days:
        return fail(f"比較に使えるキャンペーン期間外のデータが{int(train.sum())}日分しかありません")
    run = _ratio if method == RATIO else _its
    estimate = run(frame, usable, train)
    low, high = estimate.interval(config.level)
    placebo_window = _placebo_window(dates, window, excluded, config.min_window_days)
    placebo = None
    if placebo_window is not None:
        pw = _in_windows(dates, [placebo_window])
        p_usable = pw & (open_day if method == RATIO else True)
        p_train = train & ~pw
        if int(p_train.sum()) >= config.min_training_days and int(p_usable.sum()) >= 1:
            placebo = run(frame, p_usable, p_train)
    return LiftResult(
        "estimated",
        "",
        estimate,
        low,
        high,
        bool(low > 0 or high < 0),
        placebo,
        placebo_window,
        config.level,
    )
