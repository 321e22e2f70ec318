"""みどり市メールマガジン statistics per issue, in the city's documented template (see
ingest/newsletter.py): CP932, CRLF, Japanese headers, one row per issue.

The newsletter goes out at 09:00 on ctx.mailmag_days (the 1st and the 15th) to about 15,000
subscribers; the list grows slowly, a few bounce, about a quarter open, a tenth of those click,
and a handful unsubscribe. Issues sent while a typhoon is near are opened more.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = (
    "配信ID",
    "配信日時",
    "件名",
    "配信リスト",
    "配信数",
    "到達数",
    "エラー数",
    "開封数",
    "開封率",
    "クリック数",
    "クリック率",
    "配信停止数",
)
LIST_NAME = "みどり市メールマガジン"
TOPICS = {
    4: "新年度の手続き～転入・転居はオンラインで",
    5: "マイナンバーカードの受け取り予約",
    6: "梅雨の防災～防災メールに登録を",
    7: "夏休みイベントと熱中症対策",
    8: "みどりの夏まつり・花火大会のお知らせ",
    9: "敬老の日・介護認定申請のご案内",
    10: "保育所入所申込の受付が始まります",
    11: "粗大ごみネット受付と秋の観光",
    12: "年末年始の窓口・ごみ収集日程",
    1: "税証明のオンライン申請",
    2: "確定申告と住民税申告の準備",
    3: "引越しシーズンの窓口混雑予想",
}


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("newsletter")
    subscribers = int(rng.integers(14_600, 15_200))
    rows: list[list[str]] = []
    totals = {"sent": 0, "delivered": 0, "opens": 0, "clicks": 0, "unsubscribes": 0}
    start = subscribers
    for number, day in enumerate(ctx.mailmag_days, start=1):
        date = ctx.cal.dates[day]
        storm = float(ctx.typhoon[max(0, day - 1) : day + 2].max()) if len(ctx.typhoon) else 0.0
        sent = subscribers
        errors = int(rng.binomial(sent, rng.uniform(0.004, 0.012)))
        delivered = sent - errors
        opens = int(rng.binomial(delivered, min(0.6, rng.uniform(0.22, 0.31) * (1 + 0.5 * storm))))
        clicks = int(rng.binomial(opens, rng.uniform(0.07, 0.14)))
        unsubscribes = int(rng.binomial(delivered, rng.uniform(0.0004, 0.0012)))
        subject = f"{LIST_NAME} 第{number}号 {TOPICS[date.month]}"
        rows.append(
            [
                f"MM{ctx.fiscal_year}-{number:03d}",
                f"{date:%Y/%m/%d} 09:00",
                subject,
                LIST_NAME,
                *(str(sent), str(delivered), str(errors), str(opens)),
                f"{100 * opens / delivered:.1f}%",
                str(clicks),
                f"{100 * clicks / delivered:.1f}%",
                str(unsubscribes),
            ]
        )
        for key, value in zip(totals, (sent, delivered, opens, clicks, unsubscribes), strict=True):
            totals[key] += value
        subscribers += int(rng.integers(20, 70)) - unsubscribes - errors // 4

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows])
    name = f"newsletter/mailmag_stats_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp932"))
    truth: dict[str, Any] = {
        "issues": len(rows),
        "subscribers_start": start,
        "subscribers_end": subscribers,
        **{f"total_{key}": value for key, value in totals.items()},
    }
    return ChannelOutput(files={name: len(rows)}, truth=truth)
