"""Meta Ads Manager exports (Facebook / Instagram ads) of the sample city, Japanese UI: one CSV
per month with delivery (UTF-8 with BOM), ad-set rows with the Day breakdown, the summary row
first (names empty, reach de-duplicated over the month), reach per row; and the file Meta
writes for a period without delivery ("No data available."): the city pauses Meta ads over the
year-end office closure (12/29–1/3), and that period's export is such a file.

Campaigns mirror the non-search Google Ads campaigns' themes and windows (ctx.campaigns).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import numpy as np

from samplecity.channels.context import ChannelOutput, SampleContext

HEADER = (
    "レポート開始日",
    "レポート終了日",
    "キャンペーン名",
    "広告セット名",
    "日",
    "インプレッション",
    "リーチ",
    "フリークエンシー",
    "リンクのクリック",
    "消化金額 (JPY)",
    "結果",
    "結果の指標",
    "ThruPlay数",
)
NO_DATA = "No data available.\r\n"


def _ad_sets(name: str, video: bool) -> tuple[str, ...]:
    if video:
        return (f"{name}_18-34歳", f"{name}_35-64歳")
    return (f"{name}_市内在住",)


def _rows(
    rng: np.random.Generator, ctx: SampleContext, campaign: Any, ad_set: str, share: float
) -> list[dict[str, Any]]:
    video = campaign.theme.campaign_type == "動画"
    budget = rng.uniform(*campaign.theme.budget) * rng.uniform(0.2, 0.35) * share
    cpm = rng.uniform(250.0, 600.0)
    ctr = rng.uniform(0.004, 0.012)
    out: list[dict[str, Any]] = []
    for day in range(campaign.start, campaign.end + 1):
        if ctx.cal.is_yearend[day]:
            continue  # paused over the year-end closure
        spend = round(budget * rng.uniform(0.8, 1.1))
        impressions = int(spend / cpm * 1000 * rng.lognormal(0, 0.1))
        frequency = rng.uniform(1.05, 1.45)
        reach = max(1, int(impressions / frequency))
        clicks = int(rng.binomial(impressions, ctr))
        thruplays = int(rng.binomial(impressions, rng.uniform(0.08, 0.16))) if video else None
        out.append(
            {
                "date": ctx.cal.dates[day],
                "campaign": campaign.name,
                "ad_set": ad_set,
                "impressions": impressions,
                "reach": reach,
                "clicks": clicks,
                "spend": spend,
                "results": thruplays if video else clicks,
                "indicator": "video_thruplay_watched_actions" if video else "actions:link_click",
                "thruplays": thruplays,
            }
        )
    return out


def _cells(r: dict[str, Any]) -> list[str]:
    day = r["date"].isoformat()
    frequency = r["impressions"] / r["reach"]
    thruplays = "" if r["thruplays"] is None else str(r["thruplays"])
    return [
        *(day, day, r["campaign"], r["ad_set"], day),
        *(str(r["impressions"]), str(r["reach"]), f"{frequency:.6f}", str(r["clicks"])),
        *(str(r["spend"]), str(r["results"]), r["indicator"], thruplays),
    ]


def _month_file(path: Path, rows: list[dict[str, Any]], first: dt.date, last: dt.date) -> None:
    impressions = sum(r["impressions"] for r in rows)
    reach = int(sum(r["reach"] for r in rows) * 0.55)  # people, de-duplicated over the month
    summary = [
        *(first.isoformat(), last.isoformat(), "", "", ""),
        *(str(impressions), str(reach), f"{impressions / max(reach, 1):.6f}"),
        *(str(sum(r["clicks"] for r in rows)), str(sum(r["spend"] for r in rows)), "", "", ""),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([HEADER, summary, *(_cells(r) for r in rows)])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("meta_ads")
    rows: list[dict[str, Any]] = []
    for campaign in ctx.campaigns:
        if campaign.theme.campaign_type == "検索":
            continue
        sets = _ad_sets(campaign.name, campaign.theme.campaign_type == "動画")
        for ad_set in sets:
            rows += _rows(rng, ctx, campaign, ad_set, 1 / len(sets))
    rows.sort(key=lambda r: (r["date"], r["campaign"], r["ad_set"]))

    folder = ctx.out / "meta_ads"
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, int] = {}
    truth: dict[str, Any] = {"campaigns": {}, "no_data_files": []}
    months = sorted({(r["date"].year, r["date"].month) for r in rows})
    for year, month in months:
        in_month = [r for r in rows if (r["date"].year, r["date"].month) == (year, month)]
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        name = f"meta_ads/ads_manager_{year}{month:02d}.csv"
        _month_file(ctx.out / name, in_month, first, last)
        files[name] = len(in_month)

    closed = [d for d, closed in zip(ctx.cal.dates, ctx.cal.is_yearend, strict=True) if closed]
    name = f"meta_ads/ads_manager_{closed[0]:%Y%m%d}_{closed[-1]:%Y%m%d}.csv"
    (ctx.out / name).write_bytes(NO_DATA.encode("utf-8"))
    files[name] = 0
    truth["no_data_files"].append(name)

    for r in rows:
        t = truth["campaigns"].setdefault(
            r["campaign"], {"impressions": 0, "link_clicks": 0, "spend_jpy": 0}
        )
        t["impressions"] += r["impressions"]
        t["link_clicks"] += r["clicks"]
        t["spend_jpy"] += r["spend"]
    truth["note"] = (
        "Meta campaigns mirror the non-search Google Ads themes; paused 12/29-1/3, whose export "
        "is 'No data available.'; reach is per ad set and day, never additive"
    )
    return ChannelOutput(files=files, truth=truth)
