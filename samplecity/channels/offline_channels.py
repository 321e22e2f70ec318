"""Offline channels of みどり市 for the fiscal year, in the city's documented template (see
ingest/offline_channels.py): CP932, CRLF, header on line 1, dates in 和暦 (令和7年4月1日) as
staff type them in Excel, numbers with thousands separators.

- 広報紙 「広報みどり」: monthly on the 1st, about 100,000 copies, feature theme of the month
  (マイナンバー while a マイナンバー campaign runs).
- コミュニティFM 「みどり市役所だより」: every Wednesday; ケーブルテレビ 「週刊みどり市」: Saturdays.
- 防災行政無線: on typhoon days and the warning day before, reaching every household.
- コールセンター: contacts every day the centre is open (not 12/29-1/3), one row per topic; some
  notes quote residents' phone numbers or e-mail addresses (the reader scrubs them).
- 窓口 (総合案内): contacts on business days.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = "日付,チャネル,番組・号,テーマ,リーチ・接触数,費用,備考"
MONTH_FEATURES = {
    4: "新年度の手続き",
    5: "子育て支援",
    6: "梅雨の防災",
    7: "夏の観光",
    8: "防災",
    9: "健康・福祉",
    10: "保育所入所申込",
    11: "ごみ減量",
    12: "年末年始のお知らせ",
    1: "税の申告",
    2: "確定申告",
    3: "引越しの手続き",
}
FM_TOPICS = ("市政・くらし", "子育て", "防災", "健康・福祉", "観光", "ごみ・リサイクル", "税")
# call-centre topics: (label, contacts per open day, season rules (months, multiplier))
CALL_TOPICS: tuple[tuple[str, float, tuple[tuple[tuple[int, ...], float], ...]], ...] = (
    ("マイナンバー", 45.0, (((12,), 1.3),)),
    ("税", 35.0, (((2, 3), 2.2), ((6,), 1.6))),
    ("ごみ", 40.0, (((3, 4, 12), 1.5),)),
    ("子育て", 25.0, (((4, 6), 1.4), ((10, 11), 1.3))),
    ("防災", 8.0, ()),
    ("住民票・転入転出", 30.0, (((3, 4), 2.0),)),
    ("その他", 30.0, ()),
)
NAMES = (
    ("山田", "yamada"),
    ("佐藤", "sato"),
    ("鈴木", "suzuki"),
    ("高橋", "takahashi"),
    ("田中", "tanaka"),
    ("伊藤", "ito"),
    ("渡辺", "watanabe"),
    ("中村", "nakamura"),
)


def _wareki(day: Any) -> str:
    return f"令和{day.year - 2018}年{day.month}月{day.day}日"


def _note(rng: np.random.Generator) -> tuple[str, bool]:
    """A call-centre note; about one in four quotes contact details."""
    name, romaji = NAMES[int(rng.integers(len(NAMES)))]
    if rng.random() < 0.25:
        if rng.random() < 0.6:
            digits = rng.integers(1000, 9999, size=2)
            contact = f"0{int(rng.integers(70, 91))}-{digits[0]}-{digits[1]}"
        else:
            contact = f"{romaji}{int(rng.integers(100))}@example.jp"
        return f"{name}様より折り返し希望\n連絡先 {contact}", True
    return f"{name}様 手続きの案内で解決", False


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("offline_channels")
    cal = ctx.cal
    campaign_topic = np.full(cal.n_days, "", dtype=object)
    mynumber_push = np.zeros(cal.n_days)
    for c in ctx.campaigns:
        if c.theme.topic == "mynumber":
            campaign_topic[c.start : c.end + 1] = "マイナンバー"
            mynumber_push[c.start : c.end + 1] = 0.0 if c.is_placebo else c.effect_lift
    households = int(ctx.city["population_total"] / 2.2)
    rows: list[tuple[str, str, str, str, int, int | None, str]] = []
    pii_notes = 0
    typhoon_broadcasts: list[str] = []
    for d, day in enumerate(cal.dates):
        if day.day == 1:
            theme = campaign_topic[d] or MONTH_FEATURES[day.month]
            issue = f"広報みどり 令和{day.year - 2018}年{day.month}月号"
            copies = int(rng.integers(98_500, 101_500))
            rows.append(
                (
                    _wareki(day),
                    "広報紙",
                    issue,
                    theme,
                    copies,
                    int(rng.integers(28, 33)) * 100_000,
                    "",
                )
            )
        if cal.dow[d] == 2:
            topic = campaign_topic[d] or FM_TOPICS[int(rng.integers(len(FM_TOPICS)))]
            listeners = int(rng.lognormal(np.log(7_500), 0.15))
            rows.append(
                (_wareki(day), "コミュニティFM", "みどり市役所だより", topic, listeners, 55_000, "")
            )
        if cal.dow[d] == 5:
            topic = campaign_topic[d] or FM_TOPICS[int(rng.integers(len(FM_TOPICS)))]
            viewers = int(rng.lognormal(np.log(21_000), 0.1))
            rows.append(
                (_wareki(day), "ケーブルテレビ", "週刊みどり市", topic, viewers, 120_000, "")
            )
        if ctx.typhoon[d] >= 0.4:
            label = "台風に伴う注意喚起" if ctx.typhoon[d] < 1 else "避難指示の発令"
            rows.append((_wareki(day), "防災行政無線", label, "防災", households, None, ""))
            typhoon_broadcasts.append(day.isoformat())
        if not cal.is_yearend[d]:
            weekend = 0.55 if cal.is_weekend[d] or cal.is_holiday[d] else 1.0
            for label, level, rules in CALL_TOPICS:
                mult = weekend * np.prod([m for months, m in rules if day.month in months] or [1.0])
                if label == "マイナンバー":
                    mult *= 1.0 + mynumber_push[d]
                if label == "防災":
                    mult *= 1.0 + 12.0 * ctx.typhoon[d]
                contacts = int(rng.poisson(level * mult))
                note = ""
                if contacts and rng.random() < 0.04:
                    note, has_pii = _note(rng)
                    pii_notes += has_pii
                rows.append((_wareki(day), "コールセンター", "", label, contacts, None, note))
        if not cal.is_office_closed[d]:
            contacts = int(rng.poisson(rng.uniform(450, 700)))
            rows.append((_wareki(day), "窓口", "市民課総合案内", "", contacts, None, ""))
    lines = [HEADER]
    totals: dict[str, dict[str, int]] = {}
    for date, channel, programme, topic, reach, cost, note in rows:
        cost_text = f'"{cost:,}"' if cost is not None else ""
        note_text = '"' + note.replace('"', '""') + '"' if note else ""
        lines.append(f'{date},{channel},{programme},{topic},"{reach:,}",{cost_text},{note_text}')
        t = totals.setdefault(channel, {"rows": 0, "reach": 0, "cost_jpy": 0})
        t["rows"] += 1
        t["reach"] += reach
        t["cost_jpy"] += cost or 0
    name = f"offline/offline_channels_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    truth = {
        "file": name,
        "by_channel": totals,
        "pii_notes_planted": int(pii_notes),
        "bosai_musen_dates": typhoon_broadcasts,
        "households_covered_by_bosai_musen": households,
    }
    return ChannelOutput(files={name: len(rows)}, truth=truth)
