"""マイナンバーカード applications and issuance per day, in the city's documented template (see
ingest/my_number_card.py): UTF-8 with BOM, CRLF, header on line 1, dates as YYYY/MM/DD.

Applications: a weekday baseline (counter, mail, photo booths, online) and a weekend trickle
(online only); while a マイナンバー campaign of ctx.campaigns runs (not a placebo) they rise by
the campaign's planted lift. Issuance happens at the counter on business days, 3-5 weeks after
the application (J-LIS card production). The cumulative count starts near 78 % of residents.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = "日付,申請件数,うちオンライン申請,交付件数,累計交付枚数,人口"


def _issue_days(closed: np.ndarray, lag: int, n: int) -> np.ndarray:
    """For each day, the first business day at least `lag` days later (n = beyond the year)."""
    out = np.full(n, n)
    next_open = n
    for d in range(n - 1, -1, -1):
        if not closed[d]:
            next_open = d
        out[d] = next_open
    return np.array([out[d + lag] if d + lag < n else n for d in range(n)])


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("my_number_card")
    cal = ctx.cal
    n = cal.n_days
    closed = cal.is_office_closed
    weekday_level = rng.uniform(45, 70)
    online_share = rng.uniform(0.35, 0.5)
    base = np.where(closed, weekday_level * 0.3, weekday_level) * rng.lognormal(0, 0.1, n)
    base[cal.is_yearend] *= 0.5
    lift = np.zeros(n)
    planted: list[dict[str, Any]] = []
    for c in ctx.campaigns:
        if c.theme.topic != "mynumber":
            continue
        effect = 0.0 if c.is_placebo else float(c.effect_lift)
        lift[c.start : c.end + 1] += effect
        planted.append(
            {
                "campaign_name": c.name,
                "is_placebo": c.is_placebo,
                "lift": round(effect, 4),
                "start_date": cal.dates[c.start].isoformat(),
                "end_date": cal.dates[c.end].isoformat(),
                "_start": c.start,
                "_end": c.end,
            }
        )
    baseline = rng.poisson(base)
    added = rng.poisson(base * lift)
    applications = baseline + added
    online = rng.binomial(applications, np.where(closed, 1.0, online_share))
    issued = np.zeros(n, dtype=np.int64)
    backlog = rng.poisson(weekday_level * 1.2, n)  # applications made before the year began
    first = rng.binomial(applications, 1 / 3)
    second = rng.binomial(applications - first, 1 / 2)
    for lag, part in ((21, first), (28, second), (35, applications - first - second)):
        due = _issue_days(closed, lag, n)
        np.add.at(issued, due[due < n], part[due < n])
    issued[:35] += np.where(closed[:35], 0, backlog[:35])
    population = int(ctx.city["population_total"])
    cumulative = int(population * rng.uniform(0.76, 0.8)) + np.cumsum(issued)
    lines = [HEADER]
    for d in range(n):
        lines.append(
            f"{cal.dates[d]:%Y/%m/%d},{applications[d]},{online[d]},{issued[d]},"
            f'"{cumulative[d]:,}","{population:,}"'
        )
    name = f"outcomes/my_number_card_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    for p in planted:
        window = slice(p.pop("_start"), p.pop("_end") + 1)
        p["planted_added_applications"] = int(added[window].sum())
    truth = {
        "file": name,
        "applications_total": int(applications.sum()),
        "online_applications_total": int(online.sum()),
        "issued_total": int(issued.sum()),
        "baseline_weekday_mean": round(float(weekday_level), 2),
        "planted_added_applications_total": int(added.sum()),
        "campaigns": planted,
    }
    return ChannelOutput(files={name: n}, truth=truth)
