"""キャッシュレス決済 taken by the city per day, payment type and place, in the city's
documented template (see ingest/cashless_payments.py), as the counter POS exports it:
UTF-16LE with BOM, TAB separated, CRLF, dates as YYYY-MM-DD.

Counter payments (fees for certificates) happen on business days and grow through the year
as residents get used to them; online payments (e-application fees) any day of the week.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = "日付\t決済種別\t決済件数\t決済金額\t受付場所"
# (payment type as the POS names it, place, share of that place's transactions)
MIX: tuple[tuple[str, str, float], ...] = (
    ("クレジットカード", "窓口", 0.30),
    ("交通系IC", "窓口", 0.18),
    ("電子マネー", "窓口", 0.12),
    ("PayPay", "窓口", 0.26),
    ("d払い", "窓口", 0.08),
    ("楽天ペイ", "窓口", 0.06),
    ("クレジットカード", "オンライン", 0.75),
    ("PayPay", "オンライン", 0.25),
)


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("cashless_payments")
    cal = ctx.cal
    n = cal.n_days
    growth = np.linspace(1.0, rng.uniform(1.2, 1.45), n)
    counter_level = rng.uniform(140, 220) * growth * rng.lognormal(0, 0.08, n)
    counter_level[cal.is_office_closed] = 0.0
    counter_level[cal.dow == 0] *= 1.15  # Mondays are busy at the counters
    online_level = rng.uniform(18, 30) * growth * rng.lognormal(0, 0.12, n)
    online_level[cal.is_yearend] *= 0.4
    lines = [HEADER]
    totals: dict[str, dict[str, int]] = {}
    for d in range(n):
        for name, place, share in MIX:
            level = counter_level[d] if place == "窓口" else online_level[d]
            if level <= 0:
                continue
            count = int(rng.poisson(level * share))
            amount = int(round(count * rng.uniform(520, 780), -1))
            lines.append(f'{cal.dates[d]:%Y-%m-%d}\t{name}\t{count}\t"{amount:,}"\t{place}')
            key = totals.setdefault(f"{name}@{place}", {"transactions": 0, "amount_jpy": 0})
            key["transactions"] += count
            key["amount_jpy"] += amount
    name = f"outcomes/cashless_payments_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    truth: dict[str, Any] = {
        "file": name,
        "transactions_total": sum(v["transactions"] for v in totals.values()),
        "amount_jpy_total": sum(v["amount_jpy"] for v in totals.values()),
        "by_type_and_place": totals,
    }
    return ChannelOutput(files={name: len(lines) - 1}, truth=truth)
