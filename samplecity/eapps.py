"""電子申請: daily online and counter counts per procedure, with planted campaign effects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from samplecity.campaigns import Campaign
from samplecity.fiscal import FiscalCalendar
from samplecity.site import PROCEDURES

HEADER = "日付,手続ID,手続名,オンライン申請件数,窓口申請件数"

# procedure -> (weekday total, online share at the start of the year, seasonal rules)
_BASE: dict[str, tuple[float, float, list[tuple[tuple[int, int], tuple[int, int], float]]]] = {
    "P001": (160, 0.14, []),
    "P002": (18, 0.30, [((3, 1), (3, 14), 2.0), ((3, 15), (4, 10), 3.5), ((4, 11), (4, 30), 1.6)]),
    "P003": (22, 0.20, [((3, 1), (3, 14), 2.0), ((3, 15), (4, 10), 3.5), ((4, 11), (4, 30), 1.6)]),
    "P004": (55, 0.35, [((12, 1), (12, 20), 1.3)]),
    "P005": (14, 0.25, [((4, 1), (4, 30), 1.5), ((6, 1), (6, 30), 4.0)]),  # June 現況届
    "P006": (6, 0.15, [((10, 1), (11, 30), 4.0), ((2, 1), (2, 28), 1.5)]),
    "P007": (65, 0.08, [((2, 1), (3, 15), 2.0), ((6, 1), (6, 30), 1.5)]),  # 確定申告, 住民税
    "P008": (50, 0.40, [((3, 15), (4, 15), 1.6), ((12, 1), (12, 28), 1.8)]),
    "P009": (6, 0.88, []),
    "P010": (24, 0.03, []),
}


def baseline_means(
    cal: FiscalCalendar, typhoon: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, dict[str, tuple[float, float]]]:
    """Expected (online, counter) counts, shape (procedures x days), and each procedure's
    online share at the start and end of the year."""
    n_p, n_d = len(PROCEDURES), cal.n_days
    online = np.zeros((n_p, n_d))
    counter = np.zeros((n_p, n_d))
    shares: dict[str, tuple[float, float]] = {}
    t = np.arange(n_d) / (n_d - 1)
    closed = cal.is_office_closed
    dow = np.select([cal.dow == 0, cal.dow == 4], [1.15, 1.05], 1.0)
    for i, proc in enumerate(PROCEDURES):
        total, s0, rules = _BASE[proc.procedure_id]
        s0 = float(np.clip(s0 * rng.uniform(0.85, 1.15), 0.01, 0.95))
        s1 = float(min(s0 + rng.uniform(0.04, 0.14), 0.97))
        shares[proc.procedure_id] = (round(s0, 4), round(s1, 4))
        season = np.ones(n_d)
        for start, end, mult in rules:
            season[cal.mask_between(start, end)] *= mult
        if proc.procedure_id == "P009":
            season *= 1.0 + 5.0 * typhoon
        level = total * season * rng.lognormal(0.0, 0.08, size=n_d)
        share = s0 + (s1 - s0) * t
        online[i] = level * share * np.where(closed, 0.45, 1.0) * np.where(cal.is_yearend, 0.4, 1.0)
        counter[i] = np.where(closed, 0.0, level * (1.0 - share) * dow)
    return online, counter, shares


def e_application_counts(
    cal: FiscalCalendar,
    campaigns: list[Campaign],
    typhoon: np.ndarray,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, dict[str, tuple[float, float]]]:
    """Daily counts; sets each campaign's planted effect (per day mean and daily additions)."""
    online_mu, counter_mu, shares = baseline_means(cal, typhoon, rng)
    online = rng.poisson(online_mu)
    counter = rng.poisson(counter_mu)
    proc_index = {p.procedure_id: i for i, p in enumerate(PROCEDURES)}
    for c in campaigns:
        pid = c.theme.procedure_id
        n = c.end - c.start + 1
        if pid is None or c.is_placebo or c.effect_lift <= 0:
            c.effect_per_day, c.effect_daily = 0.0, [0] * n
            continue
        i = proc_index[pid]
        window = slice(c.start, c.end + 1)
        c.effect_per_day = max(round(c.effect_lift * float(online_mu[i, window].mean()), 1), 0.5)
        added = rng.poisson(c.effect_per_day, size=n)
        online[i, window] += added
        c.effect_daily = [int(v) for v in added]
    n_p, n_d = online.shape
    df = pl.DataFrame(
        {
            "date": np.repeat(np.array(cal.dates, dtype="datetime64[D]"), n_p),
            "procedure_id": [p.procedure_id for p in PROCEDURES] * n_d,
            "procedure_name": [p.name for p in PROCEDURES] * n_d,
            "online_count": online.T.reshape(-1).astype(np.int64),
            "counter_count": counter.T.reshape(-1).astype(np.int64),
        }
    )
    return df, shares


def write_e_applications(path: Path, df: pl.DataFrame) -> int:
    """CP932, CRLF, header on line 1, dates as YYYY/MM/DD."""
    lines = [HEADER]
    for d, pid, name, on, co in df.iter_rows():
        lines.append(f"{d:%Y/%m/%d},{pid},{name},{on},{co}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    return df.height
