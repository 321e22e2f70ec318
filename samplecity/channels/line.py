"""みどり市's LINE Official Account: statistics as LINE Official Account Manager downloads them.

line/line_friends_FY2025.csv (CP932, CRLF): 日付, 友だち数, ターゲットリーチ, ブロック数 — running
totals per day; friends jump when a typhoon comes (people add the city for warnings).
line/line_messages_FY2025.csv (UTF-8 with BOM, CRLF): one row per broadcast — the weekly
Friday 18:00 newsletter, and emergency messages the day before, on and after a typhoon, which
are opened and clicked far more. The first Friday broadcast of each month is an A/B test (two
rows, patterns A and B in the テスト/バリアント column, each sent to half the friends; see
_line_ab.py for the planted effects).
"""

from __future__ import annotations

import numpy as np

from samplecity.channels._line_ab import VARIANT_HEADER, ABPlan
from samplecity.channels._social import csv_text, fy_tag, pct, stock, typhoon_days, write_file
from samplecity.channels.context import ChannelOutput, SampleContext

FRIENDS_HEADER = ["日付", "友だち数", "ターゲットリーチ", "ブロック数"]
MESSAGES_HEADER = [
    "配信日時",
    "メッセージ",
    "配信数",
    "開封数",
    "クリック数",
    "開封率",
    "クリック率",
    VARIANT_HEADER,
]
_FRIDAY = (
    "【みどり市】今週のお知らせ（{m}月{d}日号）",
    "【みどり市】週末のイベント情報・ごみ収集のお知らせ",
    "【みどり市】子育て・健康の情報をお届けします",
    "【みどり市】市政だより{m}月号を掲載しました",
)
_STORM = {
    0.4: ("【防災】台風が接近しています。早めの備えを（{m}月{d}日 16:00）", 16 * 60),
    1.0: ("【緊急】避難所を開設しました。避難情報を確認してください", 6 * 60 + 30),
    0.5: ("【防災】台風通過後の被害状況とごみ収集について", 10 * 60),
}


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("line")
    cal = ctx.cal
    storm = np.asarray(ctx.typhoon)
    friends, _adds, _losses = stock(rng, ctx, int(rng.integers(17_000, 21_000)), 14, 3, 900)
    blocks = np.int64(int(rng.integers(1_800, 2_400))) + np.cumsum(
        rng.poisson(2.5 + 1.5 * (cal.dow == 4) + 20 * storm)
    )
    unreachable = np.round(friends * rng.uniform(0.012, 0.02)).astype(np.int64)
    reach = friends - blocks - unreachable
    friend_rows: list[list[object]] = [FRIENDS_HEADER]
    for d, day in enumerate(cal.dates):
        friend_rows.append([f"{day:%Y/%m/%d}", friends[d], reach[d], blocks[d]])

    messages: list[list[object]] = [MESSAGES_HEADER]
    n_friday = n_storm = 0
    ab = ABPlan(ctx)
    for d, day in enumerate(cal.dates):
        sends: list[tuple[str, int, bool]] = []
        if cal.dow[d] == 4 and not cal.is_yearend[d]:
            text = _FRIDAY[int(rng.integers(len(_FRIDAY)))]
            sends.append((text, 18 * 60, False))
        for level, (text, minute) in _STORM.items():
            if abs(storm[d] - level) < 1e-9:
                sends.append((text, minute, True))
                if level == 1.0:
                    sends.append(("【緊急】警戒レベル4 避難指示を発令しました", 13 * 60 + 15, True))
        for text, minute, urgent in sends:
            delivered = int(reach[d])
            opened = int(rng.binomial(delivered, rng.uniform(0.62, 0.8) if urgent else 0.42))
            clicks = int(rng.binomial(opened, rng.uniform(0.18, 0.3) if urgent else 0.08))
            when = f"{day:%Y/%m/%d} {minute // 60:02d}:{minute % 60:02d}"
            text = text.format(m=day.month, d=day.day)
            if not urgent and d in ab.days:  # drawn above all the same: other rows stay put
                for r in ab.rows(d, day, minute, text, delivered):
                    messages.append(
                        [when, r.text, r.delivered, r.opened, r.clicks]
                        + [pct(r.opened / r.delivered, 1), pct(r.clicks / r.delivered, 1)]
                        + [r.variant]
                    )
            else:
                messages.append(
                    [when, text, delivered, opened, clicks]
                    + [pct(opened / delivered, 1), pct(clicks / delivered, 1), ""]
                )
            n_storm += urgent
            n_friday += not urgent
    tag = fy_tag(ctx)
    friends_name = f"line/line_friends_{tag}.csv"
    messages_name = f"line/line_messages_{tag}.csv"
    write_file(ctx, friends_name, csv_text(friend_rows, crlf=True), "cp932")
    write_file(ctx, messages_name, csv_text(messages, crlf=True), "utf-8-bom")
    return ChannelOutput(
        files={friends_name: len(friend_rows) - 1, messages_name: len(messages) - 1},
        truth={
            "friends_start": int(friends[0]),
            "friends_end": int(friends[-1]),
            "friday_messages": n_friday,
            "typhoon_messages": n_storm,
            "typhoon_dates": [cal.dates[d].isoformat() for d in typhoon_days(ctx)],
            "ab_tests": len(ab.days),
            "ab_test_note": (
                "Friday broadcasts sent as patterns A and B to random halves of the reachable "
                "friends; planted rates per test and metric (rate = count / 配信数); is_null: "
                "B's rate equals A's"
            ),
            "ab_effects": ab.truth,
        },
    )
