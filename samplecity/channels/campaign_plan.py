"""広報計画 (campaign plan) of みどり市 for the fiscal year, in the city's documented template
(see ingest/campaign_plan.py): UTF-8 with BOM (Excel's "CSV UTF-8"), CRLF, one row per
campaign in ctx.campaigns with its real target procedure, window and budget. The プラセボ
column stays empty: the office does not know which campaigns will have no effect — that is
what the lift analysis must find (the truth is in ground_truth.json only).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import polars as pl

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = (
    "キャンペーン名",
    "テーマ",
    "手続ID",
    "成果指標",
    "ターゲット",
    "対象年齢",
    "対象地域",
    "開始日",
    "終了日",
    "予算",
    "プラセボ",
    "媒体",
    "備考",
)
THEMES_JA = {
    "mynumber": "マイナンバーカード普及",
    "todokede": "行政手続のオンライン化",
    "kosodate": "子育て支援",
    "bosai": "防災",
    "kanko": "観光振興",
    "zei": "税務",
    "gomi": "ごみ減量・リサイクル",
    "kenko": "健康・福祉",
}
SEGMENTS_JA = {
    "ippan": "一般市民",
    "korei": "高齢者",
    "tennyu": "転入者",
    "kosodate": "子育て世帯",
    "gaikokujin": "外国人住民",
    "jigyosha": "事業者",
    "kankokyaku": "観光客",
}
AGES = {"korei": "65歳以上", "kosodate": "20～44歳", "tennyu": "18～39歳"}


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("campaign_plan")
    spend = {
        name: int(total)
        for name, total in ctx.ads.group_by("campaign_name")
        .agg(cost=pl.col("cost_jpy").sum())
        .iter_rows()
    }
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(HEADER)
    planned: list[dict[str, Any]] = []
    for c in ctx.campaigns:
        t = c.theme
        top = max(t.segments, key=lambda s: t.segments[s])
        audience = "・".join(SEGMENTS_JA[s] for s, w in t.segments.items() if w >= 0.2)
        budget = int(round(spend.get(c.name, 0) * rng.uniform(1.0, 1.15), -4))
        start, end = ctx.cal.dates[c.start], ctx.cal.dates[c.end]
        out.writerow(
            [
                c.name,
                THEMES_JA.get(t.topic, t.topic),
                t.procedure_id or "",
                "電子申請" if t.procedure_id else "",
                audience,
                AGES.get(top, ""),
                "市外" if top == "kankokyaku" else "市内全域",
                f"{start:%Y/%m/%d}",
                f"{end:%Y/%m/%d}",
                f"{budget:,}",
                "",  # never leak the planted placebo flag into the data
                "Google広告",
                t.campaign_type,
            ]
        )
        planned.append(
            {
                "campaign_name": c.name,
                "theme": THEMES_JA.get(t.topic, t.topic),
                "target_procedure_id": t.procedure_id,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "budget_jpy": budget,
                "is_placebo": c.is_placebo,
            }
        )
    name = f"campaign_plan/kouhou_keikaku_FY{ctx.fiscal_year}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return ChannelOutput(files={name: len(planned)}, truth={"file": name, "campaigns": planned})
