"""みどり市's YouTube channel: YouTube Studio advanced-mode exports (Japanese UI, UTF-8).

youtube/yt_table_data_content_FY2025.csv — one row per video over the fiscal year (コンテンツ =
video id, 動画のタイトル, 動画公開時刻, 長さ, 視聴回数, 総再生時間（単位: 時間）, チャンネル登録者,
インプレッション数, インプレッションのクリック率 (%), 平均視聴時間), with the "合計" row first.
youtube/yt_table_data_traffic_source_FY2025.csv — the same views by traffic source.
youtube/yt_totals_FY2025.csv — the channel per day.
About two city videos a month, plus the 観光PR動画 whose views follow the Google Ads video
campaign day by day (in-stream ad views count as YouTube views), so it tops the channel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from samplecity.channels._social import csv_text, fy_tag, write_file
from samplecity.channels.context import ChannelOutput, SampleContext

PR_TITLE = "観光PR動画「みどりの四季」"
TABLE_HEADER = ["コンテンツ", "動画のタイトル", "動画公開時刻", "長さ", "視聴回数"]
TABLE_HEADER += ["総再生時間（単位: 時間）", "チャンネル登録者", "インプレッション数"]
TABLE_HEADER += ["インプレッションのクリック率 (%)", "平均視聴時間"]
SOURCE_HEADER = ["トラフィック ソース", "視聴回数", "総再生時間（単位: 時間）", "平均視聴時間"]
SOURCE_HEADER += ["インプレッション数", "インプレッションのクリック率 (%)"]
TOTALS_HEADER = [
    "日付",
    "視聴回数",
    "総再生時間（単位: 時間）",
    "チャンネル登録者",
    "インプレッション数",
]
_TITLES = (
    "市長定例記者会見（{m}月）",
    "【防災】家庭でできる台風への備え",
    "ごみの正しい分け方・出し方",
    "子育て支援センターのご紹介",
    "マイナンバーカードの申請方法",
    "みどり市議会 {m}月定例会 ダイジェスト",
    "介護予防体操「みどり元気体操」",
    "転入された方へ みどり市の暮らしガイド",
)
_SOURCES = (
    "YouTube 検索",
    "外部",
    "ブラウジング機能",
    "関連動画",
    "チャンネルページ",
    "直接または不明",
)
_SOURCE_SHARE = np.array([0.32, 0.22, 0.16, 0.14, 0.06, 0.10])


def _ad_views(ctx: SampleContext) -> np.ndarray:
    """In-stream views of the video campaign per day (the whole city's ads)."""
    out = np.zeros(ctx.cal.n_days, dtype=np.int64)
    video = ctx.ads.filter(pl.col("campaign_type") == "動画")
    if video.height:
        per_day = video.group_by("date").agg(pl.col("video_views").sum())
        for day, views in per_day.iter_rows():
            out[ctx.cal.index_of(day)] = int(views or 0)
    return out


def _videos(ctx: SampleContext, rng: np.random.Generator) -> list[dict[str, Any]]:
    n = ctx.cal.n_days
    ages = np.arange(n)
    videos: list[dict[str, Any]] = []
    alphabet = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    publish = sorted(
        int(d) for d in rng.choice(n - 7, size=int(rng.integers(20, 28)), replace=False)
    )
    ads = _ad_views(ctx)
    campaign_days = np.flatnonzero(ads)
    pr_day = (
        int(campaign_days[0]) - 3
        if len(campaign_days)
        else ctx.cal.index_of(dt.date(ctx.fiscal_year, 7, 1))
    )
    for k in range(int(rng.integers(5, 9))):  # the back catalogue: older videos, a long tail
        title = _TITLES[int(rng.integers(len(_TITLES)))]
        published = dt.date(ctx.fiscal_year - 1 - k // 3, int(rng.integers(1, 13)), 10)
        daily = rng.poisson(np.full(n, rng.uniform(4, 20))).astype(np.int64)
        videos.append(_video(rng, alphabet, title.format(m=published.month), published, daily))
    for k, start in enumerate([*publish, max(0, pr_day)]):
        is_pr = k == len(publish)
        title = PR_TITLE if is_pr else _TITLES[int(rng.integers(len(_TITLES)))]
        peak = (
            rng.lognormal(5.0, 0.6)
            * (4 if is_pr else 1)
            * (1 + 6 * ctx.typhoon[start] * ("防災" in title))
        )
        curve = np.where(ages >= start, peak * np.exp(-(ages - start) / rng.uniform(4, 12)) + 3, 0)
        daily = rng.poisson(curve).astype(np.int64)
        if is_pr:
            daily = daily + ads * (ages >= start)
        published = ctx.cal.dates[start]
        video = _video(rng, alphabet, title.format(m=published.month), published, daily, is_pr)
        videos.append(video)
    return videos


def _video(
    rng: np.random.Generator,
    alphabet: list[str],
    title: str,
    published: dt.date,
    daily: np.ndarray,
    is_pr: bool = False,
) -> dict[str, Any]:
    return {
        "id": "".join(rng.choice(alphabet, 11)),
        "title": title,
        "published": published,
        "seconds": 180 if is_pr else int(rng.integers(90, 900)),
        "daily": daily,
        "view_share": 0.25 if is_pr else rng.uniform(0.35, 0.6),
        "ctr": rng.uniform(0.02, 0.07),
        "subs": int(rng.poisson(daily.sum() * 0.004)),
        "is_pr": is_pr,
    }


def _hours(views: int, seconds: int, share: float) -> float:
    return round(views * seconds * share / 3600, 4)


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("youtube")
    videos = _videos(ctx, rng)
    tag = fy_tag(ctx)
    rows: list[list[object]] = []
    for v in sorted(videos, key=lambda v: -int(v["daily"].sum())):
        views = int(v["daily"].sum())
        hours = _hours(views, v["seconds"], v["view_share"])
        impressions = int(views / v["ctr"])
        avg = hours * 3600 / views if views else 0
        rows.append(
            [v["id"], v["title"], f"{v['published']:%Y/%m/%d}", v["seconds"], views, hours]
            + [v["subs"], impressions, round(100 * views / impressions, 2) if impressions else 0]
            + [_duration(avg)]
        )
    views_total = sum(int(r[4]) for r in rows)
    hours_total = round(sum(float(r[5]) for r in rows), 4)
    subs_total = sum(int(r[6]) for r in rows)
    imp_total = sum(int(r[7]) for r in rows)
    total = ["合計", "", "", "", views_total, hours_total, subs_total, imp_total]
    total += [round(100 * views_total / imp_total, 2), _duration(hours_total * 3600 / views_total)]
    content = [TABLE_HEADER, total, *rows]

    pr_views = sum(int(v["daily"].sum()) for v in videos if v["is_pr"])
    ad_views = int(_ad_views(ctx).sum())
    organic = rng.multinomial(views_total - ad_views, _SOURCE_SHARE)
    per_source = [*zip(_SOURCES, organic.tolist(), strict=True), ("YouTube 広告", ad_views)]
    per_source.sort(key=lambda s: -s[1])
    weights = np.array([v for _, v in per_source], dtype=float) * rng.uniform(0.8, 1.2, 7)
    split = np.round(hours_total * weights / weights.sum(), 4)
    split[0] = round(hours_total - float(split[1:].sum()), 4)
    source_rows: list[list[object]] = []
    for (name, views), hours in zip(per_source, split.tolist(), strict=True):
        avg = hours * 3600 / views if views else 0
        shown = name in ("YouTube 検索", "ブラウジング機能", "関連動画", "チャンネルページ")
        impressions = int(views / rng.uniform(0.03, 0.08)) if shown else ""
        ctr = round(100 * views / impressions, 2) if shown and impressions else ""
        source_rows.append([name, views, hours, _duration(avg), impressions, ctr])
    s_hours = round(sum(float(r[2]) for r in source_rows), 4)
    s_imp = sum(int(r[4]) for r in source_rows if r[4] != "")
    source_total = ["合計", views_total, s_hours, _duration(s_hours * 3600 / views_total), s_imp]
    source_total += [round(100 * views_total / s_imp, 2)]
    sources = [SOURCE_HEADER, source_total, *source_rows]

    daily_views = np.sum([v["daily"] for v in videos], axis=0)
    daily_hours = np.sum(
        [v["daily"] * v["seconds"] * v["view_share"] / 3600 for v in videos], axis=0
    )
    daily_subs = rng.poisson(np.maximum(daily_views, 0) * 0.004) - rng.poisson(0.3, ctx.cal.n_days)
    totals: list[list[object]] = [TOTALS_HEADER]
    for d, day in enumerate(ctx.cal.dates):
        impressions = int(daily_views[d] / 0.045)
        totals.append([day.isoformat(), int(daily_views[d]), round(float(daily_hours[d]), 4)])
        totals[-1] += [int(daily_subs[d]), impressions]

    outputs = {
        f"youtube/yt_table_data_content_{tag}.csv": content,
        f"youtube/yt_table_data_traffic_source_{tag}.csv": sources,
        f"youtube/yt_totals_{tag}.csv": totals,
    }
    files: dict[str, int] = {}
    for name, table in outputs.items():
        write_file(ctx, name, csv_text(table), "utf-8")
        files[name] = len(table) - 1 - (name != f"youtube/yt_totals_{tag}.csv")
    pr = next(v for v in videos if v["is_pr"])
    return ChannelOutput(
        files=files,
        truth={
            "videos": len(videos),
            "views": views_total,
            "pr_video": {"id": pr["id"], "title": pr["title"], "views": pr_views},
            "pr_video_ad_views": ad_views,
            "pr_published": pr["published"].isoformat(),
        },
    )
