"""みどり市's Facebook Page and Instagram account: Meta Business Suite insights exports
(Japanese UI).

meta_insights/facebook_page_insights_FY2025.csv — UTF-16LE with BOM, CRLF (as Meta writes its
insights downloads): 日付, ページ名, リーチ, インプレッション, エンゲージメント, フォロワー数,
新しいフォロワー, フォロー解除, ページへのアクセス.
meta_insights/instagram_account_insights_FY2025.csv — UTF-8 with BOM: the same per day with
ユーザーネーム and プロフィールへのアクセス.
meta_insights/facebook_posts_FY2025.csv and instagram_posts_FY2025.csv — one row per post
(投稿ID, 公開時間 "04/01/2025 09:00" in Asia/Tokyo, 説明, パーマリンク, リーチ …).
Facebook carries the city's notices (and typhoon information, with reach spikes); Instagram
mostly sightseeing photos, busier in the tourist seasons.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from samplecity.channels._social import csv_text, fy_tag, local_time, stock, write_file
from samplecity.channels.context import ChannelOutput, SampleContext

PAGE_NAME = "みどり市"
PAGE_ID = "104857600123456"
IG_USER = "midori_city_official"
IG_ID = "17841400123456789"
FB_DAILY = ["日付", "ページ名", "リーチ", "インプレッション", "エンゲージメント", "フォロワー数"]
FB_DAILY += ["新しいフォロワー", "フォロー解除", "ページへのアクセス"]
IG_DAILY = [
    "日付",
    "ユーザーネーム",
    "リーチ",
    "インプレッション",
    "エンゲージメント",
    "フォロワー数",
]
IG_DAILY += ["新しいフォロワー", "フォロー解除", "プロフィールへのアクセス"]
FB_POSTS = ["投稿ID", "ページID", "ページ名", "タイトル", "説明", "公開時間", "パーマリンク"]
FB_POSTS += ["投稿タイプ", "リーチ", "インプレッション", "リアクション", "コメント", "シェア"]
FB_POSTS += ["クリック数合計", "リンクのクリック"]
IG_POSTS = ["投稿ID", "アカウントID", "アカウントのユーザーネーム", "説明", "公開時間"]
IG_POSTS += ["パーマリンク", "投稿タイプ", "リーチ", "インプレッション", "いいね", "コメント"]
IG_POSTS += ["シェア", "保存", "フォロー"]
_FB_TEXT = (
    (
        "【お知らせ】{m}月の休日窓口",
        "市役所の休日窓口を開設します。\n住民票・マイナンバーカードの手続きができます。",
    ),
    (
        "子育て応援イベント",
        "子育て支援センターで親子イベントを開催します。\n申込は電子申請で受け付けています。",
    ),
    ("ごみ分別のお願い", "資源ごみの分別にご協力ください。"),
    ("健康講座のご案内", "保健センターで健康講座を開きます。"),
)
_FB_STORM = (
    "【台風情報】避難所開設のお知らせ",
    "市内の避難所を開設しました。\n最新の避難情報を確認してください。",
)
_IG_TEXT = (
    "みどりの四季🌸 今日の{p}です。\n#みどり市 #みどりの四季 #観光",
    "{p}の風景をお届けします📷\n#みどり市 #旅行好きな人と繋がりたい",
    "週末は{p}へお出かけしませんか。\n#みどり市観光",
)
_PLACES = ("みどり川の桜並木", "みどり公園", "旧街道", "花火大会", "紅葉の渓谷", "道の駅みどり")


def _season(ctx: SampleContext) -> np.ndarray:
    """Sightseeing season: spring blossoms, summer, autumn leaves."""
    cal = ctx.cal
    lift = np.ones(cal.n_days)
    for start, end, mult in (
        ((4, 1), (4, 15), 2.2),
        ((7, 20), (8, 31), 1.6),
        ((11, 1), (11, 30), 1.8),
    ):
        lift[cal.mask_between(start, end)] *= mult
    return lift


def _daily(
    rng: np.random.Generator, ctx: SampleContext, fb: bool
) -> tuple[list[list[object]], dict[str, Any]]:
    storm = np.asarray(ctx.typhoon)
    season = _season(ctx)
    if fb:
        level, adds, losses = stock(rng, ctx, int(rng.integers(8_500, 10_500)), 4, 1.2, 140)
        reach = rng.lognormal(7.7, 0.25, ctx.cal.n_days) * (1 + 7 * storm)
    else:
        level, adds, losses = stock(rng, ctx, int(rng.integers(5_500, 7_000)), 5, 1.5, 25, season)
        reach = rng.lognormal(7.3, 0.25, ctx.cal.n_days) * season * (1 + storm)
    reach = reach.astype(np.int64)
    impressions = (reach * rng.uniform(1.4, 1.9, ctx.cal.n_days)).astype(np.int64)
    engagements = rng.binomial(reach, 0.035 if fb else 0.06)
    visits = rng.poisson(reach * 0.03)
    name = PAGE_NAME if fb else IG_USER
    rows: list[list[object]] = [FB_DAILY if fb else IG_DAILY]
    for d, day in enumerate(ctx.cal.dates):
        rows.append(
            [f"{day:%Y/%m/%d}", name, reach[d], impressions[d], engagements[d], level[d]]
            + [adds[d], losses[d], visits[d]]
        )
    truth = {"followers_start": int(level[0]), "followers_end": int(level[-1])}
    return rows, truth


def _fb_posts(rng: np.random.Generator, ctx: SampleContext) -> list[list[object]]:
    rows: list[list[object]] = [FB_POSTS]
    storm = np.asarray(ctx.typhoon)
    for d, day in enumerate(ctx.cal.dates):
        closed = bool(ctx.cal.is_weekend[d] or ctx.cal.is_holiday[d])
        items = [_FB_TEXT[int(rng.integers(len(_FB_TEXT)))]] * int(
            rng.random() < (0.2 if closed else 0.8)
        )
        items += [_FB_STORM] * (1 + (storm[d] >= 1)) * int(storm[d] >= 0.4)
        for k, (title, body) in enumerate(items):
            at = local_time(day, int(rng.integers(8 * 60, 19 * 60)) + k)
            urgent = title == _FB_STORM[0]
            reach = int(rng.lognormal(7.2, 0.5) * (1 + 8 * storm[d] * urgent))
            post_id = f"{PAGE_ID}_{int(at.timestamp()) * 1000 + int(rng.integers(1000))}"
            reactions = int(rng.binomial(reach, 0.025))
            clicks = int(rng.binomial(reach, 0.04 + 0.08 * urgent))
            rows.append(
                [post_id, PAGE_ID, PAGE_NAME, title.format(m=day.month), body, _meta_time(at)]
                + [f"https://www.facebook.com/{PAGE_ID}/posts/{post_id.split('_')[1]}", "写真"]
                + [reach, int(reach * rng.uniform(1.1, 1.5)), reactions]
                + [
                    int(rng.binomial(reactions, 0.08)),
                    int(rng.binomial(reactions, 0.15 + 0.3 * urgent)),
                ]
                + [clicks, int(rng.binomial(clicks, 0.5))]
            )
    return rows


def _ig_posts(rng: np.random.Generator, ctx: SampleContext) -> list[list[object]]:
    rows: list[list[object]] = [IG_POSTS]
    season = _season(ctx)
    for d, day in enumerate(ctx.cal.dates):
        if rng.random() > 0.3 * min(season[d], 2.0):
            continue
        at = local_time(day, int(rng.integers(11 * 60, 21 * 60)))
        text = _IG_TEXT[int(rng.integers(len(_IG_TEXT)))].format(
            p=_PLACES[int(rng.integers(len(_PLACES)))]
        )
        reach = int(rng.lognormal(7.0, 0.45) * season[d])
        likes = int(rng.binomial(reach, 0.07))
        code = "".join(
            rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789_-"), 11)
        )
        rows.append(
            [f"{IG_ID[:8]}{int(at.timestamp())}", IG_ID, IG_USER, text, _meta_time(at)]
            + [f"https://www.instagram.com/p/{code}/", "写真", reach, int(reach * 1.3), likes]
            + [int(rng.binomial(likes, 0.03)), int(rng.binomial(likes, 0.05))]
            + [int(rng.binomial(likes, 0.12)), int(rng.binomial(likes, 0.01))]
        )
    return rows


def _meta_time(at: dt.datetime) -> str:
    return at.strftime("%m/%d/%Y %H:%M")


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("meta_insights")
    tag = fy_tag(ctx)
    fb_rows, fb_truth = _daily(rng, ctx, fb=True)
    ig_rows, ig_truth = _daily(rng, ctx, fb=False)
    outputs = {
        f"meta_insights/facebook_page_insights_{tag}.csv": (fb_rows, "utf-16le-bom"),
        f"meta_insights/instagram_account_insights_{tag}.csv": (ig_rows, "utf-8-bom"),
        f"meta_insights/facebook_posts_{tag}.csv": (_fb_posts(rng, ctx), "utf-8-bom"),
        f"meta_insights/instagram_posts_{tag}.csv": (_ig_posts(rng, ctx), "utf-8-bom"),
    }
    files: dict[str, int] = {}
    for name, (rows, encoding) in outputs.items():
        write_file(ctx, name, csv_text(rows, crlf=True), encoding)
        files[name] = len(rows) - 1
    return ChannelOutput(
        files=files,
        truth={
            "facebook": {"page": PAGE_NAME, **fb_truth},
            "instagram": {"account": IG_USER, **ig_truth},
        },
    )
